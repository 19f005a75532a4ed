"""SSO insured-person registry: ``sso_registry/insured/insured_<BEYYYYMM>.csv`` (contracts §1.1)
→ ``raw/sso_registry/insured``. Names are dropped, the national ID becomes ``person_key``, the
title becomes ``sex``, the birth date becomes ``birth_year``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from ingestion.pseudonym import person_key
from ingestion.readers import CsvData
from ingestion.sources import ParseResult
from ingestion.sources._common import (
    SeenKeys,
    add_dates,
    add_national_id,
    add_province,
    clean,
    concat_results,
    csv_record,
    finish_csv,
    first_error,
    mark_duplicates,
    mask_free_text,
    month_from_name,
    process_csv_chunks,
    read_registry_chunks,
)
from ingestion.thai import clean_national_id_expr

SOURCE = "sso_registry"
ENTITY = "insured"
FILE_PATTERN = re.compile(r"insured_(\d{6})\.csv")

HEADERS = (
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "วันเกิด",
    "มาตรา",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "จังหวัด",
    "วันที่เริ่มต้น",
    "วันที่สิ้นสุด",
)
COLUMNS = (
    "national_id",
    "title",
    "first_name",
    "surname",
    "birth_date",
    "section",
    "employer_account",
    "branch",
    "province",
    "start_date",
    "end_date",
)
SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "person_key": pl.String(),
    "id_non_thai": pl.Boolean(),
    "sex": pl.String(),
    "birth_year": pl.Int16(),
    "section": pl.Int16(),
    "employer_account": pl.String(),
    "branch": pl.String(),
    "province_code": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
}
SEX_BY_TITLE = {"นาย": "M", "นาง": "F", "นางสาว": "F"}
#: A spell appears once in a file (and in the lake's partition: quality suite spell_unique).
SPELL_KEY = [
    clean_national_id_expr(pl.col("__id")),
    pl.col("__section"),
    pl.col("__start__date"),
    pl.col("__account"),
    pl.col("__branch"),
]
_MASK = {"national_id": "id", "first_name": "text", "surname": "text"}


def partition_month(path: Path, *, today: dt.date | None = None) -> str:
    """Delivery month of the file: ``insured_256701.csv`` → ``2024-01``; ValueError naming the
    file for a month that is not a plausible BE month (``insured_202401.csv``)."""
    return month_from_name(path, FILE_PATTERN, today=today)


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """The whole file as one result (see :func:`parse_chunks` for big files)."""
    return concat_results(parse_chunks(path, rel, key), SCHEMA)


def parse_chunks(
    path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None
) -> Iterator[ParseResult]:
    """One result per chunk of about ``chunk_lines`` lines (default
    :data:`ingestion.readers.csv_cp874.CHUNK_LINES`), in file order."""
    chunks = read_registry_chunks(
        path, rel, HEADERS, COLUMNS, SCHEMA, mask_free_text, chunk_lines=chunk_lines
    )
    seen = SeenKeys()  # spells accepted so far from this file, across its chunks
    yield from process_csv_chunks(chunks, lambda csv: _parse_rows(csv, rel, key, seen))


def _parse_rows(csv: CsvData, rel: str, key: bytes, seen: SeenKeys) -> ParseResult:
    df = csv.rows.with_columns(
        __id=clean("national_id"),
        __title=pl.col("title").str.strip_chars(),
        __section=clean("section"),
        __account=clean("employer_account"),
        __branch=clean("branch"),
        __birth=clean("birth_date"),
        __start=clean("start_date"),
        __end=clean("end_date"),
    )
    df = add_national_id(df, "__id")
    # วันเกิด is a birth date: a two-digit year is the latest one not in the future (98 → 2498
    # BE, not 2598); start and end dates are events (see ingestion.thai.be_year).
    df = add_dates(df, ["__birth"], kind="birth")
    df = add_dates(df, ["__start", "__end"], kind="event")
    df = add_province(df, "province")
    s33 = pl.col("__section") == "33"
    acct, br = pl.col("__account"), pl.col("__branch")
    checks = [
        ("national_id", ~pl.col("__id_ok"), pl.col("__id_why")),
        (
            "title",
            ~pl.col("__title").is_in(list(SEX_BY_TITLE)).fill_null(False),
            pl.format(
                "unknown title '{}' (expected นาย, นาง or นางสาว)", pl.col("title").fill_null("")
            ),
        ),
        (
            "birth_date",
            pl.col("__birth__date").is_null(),
            pl.col("__birth__why").fill_null(pl.lit("missing birth date")),
        ),
        (
            "section",
            ~pl.col("__section").is_in(["33", "39", "40"]).fill_null(False),
            pl.format("section must be 33, 39 or 40, got '{}'", pl.col("section").fill_null("")),
        ),
        (
            "employer_account",
            pl.when(s33)
            .then(~acct.str.contains(r"^[0-9]{10}$").fill_null(False))
            .otherwise(acct.is_not_null()),
            pl.when(s33)
            .then(
                pl.format(
                    "section 33 needs a 10-digit employer account, got '{}'", acct.fill_null("")
                )
            )
            .otherwise(
                pl.format("must be empty for section {}, got '{}'", pl.col("__section"), acct)
            ),
        ),
        (
            "branch",
            pl.when(s33)
            .then(~br.str.contains(r"^[0-9]{6}$").fill_null(False))
            .otherwise(br.is_not_null()),
            pl.when(s33)
            .then(pl.format("section 33 needs a 6-digit branch, got '{}'", br.fill_null("")))
            .otherwise(
                pl.format("must be empty for section {}, got '{}'", pl.col("__section"), br)
            ),
        ),
        ("province", pl.col("__province").is_null(), pl.col("__province_why")),
        (
            "start_date",
            pl.col("__start__date").is_null(),
            pl.col("__start__why").fill_null(pl.lit("missing start date")),
        ),
        (
            "end_date",
            pl.col("__end__why").is_not_null()
            | (pl.col("__end__date") < pl.col("__start__date")).fill_null(False),
            pl.col("__end__why").fill_null(
                pl.format(
                    "end date {} is before start date {}", pl.col("end_date"), pl.col("start_date")
                )
            ),
        ),
    ]
    checked = mark_duplicates(first_error(df, checks), SPELL_KEY, "national_id", "the spell", seen)
    good = checked.filter(pl.col("__field").is_null())
    rows = good.select(
        pl.lit(rel, pl.String).alias("_source_file"),
        pl.col("_line").cast(pl.Int64).alias("_source_line"),
        person_key(good.get_column("__id"), key).alias("person_key"),
        pl.col("__id").str.starts_with("0").alias("id_non_thai"),
        pl.col("__title").replace_strict(SEX_BY_TITLE, return_dtype=pl.String).alias("sex"),
        pl.col("__birth__date").dt.year().cast(pl.Int16).alias("birth_year"),
        pl.col("__section").cast(pl.Int16).alias("section"),
        pl.col("__account").alias("employer_account"),
        pl.col("__branch").alias("branch"),
        pl.col("__province").alias("province_code"),
        pl.col("__start__date").alias("start_date"),
        pl.col("__end__date").alias("end_date"),
    ).cast(SCHEMA)
    record = csv_record(COLUMNS, _MASK)
    return finish_csv(csv, checked, rel, rows, record, mask_free_text)
