"""Migrant work permits (Department of Employment), contracts §1.9:
``mol_doe/work_permits/work_permits_<BEYYYYMM>[_p<N>].xlsx`` → ``raw/mol_doe/work_permits``.

Sheet ``ใบอนุญาตทำงาน``: Thai title rows, the Thai header row (found by its first label, so
extra or missing title rows read the same), one row per permit, then a footer
(``หมายเหตุ``/``ที่มา``). Every cell is read as text (calamine, ingestion.readers.excel).

Every non-empty row is accounted for (landing counts the sheet's rows with another Excel
reader): titles, the header and the footer block are control records; every other row is a
permit, loaded or quarantined with its spreadsheet row, field and reason. A workbook that
cannot be read, lacks the sheet or the header, or whose header or title month is not the agreed
one is quarantined whole.

Per row: the worker's 13-digit ID (Thai digits and separators allowed) must pass its check
digit; it becomes ``person_key`` and ``id_non_thai`` (starts with 0: flagged, not dropped); the
name and birth date are dropped (``birth_year`` kept); Thai labels of sex, nationality, permit
type and record type become codes; BE dates (Thai digits allowed; a CE year such as 2024 is
refused, not guessed); an expiry before the issue, a cancellation date without a cancellation
(or the reverse) and a permit number twice in one workbook are quarantined.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from ingestion.pseudonym import person_key
from ingestion.readers import CsvData, FileRejected
from ingestion.readers.excel import read_sheet
from ingestion.sources import QUARANTINE_SCHEMA, ParseResult
from ingestion.sources._common import (
    SeenKeys,
    add_dates,
    add_national_id,
    add_province,
    clean,
    csv_record,
    empty_rows,
    finish_csv,
    first_error,
    mark_duplicates,
    month_from_name,
)
from ingestion.sources.spec import get_entity_spec
from ingestion.thai import clean_national_id_expr, mask_national_ids, to_arabic_digits

SOURCE = "mol_doe"
ENTITY = "work_permits"
# the workbook's layout has one home, the source spec (its simulator writes its own copy)
_OPTIONS = get_entity_spec(SOURCE, ENTITY).reader.options
SHEET: str = _OPTIONS["sheet"]
FILE_PATTERN = re.compile(r"work_permits_(\d{6})(?:_p\d+)?\.xlsx")
FOOTER_PREFIXES: tuple[str, ...] = tuple(_OPTIONS["footer_prefixes"])
#: the header row's Thai labels, in order, and the field each column is read into
HEADERS: tuple[str, ...] = tuple(_OPTIONS["headers"])
COLUMNS: tuple[str, ...] = tuple(_OPTIONS["headers"].values())
SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "permit_no": pl.String(),
    "person_key": pl.String(),
    "id_non_thai": pl.Boolean(),
    "sex": pl.String(),
    "birth_year": pl.Int16(),
    "nationality_code": pl.String(),
    "permit_type": pl.String(),
    "employer_account": pl.String(),
    "branch": pl.String(),
    "province_code": pl.String(),
    "issue_date": pl.Date(),
    "expiry_date": pl.Date(),
    "record_type": pl.String(),
    "cancel_date": pl.Date(),
}
SEX = {"ชาย": "M", "หญิง": "F"}
#: nationality labels as the department writes them (พม่า is the older name of เมียนมา)
NATIONALITY = {
    "เมียนมา": "myanmar",
    "พม่า": "myanmar",
    "กัมพูชา": "cambodia",
    "ลาว": "laos",
    "เวียดนาม": "vietnam",
    "อื่นๆ": "other",
}
PERMIT_TYPE = {"MOU": "mou", "มติครม.": "cabinet_resolution", "มาตรา64": "border_s64"}
PERMIT_TYPE["ทั่วไป"] = "general"
RECORD_TYPE = {"คงอยู่": "in_force", "ออกใหม่": "new", "ต่ออายุ": "renewed", "ยกเลิก": "cancelled"}
_MASK = {"worker_id": "id", "full_name": "text", "birth_date": "text"}
_THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
_TITLE_MONTH = re.compile(rf"({'|'.join(_THAI_MONTHS)})\s*(?:พ\.\s*ศ\.)?\s*(\d{{4}})")


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """``work_permits_256701.xlsx`` (or ``…_p2.xlsx``) → ``2024-01``; ValueError naming the
    file for a month that is not a plausible BE month (``work_permits_202401.xlsx``)."""
    return month_from_name(path, FILE_PATTERN, today=today)


class _WorkbookError(Exception):
    """Why a workbook is quarantined whole (its permit rows are quarantined with the reason)."""


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """The workbook's permits (see the module docstring)."""
    month = partition_month(rel)
    try:
        sheet = read_sheet(path, SHEET)
    except FileRejected as err:
        # unreadable, or no such sheet: landing counts no rows either
        return ParseResult(
            empty_rows(SCHEMA),
            pl.DataFrame(schema=QUARANTINE_SCHEMA),
            0,
            mask_national_ids(f"{rel}: {err.reason}"),
        )
    cells = [c for c in sheet.columns if c != "_row"]
    filled = sheet.filter(
        pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in cells)
        if cells
        else pl.lit(False)
    )
    try:
        header_row, control = _locate(filled, month)
    except _WorkbookError as err:
        return _whole_file(filled, rel, str(err))
    body = filled.filter(pl.col("_row") > header_row)
    footer = body.filter(
        pl.col("c0").fill_null("").str.starts_with(FOOTER_PREFIXES[0])
        | pl.col("c0").fill_null("").str.starts_with(FOOTER_PREFIXES[1])
    )
    if footer.height:  # the footer block: its first row and everything below
        start = int(footer.get_column("_row").min())
        control += body.filter(pl.col("_row") >= start).height
        body = body.filter(pl.col("_row") < start)
    rows = body.select(
        pl.col("_row").alias("_line"),
        *[
            (pl.col(f"c{i}") if f"c{i}" in body.columns else pl.lit(None, pl.String)).alias(name)
            for i, name in enumerate(COLUMNS)
        ],
    )
    extra = [c for c in cells if int(c[1:]) >= len(COLUMNS)]
    ragged = (
        pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in extra)
        if extra
        else pl.lit(False)
    )
    ragged_rows = body.filter(ragged)
    errors = ragged_rows.select(
        pl.col("_row").alias("_line"),
        pl.concat_str([pl.col(c).fill_null("") for c in cells], separator=",").alias("_raw"),
        pl.lit("row").alias("_error_field"),
        pl.format(
            "cells beyond the {} agreed columns (column {} and on)",
            pl.lit(len(COLUMNS)),
            pl.lit(len(COLUMNS) + 1),
        ).alias("_error_reason"),
    )
    rows = rows.filter(~pl.col("_line").is_in(ragged_rows.get_column("_row").implode()))
    result = _check_rows(CsvData(rel, rows, errors), rel, key)
    result.rows_control = control
    return result


