"""Streaming the cp874 CSV reader in chunks: the same records and line numbers whatever the
chunk size, quoted line breaks never split, and every file-level problem found before the first
chunk (so that a problem at the end of a file cannot let its first chunks into the lake)."""

from __future__ import annotations

import polars as pl
import pytest

from ingestion.readers import FileRejected, read_csv_cp874
from ingestion.readers import csv_cp874 as reader
from ingestion.readers.csv_cp874 import iter_csv_cp874, line_blocks, line_slices

HEADERS = ("จังหวัด", "ชื่อ", "วันที่")
FILE = "sso_registry/x/x_256701.csv"


def cp874(*rows: str) -> bytes:
    return "".join(r + "\r\n" for r in rows).encode("cp874")


def body(n: int = 40) -> list[str]:
    """Records with quoted commas, doubled quotes, line breaks inside quotes (one record of three
    physical lines), ragged rows and an empty line, spread so that 7-line chunks cut near them."""
    rows = []
    for i in range(n):
        if i % 9 == 5:
            rows.append(f'"เชียง\r\nใหม่ {i}","a ""b"", c",๑๕/๐๑/๒๕๖๗')
        elif i % 13 == 6:
            rows.append(f'ลำปาง,"x\r\ny\r\nz {i}",')
        elif i % 11 == 3:
            rows.append(f"ragged,{i}")
        elif i == 17:
            rows.append("")
        else:
            rows.append(f'กทม.,"บริษัท {i}, จำกัด",01/02/2567')
    return rows


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(reader, "BLOCK_BYTES", 16)  # blocks cut mid-line, joined at line ends


def chunks(data: bytes, n: int) -> list:
    return list(iter_csv_cp874(FILE, HEADERS, columns=("p", "n", "d"), data=data, chunk_lines=n))


def test_any_chunk_size_gives_the_same_records_and_lines(small_blocks):
    data = cp874("จังหวัด,ชื่อ,วันที่", *body())
    whole = read_csv_cp874(FILE, HEADERS, columns=("p", "n", "d"), data=data)
    assert whole.records == 40 and whole.errors.height > 0
    for n in (1, 2, 3, 7, 1000):
        parts = chunks(data, n)
        assert len(parts) > 1 or n == 1000
        assert pl.concat([c.rows for c in parts]).equals(whole.rows)
        assert pl.concat([c.errors for c in parts]).equals(whole.errors)
        assert sum(c.records for c in parts) == 40


def test_physical_line_numbers_across_chunks(small_blocks):
    data = cp874("จังหวัด,ชื่อ,วันที่", *body())
    lines, physical = [], 2
    for row in body():
        lines.append(physical)
        physical += row.count("\r\n") + 1
    parts = chunks(data, 7)
    got = pl.concat([pl.concat([c.rows, c.errors], how="diagonal") for c in parts])
    assert sorted(got["_line"].to_list()) == lines
    # the record on line 2 + 5 starts a quoted field with a line break: whole in one chunk
    row = pl.concat([c.rows for c in parts]).filter(pl.col("_line") == lines[5]).row(0, named=True)
    assert row["p"] == "เชียง\nใหม่ 5" and row["n"] == 'a "b", c'


def test_a_quoted_line_break_straddling_a_cut_is_not_split():
    # chunk of 3 lines would cut inside the record on lines 3-4
    data = cp874("จังหวัด,ชื่อ,วันที่", "a,b,c", '"x\r\ny",b,c', "d,e,f", "g,h,i")
    slices = list(line_slices(line_blocks(data=data), 3, quoted=True))
    assert [first for first, _ in slices] == [1, 5]  # the cut moved past line 4
    assert slices[0][1].endswith(b'y",b,c\r\n')
    parts = chunks(data, 3)
    rows = pl.concat([c.rows for c in parts])
    assert rows["_line"].to_list() == [2, 3, 5, 6]
    assert rows["p"].to_list() == ["a", "x\ny", "d", "g"]


