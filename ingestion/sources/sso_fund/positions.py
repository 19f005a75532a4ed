"""The fund's holdings by asset class (contracts §1.8, sheet ``สินทรัพย์ลงทุน`` of
``sso_fund/portfolio/portfolio_<BEYYYYMM>.xlsx``) → ``raw/sso_fund/positions``.

Layout: title rows (one names the month), a two-row header with merged cells (ประเภทสินทรัพย์ |
มูลค่าตามราคาตลาด over ล้านบาท and ร้อยละ | อัตราผลตอบแทนรายเดือน (ร้อยละ)), one row per asset
class, the total row ``รวมทั้งสิ้น``, then notes. The header is found by its labels, so extra title
rows and unmerged cells (a label repeated, or written in the lower cell) are read the same.

Control totals, or the sheet is quarantined whole: every one of the seven asset classes once and
no other; total value = Σ class values (to the satang of a million, 0.01); each weight = 100 ×
value / total (± 0.011, its rounding); the total row's return = Σ b·r / Σ b over the classes with
b = value / (1 + r) (± 0.0002 percentage points). ``_source_line`` is the spreadsheet row.
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
ENTITY = "positions"
SHEET = "สินทรัพย์ลงทุน"
TOTAL_LABEL = "รวมทั้งสิ้น"
VALUE_GROUP = "มูลค่าตามราคาตลาด"
RETURN_LABEL = "อัตราผลตอบแทนรายเดือน (ร้อยละ)"
HEADER = (
    HeaderColumn(frozenset({"ประเภทสินทรัพย์"})),
    HeaderColumn(frozenset({VALUE_GROUP, "ล้านบาท"})),
    HeaderColumn(frozenset({"ร้อยละ"}), frozenset({VALUE_GROUP})),
    HeaderColumn(frozenset({RETURN_LABEL})),
)
#: the workbook's label of each asset class → its code (seed ref_fund_asset_classes)
ASSET_CLASSES: dict[str, str] = {
    "เงินฝาก": "deposits",
    "พันธบัตรรัฐบาล": "government_bonds",
    "หุ้นกู้รัฐวิสาหกิจและหุ้นกู้เอกชน": "state_corporate_bonds",
    "ตราสารทุนในประเทศ": "domestic_equities",
    "ตราสารทุนต่างประเทศ": "foreign_equities",
    "ตราสารหนี้ต่างประเทศ": "foreign_bonds",
    "อสังหาริมทรัพย์และการลงทุนทางเลือก": "real_assets",
}
WEIGHT_TOLERANCE = Decimal("0.011")  # percentage points: a weight is rounded to 0.01
RETURN_TOLERANCE = Decimal("0.0002")  # percentage points: returns are rounded to 0.0001

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "report_month": pl.Date(),
    "asset_class_code": pl.String(),
    "asset_class_label": pl.String(),
    "market_value_million_baht": pl.Decimal(18, 2),
    "weight_pct": pl.Decimal(7, 2),
    "monthly_return_pct": pl.Decimal(9, 4),
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
        header_rows=2,
        end_label=TOTAL_LABEL,
        schema=SCHEMA,
        table=lambda located, month: _table(located, month, rel),
        is_data=lambda r: r.label != TOTAL_LABEL,
    )


def _table(located: Located, month: dt.date, rel: str) -> tuple[list[tuple], int]:
    *items, total_row = located.body
    seen: dict[str, int] = {}
    parsed: list[tuple[Row, str, Decimal, Decimal, Decimal]] = []
    for r in items:
        code = ASSET_CLASSES.get(r.label)
        if code is None:
            raise SheetError(
                r.number,
                "asset_class",
                f"unknown asset class '{r.label}' (known: {', '.join(ASSET_CLASSES)})",
            )
        if code in seen:
            raise SheetError(
                r.number, "asset_class", f"'{r.label}' listed twice (rows {seen[code]}, {r.number})"
            )
        seen[code] = r.number
        value = parse_amount(r.cells[1], r.number, "market_value_million_baht", 2)
        weight = parse_amount(r.cells[2], r.number, "weight_pct", 2)
        ret = parse_amount(r.cells[3], r.number, "monthly_return_pct", 4)
        if value < 0:
            raise SheetError(r.number, "market_value_million_baht", f"negative value {value}")
        parsed.append((r, code, value, weight, ret))
    missing = [label for label, code in ASSET_CLASSES.items() if code not in seen]
    if missing:
        raise SheetError(None, "asset_class", f"asset classes missing: {', '.join(missing)}")
    _reconcile(parsed, total_row)
    rows = [
        (rel, r.number, month, code, r.label, value, weight, ret)
        for r, code, value, weight, ret in parsed
    ]
    return rows, len(rows)


def _reconcile(parsed: list[tuple[Row, str, Decimal, Decimal, Decimal]], total_row: Row) -> None:
    n = total_row.number
    total = parse_amount(total_row.cells[1], n, "market_value_million_baht", 2)
    total_return = parse_amount(total_row.cells[3], n, "monthly_return_pct", 4)
    summed = sum((p[2] for p in parsed), Decimal(0))
    if summed != total:
        raise SheetError(
            n,
            "market_value_million_baht",
            f"total {total:,} does not equal the sum of the asset classes {summed:,}",
        )
    if total <= 0:
        raise SheetError(n, "market_value_million_baht", f"total {total} is not positive")
    for r, _code, value, weight, _ret in parsed:
        expected = 100 * value / total
        if abs(weight - expected) > WEIGHT_TOLERANCE:
            raise SheetError(
                r.number,
                "weight_pct",
                f"weight {weight} % is not the class's share of the total ({expected:.2f} %)",
            )
    start = [value / (1 + ret / 100) for _r, _c, value, _w, ret in parsed]
    expected_return = (
        100
        * sum((b * p[4] / 100 for b, p in zip(start, parsed, strict=True)), Decimal(0))
        / sum(start, Decimal(0))
    )
    if abs(total_return - expected_return) > RETURN_TOLERANCE:
        raise SheetError(
            n,
            "monthly_return_pct",
            f"total return {total_return} % is not the value-weighted return of the asset "
            f"classes ({expected_return:.4f} %)",
        )
