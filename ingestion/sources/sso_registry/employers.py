"""SSO employer registry: ``sso_registry/employers/employers_<BEYYYYMM>.csv`` (contracts §1.2)
→ ``raw/sso_registry/employers`` (one full snapshot per month)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from ingestion.readers import CsvData
from ingestion.sources import ParseResult
from ingestion.sources._common import (
    SeenKeys,
    add_dates,
    add_province,
    clean,
    concat_results,
    csv_record,
    finish_csv,
    first_error,
    mark_duplicates,
    month_from_name,
    process_csv_chunks,
    read_registry_chunks,
)

SOURCE = "sso_registry"
ENTITY = "employers"
FILE_PATTERN = re.compile(r"employers_(\d{6})\.csv")

HEADERS = (
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "ชื่อสถานประกอบการ",
    "รหัสประเภทกิจการ",
    "ขนาดสถานประกอบการ",
    "จังหวัด",
    "วันที่ขึ้นทะเบียน",
)
COLUMNS = (
    "employer_account",
    "branch",
    "establishment_name",
    "tsic_code",
    "size_band",
    "province",
    "registered_on",
)
SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "employer_account": pl.String(),
    "branch": pl.String(),
    "establishment_name": pl.String(),
    "tsic_code": pl.String(),
    "size_band": pl.String(),
    "province_code": pl.String(),
    "registered_on": pl.Date(),
}
#: A branch appears once in a snapshot (quality suite branch_unique).
BRANCH_KEY = [pl.col("__account"), pl.col("__branch")]
SIZE_BANDS = ("1-4", "5-9", "10-19", "20-49", "50-99", "100-299", "300-499", "500-999", "1000+")


def partition_month(path: Path, *, today: dt.date | None = None) -> str:
    """Snapshot month: ``employers_256701.csv`` → ``2024-01``; ValueError naming the file for
    a month that is not a plausible BE month."""
    return month_from_name(path, FILE_PATTERN, today=today)


def _no_mask(expr: pl.Expr) -> pl.Expr:
    return expr  # employer records hold no personal data


def _digits_check(name: str, col: str, width: int) -> tuple[str, pl.Expr, pl.Expr]:
    return (
        name,
        ~pl.col(col).str.contains(rf"^[0-9]{{{width}}}$").fill_null(False),
        pl.format(f"expected {width} digits, got '{{}}'", pl.col(name).fill_null("")),
    )


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature. The whole file as
    one result (see :func:`parse_chunks` for big files)."""
    return concat_results(parse_chunks(path, rel, key), SCHEMA)


def parse_chunks(
    path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None
) -> Iterator[ParseResult]:
    """One result per chunk of about ``chunk_lines`` lines, in file order."""
    chunks = read_registry_chunks(
        path, rel, HEADERS, COLUMNS, SCHEMA, _no_mask, chunk_lines=chunk_lines
    )
    seen = SeenKeys()  # branches accepted so far from this file, across its chunks
    yield from process_csv_chunks(chunks, lambda csv: _parse_rows(csv, rel, seen))


def _parse_rows(csv: CsvData, rel: str, seen: SeenKeys) -> ParseResult:
    df = csv.rows.with_columns(
        __account=clean("employer_account"),
        __branch=clean("branch"),
        __tsic=clean("tsic_code"),
        __size=clean("size_band").str.replace_all(" ", ""),
        __name=pl.col("establishment_name").str.strip_chars(),
        __reg=clean("registered_on"),
    )
    df = add_dates(df, ["__reg"])
    df = add_province(df, "province")
    checks = [
        _digits_check("employer_account", "__account", 10),
        _digits_check("branch", "__branch", 6),
        (
            "establishment_name",
            (pl.col("__name").fill_null("") == ""),
            pl.lit("missing establishment name"),
        ),
        _digits_check("tsic_code", "__tsic", 5),
        (
            "size_band",
            ~pl.col("__size").is_in(list(SIZE_BANDS)).fill_null(False),
            pl.format(
                "unknown size band '{}' (expected one of " + ", ".join(SIZE_BANDS) + ")",
                pl.col("size_band").fill_null(""),
            ),
        ),
        ("province", pl.col("__province").is_null(), pl.col("__province_why")),
        (
            "registered_on",
            pl.col("__reg__date").is_null(),
            pl.col("__reg__why").fill_null(pl.lit("missing registration date")),
        ),
    ]
    checked = mark_duplicates(first_error(df, checks), BRANCH_KEY, "branch", "the branch", seen)
    rows = (
        checked.filter(pl.col("__field").is_null())
        .select(
            pl.lit(rel, pl.String).alias("_source_file"),
            pl.col("_line").cast(pl.Int64).alias("_source_line"),
            pl.col("__account").alias("employer_account"),
            pl.col("__branch").alias("branch"),
            pl.col("__name").alias("establishment_name"),
            pl.col("__tsic").alias("tsic_code"),
            pl.col("__size").alias("size_band"),
            pl.col("__province").alias("province_code"),
            pl.col("__reg__date").alias("registered_on"),
        )
        .cast(SCHEMA)
    )
    return finish_csv(csv, checked, rel, rows, csv_record(COLUMNS), _no_mask)
