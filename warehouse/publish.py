"""Publish the warehouse: build → validate → atomic rename.

Superset and analysts hold `labour.duckdb` open read-only; DuckDB refuses a reader while a
writer holds the file ("Could not set lock"), so dbt never writes it. dbt writes the build
file; here it is checkpointed, copied next to the published file, validated as copied, and
swapped in with os.replace. A reader sees the old warehouse or the new one, never half.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quality.pii import is_valid_national_id

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
_ID_RUN = re.compile(r"(?<!\d)\d{13}(?!\d)")


class PublishError(RuntimeError):
    pass


@dataclass
class PublishResult:
    path: Path
    bytes: int
    row_counts: dict[str, int]


def publish(build: Path, published: Path) -> PublishResult:
    if not build.exists():
        raise PublishError(f"no build warehouse at {build}: run dbt first")
    with duckdb.connect(str(build)) as con:
        con.execute("CHECKPOINT")  # fold the WAL into the file before copying it
    staged = published.with_name(f".{published.name}.publishing")
    staged.unlink(missing_ok=True)
    published.parent.mkdir(parents=True, exist_ok=True)
    with build.open("rb") as src, staged.open("wb") as dst:
        while chunk := src.read(16 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    try:
        counts = validate(staged)
    except Exception:
        staged.unlink(missing_ok=True)
        raise
    os.replace(staged, published)
    return PublishResult(published, published.stat().st_size, counts)


def validate(path: Path) -> dict[str, int]:
    """Required tables present and non-empty; no valid national ID in any text column."""
    with duckdb.connect(str(path), read_only=True) as con:
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
        leaks = national_id_leaks(con)
        if leaks:
            raise PublishError("national IDs in clear in: " + ", ".join(leaks))
    return counts


def national_id_leaks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Columns holding a 13-digit run that passes the national-ID check digit, including IDs
    of non-Thai workers that start with 0 (which stdnum's `pin.is_valid` would let through).
    DuckDB narrows each column to candidate values; only those reach Python."""
    columns = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR' and table_schema in ?",
        [list(SCANNED_SCHEMAS)],
    ).fetchall()
    leaks = []
    for schema, table, column in columns:
        candidates = con.execute(
            f'select distinct "{column}" from "{schema}"."{table}" '
            f"where regexp_matches(\"{column}\", '\\d{{13}}') limit 10000"
        ).fetchall()
        if any(is_valid_national_id(m) for (value,) in candidates for m in _ID_RUN.findall(value)):
            leaks.append(f"{schema}.{table}.{column}")
    return leaks
