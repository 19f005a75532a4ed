"""Publish the warehouse: build → validate → atomic rename.

Superset and analysts hold `labour.duckdb` open read-only; DuckDB refuses a reader while a
writer holds the file ("Could not set lock"), so dbt never writes it. Each run's dbt builds a
file of its own (:func:`build_path`, under the build lock: two runs never build at once);
here it is checkpointed, validated (required tables, no personal data in any column), and
renamed over the published file. A reader sees the old warehouse or the new one, never half:
a connection that is open keeps reading the old file until it reconnects.

Publishing is serialised by a lock, and a build never replaces a newer one: each build takes a
sequence number when it starts, and a build older than what is published is not published.

A build records what it was built from: the *lake fingerprint* (every partition's current
version, :func:`lake_fingerprint`) and the *project hash* (the dbt project's files,
:func:`project_hash`), taken when the build starts; publishing copies them into
``published.json``. A refresh whose lake and project are those of the published build has
nothing to do (:func:`up_to_date`), and a build whose project is the published one's starts
from a copy of the published file, so dbt's incremental models rebuild only the months whose
lake inputs changed (:func:`building`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from ingestion.faults import fault_point
from ingestion.landing.atomic import write_json
from ingestion.landing.paths import REPO_ROOT, DataPaths
from ingestion.landing.versions import CURRENT, hold

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
DBT_DIR = REPO_ROOT / "dbt_project"
#: what dbt builds from besides the lake (target/, logs/ and lint helpers are not inputs)
_PROJECT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")


class PublishError(RuntimeError):
    pass


@dataclass
class PublishResult:
    path: Path
    bytes: int
    row_counts: dict[str, int]
    published: bool = True  # False when a newer build had been published already
    sequence: int = 0


def lake_fingerprint(paths: DataPaths) -> str:
    """What readers of the lake see, as one hash: every partition's ``current`` version
    (lake/versions/<source>/<entity>/month=…/current, ingestion/landing/versions.py). A
    landing, a superseding re-delivery or a re-keying makes a new version, so any of them
    changes the fingerprint; an unchanged rerun of the landing keeps the version it had."""
    h = hashlib.sha256()
    for pointer in sorted((paths.lake / "versions").glob(f"*/*/*/{CURRENT}")):
        if pointer.is_symlink():
            rel = pointer.parent.relative_to(paths.lake / "versions").as_posix()
            h.update(f"{rel}={os.readlink(pointer)}\n".encode())
    return h.hexdigest()


def project_hash(project_dir: Path = DBT_DIR) -> str:
    """The dbt project's models, macros, seeds, tests and configuration by content, with the
    dbt versions that compile them: a warehouse built by another project is not a base for an
    incremental build, and not up to date."""
    h = hashlib.sha256()
    for package in ("dbt-core", "dbt-duckdb"):
        h.update(f"{package}={version(package)}\n".encode())
    for name in _PROJECT_INPUTS:
        top = project_dir / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for f in files:
            h.update(f"{f.relative_to(project_dir).as_posix()}\n".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def published_record(paths: DataPaths) -> dict:
    """published.json: the sequence, lake fingerprint and project hash of the published build."""
    return _read(paths.warehouse.parent / _PUBLISHED)


def up_to_date(paths: DataPaths) -> int | None:
    """The published build's sequence number when it was built from the lake as it is now, by
    the project as it is now (a refresh would rebuild the same warehouse); else None."""
    record = published_record(paths)
    if not paths.warehouse.exists() or not record.get("lake_fingerprint"):
        return None
    if record["lake_fingerprint"] != lake_fingerprint(paths):
        return None
    if record.get("project_hash") != project_hash():
        return None
    return int(record.get("sequence", 0))


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
def building(paths: DataPaths, run_id: str, *, full: bool = False) -> Iterator[Path]:
    """Hold the build lock while dbt builds this run's file; number the build, record the lake
    fingerprint and project hash it starts from, and clear the builds of earlier runs that are
    not the newest two (a run killed mid-build leaves one).

    The build file starts as a copy of the published warehouse when that was built by the same
    dbt project (and not ``full``), so incremental models only add what changed; otherwise it
    starts empty and everything is built from the lake."""
    build = build_path(paths, run_id)
    with hold(paths.warehouse_dir / ".build.lock", "the warehouse build"):
        seq_file = paths.warehouse_dir / _SEQUENCE
        sequence = _read(seq_file).get("sequence", 0) + 1
        write_json(seq_file, {"sequence": sequence})
        build.parent.mkdir(parents=True, exist_ok=True)
        _clear_old_builds(build.parent.parent, keep=build.parent)
        for leftover in (build, build.with_name(build.name + ".wal")):
            leftover.unlink(missing_ok=True)  # a retried run: never build on a half-built file
        # before dbt reads the lake: a landing during the build makes the next run rebuild
        record = {
            "sequence": sequence,
            "lake_fingerprint": lake_fingerprint(paths),
            "project_hash": project_hash(),
            "incremental_from": None if full else _start_from_published(paths, build),
        }
        write_json(build.parent / _SEQUENCE, record)
        yield build


def _start_from_published(paths: DataPaths, build: Path) -> int | None:
    """Copy the published warehouse to ``build`` when the same project built it; its sequence
    number, or None (a fresh build). Under the publish lock: the file and published.json
    read together. The published file is checkpointed and replaced, never written in place,
    so a plain copy is a consistent database."""
    with hold(paths.warehouse.parent / ".publish.lock", "publishing the warehouse"):
        record = published_record(paths)
        if not paths.warehouse.exists() or record.get("project_hash") != project_hash():
            return None
        shutil.copyfile(paths.warehouse, build)
    return int(record.get("sequence", 0))


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
    built = _read(build.parent / _SEQUENCE)
    sequence = built.get("sequence", 0)
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
        write_json(
            published.parent / _PUBLISHED,
            {
                "sequence": max(sequence, current),
                # unknown for a build made outside `building` (then never "up to date")
                "lake_fingerprint": built.get("lake_fingerprint"),
                "project_hash": built.get("project_hash"),
                "incremental_from": built.get("incremental_from"),
            },
        )
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
