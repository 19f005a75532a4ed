"""The fund's monthly cash flow (contracts §1.8, sheet ``กระแสเงินสด`` of
``sso_fund/portfolio/portfolio_<BEYYYYMM>.xlsx``) → ``raw/sso_fund/cash_flow``.

Layout: title rows (one names the month), a header row (รายการ | จำนวนเงิน), the group row
``เงินสมทบรับ`` (contributions received) with its subtotal and one row per section (มาตรา 33,
39, 40), the group row ``ประโยชน์ทดแทนจ่าย`` (benefits paid) with its subtotal and one row per
benefit type, the net row ``เงินสมทบรับสูง (ต่ำ) กว่าประโยชน์ทดแทนจ่าย``, then notes. Amounts are
million baht.

Control totals, or the sheet is quarantined whole: every item once, under its own group, and no
other; each group's subtotal = Σ its items; net = contributions − benefits (exact, to 0.01).
``_source_line`` is the spreadsheet row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl

from ingestion.sources import ParseResult
from ingestion.sources._workbook import (
    HeaderColumn,
    Located,
    Row,
    SheetError,
    parse_amount,
    parse_sheet,
)
from ingestion.sources.sso_fund._workbook import partition_month as partition_month

SOURCE = "sso_fund"
ENTITY = "cash_flow"
SHEET = "กระแสเงินสด"
HEADER = (HeaderColumn(frozenset({"รายการ"})), HeaderColumn(frozenset({"จำนวนเงิน"})))
NET_LABEL = "เงินสมทบรับสูง (ต่ำ) กว่าประโยชน์ทดแทนจ่าย"
#: group row label → (flow_group, {item label → flow code}), in the sheet's order
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "เงินสมทบรับ": (
        "contribution",
        {
            "มาตรา 33": "contribution_s33",
            "มาตรา 39": "contribution_s39",
            "มาตรา 40": "contribution_s40",
        },
    ),
    "ประโยชน์ทดแทนจ่าย": (
        "benefit",
        {
            "กรณีเจ็บป่วย": "benefit_sickness",
            "กรณีคลอดบุตร": "benefit_maternity",
            "กรณีทุพพลภาพ": "benefit_invalidity",
            "กรณีตาย": "benefit_death",
            "กรณีสงเคราะห์บุตร": "benefit_child_allowance",
            "กรณีชราภาพ": "benefit_old_age",
            "กรณีว่างงาน": "benefit_unemployment",
        },
    ),
}
AMOUNT = "amount_million_baht"

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "report_month": pl.Date(),
    "flow_group": pl.String(),
    "flow_code": pl.String(),
    "item_label": pl.String(),
    AMOUNT: pl.Decimal(18, 2),
}

__all__ = ["ENTITY", "SCHEMA", "SOURCE", "parse", "partition_month"]


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature."""
    return parse_sheet(
        path,
        rel,
        month=partition_month(rel),
        sheet=SHEET,
        width=len(HEADER),
        header=HEADER,
        header_rows=1,
        end_label=NET_LABEL,
        schema=SCHEMA,
        table=lambda located, month: _table(located, month, rel),
        is_data=lambda r: r.label not in GROUPS and r.label != NET_LABEL,
    )


def _table(located: Located, month: dt.date, rel: str) -> tuple[list[tuple], int]:
    *items, net_row = located.body
    group: str | None = None
    subtotals: dict[str, tuple[Row, Decimal]] = {}
    sums: dict[str, Decimal] = {}
    seen: dict[str, int] = {}
    rows: list[tuple] = []
    for r in items:
        if r.label in GROUPS:
            if r.label in subtotals:
                raise SheetError(r.number, "flow_group", f"group '{r.label}' listed twice")
            group = r.label
            subtotals[group] = (r, parse_amount(r.cells[1], r.number, AMOUNT, 2))
            sums[group] = Decimal(0)
            continue
        code = _flow_code(r, group)
        if code in seen:
            raise SheetError(
                r.number, "flow_code", f"'{r.label}' listed twice (rows {seen[code]}, {r.number})"
            )
        seen[code] = r.number
        amount = parse_amount(r.cells[1], r.number, AMOUNT, 2)
        if amount < 0:
            raise SheetError(r.number, AMOUNT, f"negative amount {amount}")
        assert group is not None  # _flow_code raised otherwise
        sums[group] += amount
        rows.append((rel, r.number, month, GROUPS[group][0], code, r.label, amount))
    expected = [label for _g, items_ in GROUPS.values() for label in items_]
    missing = [label for label in expected if _code_of(label) not in seen]
    if missing or len(subtotals) != len(GROUPS):
        what = missing or [g for g in GROUPS if g not in subtotals]
        raise SheetError(None, "flow_code", f"items missing: {', '.join(what)}")
    for label, (r, subtotal) in subtotals.items():
        if subtotal != sums[label]:
            raise SheetError(
                r.number,
                AMOUNT,
                f"subtotal of '{label}' {subtotal:,} does not equal the sum of "
                f"its items {sums[label]:,}",
            )
    contributions, benefits = (subtotals[g][1] for g in GROUPS)
    net = parse_amount(net_row.cells[1], net_row.number, AMOUNT, 2)
    if net != contributions - benefits:
        raise SheetError(
            net_row.number,
            AMOUNT,
            f"net {net:,} does not equal contributions {contributions:,} minus benefits "
            f"{benefits:,}",
        )
    return rows, len(rows)


def _code_of(label: str) -> str | None:
    for _flow_group, items in GROUPS.values():
        if label in items:
            return items[label]
    return None


def _flow_code(r: Row, group: str | None) -> str:
    if group is None:
        raise SheetError(
            r.number, "flow_group", f"'{r.label}' comes before any group row ({', '.join(GROUPS)})"
        )
    code = GROUPS[group][1].get(r.label)
    if code is None:
        where = " (under the wrong group)" if _code_of(r.label) else ""
        raise SheetError(r.number, "flow_code", f"unknown item '{r.label}' under '{group}'{where}")
    return code
