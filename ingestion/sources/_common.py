"""Helpers shared by the entity parsers (vectorised checks, masking, quarantine frames)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import polars as pl

from ingestion.readers import FileRejected
from ingestion.readers.csv_cp874 import (
    CsvData,
    iter_csv_cp874,
    line_blocks,
    line_slices,
)
from ingestion.sources import QUARANTINE_SCHEMA, ParseResult
from ingestion.thai import (
    InvalidDateError,
    UnknownProvinceError,
    national_id_problem,
    normalise_province,
    parse_be_date,
    parse_be_dates,
    province_codes,
    to_arabic_digits_expr,
    valid_national_ids,
)

BE_OFFSET = 543
ID_MASK = "*" * 13

# A check: (field name, expression true when the row is BAD, expression giving the reason)
Check = tuple[str, pl.Expr, pl.Expr]


def be_yyyymm_to_month(be: str, path: Path | str) -> str:
    """``256701`` → ``2024-01``; ValueError naming the file otherwise."""
    year, month = int(be[:4]) - BE_OFFSET, int(be[4:6])
    if not 1 <= month <= 12:
        raise ValueError(f"{path}: month {month} in the file name is not between 1 and 12")
    return f"{year:04d}-{month:02d}"


def month_from_name(path: Path | str, pattern: re.Pattern[str]) -> str:
    m = pattern.fullmatch(Path(path).name)
    if not m:
        raise ValueError(f"{path}: file name does not match {pattern.pattern}")
    return be_yyyymm_to_month(m.group(1), path)


def clean(col: str) -> pl.Expr:
    """Thai digits → Arabic, surrounding whitespace stripped, empty → null."""
    e = to_arabic_digits_expr(pl.col(col)).str.strip_chars()
    return pl.when(e != "").then(e)


def add_dates(df: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Add ``<col>__date`` (Date, null if empty or invalid) and ``<col>__why`` (the reason a
    non-empty value is invalid, else null) for each column."""
    out = []
    for c in columns:
        values = df.get_column(c)
        dates = parse_be_dates(values).alias(f"{c}__date")
        bad = values.filter(values.is_not_null() & dates.is_null()).unique().to_list()
        reasons = {v: _date_reason(v) for v in bad}
        why = (
            values.replace_strict(reasons, default=None, return_dtype=pl.String)
            if reasons
            else (pl.Series([None] * df.height, dtype=pl.String))
        )
        out += [dates, why.alias(f"{c}__why")]
    return df.with_columns(out)


def _date_reason(value: str) -> str:
    try:
        parse_be_date(value)
    except InvalidDateError as err:
        return f"invalid date: {err}"
    return f"invalid date {value!r}"


