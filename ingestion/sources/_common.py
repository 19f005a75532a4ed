"""Helpers shared by the entity parsers (vectorised checks, masking, quarantine frames)."""

from __future__ import annotations

import datetime as dt
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
    ID_MASK,
    DateKind,
    InvalidDateError,
    UnknownProvinceError,
    be_to_ce_year,
    be_year,
    ce_year,
    mask_national_ids,
    mask_national_ids_expr,
    national_id_problem,
    normalise_province,
    parse_be_date,
    parse_be_dates,
    province_codes,
    to_arabic_digits_expr,
    valid_national_ids,
    year_month,
)
from ingestion.thai.dates import Era

# A check: (field name, expression true when the row is BAD, expression giving the reason)
Check = tuple[str, pl.Expr, pl.Expr]


_ERA_FORMAT = {
    "be": ("Buddhist-Era", "BEYYYYMM", "256701"),
    "ce": ("Christian-Era", "YYYYMM", "202401"),
}


def file_month(
    path: Path | str, yyyymm: str, *, era: Era = "be", today: dt.date | None = None
) -> str:
    """The partition month ``YYYY-MM`` of a delivered file from the year and month in its name
    (BE by default), range-checked by :func:`ingestion.thai.year_month`.

    :raises ValueError: naming the file, what was found and what was expected (landing reports
        the file as an unrecognised delivery and goes on with the rest of the run).
    """
    try:
        month = year_month(yyyymm, era=era, today=today)
    except InvalidDateError as err:
        name, fmt, example = _ERA_FORMAT[era]
        raise ValueError(
            f"{Path(path).name}: the file name's month {yyyymm!r} is not a plausible "
            f"{name} year and month ({fmt}, e.g. {example}): "
            + str(err).removeprefix(f"{yyyymm!r}: ")
        ) from None
    return f"{month:%Y-%m}"


def file_year(path: Path | str, yyyy: str, *, era: Era = "be", today: dt.date | None = None) -> int:
    """The Christian-Era year of a delivered file from the (BE by default) year in its name,
    range-checked like :func:`file_month`."""
    try:
        if era == "be":
            return be_to_ce_year(be_year(yyyy, kind="event", today=today))
        return ce_year(yyyy, kind="event", today=today)
    except InvalidDateError as err:
        name = _ERA_FORMAT[era][0]
        raise ValueError(
            f"{Path(path).name}: the file name's year {yyyy!r} is not a plausible {name} "
            "year: " + str(err).removeprefix(f"{yyyy!r}: ")
        ) from None


def month_from_name(
    path: Path | str, pattern: re.Pattern[str], *, today: dt.date | None = None
) -> str:
    """The partition month of a file whose name's first group is ``BEYYYYMM``."""
    m = pattern.fullmatch(Path(path).name)
    if not m:
        raise ValueError(f"{path}: file name does not match {pattern.pattern}")
    return file_month(path, m.group(1), today=today)


def clean(col: str) -> pl.Expr:
    """Thai digits → Arabic, surrounding whitespace stripped, empty → null."""
    e = to_arabic_digits_expr(pl.col(col)).str.strip_chars()
    return pl.when(e != "").then(e)