@pytest.mark.parametrize(
    ("tail", "match"),
    [
        (b"a,b,c", r"line 42: file truncated"),  # no CRLF after the last line
        (b"a,\x81,c\r\n", r"line 42: byte 0x81 at byte 3 of the line is not valid Windows-874"),
        (b"a,\x00,c\r\n", r"line 42: NUL byte"),
        (b'"a,b,c\r\nd,e,f\r\n', r"line 42: unterminated quoted field"),
    ],
)
def test_a_problem_at_the_end_rejects_before_the_first_chunk(small_blocks, tail, match):
    data = cp874("จังหวัด,ชื่อ,วันที่", *(f"ก,{i},ค" for i in range(40))) + tail
    it = iter_csv_cp874(FILE, HEADERS, data=data, chunk_lines=7)
    with pytest.raises(FileRejected, match=match):
        next(it)


def test_utf8_file_with_thai_only_late_is_rejected(small_blocks):
    data = ("จังหวัด,ชื่อ,วันที่\r\n".encode() + b"a,b,c\r\n" * 30) + "ก,ข,ค\r\n".encode()
    with pytest.raises(FileRejected, match="file is UTF-8"):
        chunks(data, 7)


def test_utf8_encoding_bad_byte_late_names_its_line(small_blocks):
    data = "จังหวัด,ชื่อ,วันที่\r\n".encode() + b"a,b,c\r\n" * 30 + b"a,\xff,c\r\n"
    with pytest.raises(FileRejected, match=r"line 32: not UTF-8: byte 0xff"):
        list(iter_csv_cp874(FILE, HEADERS, data=data, encoding="utf-8", chunk_lines=7))


def test_header_checked_once_and_reads_from_a_path(tmp_path, small_blocks):
    path = tmp_path / "x.csv"
    # a data row equal to the header after the first chunk is data, not a header
    path.write_bytes(cp874("จังหวัด,ชื่อ,วันที่", *(["a,b,c"] * 9), "จังหวัด,ชื่อ,วันที่"))
    parts = list(iter_csv_cp874(path, HEADERS, file=FILE, chunk_lines=3))
    assert sum(c.rows.height for c in parts) == 10
    path.write_bytes(cp874("จังหวัด,นามสกุล,วันที่", *(["a,b,c"] * 9)))
    with pytest.raises(FileRejected, match="header row"):
        next(iter_csv_cp874(path, HEADERS, file=FILE, chunk_lines=3))


def test_line_blocks_end_at_line_ends(small_blocks):
    data = b"abc\r\n" + b"x" * 50 + b"\r\nlast"
    blocks = list(line_blocks(data=data))
    assert b"".join(blocks) == data
    assert all(b.endswith(b"\n") for b in blocks[:-1]) and blocks[-1] == b"last"


def test_a_stray_quote_before_a_quoted_line_break_does_not_move_the_cut():
    # Counting quotes, the stray one on line 2 would make the cut after line 3 look "outside"
    # the quoted field that really spans lines 3-4, and split it.
    data = cp874("จังหวัด,ชื่อ,วันที่", 'a,3" ท่อ,c', '"x\r\ny",b,c', "d,e,f", "g,h,i")
    slices = list(line_slices(line_blocks(data=data), 3, quoted=True))
    assert [first for first, _ in slices] == [1, 5]
    parts = chunks(data, 3)
    assert pl.concat([c.rows for c in parts])["_line"].to_list() == [3, 5, 6]
    assert [e.line for c in parts for e in c.row_errors()] == [2]


def test_a_file_with_one_stray_quote_is_not_unterminated(small_blocks):
    data = cp874("จังหวัด,ชื่อ,วันที่", *(f"ก,{i},ค" for i in range(20)), 'ก,3",ค', "ก,x,ค")
    parts = chunks(data, 7)
    assert sum(c.rows.height for c in parts) == 21
    assert [e.line for c in parts for e in c.row_errors()] == [22]