def add_national_id(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Add ``__id_ok`` (bool) and ``__id_why`` for column ``col`` (already cleaned)."""
    ids = df.get_column(col)
    ok = valid_national_ids(ids)
    bad = ids.filter(~ok).unique().to_list()
    reasons = {v: f"invalid national ID: {national_id_problem(v)}" for v in bad if v is not None}
    why = ids.replace_strict(
        reasons, default="invalid national ID: missing", return_dtype=pl.String
    )
    return df.with_columns(ok.alias("__id_ok"), pl.when(~ok).then(why).alias("__id_why"))


def add_province(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Add ``__province`` (ISO code or null) and ``__province_why``."""
    values = df.get_column(col)
    codes = province_codes(values)
    bad = values.filter(codes.is_null()).unique().to_list()
    reasons = {v: _province_reason(v) for v in bad if v is not None}
    why = values.replace_strict(reasons, default="missing province", return_dtype=pl.String)
    return df.with_columns(
        codes.alias("__province"), pl.when(codes.is_null()).then(why).alias("__province_why")
    )


def _province_reason(value: str) -> str:
    try:
        normalise_province(value)
    except UnknownProvinceError as err:
        return f"unknown province: {err}"
    return f"unknown province {value!r}"


def first_error(df: pl.DataFrame, checks: Sequence[Check]) -> pl.DataFrame:
    """Add ``__field`` / ``__reason``: the first failing check of each row (null if none)."""
    return df.with_columns(
        pl.coalesce([pl.when(bad).then(pl.lit(name)) for name, bad, _ in checks]).alias("__field"),
        pl.coalesce([pl.when(bad).then(reason) for _, bad, reason in checks]).alias("__reason"),
    )


def csv_record(columns: Sequence[str], masked: dict[str, str] | None = None) -> pl.Expr:
    """Rebuild a CSV record from its (raw) fields, masking some: ``{"col": "id"|"text"}`` —
    ``id`` → 13 asterisks, ``text`` → one asterisk per character."""
    masked = masked or {}
    parts = []
    for c in columns:
        e = pl.col(c).fill_null("")
        if masked.get(c) == "id":
            e = pl.when(e == "").then(pl.lit("")).otherwise(pl.lit(ID_MASK))
        elif masked.get(c) == "text":
            e = e.str.replace_all(r".", "*")
        quoted = pl.concat_str(pl.lit('"'), e.str.replace_all('"', '""', literal=True), pl.lit('"'))
        parts.append(pl.when(e.str.contains(r'[,"\n\r]')).then(quoted).otherwise(e))
    return pl.concat_str(parts, separator=",")


def mask_free_text(expr: pl.Expr) -> pl.Expr:
    """Mask a record whose fields are unknown (ragged row): digit runs of 13 (IDs) and every
    run of letters (names; also titles and provinces, which is the price of not knowing)."""
    return expr.str.replace_all(r"\d{13}", ID_MASK).str.replace_all(r"[\p{L}\p{M}]+", "***")


def quarantine_frame(
    df: pl.DataFrame, rel: str, line: str, field: str, reason: str, record: pl.Expr
) -> pl.DataFrame:
    return df.select(
        pl.lit(rel, pl.String).alias("_source_file"),
        pl.col(line).cast(pl.Int64).alias("_source_line"),
        pl.col(field).cast(pl.String).alias("field"),
        pl.col(reason).cast(pl.String).alias("reason"),
        record.cast(pl.String).alias("record"),
    )


def empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(schema=QUARANTINE_SCHEMA)


def empty_rows(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def rejected_file(
    rel: str,
    data: bytes,
    err: FileRejected,
    schema: dict[str, pl.DataType],
    *,
    skip_header: bool,
    mask: Callable[[pl.Expr], pl.Expr],
    encoding: str = "cp874",
) -> ParseResult:
    """A file that cannot be read: every data line goes to quarantine (decoded leniently and
    masked), with the file-level reason."""
    return concat_results(
        rejected_chunks(
            rel, err, schema, data=data, skip_header=skip_header, mask=mask, encoding=encoding
        ),
        schema,
    )


def rejected_chunks(
    rel: str,
    err: FileRejected,
    schema: dict[str, pl.DataType],
    *,
    path: Path | str | None = None,
    data: bytes | None = None,
    skip_header: bool,
    mask: Callable[[pl.Expr], pl.Expr],
    encoding: str = "cp874",
    chunk_lines: int | None = None,
) -> Iterator[ParseResult]:
    """:func:`rejected_file`, streamed: one result per chunk of physical lines (at least one
    result, so that an empty file still reports its reason)."""
    reason = f"file quarantined: {err}"
    field = err.field or "file"
    yielded = False
    for first, piece in line_slices(line_blocks(path, data), chunk_lines, quoted=False):
        lines = piece.decode(encoding, errors="replace").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        frame = pl.DataFrame(
            {"_raw": [ln.removesuffix("\r") for ln in lines]}, schema={"_raw": pl.String}
        ).with_row_index("_line", offset=first)
        if skip_header and first == 1:
            frame = frame.slice(1)
        q = frame.select(
            pl.lit(rel, pl.String).alias("_source_file"),
            pl.col("_line").cast(pl.Int64).alias("_source_line"),
            pl.lit(field, pl.String).alias("field"),
            pl.lit(reason, pl.String).alias("reason"),
            mask(pl.col("_raw")).alias("record"),
        )
        yielded = True
        yield ParseResult(empty_rows(schema), q, q.height, str(err))
    if not yielded:
        yield ParseResult(empty_rows(schema), empty_quarantine(), 0, str(err))


def concat_results(results: Iterable[ParseResult], schema: dict[str, pl.DataType]) -> ParseResult:
    """One result for a file from its chunks (for callers that want the whole file)."""
    results = list(results)
    if len(results) == 1:
        return results[0]
    errors = [r.file_error for r in results if r.file_error is not None]
    rows = [r.rows for r in results if r.rows.height]
    quarantine = [r.quarantine for r in results if r.quarantine.height]
    return ParseResult(
        pl.concat(rows) if rows else empty_rows(schema),
        pl.concat(quarantine) if quarantine else empty_quarantine(),
        sum(r.rows_in for r in results),
        errors[0] if errors else None,
    )


def read_registry_chunks(
    path: Path,
    rel: str,
    headers: Sequence[str],
    columns: Sequence[str],
    schema: dict[str, pl.DataType],
    mask: Callable[[pl.Expr], pl.Expr],
    *,
    encoding: str = "cp874",
    chunk_lines: int | None = None,
) -> Iterator[CsvData | ParseResult]:
    """Stream a registry CSV: its chunks of records, or, if the file is rejected, the chunks of
    its whole-file quarantine. A file is rejected before its first chunk is read (see
    :func:`ingestion.readers.csv_cp874.iter_csv_cp874`), so a file yields either only
    ``CsvData`` or only ``ParseResult`` with ``file_error``, never both."""
    chunks = iter_csv_cp874(
        path, headers, columns=columns, file=rel, encoding=encoding, chunk_lines=chunk_lines
    )
    try:
        first = next(chunks, None)
    except FileRejected as err:
        yield from rejected_chunks(
            rel,
            err,
            schema,
            path=path,
            skip_header=True,
            mask=mask,
            encoding=encoding,
            chunk_lines=chunk_lines,
        )
        return
    if first is not None:
        yield first
        del first  # a generator's locals live on: hold no chunk while the next one is read
        yield from chunks


def finish_csv(
    csv: CsvData,
    checked: pl.DataFrame,
    rel: str,
    rows: pl.DataFrame,
    record: pl.Expr,
    ragged_mask: Callable[[pl.Expr], pl.Expr],
) -> ParseResult:
    """Assemble a CSV entity's result: good rows, row-check failures and ragged records."""
    bad = checked.filter(pl.col("__field").is_not_null())
    q_rows = quarantine_frame(bad, rel, "_line", "__field", "__reason", record)
    q_ragged = quarantine_frame(
        csv.errors, rel, "_line", "_error_field", "_error_reason", ragged_mask(pl.col("_raw"))
    )
    quarantine = pl.concat([q_rows, q_ragged]).sort("_source_line")
    return ParseResult(rows, quarantine, csv.records)
