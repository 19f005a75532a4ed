"""What an agency's report workbook sheet shares with the others (first the fund's monthly workbook,
contracts §1.8; then the SSO HR welfare report and the LFS labour-status tables): the title rows
that must name the report's month, a header block located by its labels (merged or not),
numbers written as numbers or as text (Thai digits, thousands separators, ``(1.23)`` for a
negative, ``-`` for zero), and the accounting of every non-empty row for landing's independent
count (ingestion.landing.records): title, header, group, total and footer rows are control
records; the table's item rows are data; any other row is quarantined.

A sheet is one unit: its total (and subtotal) rows are control totals, so a sheet that does
not reconcile, or whose layout is not the agreed one, is quarantined whole.

Shared by the readers of several sources, so it lives beside ``_common`` and ``_csv_spec``; the
file-name pattern of each source (its month) stays in that source's reader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from ingestion.readers import FileRejected
from ingestion.readers.excel import read_sheet
from ingestion.sources import QUARANTINE_SCHEMA, ParseResult
from ingestion.sources._common import empty_rows
from ingestion.thai import InvalidDateError, mask_national_ids, parse_be_period, to_arabic_digits

FOOTER_PREFIXES = ("หมายเหตุ", "ที่มา")
_THAI_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
)
_TITLE_MONTH = re.compile(rf"({_THAI_MONTHS})\s*(?:พ\.\s*ศ\.)?\s*(\d{{4}})")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class SheetError(Exception):
    """Why a sheet is quarantined whole, with the spreadsheet row and field when known."""

    def __init__(self, row: int | None, field: str, reason: str) -> None:
        self.row, self.field, self.reason = row, field, reason
        where = f"row {row} " if row is not None else ""
        super().__init__(f"{where}field {field}: {reason}")


@dataclass(frozen=True)
class HeaderColumn:
    """What one column of the header block must say: ``required`` labels (each in some row of
    the block) and ``optional`` ones (a merged label repeated when the cells were unmerged)."""

    required: frozenset[str]
    optional: frozenset[str] = frozenset()


@dataclass
class Row:
    """A non-empty spreadsheet row: its number and its first ``width`` cells (stripped)."""

    number: int
    cells: tuple[str | None, ...]

    @property
    def label(self) -> str:
        return (self.cells[0] or "").strip()

    def record(self) -> str:
        return mask_national_ids(",".join("" if c is None else c for c in self.cells))


@dataclass
class Located:
    """A sheet's rows split by role (all non-empty rows, each in exactly one list)."""

    titles: list[Row]
    header: list[Row]
    body: list[Row]  # from below the header block to the end row (inclusive)
    footer: list[Row]
    stray: list[Row]  # after the table, not in the footer block


def read_rows(path: Path, rel: str, sheet: str, width: int) -> list[Row]:
    """Every non-empty row of the sheet (as the independent count sees them), cells as text.

    :raises FileRejected: unreadable workbook or missing sheet."""
    try:
        frame = read_sheet(path, sheet)
    except FileRejected as err:
        raise FileRejected(rel, err.line, err.field, err.reason) from None
    cols = [f"c{i}" for i in range(width)]
    frame = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in cols if c not in frame)
    # A row counts when any of its cells holds text, in any column (as landing counts it).
    filled = [c for c in frame.columns if c != "_row"]
    rows = []
    for values in frame.select("_row", *filled).iter_rows():
        if any(v is not None and v.strip() for v in values[1:]):
            by_name = dict(zip(filled, values[1:], strict=True))
            cells = tuple(_blank_to_none(by_name.get(c)) for c in cols)
            rows.append(Row(values[0], cells))
    return rows


def _blank_to_none(v: str | None) -> str | None:
    return v.strip() if v is not None and v.strip() else None


def locate(
    rows: Sequence[Row], header: Sequence[HeaderColumn], header_rows: int, end_label: str
) -> Located:
    """Find the header block (the first row holding any header label, and the rows below it),
    then the table down to the row labelled ``end_label``, then the footer block.

    :raises SheetError: no header, or a header block that is not the agreed one, or no end row.
    """
    labels = set().union(*(h.required | h.optional for h in header))
    start = next((i for i, r in enumerate(rows) if labels & {c for c in r.cells if c}), None)
    if start is None:
        raise SheetError(None, "header", f"header row not found (labels {sorted(labels)})")
    block = rows[start : start + header_rows]
    first = block[0].number
    if [r.number for r in block] != list(range(first, first + header_rows)):
        raise SheetError(first, "header", f"expected {header_rows} header rows, one under another")
    for k, col in enumerate(header):
        got = {r.cells[k] for r in block if r.cells[k]}
        if not col.required <= got <= col.required | col.optional:
            raise SheetError(
                first,
                "header",
                f"column {k + 1} of the header says {sorted(got)}, expected {sorted(col.required)}",
            )
    rest = rows[start + header_rows :]
    end = next((i for i, r in enumerate(rest) if r.label == end_label), None)
    if end is None:
        raise SheetError(None, "total", f"no '{end_label}' row: the table has no total")
    body, after = rest[: end + 1], rest[end + 1 :]
    footer_at = next((i for i, r in enumerate(after) if r.label.startswith(FOOTER_PREFIXES)), None)
    footer = after[footer_at:] if footer_at is not None else []
    stray = after[:footer_at] if footer_at is not None else after
    return Located(rows[:start], block, body, footer, stray)


