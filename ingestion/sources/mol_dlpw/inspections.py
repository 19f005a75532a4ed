"""Labour inspections: ``mol_dlpw/inspections/inspections_<BEYYYYMM>.csv`` (contracts §1.11) →
``raw/mol_dlpw/inspections``. Columns from the spec (generic CSV reader); this module adds the
checks across the fields of a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources._row_checks import RowCheckedCsvReader

ROW_CHECKS = [
    (
        "main_violation_code",
        (pl.col("violations_found") > 0) & pl.col("main_violation_code").is_null(),
        pl.format("{} violations found but no main violation code", pl.col("violations_found")),
    ),
    (
        "main_violation_code",
        (pl.col("violations_found") == 0) & pl.col("main_violation_code").is_not_null(),
        pl.format(
            "no violation found but a main violation code ({})", pl.col("main_violation_code")
        ),
    ),
    (
        "orders_issued",
        pl.col("orders_issued") > pl.col("violations_found"),
        pl.format(
            "{} orders issued for {} violations",
            pl.col("orders_issued"),
            pl.col("violations_found"),
        ),
    ),
]

READER = RowCheckedCsvReader(
    "mol_dlpw", "inspections", ROW_CHECKS, "inspection_id", "the inspection number"
)
SOURCE, ENTITY, SCHEMA = READER.SOURCE, READER.ENTITY, READER.schema
parse = READER.parse
parse_chunks = READER.parse_chunks


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """Month of the inspections: ``inspections_256701.csv`` → ``2024-01``."""
    return READER.partition_month(path, today=today)
