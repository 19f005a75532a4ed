"""NSO Labour Force Survey, second workbook a quarter (contracts §1.14) →
``raw/nso_lfs/labour_status``.

``nso_lfs/status_<BEYYYY>_q<N>.xlsx``, sheet ``ตาราง 2``: title rows (one names the quarter and
BE year, which must be the file name's), a Thai and an English header row (footnote marks such
as ``2/`` glued to labels are ignored), the kingdom total, then per region a subtotal row and its
provinces, then the notes (``หมายเหตุ``, ``ที่มา``, and what follows). Twelve counts of persons
a row (digits Thai or Arabic, thousands separators, ``-`` = 0).

The sheet is one unit, quarantined whole (its province rows, each with the reason) when it does
not reconcile: per row population 15+ = employed + unemployed + seasonally inactive + not in
the labour force, employed = agriculture + industry + services, informal in agriculture ≤
agriculture and the three informal-employment components ≤ employed; Σ provinces of a region =
its subtotal and Σ regions = the kingdom total, for every column; each of the 77 provinces once.
Rows after the table that are not notes are quarantined one by one. ``_source_line`` is the
spreadsheet row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingestion.readers import FileRejected
from ingestion.sources import ParseResult
from ingestion.sources._common import file_year
from ingestion.sources._workbook import (
    Located,
    Row,
    SheetError,
    read_rows,
    rejected,
    result,
)
from ingestion.thai import UnknownProvinceError, normalise_province, to_arabic_digits
from ingestion.thai.labels import strip_footnote
from ingestion.thai.provinces import (
    REGION_BANGKOK,
    REGION_CENTRAL,
    REGION_NORTH,
    REGION_NORTHEAST,
    REGION_SOUTH,
    provinces,
)

SOURCE = "nso_lfs"
ENTITY = "labour_status"
FILE_PATTERN = re.compile(r"status_(\d{4})_q([1-4])\.xlsx")
SHEET = "ตาราง 2"
TOTAL_LABEL = "ทั่วราชอาณาจักร"
REGIONS = tuple(
    thai
    for thai, _ in (REGION_BANGKOK, REGION_CENTRAL, REGION_NORTH, REGION_NORTHEAST, REGION_SOUTH)
)
FOOTER_PREFIXES = ("หมายเหตุ", "ที่มา")
N_PROVINCES = len(provinces())
# (lake column, Thai header, English header), in the sheet's order after the province column.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("population_15_plus", "ประชากรอายุ 15 ปีขึ้นไป", "Population aged 15+"),
    ("employed", "ผู้มีงานทำ", "Employed"),
    ("unemployed", "ผู้ว่างงาน", "Unemployed"),
    ("seasonally_inactive", "ผู้รอฤดูกาล", "Seasonally inactive"),
    ("not_in_labour_force", "ผู้ไม่อยู่ในกำลังแรงงาน", "Not in labour force"),
    ("employed_agriculture", "ภาคเกษตรกรรม", "Agriculture"),
    ("employed_industry", "ภาคอุตสาหกรรม", "Industry"),
    ("employed_services", "ภาคบริการ", "Services"),
    ("informal_agriculture", "แรงงานนอกระบบภาคเกษตรกรรม", "Informal in agriculture (NSO)"),
    (
        "employees_without_social_security",
        "ลูกจ้างที่ไม่มีประกันสังคม",
        "Employees without social security",
    ),
    (
        "own_account_informal_sector",
        "ผู้ทำงานส่วนตัวและนายจ้างในหน่วยผลิตที่ไม่จดทะเบียน",
        "Own-account workers and employers in informal-sector units",
    ),
    ("contributing_family_workers", "ผู้ช่วยธุรกิจครัวเรือน", "Contributing family workers"),
)
COLUMNS = tuple(m[0] for m in MEASURES)
HEADER_TH = ("จังหวัด", *(m[1] for m in MEASURES))
HEADER_EN = ("Province", *(m[2] for m in MEASURES))
SDG_COMPONENTS = COLUMNS[-3:]

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "year": pl.Int16(),
    "quarter": pl.Int8(),
    "province_code": pl.String(),
    **{c: pl.Int64() for c in COLUMNS},
}

__all__ = ["ENTITY", "SCHEMA", "SOURCE", "parse", "partition_month"]


def _year_quarter(path: Path | str, today: dt.date | None = None) -> tuple[int, int]:
    m = FILE_PATTERN.fullmatch(Path(path).name)
    if not m:
        raise ValueError(f"{path}: file name does not match {FILE_PATTERN.pattern}")
    return file_year(path, m.group(1), today=today), int(m.group(2))


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """First month of the quarter: ``status_2567_q2.xlsx`` → ``2024-04``; ValueError naming the
    file for a year that is not a plausible BE year (``status_2024_q2.xlsx``)."""
    year, quarter = _year_quarter(path, today)
    return f"{year:04d}-{3 * (quarter - 1) + 1:02d}"


def parse_count(value: str | None, row: int, field: str) -> int:
    """A count cell: digits (Thai or Arabic), thousands separators, ``-`` (or … ) = 0."""
    if value is None:
        raise SheetError(row, field, "empty cell")
    text = to_arabic_digits(value).strip().replace(",", "").replace(" ", "")
    if text in ("-", "–", "—", "…", "..."):
        return 0
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        return int(text.split(".")[0])
    raise SheetError(row, field, f"expected a count of persons or '-', got '{value}'")


@dataclass(frozen=True)
class RegionTable:
    """A sheet of the workbook laid out by region and province (§1.14): its name, its two
    header rows (after the province column), the lake columns of its counts, the identities
    every row must satisfy, and the lake schema."""

    sheet: str
    header_th: tuple[str, ...]
    header_en: tuple[str, ...]
    columns: tuple[str, ...]
    check_row: Callable[[int, dict[str, int]], None]
    schema: dict[str, pl.DataType]

    @property
    def width(self) -> int:
        return len(self.header_th)


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature."""
    return parse_table(path, rel, TABLE)


