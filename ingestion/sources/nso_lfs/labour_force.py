"""NSO Labour Force Survey workbooks (contracts §1.4) → ``raw/nso_lfs/labour_force``.

``nso_lfs/lfs_<BEYYYY>_q<N>.xlsx``, sheet ``ตาราง 1``: title rows, a Thai and an English header
row, the kingdom total, then per region a subtotal row followed by its provinces. Rows of the
lake table are the 77 provinces; the total and subtotals are control totals: Σ provinces of a
region = its subtotal and Σ regions = the kingdom total, or the workbook is quarantined whole.
``_source_line`` is the spreadsheet row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from ingestion.readers import FileRejected, read_excel_table
from ingestion.readers.excel import read_sheet
from ingestion.sources import QUARANTINE_SCHEMA, ParseResult
from ingestion.sources._common import empty_rows, file_year
from ingestion.thai import (
    UnknownProvinceError,
    mask_national_ids,
    normalise_province,
    to_arabic_digits,
)
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
ENTITY = "labour_force"
FILE_PATTERN = re.compile(r"lfs_(\d{4})_q([1-4])\.xlsx")
SHEET = "ตาราง 1"
HEADER_TH = ("จังหวัด", "กำลังแรงงานรวม", "แรงงานนอกระบบ")
HEADER_EN = ("Province", "Labour force", "Informal employment")
TOTAL_LABEL = "ทั่วราชอาณาจักร"
# The regions in the table's order; their labels are the provinces module's (NSO's five regions).
REGIONS = tuple(
    thai
    for thai, _ in (REGION_BANGKOK, REGION_CENTRAL, REGION_NORTH, REGION_NORTHEAST, REGION_SOUTH)
)
FOOTER_PREFIXES = ("หมายเหตุ", "ที่มา")
N_PROVINCES = len(provinces())
MEASURES = ("labour_force", "informal_workforce")

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "year": pl.Int16(),
    "quarter": pl.Int8(),
    "province_code": pl.String(),
    "labour_force": pl.Int64(),
    "informal_workforce": pl.Int64(),
}


class _FileError(Exception):
    def __init__(self, row: int | None, field: str, reason: str) -> None:
        self.row, self.field, self.reason = row, field, reason
        where = f"row {row} " if row is not None else ""
        super().__init__(f"{where}field {field}: {reason}" if field else f"{where}{reason}")


def _year_quarter(path: Path | str, today: dt.date | None = None) -> tuple[int, int]:
    m = FILE_PATTERN.fullmatch(Path(path).name)
    if not m:
        raise ValueError(f"{path}: file name does not match {FILE_PATTERN.pattern}")
    return file_year(path, m.group(1), today=today), int(m.group(2))


def partition_month(path: Path, *, today: dt.date | None = None) -> str:
    """First month of the quarter: ``lfs_2567_q2.xlsx`` → ``2024-04``; ValueError naming the
    file for a year that is not a plausible BE year (``lfs_2024_q2.xlsx``)."""
    year, quarter = _year_quarter(path, today)
    return f"{year:04d}-{3 * (quarter - 1) + 1:02d}"


def parse_count(value: str | None, row: int, field: str) -> int:
    """A count cell: digits (Thai or Arabic), thousands separators, ``-`` = 0."""
    if value is None:
        raise _FileError(row, field, "empty cell")
    text = to_arabic_digits(value).strip().replace(",", "")
    if text in ("-", "–", "—"):
        return 0
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        return int(text.split(".")[0])
    raise _FileError(row, field, f"expected a count of persons or '-', got '{value}'")


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature.

    Every non-empty row of the sheet is accounted for (row conservation counts them apart,
    with another Excel reader): title, header, total and region rows and the footer block
    (``หมายเหตุ``/``ที่มา`` and what follows) are control records; province rows are data; any
    other row (after a blank row that ended the table, say) is quarantined, never dropped."""
    year, quarter = _year_quarter(rel)
    try:
        sheet = read_excel_table(path, SHEET, HEADER_TH[0], file=rel, skip_after_header=1)
    except FileRejected as err:
        return _quarantined(_every_row(path), rel, str(err), "file", control=0)
    header_control = len(sheet.title_rows) + sum(_filled(h) for h in sheet.headers)
    present = [c for c in ("c0", "c1", "c2") if c in sheet.rows.columns]
    # A missing column still leaves the table to locate: its province rows are quarantined.
    table = sheet.rows.select("_row", *present).with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("c0", "c1", "c2") if c not in present
    )
    filled = [(row[0], _record(row[1:])) for row in sheet.rows.iter_rows() if _filled(row[1:])]
    raw_rows = [
        (r, strip_footnote(lbl) if lbl else lbl, lbl, a, b) for r, lbl, a, b in table.iter_rows()
    ]
    # Keep the table body: up to the first blank row or footer after the data.
    body: list[tuple[int, str, str, str | None, str | None]] = []
    for r, lbl, raw, a, b in raw_rows:
        if not lbl:
            if body:
                break
            continue
        if lbl.startswith(FOOTER_PREFIXES):
            break
        body.append((r, lbl, raw, a, b))
    footer, stray = _after_body(filled, body, table)
    control = header_control + len(footer)
    try:
        if len(present) < 3:
            raise _FileError(
                sheet.header_row,
                "header",
                f"sheet '{SHEET}' has {len(present)} columns, expected 3",
            )
        _check_headers(sheet.headers, sheet.header_row)
        _check_title(sheet.title_rows, year, quarter)
        rows, province_rows = _reconcile(body, rel, year, quarter)
    except _FileError as err:
        candidates = _candidate_rows(body)
        control += len(body) - len(candidates)
        return _quarantined(
            candidates + stray, rel, f"{rel}: {err}", err.field or "file", control=control
        )
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    control += len(body) - province_rows
    quarantine = pl.DataFrame(
        {
            "_source_file": [rel] * len(stray),
            "_source_line": [r for r, _ in stray],
            "field": ["province"] * len(stray),
            "reason": [
                f"row {r} stands after the end of the table (a blank row or a footer ends it)"
                for r, _ in stray
            ],
            "record": [mask_national_ids(rec) for _, rec in stray],
        },
        schema=QUARANTINE_SCHEMA,
    )
    return ParseResult(frame, quarantine, province_rows + len(stray), rows_control=control)


