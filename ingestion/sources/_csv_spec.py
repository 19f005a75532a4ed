"""The generic, spec-driven CSV reader: a source whose spec says ``reader: {kind: csv}`` needs no
Python. One header row (the columns' ``header``), cp874 or UTF-8, comma-separated, RFC 4180.

Per column, in order: Thai digits → Arabic (numbers and dates always; text with
``thai_digits``), surrounding spaces stripped, empty → null; the normalisers (``province`` →
ISO code, ``be_date`` / ``iso_date`` → date, ``national_id`` → checked, ``no_spaces``); the
type; ``nullable``, ``regex``, ``values``, ``min``/``max``. A row failing any of them goes to
quarantine with the file, line, field and reason (its personal fields masked). Personal
columns: ``pseudonymise`` → the keyed HMAC ``person_key`` of the (checked) ID in the column's
place; ``drop`` → not in the lake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from ingestion.pseudonym import person_key
from ingestion.readers import FileRejected
from ingestion.readers.csv_cp874 import CsvData, read_csv_cp874
from ingestion.sources import ParseResult
from ingestion.sources._common import (
    add_dates,
    add_national_id,
    add_province,
    concat_results,
    csv_record,
    file_month,
    finish_csv,
    first_error,
    mask_free_text,
    process_csv_chunks,
    read_registry_chunks,
    rejected_file,
)
from ingestion.thai import (
    InvalidDateError,
    ce_year,
    compact_national_id_expr,
    to_arabic_digits_expr,
    year_bounds,
)

_DTYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "int8": pl.Int8(),
    "int16": pl.Int16(),
    "int32": pl.Int32(),
    "int64": pl.Int64(),
    "float64": pl.Float64(),
    "date": pl.Date(),
    "bool": pl.Boolean(),
}
_TRUE = ("true", "t", "yes", "y", "1", "ใช่", "จริง")
_FALSE = ("false", "f", "no", "n", "0", "ไม่ใช่", "ไม่จริง")


def lake_dtype(column: Any) -> pl.DataType:
    if column.type == "decimal":
        return pl.Decimal(column.precision, column.scale)
    return _DTYPES[column.type]


def lake_schema(entity: Any) -> dict[str, pl.DataType]:
    return {
        "_source_file": pl.String(),
        "_source_line": pl.Int64(),
        **{c.name: lake_dtype(c) for c in entity.lake_columns},
    }


class SpecCsvReader:
    """Has the parse-module interface (``partition_month``, ``parse``) for one spec'd entity."""

    def __init__(self, source: str, entity: Any) -> None:
        self.SOURCE, self.ENTITY, self.spec = source, entity.name, entity
        self.file_pattern = re.compile(entity.files.month_regex)
        self.schema = lake_schema(entity)
        self.names = [c.name for c in entity.columns]
        self.headers = [c.header or c.name for c in entity.columns]
        self.masked = {
            c.name: "id" if "national_id" in c.normalise or c.personal == "pseudonymise" else "text"
            for c in entity.columns
            if c.personal
        }

    def partition_month(self, path: Path | str, *, today: dt.date | None = None) -> str:
        """The file's partition from the year and month in its name (``month_format``: BE or
        CE), range-checked; :class:`ValueError` naming the file otherwise."""
        m = self.file_pattern.fullmatch(Path(path).name)
        if not m:
            raise ValueError(f"{path}: file name does not match {self.file_pattern.pattern}")
        digits = re.sub(r"\D", "", m.group(1))  # "2567-01" → "256701"
        era = "be" if self.spec.files.month_format == "be_yyyymm" else "ce"
        month = file_month(path, digits, era=era, today=today)
        if self.spec.partition == "quarterly":
            year, mm = int(month[:4]), int(month[5:])
            month = f"{year:04d}-{(mm - 1) // 3 * 3 + 1:02d}"
        return month

    def _ragged_mask(self, expr: pl.Expr) -> pl.Expr:
        return mask_free_text(expr) if self.masked else expr

    def parse(self, path: Path, rel: str, key: bytes) -> ParseResult:
        """The whole file as one result (see :meth:`parse_chunks` for big files)."""
        return concat_results(self.parse_chunks(path, rel, key), self.schema)

    def parse_chunks(
        self, path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None
    ) -> Iterator[ParseResult]:
        """One result per chunk of about ``chunk_lines`` lines, in file order; the first one
        accounts for a CSV file's header row (JSON-lines drops have none)."""
        yield from process_csv_chunks(
            self.read_chunks(path, rel, chunk_lines=chunk_lines),
            lambda read: self.process(read, rel, key),
            header_records=1 if self.spec.record_unit == "csv" else 0,
        )

    def read_chunks(
        self, path: Path, rel: str, *, chunk_lines: int | None = None
    ) -> Iterator[CsvData | ParseResult]:
        """:meth:`read`, streamed in chunks of records (or of the whole-file quarantine)."""
        yield from read_registry_chunks(
            path,
            rel,
            self.headers,
            self.names,
            self.schema,
            self._ragged_mask,
            encoding=self.spec.reader.encoding,
            chunk_lines=chunk_lines,
        )

    def read(self, path: Path, rel: str) -> CsvData | ParseResult:
        """The records as strings (``_line``, ``_raw``, one column per spec column), or the
        whole-file quarantine result."""
        encoding = self.spec.reader.encoding
        data = Path(path).read_bytes()
        try:
            return read_csv_cp874(
                path, self.headers, columns=self.names, file=rel, data=data, encoding=encoding
            )
        except FileRejected as err:
            return rejected_file(
                rel,
                data,
                err,
                self.schema,
                skip_header=True,
                mask=self._ragged_mask,
                encoding=encoding,
            )

    def process(self, csv: CsvData, rel: str, key: bytes) -> ParseResult:
        df = csv.rows
        checks: list[tuple[str, pl.Expr, pl.Expr]] = []
        values: dict[str, pl.Expr] = {}
        for c in self.spec.columns:
            df, value, col_checks = _column(df, c)
            checks += col_checks
            values[c.name] = value
        checked = first_error(df, checks)
        good = checked.filter(pl.col("__field").is_null())
        out = [
            pl.lit(rel, pl.String).alias("_source_file"),
            pl.col("_line").cast(pl.Int64).alias("_source_line"),
        ]
        for c in self.spec.lake_columns:
            out.append(values[c.name].alias(c.name))
        rows = good.select(out)
        for c in self.spec.lake_columns:
            if c.personal == "pseudonymise":
                rows = rows.with_columns(person_key(rows.get_column(c.name), key).alias(c.name))
        rows = rows.cast(self.schema)
        return finish_csv(csv, checked, rel, rows, self.record(), self._ragged_mask)

    def record(self) -> pl.Expr:
        """The quarantined record as text, personal fields masked."""
        return csv_record(self.names, self.masked)


