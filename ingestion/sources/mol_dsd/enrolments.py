"""Training enrolments: ``mol_dsd/enrolments/enrolments_<BEYYYYMM>.csv`` (contracts §1.10) →
``raw/mol_dsd/enrolments``. The columns are the spec's (``source.yaml``: the generic CSV reader
types them, normalises Thai digits, BE dates and provinces, pseudonymises the national ID and
drops the name); this module adds the checks across the fields of a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources._row_checks import RowCheckedCsvReader

#: course-code prefix of each course type (as the department's file writes the type)
PREFIX_BY_TYPE = {"ฝึกเตรียมเข้าทำงาน": "PE", "ฝึกยกระดับฝีมือ": "UP", "ฝึกเสริมทักษะ": "RT"}
DEPARTMENT, EMPLOYER = "กรมพัฒนาฝีมือแรงงาน", "สถานประกอบกิจการ"

_expected_prefix = pl.col("course_type").replace_strict(PREFIX_BY_TYPE, default=None)

ROW_CHECKS = [
    (
        "end_date",
        pl.col("end_date") < pl.col("start_date"),
        pl.format(
            "the course ends ({}) before it starts ({})", pl.col("end_date"), pl.col("start_date")
        ),
    ),
    (
        "course_code",
        pl.col("course_code").str.slice(0, 2) != _expected_prefix,
        pl.format(
            "course code {} is not a course of type {} (expected prefix {})",
            pl.col("course_code"),
            pl.col("course_type"),
            _expected_prefix,
        ),
    ),
    (
        "employer_account",
        (pl.col("provider") == EMPLOYER) & pl.col("employer_account").is_null(),
        pl.lit("an employer-run course has no employer account"),
    ),
    (
        "employer_account",
        (pl.col("provider") == DEPARTMENT) & pl.col("employer_account").is_not_null(),
        pl.format(
            "the department's own course carries an employer account ({})",
            pl.col("employer_account"),
        ),
    ),
]

READER = RowCheckedCsvReader(
    "mol_dsd", "enrolments", ROW_CHECKS, "enrolment_id", "the enrolment number"
)
SOURCE, ENTITY, SCHEMA = READER.SOURCE, READER.ENTITY, READER.schema
parse = READER.parse
parse_chunks = READER.parse_chunks


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """Month the courses ended: ``enrolments_256701.csv`` → ``2024-01``."""
    return READER.partition_month(path, today=today)