def _filled(cells: Sequence[object]) -> bool:
    """A non-empty row, as the independent count sees it (ingestion.landing.records)."""
    return any(c is not None and str(c).strip() for c in cells)


def _record(cells: Sequence[object]) -> str:
    return ",".join("" if c is None else str(c) for c in cells[:3])


def _after_body(
    filled: list[tuple[int, str]], body: list, table: pl.DataFrame
) -> tuple[list[int], list[tuple[int, str]]]:
    """Non-empty rows outside the body: (the footer block's rows, stray rows)."""
    in_body = {b[0] for b in body}
    last = body[-1][0] if body else 0
    labels = dict(table.select("_row", "c0").iter_rows())
    footer_start = next(
        (
            r
            for r, _ in filled
            if r > last and (labels.get(r) or "").strip().startswith(FOOTER_PREFIXES)
        ),
        None,
    )
    footer = [r for r, _ in filled if footer_start is not None and r >= footer_start]
    stray = [(r, rec) for r, rec in filled if r not in in_body and r not in set(footer)]
    return footer, stray


def _every_row(path: Path) -> list[tuple[int, str]]:
    """Every non-empty row of the sheet, for a workbook rejected whole (none if unreadable)."""
    try:
        frame = read_sheet(path, SHEET)
    except FileRejected:
        return []
    return [(row[0], _record(row[1:])) for row in frame.iter_rows() if _filled(row[1:])]


def _check_headers(headers: list[list[str | None]], header_row: int) -> None:
    for k, want in enumerate((HEADER_TH, HEADER_EN)):
        got = tuple((h or "").strip() for h in (headers[k][:3] if k < len(headers) else ()))
        if got != want:
            raise _FileError(
                header_row + k, "header", f"expected header {list(want)}, got {list(got)}"
            )


def _check_title(titles: list[str], year: int, quarter: int) -> None:
    """If the title names a quarter and BE year, they must match the file name."""
    for t in titles:
        t = to_arabic_digits(t)
        q = re.search(r"ไตรมาสที่\s*(\d)", t)
        y = re.search(r"พ\.\s*ศ\.\s*(\d{4})", t)
        if q and y and (int(q.group(1)), int(y.group(1))) != (quarter, year + 543):
            raise _FileError(
                None,
                "title",
                f"title '{t}' does not match the file name (quarter {quarter} of {year + 543})",
            )