def _say(before: str, value: pl.Expr, after: str) -> pl.Expr:
    """A reason naming the raw value (user text is never a format template)."""
    return pl.concat_str([pl.lit(before), value, pl.lit(after)])


def _add_ce_dates(df: pl.DataFrame, w: str, date_format: str) -> pl.DataFrame:
    """``<w>__date``: the Christian-Era date (``date_format``), and ``<w>__year``: why its year
    is out of range (a Buddhist-Era year such as 2567 written where CE is agreed), else null.
    Years are checked by the one rule (:func:`ingestion.thai.ce_year`), once per distinct
    year."""
    dates = df.get_column(w).str.to_date(date_format, strict=False).alias(f"{w}__date")
    years = dates.dt.year()
    low, high = year_bounds("event", era="ce")
    bad = years.filter(~years.is_between(low, high)).drop_nulls().unique().to_list()
    reasons = {y: _ce_year_problem(y) for y in bad}
    why = years.replace_strict(reasons, default=None, return_dtype=pl.String)
    return df.with_columns(dates, why.alias(f"{w}__year"))


def _ce_year_problem(year: int) -> str:
    text = f"{year:04d}"
    try:
        ce_year(text, kind="event")
    except InvalidDateError as err:
        return str(err).removeprefix(f"{text!r}: ")
    return f"year {year} is out of range"