def parse_table(path: Path, rel: str, table: RegionTable) -> ParseResult:
    """Read one region-and-province sheet of ``status_<BEYYYY>_q<N>.xlsx`` into lake rows, or
    quarantine it whole (its province rows, with the reason)."""
    year, quarter = _year_quarter(rel)
    schema = table.schema
    try:
        # One cell more than the table: text in it is an extra column, never ignored.
        rows = read_rows(path, rel, table.sheet, table.width + 1)
    except FileRejected as err:
        return rejected(rel, str(err), err.field or "file", [], 0, schema)
    try:
        located = _locate(rows, table)
    except SheetError as err:
        # The table cannot be found: every non-empty row is quarantined (nothing is control).
        return rejected(rel, f"{rel}: {err}", err.field, rows, 0, schema)
    try:
        _check_title(located.titles, year, quarter)
        out = _table(located.body, rel, year, quarter, table)
    except SheetError as err:
        candidates = _province_rows(located.body) + located.stray
        control = len(rows) - len(candidates)
        return rejected(rel, f"{rel}: {err}", err.field, candidates, control, schema)
    return result(rel, located, out, len(out), schema)


def _clean(cell: str | None) -> str:
    return strip_footnote(cell or "")


def _locate(rows: list[Row], table: RegionTable) -> Located:
    """Titles above the Thai header row (found by its first label), the two header rows, the
    body (the rows right below, up to a gap or the notes), the notes, and stray rows between."""
    first = table.header_th[0]
    start = next((i for i, r in enumerate(rows) if _clean(r.cells[0]) == first), None)
    if start is None:
        raise SheetError(None, "header", f"header row not found (first label '{first}')")
    header = rows[start : start + 2]
    for k, want in enumerate((table.header_th, table.header_en)):
        got = tuple(_clean(c) for c in header[k].cells) if k < len(header) else ()
        if got != (*want, ""):
            number = header[k].number if k < len(header) else header[0].number + 1
            raise SheetError(number, "header", f"expected header {list(want)}, got {list(got)}")
    if header[1].number != header[0].number + 1:
        raise SheetError(header[0].number, "header", "the English header must follow the Thai one")
    rest = rows[start + 2 :]
    body: list[Row] = []
    for r in rest:
        expected = (body[-1].number if body else header[1].number) + 1
        if r.label.startswith(FOOTER_PREFIXES) or r.number != expected:
            break
        body.append(r)
    after = rest[len(body) :]
    at = next((i for i, r in enumerate(after) if r.label.startswith(FOOTER_PREFIXES)), None)
    footer = after[at:] if at is not None else []
    stray = after[:at] if at is not None else after
    return Located(rows[:start], header, body, footer, stray)


def _check_title(titles: list[Row], year: int, quarter: int) -> None:
    """The title must name the quarter and BE year of the file name (a CE year is an error)."""
    for r in titles:
        text = to_arabic_digits(r.label)
        q = re.search(r"ไตรมาสที่\s*(\d)", text)
        y = re.search(r"พ\.\s*ศ\.\s*(\d{4})", text)
        if q and y:
            if (int(q.group(1)), int(y.group(1))) != (quarter, year + 543):
                raise SheetError(
                    r.number,
                    "title",
                    f"title '{r.label}' does not match the file name "
                    f"(quarter {quarter} of {year + 543})",
                )
            return
    raise SheetError(None, "title", "no title row names the quarter (ไตรมาสที่ N พ.ศ. YYYY)")