def add_dates(
    df: pl.DataFrame,
    columns: Sequence[str],
    *,
    kind: DateKind = "event",
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Add ``<col>__date`` (Date, null if empty or invalid) and ``<col>__why`` (the reason a
    non-empty value is invalid, else null) for each column. ``kind`` is the kind of date
    (``"birth"`` or ``"event"``: see :func:`ingestion.thai.be_year`)."""
    out = []
    for c in columns:
        values = df.get_column(c)
        dates = parse_be_dates(values, kind=kind, today=today).alias(f"{c}__date")
        bad = values.filter(values.is_not_null() & dates.is_null()).unique().to_list()
        reasons = {v: _date_reason(v, kind, today) for v in bad}
        why = (
            values.replace_strict(reasons, default=None, return_dtype=pl.String)
            if reasons
            else (pl.Series([None] * df.height, dtype=pl.String))
        )
        out += [dates, why.alias(f"{c}__why")]
    return df.with_columns(out)


def _date_reason(value: str, kind: DateKind, today: dt.date | None) -> str:
    try:
        parse_be_date(value, kind=kind, today=today)
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


class SeenKeys:
    """The keys of the rows already accepted from one file, across its chunks (a 64-bit hash of
    the key and the line that first held it): memory stays ~16 bytes a row."""

    def __init__(self) -> None:
        self.frame = pl.DataFrame(schema={"__key": pl.UInt64, "__first": pl.Int64})


def mark_duplicates(
    df: pl.DataFrame, key: Sequence[pl.Expr], field: str, what: str, seen: SeenKeys
) -> pl.DataFrame:
    """After :func:`first_error`: a row that passed every check but repeats the key of an
    earlier accepted row of the file gets ``__field`` = ``field`` and a ``__reason`` naming that
    line ("duplicate of line 2: <what> twice in one file"). The lake keeps one row per key."""
    keyed = df.with_columns(__key=pl.struct(key).hash(seed=0))
    ok = keyed.filter(pl.col("__field").is_null())
    firsts = ok.group_by("__key").agg(__first=pl.col("_line").min())
    firsts = pl.concat([seen.frame, firsts]).group_by("__key").agg(pl.col("__first").min())
    seen.frame = firsts
    keyed = keyed.join(firsts, on="__key", how="left", maintain_order="left")
    dup = pl.col("__field").is_null() & (pl.col("_line") > pl.col("__first"))
    return keyed.with_columns(
        __field=pl.when(dup).then(pl.lit(field)).otherwise(pl.col("__field")),
        __reason=pl.when(dup)
        .then(pl.format(f"duplicate of line {{}}: {what} twice in one file", pl.col("__first")))
        .otherwise(pl.col("__reason")),
    ).drop("__key", "__first")


def csv_record(columns: Sequence[str], masked: dict[str, str] | None = None) -> pl.Expr:
    """Rebuild a CSV record from its (raw) fields, masking some: ``{"col": "id"|"text"}`` —
    ``id`` → 13 asterisks, ``text`` → one asterisk per character. An ID in any other field, in
    any form, is masked too (:func:`ingestion.thai.mask_national_ids`): a shifted column or a
    note must not carry one into quarantine."""
    masked = masked or {}
    parts = []
    for c in columns:
        e = pl.col(c).fill_null("")
        if masked.get(c) == "id":
            e = pl.when(e == "").then(pl.lit("")).otherwise(pl.lit(ID_MASK))
        elif masked.get(c) == "text":
            e = e.str.replace_all(r".", "*")
        else:
            e = mask_national_ids_expr(e)
        quoted = pl.concat_str(pl.lit('"'), e.str.replace_all('"', '""', literal=True), pl.lit('"'))
        parts.append(pl.when(e.str.contains(r'[,"\n\r]')).then(quoted).otherwise(e))
    return pl.concat_str(parts, separator=",")


def mask_free_text(expr: pl.Expr) -> pl.Expr:
    """Mask a record whose fields are unknown (ragged row): IDs in any form (13 digits, grouped,
    Thai digits) and every run of letters (names; also titles and provinces, which is the price
    of not knowing)."""
    return mask_national_ids_expr(expr).str.replace_all(r"[\p{L}\p{M}]+", "***")


def quarantine_frame(
    df: pl.DataFrame, rel: str, line: str, field: str, reason: str, record: pl.Expr
) -> pl.DataFrame:
    """Quarantine rows; a reason quoting a raw value has any ID in it masked."""
    return df.select(
        pl.lit(rel, pl.String).alias("_source_file"),
        pl.col(line).cast(pl.Int64).alias("_source_line"),
        pl.col(field).cast(pl.String).alias("field"),
        mask_national_ids_expr(pl.col(reason).cast(pl.String)).alias("reason"),
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
    result, so that an empty file still reports its reason). With ``skip_header``, line 1 is
    the file's header: not quarantined, accounted for as a control record."""
    error = mask_national_ids(str(err))  # a reason may quote a raw value
    reason = f"file quarantined: {error}"
    field = err.field or "file"
    yielded = False
    for first, piece in line_slices(line_blocks(path, data), chunk_lines, quoted=False):
        lines = piece.decode(encoding, errors="replace").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        frame = pl.DataFrame(
            {"_raw": [ln.removesuffix("\r") for ln in lines]}, schema={"_raw": pl.String}
        ).with_row_index("_line", offset=first)
        control = 0
        if skip_header and first == 1 and frame.height:
            frame, control = frame.slice(1), 1
        q = frame.select(
            pl.lit(rel, pl.String).alias("_source_file"),
            pl.col("_line").cast(pl.Int64).alias("_source_line"),
            pl.lit(field, pl.String).alias("field"),
            pl.lit(reason, pl.String).alias("reason"),
            mask(pl.col("_raw")).alias("record"),
        )
        yielded = True
        yield ParseResult(empty_rows(schema), q, q.height, error, rows_control=control)
    if not yielded:
        yield ParseResult(empty_rows(schema), empty_quarantine(), 0, error)


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
        rows_control=sum(r.rows_control for r in results),
    )


def process_csv_chunks(
    chunks: Iterable[CsvData | ParseResult],
    process: Callable[[CsvData], ParseResult],
    *,
    header_records: int = 1,
) -> Iterator[ParseResult]:
    """The results of a CSV file's chunks (:func:`read_registry_chunks`): each chunk of records
    through ``process``; a rejected file's results as they are. The first chunk accounts for the
    file's header row (``ParseResult.rows_control``, checked by row conservation against the
    records landing counts from the bytes); a rejected file's first result already does."""
    header = header_records
    for read in chunks:
        if isinstance(read, ParseResult):
            result = read
        else:
            result = process(read)
            result.rows_control += header
        header = 0
        del read  # hold no chunk while the next one is read
        yield result
        del result


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