def _column(df: pl.DataFrame, c: Any) -> tuple[pl.DataFrame, pl.Expr, list]:
    """Add the column's working columns; return its value expression and its checks."""
    name, raw = c.name, pl.col(c.name)
    w = f"__c_{name}"
    digits = c.type != "string" or "thai_digits" in c.normalise or "national_id" in c.normalise
    e = to_arabic_digits_expr(raw) if digits else raw
    e = e.str.strip_chars()
    if "national_id" in c.normalise:
        e = compact_national_id_expr(e)  # the one ID-cleaning rule (ingestion.thai)
    elif "no_spaces" in c.normalise:
        e = e.str.replace_all(r"[\s\-]", "")
    df = df.with_columns(pl.when(e != "").then(e).alias(w))
    shown = raw.fill_null("")
    checks: list[tuple[str, pl.Expr, pl.Expr]] = []
    if not c.nullable:
        checks.append((name, pl.col(w).is_null(), pl.lit(f"missing {name}")))
    value = pl.col(w)
    if "national_id" in c.normalise:
        df = add_national_id(df, w).rename({"__id_ok": f"{w}__ok", "__id_why": f"{w}__why"})
        checks.append((name, pl.col(w).is_not_null() & ~pl.col(f"{w}__ok"), pl.col(f"{w}__why")))
    if "province" in c.normalise:
        df = add_province(df, w).rename(
            {"__province": f"{w}__province", "__province_why": f"{w}__pwhy"}
        )
        checks.append(
            (
                name,
                pl.col(w).is_not_null() & pl.col(f"{w}__province").is_null(),
                pl.col(f"{w}__pwhy"),
            )
        )
        value = pl.col(f"{w}__province")
    if c.type == "date":
        # ``be_birth_date``: a BE birth date (two-digit years pivoted into the past, never in
        # the future); ``be_date``: any other BE date (an event). See ingestion.thai.be_year.
        if "be_birth_date" in c.normalise or "be_date" in c.normalise:
            kind = "birth" if "be_birth_date" in c.normalise else "event"
            df = add_dates(df, [w], kind=kind)
            value = pl.col(f"{w}__date")
            why = pl.col(f"{w}__why")
        else:
            df = _add_ce_dates(df, w, c.date_format)
            value = pl.when(pl.col(f"{w}__year").is_null()).then(pl.col(f"{w}__date"))
            why = (
                pl.when(pl.col(f"{w}__date").is_null())
                .then(_say("invalid date '", shown, f"' (expected {c.date_format})"))
                .otherwise(pl.concat_str([pl.lit("'"), shown, pl.lit("': "), pl.col(f"{w}__year")]))
            )
        checks.append((name, pl.col(w).is_not_null() & value.is_null(), why))
    elif c.type == "bool":
        low = pl.col(w).str.to_lowercase()
        value = pl.when(low.is_in(list(_TRUE))).then(True).when(low.is_in(list(_FALSE))).then(False)
        checks.append(
            (name, pl.col(w).is_not_null() & value.is_null(), _say("not a yes/no '", shown, "'"))
        )
    elif c.type != "string":
        dtype = lake_dtype(c)
        text = pl.col(w).str.replace_all(",", "", literal=True)
        value = text.cast(dtype, strict=False)
        checks.append(
            (
                name,
                pl.col(w).is_not_null() & value.is_null(),
                _say(f"expected {c.type}, got '", shown, "'"),
            )
        )
    if c.regex:
        checks.append(
            (
                name,
                pl.col(w).is_not_null()
                & ~value.cast(pl.String).str.contains(c.regex).fill_null(False),
                _say("'", shown, f"' does not match {c.regex}"),
            )
        )
    if c.values is not None:
        allowed = [str(v) for v in c.values]
        checks.append(
            (
                name,
                pl.col(w).is_not_null() & ~value.cast(pl.String).is_in(allowed).fill_null(False),
                _say("'", shown, f"' is not one of {', '.join(allowed)}"),
            )
        )
    if c.min is not None or c.max is not None:
        low = value < c.min if c.min is not None else pl.lit(False)
        high = value > c.max if c.max is not None else pl.lit(False)
        checks.append(
            (
                name,
                pl.col(w).is_not_null() & (low | high).fill_null(False),
                _say("'", shown, f"' is outside [{c.min}, {c.max}]"),
            )
        )
    return df, value, checks


