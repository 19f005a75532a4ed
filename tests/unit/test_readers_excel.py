"""Excel reader: workbooks written here with xlsxwriter (a header found by its label, wherever it
is; unreadable workbooks and sheets rejected, never a crash)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from ingestion.readers import FileRejected, read_excel_table

SHEET = "ตาราง 1"
FILE = "nso_lfs/lfs_2567_q1.xlsx"


def workbook(path: Path, rows: list[list], sheet: str = SHEET) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.close()
    return path


@pytest.mark.parametrize("titles", [0, 3])
def test_the_header_row_is_found_by_its_label_wherever_it_is(tmp_path, titles):
    rows = [[f"title {i}"] for i in range(titles)] + [
        ["จังหวัด", "กำลังแรงงานรวม"],
        ["Province", "Labour force"],
        ["เชียงใหม่", 1200],
    ]
    sheet = read_excel_table(
        workbook(tmp_path / "a.xlsx", rows), SHEET, "จังหวัด", file=FILE, skip_after_header=1
    )
    assert sheet.header_row == titles + 1
    assert sheet.title_rows == [f"title {i}" for i in range(titles)]
    assert sheet.rows.select("_row", "c0", "c1").rows() == [(titles + 3, "เชียงใหม่", "1200")]


def test_a_missing_header_label_rejects_the_workbook(tmp_path):
    path = workbook(tmp_path / "a.xlsx", [["ชื่อจังหวัด", "กำลังแรงงานรวม"], ["เชียงใหม่", 1]])
    with pytest.raises(FileRejected, match="header row with label 'จังหวัด' not found") as err:
        read_excel_table(path, SHEET, "จังหวัด", file=FILE)
    assert err.value.file == FILE


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "not a readable Excel workbook"),
        ("จังหวัด,กำลังแรงงานรวม\r\n".encode("cp874"), "not a readable Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_rejected(tmp_path, content, match):
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileRejected, match=match):
        read_excel_table(path, SHEET, "จังหวัด", file=FILE)


def test_a_corrupt_sheet_in_a_whole_workbook_is_rejected_not_a_crash(tmp_path):
    good = workbook(tmp_path / "good.xlsx", [["จังหวัด", "กำลังแรงงานรวม"], ["เชียงใหม่", 1]])
    out = io.BytesIO()
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(info, data)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(FileRejected, match=f"sheet '{SHEET}' cannot be read") as err:
        read_excel_table(path, SHEET, "จังหวัด", file=FILE)
    assert err.value.file == FILE


def test_a_missing_sheet_is_named(tmp_path):
    path = workbook(tmp_path / "a.xlsx", [["จังหวัด"]], sheet="Sheet1")
    with pytest.raises(FileRejected, match=r"sheet 'ตาราง 1' not found; sheets: \['Sheet1'\]"):
        read_excel_table(path, SHEET, "จังหวัด", file=FILE)
