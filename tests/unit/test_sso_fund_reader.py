"""The fund workbook's readers (ingestion/sources/sso_fund): every non-empty sheet row accounted
for as landing counts it apart (openpyxl), numbers as clerks write them, file names."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingestion.landing.records import count_sheet_rows
from ingestion.sources._workbook import SheetError, parse_amount
from ingestion.sources.sso_fund import cash_flow, positions
from ingestion.sources.sso_fund._workbook import partition_month

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs"
CASES = [
    pytest.param(module, path, id=f"{module.ENTITY}/{path.parent.name}")
    for module, folder in ((positions, "sso_fund__positions"), (cash_flow, "sso_fund__cash_flow"))
    for path in sorted((CORPUS / folder).glob("*/*.xlsx"))
]


@pytest.mark.parametrize(("module", "path"), CASES)
def test_every_sheet_row_is_data_control_or_quarantined(module, path: Path) -> None:
    """records counted by landing = rows_in + rows_control, for good and bad workbooks alike,
    so row conservation holds whatever the reader decides."""
    result = module.parse(path, f"sso_fund/portfolio/{path.name}", b"")
    assert result.rows_in == result.rows.height + result.quarantine.height
    assert result.rows_in + result.rows_control == count_sheet_rows(path, module.SHEET)


def test_the_corpus_covers_both_sheets() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        ("2660000", 2, "2660000.00"),
        ("0.30000000000000004", 2, "0.30"),
        ("๗๙,๘๐๐.๐๐", 2, "79800.00"),
        ("(1.35)", 4, "-1.3500"),
        ("(๑.๓๕๐๐)", 4, "-1.3500"),
        ("-0.00005", 4, "-0.0001"),
        ("-", 2, "0.00"),
        ("1e-05", 4, "0.0000"),
    ],
)
def test_numbers_as_clerks_write_them(text: str, places: int, expected: str) -> None:
    assert parse_amount(text, 7, "x", places) == Decimal(expected)


@pytest.mark.parametrize("text", [None, "n/a", "1.2.3", "๑๒ล้าน", "()"])
def test_not_a_number_names_row_and_field(text: str | None) -> None:
    with pytest.raises(SheetError, match=r"row 9 field market_value_million_baht"):
        parse_amount(text, 9, "market_value_million_baht", 2)


def test_partition_month_from_the_file_name() -> None:
    assert partition_month("portfolio_256701.xlsx") == "2024-01"
    assert positions.partition_month(Path("x/portfolio_256812.xlsx")) == "2025-12"
    with pytest.raises(ValueError, match=r"portfolio_202401\.xlsx"):
        partition_month("portfolio_202401.xlsx")  # a CE year where BE is agreed
    with pytest.raises(ValueError, match="does not match"):
        partition_month("portfolio_2567-01.xlsx")