def _candidate_rows(body: list) -> list[tuple[int, str]]:
    """Rows that would be province rows (for whole-file quarantine): all but the total and the
    first occurrence of each region label."""
    seen: set[str] = set()
    out = []
    for r, lbl, raw, a, b in body:
        if lbl == TOTAL_LABEL:
            continue
        if lbl in REGIONS and lbl not in seen:
            seen.add(lbl)
            continue
        out.append((r, f"{raw},{a or ''},{b or ''}"))
    return out


def _reconcile(body: list, rel: str, year: int, quarter: int) -> tuple[list[tuple], int]:
    if not body or body[0][1] != TOTAL_LABEL:
        row = body[0][0] if body else None
        got = body[0][2] if body else "nothing"
        raise _FileError(row, "province", f"expected the total row '{TOTAL_LABEL}', got '{got}'")
    total_row = body[0]
    total = [parse_count(total_row[3 + k], total_row[0], MEASURES[k]) for k in range(2)]
    region_index = 0
    regions: list[dict] = []
    current: dict | None = None
    for r, lbl, raw, a, b in body[1:]:
        # Regions come in a fixed order; Bangkok's province row repeats its region's label but
        # comes after it, when the next expected region is already ภาคกลาง.
        if region_index < len(REGIONS) and lbl == REGIONS[region_index]:
            current = {
                "label": lbl,
                "row": r,
                "sub": [parse_count(v, r, m) for v, m in zip((a, b), MEASURES, strict=True)],
                "provinces": [],
            }
            regions.append(current)
            region_index += 1
            continue
        if current is None:
            raise _FileError(r, "province", f"expected region '{REGIONS[0]}', got '{raw}'")
        if lbl in REGIONS[1:]:
            raise _FileError(r, "province", f"region '{raw}' out of order")
        try:
            code = normalise_province(lbl)
        except UnknownProvinceError as err:
            raise _FileError(r, "province", f"unknown province: {err}") from None
        counts = [parse_count(v, r, m) for v, m in zip((a, b), MEASURES, strict=True)]
        current["provinces"].append((r, code, *counts))
    if [g["label"] for g in regions] != list(REGIONS):
        missing = [x for x in REGIONS if x not in [g["label"] for g in regions]]
        raise _FileError(None, "province", f"region rows missing: {missing}")
    for g in regions:
        for k, measure in enumerate(MEASURES):
            s = sum(p[2 + k] for p in g["provinces"])
            if s != g["sub"][k]:
                raise _FileError(
                    g["row"],
                    measure,
                    f"region '{g['label']}' subtotal {g['sub'][k]:,} does not equal the sum of "
                    f"its provinces {s:,}",
                )
    for k, measure in enumerate(MEASURES):
        s = sum(g["sub"][k] for g in regions)
        if s != total[k]:
            raise _FileError(
                total_row[0],
                measure,
                f"kingdom total {total[k]:,} does not equal the sum of the regions {s:,}",
            )
    provinces = [p for g in regions for p in g["provinces"]]
    codes = [p[1] for p in provinces]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        rows = [p[0] for p in provinces if p[1] in dupes]
        raise _FileError(rows[-1], "province", f"province listed twice: {', '.join(dupes)}")
    if len(codes) != N_PROVINCES:
        raise _FileError(None, "province", f"{len(codes)} provinces, expected {N_PROVINCES}")
    rows = [(rel, r, year, quarter, code, lf, inf) for r, code, lf, inf in provinces]
    return rows, len(rows)


def _quarantined(
    candidates: list[tuple[int, str]], rel: str, reason: str, field: str, *, control: int
) -> ParseResult:
    q = pl.DataFrame(
        {
            "_source_file": [rel] * len(candidates),
            "_source_line": [r for r, _ in candidates],
            "field": [field] * len(candidates),
            "reason": [mask_national_ids(f"file quarantined: {reason}")] * len(candidates),
            "record": [mask_national_ids(rec) for _, rec in candidates],
        },
        schema=QUARANTINE_SCHEMA,
    )
    return ParseResult(
        empty_rows(SCHEMA), q, q.height, mask_national_ids(reason), rows_control=control
    )