def _locate(filled: pl.DataFrame, month: str) -> tuple[int, int]:
    """The header's spreadsheet row and the control rows above and at it; checks the header
    and that a title naming a month names the file's."""
    hits = filled.filter(pl.col("c0") == HEADERS[0])
    if not hits.height:
        raise _WorkbookError(f"sheet '{SHEET}': header row with label '{HEADERS[0]}' not found")
    header_row = int(hits.get_column("_row").item(0))
    header = hits.row(0)[1:]
    got = tuple((h or "").strip() for h in header[: len(HEADERS)])
    got = got + ("",) * (len(HEADERS) - len(got))
    if got != HEADERS:
        wrong = next(i for i, (a, b) in enumerate(zip(got, HEADERS, strict=True)) if a != b)
        raise _WorkbookError(
            f"row {header_row} field header: column {wrong + 1} is '{got[wrong]}', expected "
            f"'{HEADERS[wrong]}' (expected header {list(HEADERS)})"
        )
    titles = filled.filter(pl.col("_row") < header_row)
    for text in titles.get_column("c0").drop_nulls().to_list():
        m = _TITLE_MONTH.search(to_arabic_digits(text))
        if m:
            title_month = f"{int(m.group(2)) - 543:04d}-{_THAI_MONTHS.index(m.group(1)) + 1:02d}"
            if title_month != month:
                raise _WorkbookError(
                    f"field title: title '{text}' names {title_month}, the file name {month}"
                )
    return header_row, titles.height + 1


