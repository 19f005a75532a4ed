"""The independent worksheet row count (ingestion.landing.sheet_rows) says what openpyxl says,
on every workbook of the bad-input corpus and on hand-made edge cases, and 0 when unreadable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook

from ingestion.landing.sheet_rows import count_sheet_rows

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs"


def _openpyxl_count(path: Path, sheet: str) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in wb.sheetnames:
            return 0
        return sum(
            1
            for row in wb[sheet].iter_rows(values_only=True)
            if any(v is not None and str(v).strip() for v in row)
        )
    finally:
        wb.close()


def _sheets(path: Path) -> list[str]:
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:
        return []
    names = list(wb.sheetnames)
    wb.close()
    return names


WORKBOOKS = sorted(CORPUS.rglob("*.xlsx"))


def test_the_corpus_has_workbooks() -> None:
    assert len(WORKBOOKS) > 40


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_same_count_as_openpyxl(path: Path) -> None:
    for sheet in [*_sheets(path), "no such sheet"]:
        try:
            expected = _openpyxl_count(path, sheet)
        except Exception:
            expected = 0
        assert count_sheet_rows(path, sheet) == expected, sheet


def test_edge_cells(tmp_path: Path) -> None:
    """Whitespace-only text (shared and inline), an empty string, a formula without a cached
    value, zero, False, an error value and rows far apart."""
    path = tmp_path / "edge.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("แผ่น 1")
    ws.write_string(0, 0, "   ")  # blank
    ws.write_string(1, 3, "\u00a0ข้อความ ")  # text
    ws.write_number(2, 0, 0)  # zero counts
    ws.write_boolean(3, 1, False)  # False counts ("False")
    ws.write_formula(4, 0, "=1/0", None, "#DIV/0!")  # an error value counts
    ws.write_formula(5, 0, "=A3+1", None, "")  # no cached value: empty
    ws.write_string(6, 0, "")  # nothing written
    ws.write_string(70_000, 5, "ไกล")  # a row far below
    ws.write_string(8, 0, "_x0020_")  # literal text (the writer escapes it): counts
    wb.close()
    assert count_sheet_rows(path, "แผ่น 1") == _openpyxl_count(path, "แผ่น 1") == 6


def test_inline_strings_written_by_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "inline.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["a", None, 1])
    ws.append([None, None, None])
    ws.append([" ", None, None])
    ws.append([None, "b", None])
    wb.save(path)
    assert count_sheet_rows(path, "data") == _openpyxl_count(path, "data") == 2


def test_unreadable_counts_nothing(tmp_path: Path) -> None:
    not_zip = tmp_path / "a.xlsx"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    assert count_sheet_rows(not_zip, "x") == 0
    assert count_sheet_rows(tmp_path / "missing.xlsx", "x") == 0
    # a sheet whose XML is cut in half
    good = tmp_path / "good.xlsx"
    wb = xlsxwriter.Workbook(good)
    ws = wb.add_worksheet("s")
    for r in range(50):
        ws.write_string(r, 0, f"row {r}")
    wb.close()
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(cut, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    assert count_sheet_rows(good, "s") == 50
    assert count_sheet_rows(cut, "s") == 0
