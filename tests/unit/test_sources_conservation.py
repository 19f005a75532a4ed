"""Every physical record of a delivered file is accounted for by its parser: as data (rows_in:
loaded or quarantined) or as a control record it consumed (rows_control: a header row, a header
record, title, total, subtotal and footer rows). Landing counts the records from the bytes with
its own counter (ingestion.landing.records); these tests hold the parsers to that count."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from ingestion.landing.records import count_file, count_sheet_rows
from ingestion.sources._common import concat_results
from ingestion.sources.nso_lfs import labour_force as lfs
from ingestion.sources.sso_efiling import contributions
from ingestion.sources.sso_registry import employers, insured
from tests.unit import test_sources_contributions as tc
from tests.unit import test_sources_lfs as tl
from tests.unit import test_sources_registry as tr

KEY = b"test-key-0123456789"


def _accounted(results) -> int:
    results = list(results)
    return sum(r.rows_in + r.rows_control for r in results)


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


REGISTRY = [
    ("good", [tr.INS_HEADER, *tr.GOOD], b"", "csv"),
    ("header only", [tr.INS_HEADER], b"", "csv"),
    ("ragged and bad rows", [tr.INS_HEADER, tr.GOOD[0], "1,2,3", f"{tr.ID_A},x"], b"", "csv"),
    ("quoted line break", [tr.INS_HEADER, tr.GOOD[0].replace("สมชาย", '"สม\r\nชาย"')], b"", "csv"),
    ("wrong header: rejected", [tr.INS_HEADER.replace("วันเกิด", "เกิด"), *tr.GOOD], b"", "lines"),
    ("truncated: rejected", [tr.INS_HEADER, *tr.GOOD], b"1,2", "lines"),
    ("empty: rejected", [], b"", "lines"),
]


@pytest.mark.parametrize(("case", "lines", "tail", "unit"), REGISTRY, ids=[c[0] for c in REGISTRY])
@pytest.mark.parametrize("chunk_lines", [2, 10_000])
def test_registry_accounts_for_every_record(tmp_path, case, lines, tail, unit, chunk_lines):
    data = "".join(ln + "\r\n" for ln in lines).encode("cp874") + tail
    path = _write(tmp_path / tr.REL, data)
    counted = count_file(path, csv=True).records(unit)
    assert _accounted(insured.parse_chunks(path, tr.REL, KEY, chunk_lines=chunk_lines)) == counted
    whole = insured.parse(path, tr.REL, KEY)
    assert whole.rows_in + whole.rows_control == counted


def test_employers_account_for_their_header(tmp_path):
    path = _write(
        tmp_path / "sso_registry/employers/employers_256701.csv",
        (tr.EMP_HEADER + "\r\n").encode("cp874"),
    )
    res = employers.parse(path, "sso_registry/employers/employers_256701.csv", KEY)
    assert (res.rows_in, res.rows_control) == (0, 1)


def test_contributions_account_for_their_header_record(tmp_path):
    good, rel = tc.write_file(tmp_path, tc.good_lines())
    no_header = tc.good_lines()[1:]
    bad, bad_rel = tc.write_file(tmp_path, no_header, be="256702", folder="256702")
    utf8 = _write(
        tmp_path / "sso_efiling/256703/SPS110_0105500001_000000_256703.txt",
        "".join(ln + "\r\n" for ln in tc.good_lines(period="0367")).encode("utf-8"),
    )
    paths = [good, bad, utf8]
    rels = [rel, bad_rel, "sso_efiling/256703/SPS110_0105500001_000000_256703.txt"]
    results = contributions.parse_many(paths, rels, KEY)
    assert [r.rows_control for r in results] == [1, 0, 1]
    for path, res in zip(paths, results, strict=True):
        assert res.rows_in + res.rows_control == count_file(path).lines
    assert results[1].file_error and "not a valid header" in results[1].file_error


def _lfs(tmp_path: Path, rows: list[list], **kw) -> tuple[Path, int]:
    path = tl.write(tmp_path / "lfs_2567_q1.xlsx", rows, **kw)
    return path, count_sheet_rows(path, lfs.SHEET)


def test_lfs_accounts_for_every_row(tmp_path):
    path, counted = _lfs(tmp_path, tl.table())
    res = lfs.parse(path, tl.REL, KEY)
    assert (res.rows_in, res.rows_control) == (77, counted - 77)
    assert counted == 3 + 2 + 83 + 2  # titles, headers, body, footer block


def test_lfs_quarantined_workbook_accounts_for_every_row(tmp_path):
    rows = tl.table()
    rows[1][1] += 1  # a region subtotal off by one
    path, counted = _lfs(tmp_path, rows)
    res = lfs.parse(path, tl.REL, KEY)
    assert res.file_error and res.rows_in == 77
    assert res.rows_in + res.rows_control == counted


def test_lfs_rows_after_a_blank_row_are_quarantined_not_dropped(tmp_path):
    rows = tl.table()
    rows.insert(50, [])  # a blank row inside the table: what follows was once ignored
    path, counted = _lfs(tmp_path, rows)
    res = lfs.parse(path, tl.REL, KEY)
    assert res.rows_in + res.rows_control == counted
    assert res.quarantine.height == res.rows_in > 77 - 50


def test_lfs_workbook_without_its_header_quarantines_every_row(tmp_path):
    rows = tl.table()
    path = tl.write(tmp_path / "lfs_2567_q1.xlsx", rows)
    # rewrite with the Thai header label misspelt
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(lfs.SHEET)
    for r, row in enumerate([["จังหวัดๆ", "x", "y"], *rows]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()
    res = lfs.parse(path, tl.REL, KEY)
    assert "header row" in res.file_error
    assert res.rows_in + res.rows_control == count_sheet_rows(path, lfs.SHEET) == len(rows) + 1


def test_concat_results_sums_control_records(tmp_path):
    path = _write(
        tmp_path / tr.REL,
        "".join(ln + "\r\n" for ln in [tr.INS_HEADER, *tr.GOOD]).encode("cp874"),
    )
    parts = list(insured.parse_chunks(path, tr.REL, KEY, chunk_lines=2))
    assert len(parts) > 1 and [p.rows_control for p in parts][:2] == [1, 0]
    assert concat_results(parts, insured.SCHEMA).rows_control == 1
