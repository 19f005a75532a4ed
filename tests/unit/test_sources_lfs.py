"""NSO LFS workbook parser and the Excel reader; workbooks written here with xlsxwriter."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from ingestion.readers import FileRejected, read_excel_table
from ingestion.sources.nso_lfs import labour_force as lfs
from ingestion.thai import provinces

REGIONS = ("กรุงเทพมหานคร", "ภาคกลาง", "ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคใต้")
REL = "nso_lfs/lfs_2567_q1.xlsx"


def table(lf=lambda i: 1000 + i, inf=lambda i: 500 + i) -> list[list]:
    """Rows below the English header: total, then regions and their provinces."""
    body: list[list] = []
    grand = [0, 0]
    for region in REGIONS:
        members = [p for p in provinces() if p.region_th == region]
        rows = []
        for p in members:
            n = int(p.numeric)
            a, b = lf(n), inf(n)
            label = p.name_th + (" 1/" if p.code == "TH-10" else "")
            rows.append([label, a, "-" if b == 0 else b])
        sub = [sum(r[1] for r in rows), sum(0 if r[2] == "-" else r[2] for r in rows)]
        grand = [grand[0] + sub[0], grand[1] + sub[1]]
        body.append([region, *sub])
        body += rows
    return [["ทั่วราชอาณาจักร", *grand], *body]


def write(path: Path, rows: list[list], title="การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ 1 พ.ศ. 2567"):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("ตาราง 1")
    top = [
        [title],
        ["ตาราง 1 กำลังแรงงานและแรงงานนอกระบบ จำแนกตามจังหวัด"],
        ["หน่วย: คน"],
        [],
        ["จังหวัด", "กำลังแรงงานรวม", "แรงงานนอกระบบ"],
        ["Province", "Labour force", "Informal employment"],
    ]
    foot = [[], ["หมายเหตุ: 1/ รวมเขตปริมณฑล"], ["ที่มา: สำนักงานสถิติแห่งชาติ"]]
    for r, row in enumerate(top + rows + foot):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()
    return path


def test_parses_77_provinces_with_spreadsheet_rows(tmp_path):
    path = write(tmp_path / "lfs_2567_q1.xlsx", table(inf=lambda i: 0 if i == 50 else 500 + i))
    assert lfs.partition_month(path) == "2024-01"
    res = lfs.parse(path, REL, b"k" * 16)
    assert res.file_error is None, res.file_error
    assert res.rows.height == 77 and res.rows_in == 77 and res.quarantine.height == 0
    assert dict(res.rows.schema) == lfs.SCHEMA
    bkk = res.rows.filter(pl.col("province_code") == "TH-10").row(0, named=True)
    # title 1, table title 2, unit 3, blank 4, Thai header 5, English 6, total 7, BKK region 8
    assert bkk["_source_line"] == 9 and bkk["labour_force"] == 1010
    assert bkk["year"] == 2024 and bkk["quarter"] == 1
    cm = res.rows.filter(pl.col("province_code") == "TH-50").row(0, named=True)
    assert cm["informal_workforce"] == 0  # '-' = 0


def test_subtotal_not_reconciling_quarantines_the_workbook(tmp_path):
    rows = table()
    north = next(i for i, r in enumerate(rows) if r[0] == "ภาคเหนือ")
    rows[north][1] += 1
    rows[0][1] += 1  # keep the kingdom total consistent with the regions
    res = lfs.parse(write(tmp_path / "lfs_2567_q1.xlsx", rows), REL, b"k" * 16)
    assert res.rows.height == 0 and res.quarantine.height == 77 and res.rows_in == 77
    assert "region 'ภาคเหนือ' subtotal" in res.file_error
    assert "does not equal the sum of its provinces" in res.file_error


def test_total_not_reconciling(tmp_path):
    rows = table()
    rows[0][2] += 5
    res = lfs.parse(write(tmp_path / "lfs_2567_q1.xlsx", rows), REL, b"k" * 16)
    assert "kingdom total" in res.file_error and "field informal_workforce" in res.file_error


def test_missing_province_is_a_file_error(tmp_path):
    rows = table()
    idx = next(i for i, r in enumerate(rows) if r[0] == "ลำปาง")
    lf_, inf_ = rows[idx][1], rows[idx][2]
    del rows[idx]
    north = next(i for i, r in enumerate(rows) if r[0] == "ภาคเหนือ")
    rows[north][1] -= lf_
    rows[north][2] -= inf_
    rows[0][1] -= lf_
    rows[0][2] -= inf_
    res = lfs.parse(write(tmp_path / "lfs_2567_q1.xlsx", rows), REL, b"k" * 16)
    assert res.file_error and "76 provinces, expected 77" in res.file_error


def test_title_quarter_must_match_file_name(tmp_path):
    path = write(tmp_path / "lfs_2567_q1.xlsx", table(), title="ไตรมาสที่ ๒ พ.ศ. ๒๕๖๗")
    res = lfs.parse(path, REL, b"k" * 16)
    assert res.file_error and "does not match the file name" in res.file_error


def test_footnote_marks_are_stripped():
    assert lfs.strip_footnote("กรุงเทพมหานคร 1/") == "กรุงเทพมหานคร"
    assert lfs.strip_footnote("ชลบุรี2/ *") == "ชลบุรี"


def test_excel_reader_locates_header_and_reports_missing_label(tmp_path):
    path = write(tmp_path / "lfs_2567_q1.xlsx", table())
    data = read_excel_table(path, "ตาราง 1", "จังหวัด", skip_after_header=1)
    assert data.header_row == 5
    assert data.rows.get_column("_row").item(0) == 7
    assert data.rows.get_column("c0").item(0) == "ทั่วราชอาณาจักร"
    with pytest.raises(FileRejected, match="header row with label 'Region' not found"):
        read_excel_table(path, "ตาราง 1", "Region")
    with pytest.raises(FileRejected, match="sheet 'Sheet9' not found"):
        read_excel_table(path, "Sheet9", "จังหวัด")
