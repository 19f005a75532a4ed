"""Publish the warehouse: build → validate → atomic rename.

Superset and analysts hold `labour.duckdb` open read-only; DuckDB refuses a reader while a
writer holds the file ("Could not set lock"), so dbt never writes it. Each run's dbt builds a
file of its own (:func:`build_path`, under the build lock: two runs never build at once);
here it is checkpointed, validated (required tables, no personal data in any column), and
renamed over the published file. A reader sees the old warehouse or the new one, never half:
a connection that is open keeps reading the old file until it reconnects.

Publishing is serialised by a lock, and a build never replaces a newer one: each build takes a
sequence number when it starts, and a build older than what is published is not published.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.faults import fault_point
from ingestion.landing.atomic import write_json
from ingestion.landing.paths import DataPaths
from ingestion.landing.versions import hold

# Tables every published warehouse must have (DESIGN.md "Interfaces").
REQUIRED = (
    "marts.dim_province",
    "marts.dim_date",
    "marts.dim_establishment",
    "marts.dim_industry",
    "marts.fct_insurance_spells",
    "marts.fct_insured_monthly",
    "marts.fct_contributions",
    "marts.mart_coverage__province_monthly",
)
SCANNED_SCHEMAS = ("staging", "intermediate", "marts", "seeds")
_SEQUENCE = "build_sequence.json"
_PUBLISHED = "published.json"


class PublishError(RuntimeError):
    pass


@dataclass
class PublishResult:
    path: Path
    bytes: int
    row_counts: dict[str, int]
    published: bool = True  # False when a newer build had been published already
    sequence: int = 0


def duckdb_limits() -> dict[str, str]:
    """DuckDB's own default takes 80 % of the machine's memory: a validation scan of a large
    warehouse then pushed a 24 GB machine into swap. Set explicitly, and spill beside the data
    root's warehouse (LABOUR_DUCKDB_MEMORY_LIMIT; the same variable bounds dbt's connection in
    dbt_project/profiles.yml)."""
    return {"memory_limit": os.environ.get("LABOUR_DUCKDB_MEMORY_LIMIT", "6GB")}


def build_path(paths: DataPaths, run_id: str) -> Path:
    """The build file of one run: no two runs ever write the same file."""
    return paths.warehouse_dir / "build" / run_id / "labour.duckdb"


@contextmanager
def building(paths: DataPaths, run_id: str) -> Iterator[Path]:
    """Hold the build lock while dbt builds this run's file; number the build, and clear the
    builds of earlier runs that are not the newest two (a run killed mid-build leaves one)."""
    build = build_path(paths, run_id)
    with hold(paths.warehouse_dir / ".build.lock", "the warehouse build"):
        seq_file = paths.warehouse_dir / _SEQUENCE
        sequence = _read(seq_file).get("sequence", 0) + 1
        write_json(seq_file, {"sequence": sequence})
        build.parent.mkdir(parents=True, exist_ok=True)
        write_json(build.parent / _SEQUENCE, {"sequence": sequence})
        _clear_old_builds(build.parent.parent, keep=build.parent)
        yield build


def _clear_old_builds(builds: Path, keep: Path, newest: int = 2) -> None:
    others = sorted(
        (d for d in builds.iterdir() if d.is_dir() and d != keep),
        key=lambda d: d.stat().st_mtime,
        reverse=True,
    )
    for d in others[newest:]:
        shutil.rmtree(d, ignore_errors=True)


def _read(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def publish(build: Path, published: Path, *, keep_build: bool = False) -> PublishResult:
    """Validate ``build`` and swap it in as ``published``. The build file is moved (it is the
    run's own); ``keep_build`` copies it instead, to publish the same build again."""
    if not build.exists():
        raise PublishError(f"no build warehouse at {build}: run dbt first")
    with duckdb.connect(str(build)) as con:
        con.execute("CHECKPOINT")  # fold the WAL into the file before it is moved
    sequence = _read(build.parent / _SEQUENCE).get("sequence", 0)
    published.parent.mkdir(parents=True, exist_ok=True)
    with hold(published.parent / ".publish.lock", "publishing the warehouse"):
        current = _read(published.parent / _PUBLISHED).get("sequence", 0)
        if sequence and sequence < current:
            return PublishResult(published, published.stat().st_size, {}, False, sequence)
        counts = validate(build)
        source = build
        if keep_build:
            source = published.with_name(f".{published.name}.{uuid.uuid4().hex[:8]}.publishing")
            shutil.copyfile(build, source)
        fault_point("publish.before_rename")
        _fsync(source)
        os.replace(source, published)
        fault_point("publish.after_rename")
        write_json(published.parent / _PUBLISHED, {"sequence": max(sequence, current)})
    return PublishResult(published, published.stat().st_size, counts, True, sequence)


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def validate(path: Path) -> dict[str, int]:
    """Required tables present and non-empty; no personal data in any column of any table
    (whole columns, every type: quality.pii, the project's one detector)."""
    from quality.pii import scan_duckdb

    with duckdb.connect(str(path), read_only=True, config=duckdb_limits()) as con:
        tables = {
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        missing = [t for t in REQUIRED if t not in tables]
        if missing:
            raise PublishError(f"warehouse lacks required tables: {', '.join(missing)}")
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in sorted(tables)}
        empty = [t for t in REQUIRED if counts[t] == 0]
        if empty:
            raise PublishError(f"required tables are empty: {', '.join(empty)}")
        findings = scan_duckdb(con, SCANNED_SCHEMAS)
        if findings:
            raise PublishError(
                "personal data in the warehouse: "
                + ", ".join(f"{f.kind} in {f.where} ({f.rows} rows)" for f in findings)
            )
    return counts
