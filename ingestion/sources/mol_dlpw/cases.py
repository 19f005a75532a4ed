"""Labour cases (complaints and disputes): ``mol_dlpw/cases/cases_<BEYYYYMM>.csv`` (contracts
§1.11) → ``raw/mol_dlpw/cases``. Columns from the spec (generic CSV reader); this module adds
the checks across the fields of a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources._row_checks import RowCheckedCsvReader

OPEN = "ระหว่างดำเนินการ"

ROW_CHECKS = [
    (
        "closed_date",
        (pl.col("closed_date") < pl.col("filed_date")).fill_null(False),
        pl.format("closed {} before it was filed {}", pl.col("closed_date"), pl.col("filed_date")),
    ),
    (
        "closed_date",
        (pl.col("outcome") == OPEN) & pl.col("closed_date").is_not_null(),
        pl.format("an open case has a closing date ({})", pl.col("closed_date")),
    ),
    (
        "closed_date",
        (pl.col("outcome") != OPEN) & pl.col("closed_date").is_null(),
        pl.format("a case with outcome {} has no closing date", pl.col("outcome")),
    ),
]

READER = RowCheckedCsvReader("mol_dlpw", "cases", ROW_CHECKS, "case_id", "the case number")
SOURCE, ENTITY, SCHEMA = READER.SOURCE, READER.ENTITY, READER.schema
parse = READER.parse
parse_chunks = READER.parse_chunks


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """Month the cases were filed: ``cases_256701.csv`` → ``2024-01``."""
    return READER.partition_month(path, today=today)