def _whole_file(filled: pl.DataFrame, rel: str, reason: str) -> ParseResult:
    """Every non-empty row quarantined (none is known to be a title or header)."""
    cells = [c for c in filled.columns if c != "_row"]
    record = (
        pl.concat_str([pl.col(c).fill_null("") for c in cells], separator=",")
        if cells
        else pl.lit("")
    )
    q = filled.select(
        pl.lit(rel, pl.String).alias("_source_file"),
        pl.col("_row").cast(pl.Int64).alias("_source_line"),
        pl.lit("file").alias("field"),
        pl.lit(mask_national_ids(f"file quarantined: {reason}")).alias("reason"),
        record.map_elements(mask_national_ids, return_dtype=pl.String).alias("record"),
    ).cast(QUARANTINE_SCHEMA)
    return ParseResult(empty_rows(SCHEMA), q, q.height, mask_national_ids(f"{rel}: {reason}"))


def _label(col: str) -> pl.Expr:
    """A Thai label as typed: stripped, inner spaces removed (อื่น ๆ = อื่นๆ, มติ ครม.)."""
    return pl.col(col).str.replace_all(r"\s+", "")


def _check_rows(csv: CsvData, rel: str, key: bytes) -> ParseResult:
    df = csv.rows.with_columns(
        __permit=clean("permit_no"),
        __id=clean_national_id_expr(clean("worker_id")),
        __sex=_label("sex").replace_strict(SEX, default=None, return_dtype=pl.String),
        __nat=_label("nationality").replace_strict(
            NATIONALITY, default=None, return_dtype=pl.String
        ),
        __type=_label("permit_type").replace_strict(
            PERMIT_TYPE, default=None, return_dtype=pl.String
        ),
        __record=_label("record_type").replace_strict(
            RECORD_TYPE, default=None, return_dtype=pl.String
        ),
        __account=clean("employer_account"),
        __branch=clean("branch"),
        __birth=clean("birth_date"),
        __issue=clean("issue_date"),
        __expiry=clean("expiry_date"),
        __cancel=clean("cancel_date"),
    )
    df = df.with_columns(pl.col("__id").fill_null(clean("worker_id")))
    df = add_national_id(df, "__id")
    df = add_dates(df, ["__birth"], kind="birth")
    df = add_dates(df, ["__issue", "__expiry", "__cancel"], kind="event")
    df = add_province(df, "province")
    acct, br = pl.col("__account"), pl.col("__branch")
    cancelled = pl.col("__record") == "cancelled"

    def unknown(col: str, labels: dict[str, str]) -> pl.Expr:
        return pl.format(
            f"unknown {col.replace('_', ' ')} '{{}}' (expected one of {', '.join(labels)})",
            pl.col(col).fill_null(""),
        )

    def date_check(col: str, what: str) -> tuple[str, pl.Expr, pl.Expr]:
        return (
            col,
            pl.col(f"__{col.split('_')[0]}__date").is_null(),
            pl.col(f"__{col.split('_')[0]}__why").fill_null(pl.lit(f"missing {what}")),
        )

    checks = [
        (
            "permit_no",
            ~pl.col("__permit").str.contains(r"^WP-\d{9}$").fill_null(False),
            pl.format("permit number must be WP-<9 digits>, got '{}'", pl.col("permit_no")),
        ),
        ("worker_id", ~pl.col("__id_ok"), pl.col("__id_why")),
        ("sex", pl.col("__sex").is_null(), unknown("sex", SEX)),
        date_check("birth_date", "birth date"),
        ("nationality", pl.col("__nat").is_null(), unknown("nationality", NATIONALITY)),
        ("permit_type", pl.col("__type").is_null(), unknown("permit_type", PERMIT_TYPE)),
        (
            "employer_account",
            acct.is_not_null() & ~acct.str.contains(r"^[0-9]{10}$").fill_null(False),
            pl.format("employer account must be 10 digits, got '{}'", acct),
        ),
        (
            "branch",
            (acct.is_not_null() & ~br.str.contains(r"^[0-9]{6}$").fill_null(False))
            | (acct.is_null() & br.is_not_null()),
            pl.when(acct.is_not_null())
            .then(pl.format("branch must be 6 digits with an account, got '{}'", br.fill_null("")))
            .otherwise(pl.format("branch '{}' without an employer account", br)),
        ),
        ("province", pl.col("__province").is_null(), pl.col("__province_why")),
        date_check("issue_date", "issue date"),
        date_check("expiry_date", "expiry date"),
        (
            "expiry_date",
            pl.col("__expiry__date") < pl.col("__issue__date"),
            pl.format(
                "expiry date {} is before issue date {}",
                pl.col("expiry_date"),
                pl.col("issue_date"),
            ),
        ),
        ("record_type", pl.col("__record").is_null(), unknown("record_type", RECORD_TYPE)),
        (
            "cancel_date",
            pl.col("__cancel__why").is_not_null()
            | (cancelled & pl.col("__cancel__date").is_null())
            | (~cancelled & pl.col("__cancel").is_not_null()).fill_null(False)
            | (pl.col("__cancel__date") < pl.col("__issue__date")).fill_null(False),
            pl.when(pl.col("__cancel__why").is_not_null())
            .then(pl.col("__cancel__why"))
            .when(cancelled & pl.col("__cancel__date").is_null())
            .then(pl.lit("a cancelled permit needs its cancellation date"))
            .when(~cancelled)
            .then(pl.format("cancellation date '{}' on a permit not cancelled", pl.col("__cancel")))
            .otherwise(
                pl.format(
                    "cancellation date {} is before issue date {}",
                    pl.col("cancel_date"),
                    pl.col("issue_date"),
                )
            ),
        ),
    ]
    checks = [(f, bad.fill_null(False), why) for f, bad, why in checks]
    checked = mark_duplicates(
        first_error(df, checks), [pl.col("__permit")], "permit_no", "the permit", SeenKeys()
    )
    checked = checked.with_columns(
        pl.col("__reason").str.replace("duplicate of line", "duplicate of row")
    )
    good = checked.filter(pl.col("__field").is_null())
    rows = good.select(
        pl.lit(rel, pl.String).alias("_source_file"),
        pl.col("_line").cast(pl.Int64).alias("_source_line"),
        pl.col("__permit").alias("permit_no"),
        person_key(good.get_column("__id"), key).alias("person_key"),
        pl.col("__id").str.starts_with("0").alias("id_non_thai"),
        pl.col("__sex").alias("sex"),
        pl.col("__birth__date").dt.year().cast(pl.Int16).alias("birth_year"),
        pl.col("__nat").alias("nationality_code"),
        pl.col("__type").alias("permit_type"),
        pl.col("__account").alias("employer_account"),
        pl.col("__branch").alias("branch"),
        pl.col("__province").alias("province_code"),
        pl.col("__issue__date").alias("issue_date"),
        pl.col("__expiry__date").alias("expiry_date"),
        pl.col("__record").alias("record_type"),
        pl.col("__cancel__date").alias("cancel_date"),
    ).cast(SCHEMA)
    record = csv_record(COLUMNS, _MASK)
    return finish_csv(csv, checked, rel, rows, record, lambda e: e.str.replace_all(r".", "*"))
