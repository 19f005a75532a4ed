"""SSO staff welfare by office (contracts §1.12): ``sso_hr/welfare/welfare_<BEYYYYMM>.xlsx``,
sheet ``สวัสดิการบุคลากร`` → ``raw/sso_hr/welfare``.

Layout: title rows (one names the month: ``… ประจำเดือนมกราคม พ.ศ. 2567``), a unit row, one
header row (รหัสสำนักงาน | สำนักงาน | eight measures), one row per office, the total row
``รวมทั้งสิ้น``, then notes. Reads with the fund workbook's helpers (header located by its
labels, numbers as numbers or as text: Thai digits, thousands separators, ``-`` for zero).

Control totals, or the sheet is quarantined whole: every one of the 89 offices once and no
other; total row = Σ offices in each column; per office children ≤ places, health checks ≤
headcount, a loan amount only with loans (and loans only with an amount).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import polars as pl

from ingestion.readers import FileRejected
from ingestion.sources import ParseResult
from ingestion.sources._common import month_from_name
from ingestion.sources._workbook import (
    HeaderColumn,
    Located,
    SheetError,
    check_title,
    locate,
    parse_amount,
    read_rows,
    rejected,
    result,
)
from ingestion.thai import provinces

SOURCE = "sso_hr"
ENTITY = "welfare"
SHEET = "สวัสดิการบุคลากร"
TOTAL_LABEL = "รวมทั้งสิ้น"
FILE_PATTERN = re.compile(r"welfare_(\d{6})\.xlsx")
HEAD_OFFICE, HEAD_OFFICE_PROVINCE = "0000", "TH-12"  # the SSO's head office is in Nonthaburi
#: measure columns, in the workbook's order: (lake column, header label)
MEASURES: list[tuple[str, str]] = [
    ("headcount", "จำนวนบุคลากร (คน)"),
    ("childcare_places", "ที่นั่งศูนย์เด็กเล็ก"),
    ("childcare_children", "เด็กที่ใช้บริการ"),
    ("health_checks", "ตรวจสุขภาพ (คน)"),
    ("welfare_loans", "เงินกู้สวัสดิการ (ราย)"),
    ("welfare_loan_baht", "เงินกู้สวัสดิการ (บาท)"),
    ("fitness_visits", "ห้องออกกำลังกาย (ครั้ง)"),
    ("clinic_visits", "ห้องพยาบาล (ครั้ง)"),
]
HEADER = (
    HeaderColumn(frozenset({"รหัสสำนักงาน"})),
    HeaderColumn(frozenset({"สำนักงาน"})),
    *(HeaderColumn(frozenset({label})) for _, label in MEASURES),
)

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "report_month": pl.Date(),
    "office_code": pl.String(),
    "office_name": pl.String(),
    "office_kind": pl.String(),
    "province_code": pl.String(),
    "headcount": pl.Int32(),
    "childcare_places": pl.Int32(),
    "childcare_children": pl.Int32(),
    "health_checks": pl.Int32(),
    "welfare_loans": pl.Int32(),
    "welfare_loan_baht": pl.Int64(),
    "fitness_visits": pl.Int32(),
    "clinic_visits": pl.Int32(),
}

__all__ = ["ENTITY", "SCHEMA", "SOURCE", "office_codes", "parse", "partition_month"]


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """``welfare_256701.xlsx`` → ``2024-01``; ValueError naming the file otherwise."""
    return month_from_name(path, FILE_PATTERN, today=today)


def office_codes() -> dict[str, tuple[str, str]]:
    """Every SSO office code → (office kind, province code): the head office, Bangkok area
    offices 1-12, one provincial office per province outside Bangkok."""
    out = {HEAD_OFFICE: ("head_office", HEAD_OFFICE_PROVINCE)}
    out |= {f"10{k:02d}": ("bangkok_area", "TH-10") for k in range(1, 13)}
    out |= {f"{p.numeric}00": ("provincial", p.code) for p in provinces() if p.numeric != "10"}
    return out


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature."""
    month = partition_month(rel)
    width = len(HEADER)
    try:
        rows = read_rows(path, rel, SHEET, width)
    except FileRejected as err:
        return rejected(rel, str(err), err.field or "file", [], 0, SCHEMA)
    try:
        located = locate(rows, HEADER, 1, TOTAL_LABEL)
    except SheetError as err:
        return rejected(rel, f"{rel}: {err}", err.field, rows, 0, SCHEMA)
    report_month = dt.date.fromisoformat(f"{month}-01")
    try:
        check_title(located.titles, month)
        out = _table(located, report_month, rel)
    except SheetError as err:
        candidates = [r for r in located.body if r.label != TOTAL_LABEL] + located.stray
        control = len(rows) - len(candidates)
        return rejected(rel, f"{rel}: {err}", err.field, candidates, control, SCHEMA)
    return result(rel, located, out, len(out), SCHEMA)


def _table(located: Located, month: dt.date, rel: str) -> list[tuple]:
    *items, total_row = located.body
    known = office_codes()
    seen: dict[str, int] = {}
    out: list[tuple] = []
    sums = [Decimal(0)] * len(MEASURES)
    for r in items:
        code = r.label
        if code not in known:
            raise SheetError(r.number, "office_code", f"unknown office code '{code}'")
        if code in seen:
            raise SheetError(
                r.number,
                "office_code",
                f"office {code} listed twice (rows {seen[code]}, {r.number})",
            )
        seen[code] = r.number
        name = r.cells[1]
        if not name:
            raise SheetError(r.number, "office_name", "empty office name")
        values = [
            parse_amount(r.cells[2 + i], r.number, column, 0)
            for i, (column, _) in enumerate(MEASURES)
        ]
        v = dict(zip((c for c, _ in MEASURES), values, strict=True))
        for column, value in v.items():
            if value < 0:
                raise SheetError(r.number, column, f"negative value {value}")
        if v["childcare_children"] > v["childcare_places"]:
            raise SheetError(
                r.number,
                "childcare_children",
                f"{v['childcare_children']} children for {v['childcare_places']} places",
            )
        if v["health_checks"] > v["headcount"]:
            raise SheetError(
                r.number, "health_checks", f"{v['health_checks']} checks for {v['headcount']} staff"
            )
        if (v["welfare_loans"] > 0) != (v["welfare_loan_baht"] > 0):
            raise SheetError(
                r.number,
                "welfare_loan_baht",
                f"{v['welfare_loans']} loans but {v['welfare_loan_baht']} baht",
            )
        sums = [s + x for s, x in zip(sums, values, strict=True)]
        kind, province = known[code]
        out.append((rel, r.number, month, code, name, kind, province, *(int(x) for x in values)))
    missing = sorted(set(known) - set(seen))
    if missing:
        raise SheetError(
            None, "office_code", f"{len(missing)} offices missing: {', '.join(missing[:10])}"
        )
    for i, (column, label) in enumerate(MEASURES):
        total = parse_amount(total_row.cells[2 + i], total_row.number, column, 0)
        if total != sums[i]:
            raise SheetError(
                total_row.number,
                column,
                f"total of {label} {total:,} does not equal the sum of the offices {sums[i]:,}",
            )
    return out