def check_title(titles: Sequence[Row], month: str) -> None:
    """The title rows must name the report's month (Thai month name and BE year) and it must be
    the month of the file name."""
    for r in titles:
        m = _TITLE_MONTH.search(to_arabic_digits(r.label))
        if not m:
            continue
        try:
            named = parse_be_period(f"{m.group(1)} {m.group(2)}")
        except InvalidDateError as err:
            raise SheetError(r.number, "title", f"title month: {err}") from None
        if f"{named:%Y-%m}" != month:
            raise SheetError(
                r.number,
                "title",
                f"the title names {m.group(1)} {m.group(2)} ({named:%Y-%m}) but the file name "
                f"says {month}",
            )
        return
    raise SheetError(None, "title", "no title row names the report's month (e.g. มกราคม พ.ศ. 2567)")


def parse_amount(value: str | None, row: int, field: str, places: int) -> Decimal:
    """A number cell: digits (Thai or Arabic), thousands separators, ``(1.23)`` = -1.23,
    ``-`` = 0; rounded half up to ``places`` decimals (cells hold binary floats)."""
    if value is None:
        raise SheetError(row, field, "empty cell")
    text = to_arabic_digits(value).strip().replace(",", "").replace(" ", "")
    if text in ("-", "–", "—"):
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if not _NUMBER.fullmatch(text):
        raise SheetError(row, field, f"expected a number, got '{value}'")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise SheetError(row, field, f"expected a number, got '{value}'") from None
    number = -number if negative else number
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def result(
    rel: str,
    located: Located,
    rows: list[tuple],
    data_rows: int,
    schema: dict[str, pl.DataType],
) -> ParseResult:
    """A sheet that loaded: its data rows, stray rows quarantined, the rest control records."""
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    control = len(located.titles) + len(located.header) + len(located.footer)
    control += len(located.body) - data_rows
    quarantine = pl.DataFrame(
        {
            "_source_file": [rel] * len(located.stray),
            "_source_line": [r.number for r in located.stray],
            "field": ["row"] * len(located.stray),
            "reason": [
                f"row {r.number} stands after the end of the table (its total row), outside "
                "the notes"
                for r in located.stray
            ],
            "record": [r.record() for r in located.stray],
        },
        schema=QUARANTINE_SCHEMA,
    )
    return ParseResult(frame, quarantine, data_rows + len(located.stray), rows_control=control)


def rejected(
    rel: str,
    reason: str,
    field: str,
    candidates: Sequence[Row],
    control: int,
    schema: dict[str, pl.DataType],
) -> ParseResult:
    """The whole sheet quarantined: ``candidates`` (the rows that would be data) each with the
    sheet's reason; the other non-empty rows are control records."""
    reason = mask_national_ids(reason)
    q = pl.DataFrame(
        {
            "_source_file": [rel] * len(candidates),
            "_source_line": [r.number for r in candidates],
            "field": [field] * len(candidates),
            "reason": [f"file quarantined: {reason}"] * len(candidates),
            "record": [r.record() for r in candidates],
        },
        schema=QUARANTINE_SCHEMA,
    )
    return ParseResult(empty_rows(schema), q, q.height, reason, rows_control=control)


def parse_sheet(
    path: Path,
    rel: str,
    *,
    month: str,
    sheet: str,
    width: int,
    header: Sequence[HeaderColumn],
    header_rows: int,
    end_label: str,
    schema: dict[str, pl.DataType],
    table: Callable[[Located, dt.date], tuple[list[tuple], int]],
    is_data: Callable[[Row], bool],
) -> ParseResult:
    """Read one sheet of the workbook of ``month`` (YYYY-MM, from its file name): locate it, check
    the title, then let ``table`` turn the body into lake rows (returning them and the number of
    data rows) or raise SheetError, in which case the sheet is quarantined whole (its would-be
    data rows, by ``is_data``)."""
    try:
        rows = read_rows(path, rel, sheet, width)
    except FileRejected as err:
        return rejected(rel, str(err), err.field or "file", [], 0, schema)
    try:
        located = locate(rows, header, header_rows, end_label)
    except SheetError as err:
        # The table cannot be found: every non-empty row is quarantined (nothing is control).
        return rejected(rel, f"{rel}: {err}", err.field, rows, 0, schema)
    report_month = dt.date.fromisoformat(f"{month}-01")
    try:
        check_title(located.titles, month)
        out, data_rows = table(located, report_month)
    except SheetError as err:
        candidates = [r for r in located.body if is_data(r)] + located.stray
        control = len(rows) - len(candidates)
        return rejected(rel, f"{rel}: {err}", err.field, candidates, control, schema)
    return result(rel, located, out, data_rows, schema)
