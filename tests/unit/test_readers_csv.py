"""cp874 CSV reader: fixtures written by hand in Windows-874 bytes."""

from __future__ import annotations

import pytest

from ingestion.readers import FileRejected, read_csv_cp874

HEADERS = ("จังหวัด", "ชื่อ", "วันที่")
FILE = "sso_registry/x/x_256701.csv"


def cp874(*rows: str) -> bytes:
    return "".join(r + "\r\n" for r in rows).encode("cp874")


def test_reads_strings_with_physical_line_numbers_and_quoted_newlines():
    data = read_csv_cp874(
        FILE,
        HEADERS,
        columns=("p", "n", "d"),
        data=cp874(
            "จังหวัด,ชื่อ,วันที่",
            'กทม.,"บริษัท ก, จำกัด",๑๕/๐๑/๒๕๖๗',
            '"เชียง\r\nใหม่","a ""b""",01/02/2567',
            "ลำปาง,,",
        ),
    )
    assert data.rows.get_column("_line").to_list() == [2, 3, 5]
    assert data.rows.get_column("n").to_list() == ["บริษัท ก, จำกัด", 'a "b"', None]
    assert data.rows.get_column("d").to_list()[0] == "๑๕/๐๑/๒๕๖๗"
    assert data.errors.height == 0


def test_ragged_row_is_a_row_error_not_a_crash():
    data = read_csv_cp874(FILE, HEADERS, data=cp874("จังหวัด,ชื่อ,วันที่", "a,b", "a,b,c", "a,b,c,d", ""))
    errs = data.row_errors()
    assert [(e.line, e.reason) for e in errs] == [
        (2, "expected 3 fields, got 2"),
        (4, "expected 3 fields, got 4"),
        (5, "empty line"),
    ]
    assert data.rows.get_column("_line").to_list() == [3]
    assert data.records == 4


def test_header_mismatch_rejects_the_file():
    with pytest.raises(FileRejected, match=r"line 1 field column 2: .*expected 'ชื่อ', got 'นามสกุล'"):
        read_csv_cp874(FILE, HEADERS, data=cp874("จังหวัด,นามสกุล,วันที่", "a,b,c"))


def test_utf8_file_is_rejected():
    with pytest.raises(FileRejected, match="UTF-8"):
        read_csv_cp874(FILE, HEADERS, data="จังหวัด,ชื่อ,วันที่\r\nก,ข,ค\r\n".encode())


def test_windows_874_bytes_0x80_0x9f_decode_as_punctuation_not_tis620_controls():
    # 0x93/0x94 are curly quotes and 0x96 an en dash in Windows-874; tis-620 maps them to C1
    # control characters (U+0093 …), which is the pitfall.
    raw = cp874("จังหวัด,ชื่อ,วันที่") + b"\x93\xa1\x94 \x96 \x80,x,y\r\n"
    assert "\x93" in raw.decode("tis-620")
    data = read_csv_cp874(FILE, HEADERS, data=raw)
    assert data.rows.get_column(HEADERS[0]).to_list() == ["“ก” – €"]


def test_undefined_byte_names_the_line():
    raw = cp874("จังหวัด,ชื่อ,วันที่", "a,b,c") + b"a,\x9f,c\r\n"
    with pytest.raises(FileRejected, match=r"line 3: byte 0x9F .* not valid Windows-874"):
        read_csv_cp874(FILE, HEADERS, data=raw)


def test_truncated_file_is_rejected():
    raw = cp874("จังหวัด,ชื่อ,วันที่", "a,b,c") + "a,b,15/0".encode("cp874")
    with pytest.raises(FileRejected, match=r"line 3: file truncated"):
        read_csv_cp874(FILE, HEADERS, data=raw)


def test_unterminated_quote_is_rejected():
    raw = cp874("จังหวัด,ชื่อ,วันที่", 'a,"b,c')
    with pytest.raises(FileRejected, match="line 2: unterminated quoted field"):
        read_csv_cp874(FILE, HEADERS, data=raw)


def test_a_bom_in_front_of_windows_874_is_named_as_such():
    raw = b"\xef\xbb\xbf" + cp874("จังหวัด,ชื่อ,วันที่", "ก,ข,ค")
    with pytest.raises(FileRejected, match=r"byte-order mark .* the rest is not UTF-8"):
        read_csv_cp874(FILE, HEADERS, data=raw)


def test_a_utf8_export_with_a_bom_is_named_utf8():
    raw = b"\xef\xbb\xbf" + "จังหวัด,ชื่อ,วันที่\r\nก,ข,ค\r\n".encode()
    with pytest.raises(FileRejected, match=r"file is UTF-8 \(with a byte-order mark\)"):
        read_csv_cp874(FILE, HEADERS, data=raw)


def test_a_utf8_source_may_start_with_a_bom():
    raw = b"\xef\xbb\xbf" + "จังหวัด,ชื่อ,วันที่\r\nก,ข,ค\r\n".encode()
    data = read_csv_cp874(FILE, HEADERS, data=raw, encoding="utf-8")
    assert data.rows.get_column("ชื่อ").to_list() == ["ข"]


STRAY = "a double quote inside a field that is not quoted"


def test_a_stray_quote_is_a_row_error_and_glues_no_lines_together():
    # An inch mark in an unquoted field is text, not a quote opening a field: counting it
    # would make lines 2-4 one record (and, with one such quote, the whole file unterminated).
    data = read_csv_cp874(
        FILE, HEADERS, data=cp874("จังหวัด,ชื่อ,วันที่", 'a,ท่อ 3" นิ้ว,c', "d,e,f", 'g,"h"x,i', "j,k,l")
    )
    assert data.rows.get_column("_line").to_list() == [3, 5]
    assert [(e.line, e.field) for e in data.row_errors()] == [(2, "line"), (4, "line")]
    assert all(e.reason.startswith(STRAY) for e in data.row_errors())


def test_quotes_that_open_a_field_still_span_lines():
    data = read_csv_cp874(
        FILE, HEADERS, data=cp874("จังหวัด,ชื่อ,วันที่", 'a,"x ""y""\r\nz",c', 'd,e 2",f')
    )
    assert data.rows.select("_line", "ชื่อ").rows() == [(2, 'x "y"\nz')]
    assert [(e.line, e.reason.startswith(STRAY)) for e in data.row_errors()] == [(4, True)]