class SpecJsonlReader(SpecCsvReader):
    """JSON-lines drops (written by the connectors): one JSON object per line; a column's
    ``header`` is its key (default: its name). Read strictly
    (:mod:`ingestion.readers.jsonl`): lines end at ``\\n`` only, each line is decoded as UTF-8
    without repair, and every physical line is counted (``rows_in`` = physical lines). A line
    that is empty, not UTF-8, not a JSON object, or the last line without a line end
    (truncated) is quarantined with its line number and the reason, field ``line``. An empty
    file (no lines) is reported as such. A drop lands in the partition its name gives: the
    month of the pull in Bangkok (:mod:`ingestion.connectors.drops`)."""

    CHUNK_LINES = 200_000

    def read_chunks(
        self, path: Path, rel: str, *, chunk_lines: int | None = None
    ) -> Iterator[CsvData | ParseResult]:
        """Chunks of about ``chunk_lines`` physical lines (streamed: a big SQL pull's drop
        never sits in memory whole)."""
        from ingestion.readers.jsonl import iter_json_lines

        size = chunk_lines or self.CHUNK_LINES
        batch: list[Any] = []
        any_line = False
        for line in iter_json_lines(path):
            batch.append(line)
            any_line = True
            if len(batch) >= size:
                yield self._chunk(batch, rel)
                batch = []
        if batch:
            yield self._chunk(batch, rel)
        elif not any_line:
            from ingestion.sources._common import empty_quarantine, empty_rows

            yield ParseResult(
                empty_rows(self.schema), empty_quarantine(), 0, f"{rel}: empty file: no lines"
            )

    def read(self, path: Path, rel: str) -> CsvData | ParseResult:
        """The whole file in one piece (see :meth:`read_chunks`)."""
        from ingestion.readers.jsonl import iter_json_lines

        lines = list(iter_json_lines(path))
        if not lines:
            return next(self.read_chunks(path, rel))
        return self._chunk(lines, rel)

    def _chunk(self, lines: list[Any], rel: str) -> CsvData:
        """Rows (``_line`` and one text column per spec column) and quarantined lines."""
        import json

        good: list[dict[str, Any]] = []
        bad: list[dict[str, Any]] = []
        for jl in lines:
            if jl.value is None:
                bad.append({"_line": jl.line, "_raw": jl.text, "_error_reason": jl.error})
                continue
            row: dict[str, Any] = {"_line": jl.line}
            for name, header in zip(self.names, self.headers, strict=True):
                v = jl.value.get(header)
                if isinstance(v, bool):
                    v = "true" if v else "false"
                elif isinstance(v, dict | list):
                    v = json.dumps(v, ensure_ascii=False)
                row[name] = None if v is None else str(v)
            good.append(row)
        schema = {"_line": pl.Int64, **{n: pl.String for n in self.names}}
        rows = pl.DataFrame(good, schema=schema) if good else pl.DataFrame(schema=schema)
        errors = pl.DataFrame(
            bad,
            schema={"_line": pl.Int64, "_raw": pl.String, "_error_reason": pl.String},
        ).select("_line", "_raw", pl.lit("line").alias("_error_field"), "_error_reason")
        return CsvData(rel, rows, errors)