def _province_rows(body: list[Row]) -> list[Row]:
    """The rows that would be province rows (for a sheet quarantined whole): all but the total
    and the first row of each region label (Bangkok's province row repeats its region's)."""
    seen: set[str] = set()
    out = []
    for r in body:
        label = _clean(r.cells[0])
        if label == TOTAL_LABEL or (label in REGIONS and label not in seen):
            seen.add(label)
            continue
        out.append(r)
    return out


def _counts(r: Row, table: RegionTable) -> list[int]:
    width = table.width
    if r.cells[width] is not None:
        raise SheetError(r.number, "row", f"a value beyond the {width} columns of the table")
    cells = r.cells[1:width]
    counts = [parse_count(v, r.number, c) for v, c in zip(cells, table.columns, strict=True)]
    table.check_row(r.number, dict(zip(table.columns, counts, strict=True)))
    return counts


def _check_row(row: int, v: dict[str, int]) -> None:
    """The identities every row (province, region or total) must satisfy."""
    parts = v["employed"] + v["unemployed"] + v["seasonally_inactive"] + v["not_in_labour_force"]
    if v["population_15_plus"] != parts:
        raise SheetError(
            row,
            "population_15_plus",
            f"population 15+ {v['population_15_plus']:,} does not equal employed + unemployed "
            f"+ seasonally inactive + not in the labour force ({parts:,})",
        )
    sectors = v["employed_agriculture"] + v["employed_industry"] + v["employed_services"]
    if v["employed"] != sectors:
        raise SheetError(
            row,
            "employed",
            f"employed {v['employed']:,} does not equal agriculture + industry + services "
            f"({sectors:,})",
        )
    if v["informal_agriculture"] > v["employed_agriculture"]:
        raise SheetError(
            row, "informal_agriculture", "informal in agriculture exceeds agricultural employment"
        )
    if sum(v[c] for c in SDG_COMPONENTS) > v["employed"]:
        raise SheetError(
            row, "employed", "the informal-employment components together exceed the employed"
        )


def _table(body: list[Row], rel: str, year: int, quarter: int, table: RegionTable) -> list[tuple]:
    if not body or _clean(body[0].cells[0]) != TOTAL_LABEL:
        got = body[0].label if body else "nothing"
        row = body[0].number if body else None
        raise SheetError(row, "province", f"expected the total row '{TOTAL_LABEL}', got '{got}'")
    total = _counts(body[0], table)
    regions: list[tuple[Row, list[int], list[tuple[Row, str, list[int]]]]] = []
    for r in body[1:]:
        label = _clean(r.cells[0])
        # Bangkok's province row repeats its region's label: a region label is a region row
        # only where that region comes next.
        if len(regions) < len(REGIONS) and label == REGIONS[len(regions)]:
            regions.append((r, _counts(r, table), []))
            continue
        if not regions:
            raise SheetError(
                r.number, "province", f"expected region '{REGIONS[0]}', got '{r.label}'"
            )
        if label in REGIONS[1:]:
            raise SheetError(r.number, "province", f"region '{r.label}' out of order")
        try:
            code = normalise_province(label)
        except UnknownProvinceError as err:
            raise SheetError(r.number, "province", f"unknown province: {err}") from None
        regions[-1][2].append((r, code, _counts(r, table)))
    if len(regions) != len(REGIONS):
        missing = list(REGIONS[len(regions) :])
        raise SheetError(None, "province", f"region rows missing: {missing}")
    for region_row, subtotal, members in regions:
        for k, column in enumerate(table.columns):
            s = sum(m[2][k] for m in members)
            if s != subtotal[k]:
                raise SheetError(
                    region_row.number,
                    column,
                    f"region '{region_row.label}' subtotal {subtotal[k]:,} does not equal the "
                    f"sum of its provinces {s:,}",
                )
    for k, column in enumerate(table.columns):
        s = sum(g[1][k] for g in regions)
        if s != total[k]:
            raise SheetError(
                body[0].number,
                column,
                f"kingdom total {total[k]:,} does not equal the sum of the regions {s:,}",
            )
    members = [m for g in regions for m in g[2]]
    seen: dict[str, int] = {}
    for r, code, _ in members:
        if code in seen:
            raise SheetError(
                r.number,
                "province",
                f"province listed twice: {code} (rows {seen[code]}, {r.number})",
            )
        seen[code] = r.number
    if len(seen) != N_PROVINCES:
        raise SheetError(None, "province", f"{len(seen)} provinces, expected {N_PROVINCES}")
    return [(rel, r.number, year, quarter, code, *counts) for r, code, counts in members]


TABLE = RegionTable(SHEET, HEADER_TH, HEADER_EN, COLUMNS, _check_row, SCHEMA)
