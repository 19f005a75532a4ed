"""Section-39 reinstatement requests: ``sso_benefits/s39_reinstatements/
s39_reinstatements_<BEYYYYMM>.csv`` (contracts §1.6) → ``raw/sso_benefits/s39_reinstatements``.
The columns are the spec's (``source.yaml``); this module adds the checks across fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources._row_checks import RowCheckedCsvReader
from ingestion.sources.sso_benefits.claims import APPROVED, REJECTED

ROW_CHECKS = [
    (
        "request_date",
        pl.col("request_date") < pl.col("lapse_date"),
        pl.format(
            "request date {} is before the lapse date {}",
            pl.col("request_date"),
            pl.col("lapse_date"),
        ),
    ),
    (
        "decision_date",
        pl.col("decision_date") < pl.col("request_date"),
        pl.format(
            "decision date {} is before the request date {}",
            pl.col("decision_date"),
            pl.col("request_date"),
        ),
    ),
    (
        "reason_code",
        (pl.col("status") == REJECTED) & pl.col("reason_code").is_null(),
        pl.lit("a rejected request has no reason code"),
    ),
    (
        "reason_code",
        (pl.col("status") == APPROVED) & pl.col("reason_code").is_not_null(),
        pl.format("an approved request has a reason code ({})", pl.col("reason_code")),
    ),
]

READER = RowCheckedCsvReader(
    "sso_benefits", "s39_reinstatements", ROW_CHECKS, "request_id", "the request number"
)
SOURCE, ENTITY, SCHEMA = READER.SOURCE, READER.ENTITY, READER.schema
parse = READER.parse
parse_chunks = READER.parse_chunks


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """Month the requests were received: ``s39_reinstatements_256701.csv`` → ``2024-01``."""
    return READER.partition_month(path, today=today)
