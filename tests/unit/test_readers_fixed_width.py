"""Fixed-width reader: fixtures written by hand in cp874 bytes from data-contracts §1.3."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingestion.readers import FileRejected, FixedWidthLayout, RecordLayout, read_fixed_width
from ingestion.readers.fixed_width import read_fixed_width_many

LAYOUT = FixedWidthLayout(
    (
        RecordLayout.of(
            "1", [("record_type", 1, "type"), ("account", 4, "digits"), ("count", 3, "number")]
        ),
        RecordLayout.of(
            "2",
            [
                ("record_type", 1, "type"),
                ("name", 6, "text"),
                ("wage", 8, "amount"),
                ("filler", 2, "filler"),
            ],
        ),
    )
)
FILE = "sso_efiling/256701/SPS110_x.txt"


def lines(*rows: str, end: str = "\r\n") -> bytes:
    return "".join(r + end for r in rows).encode("cp874")


def test_good_lines_are_typed_with_line_numbers():
    data = read_fixed_width(
        FILE, LAYOUT, data=lines("10123002", "2สมชาย 01500.00  ", "2นาง   00001.50  ")
    )
    head = data.records["1"]
    assert head.row(0, named=True)["account"] == "0123"
    assert head.row(0, named=True)["count"] == 2
    det = data.records["2"]
    assert det.get_column("_line").to_list() == [2, 3]
    assert det.get_column("name").to_list() == ["สมชาย", "นาง"]
    assert det.get_column("wage").to_list() == [Decimal("1500.00"), Decimal("1.50")]
    assert det.get_column("_error_field").null_count() == 2
    assert data.malformed.height == 0


def test_letter_in_amount_is_a_row_error_naming_line_and_field():
    data = read_fixed_width(
        FILE, LAYOUT, data=lines("10123002", "2สมชาย 0150O.00  ", "2นาง   00001.50  ")
    )
    errors = data.row_errors()
    assert len(errors) == 1
    assert (
        str(errors[0]) == f"{FILE} line 2 field wage: expected 8 bytes 'NNNNN.NN', got '0150O.00'"
    )
    assert data.records["2"].get_column("wage").to_list()[0] is None


def test_wrong_length_and_unknown_record_type():
    data = read_fixed_width(
        FILE, LAYOUT, data=lines("10123002", "2สมชาย 01500.00", "9xxxxxxxxxxxxxxxx")
    )
    errs = {(e.line, e.field): e.reason for e in data.row_errors()}
    assert errs[(2, "line")] == "wrong line length: expected 17 bytes for record type '2', got 15"
    assert errs[(3, "record_type")].startswith("unknown record type '9'")


def test_implied_decimals_setting():
    layout = FixedWidthLayout(LAYOUT.records, amount_format="implied_decimals")
    data = read_fixed_width(FILE, layout, data=lines("2สมชาย 00150000  ", "2สมชาย 0015.000  "))
    det = data.records["2"]
    assert det.get_column("wage").to_list()[0] == Decimal("1500.00")
    assert "expected 8 bytes 'NNNNNNNN'" in det.get_column("_error_reason").to_list()[1]


def test_lf_only_and_missing_final_crlf_on_a_complete_line_are_accepted():
    data = read_fixed_width(
        FILE, LAYOUT, data=lines("10123002", end="\n") + "2นาง   00001.50  ".encode("cp874")
    )
    assert data.records["2"].height == 1


def test_truncated_last_line_rejects_the_file():
    content = lines("10123002") + "2สมชาย 0150".encode("cp874")
    with pytest.raises(FileRejected) as err:
        read_fixed_width(FILE, LAYOUT, data=content)
    assert err.value.line == 2
    assert "truncated" in str(err.value) and str(err.value).startswith(f"{FILE} line 2")


def test_utf8_file_is_rejected_clearly():
    content = "10123002\r\n2สมชาย 01500.00  \r\n".encode()
    with pytest.raises(FileRejected, match="UTF-8, expected Windows-874"):
        read_fixed_width(FILE, LAYOUT, data=content)


def test_undefined_cp874_byte_names_the_line():
    content = lines("10123002") + b"2\x81" + "นาง  00001.50  \r\n".encode("cp874")
    with pytest.raises(FileRejected, match=r"line 2: byte 0x81"):
        read_fixed_width(FILE, LAYOUT, data=content)


def test_batch_keeps_files_apart_and_reports_rejections():
    good = lines("10123001", "2นาง   00001.50  ")
    bad = "10123001\r\n2นาง".encode()  # UTF-8 and truncated
    data = read_fixed_width_many([("a.txt", good), ("b.txt", bad), ("c.txt", good)], LAYOUT)
    assert data.records["2"].get_column("_file_idx").to_list() == [0, 2]
    assert set(data.rejected) == {1}


def test_thai_digits_in_numeric_fields_are_read_as_arabic():
    # One byte each in Windows-874, so the widths hold; errors show the field as written.
    data = read_fixed_width(
        FILE,
        LAYOUT,
        data=lines("1๐๑๒๓๐๐๒", "2สมชาย ๐๑๕๐๐.๐๐  ", "2นาง   ๐๐๐๐๑.๕O  "),
    )
    head = data.records["1"].row(0, named=True)
    assert (head["account"], head["count"]) == ("0123", 2)
    det = data.records["2"]
    assert det.get_column("wage").to_list() == [Decimal("1500.00"), None]
    assert det.get_column("name").to_list() == ["สมชาย", "นาง"]
    (error,) = data.row_errors()
    assert (error.line, error.field) == (3, "wage")
    assert error.reason == "expected 8 bytes 'NNNNN.NN', got '๐๐๐๐๑.๕O'"


def test_a_text_field_keeps_its_thai_digits():
    data = read_fixed_width(FILE, LAYOUT, data=lines("2บ้าน๑๒00001.50  "))
    assert data.records["2"].get_column("name").to_list() == ["บ้าน๑๒"]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (lines("10123001", "2นาง\x00\x00 00001.50  "), 2),  # inside a record
        (lines("10123001", "2นาง   00001.50  ") + b"\x00" * 40, 3),  # a zero-filled tail
    ],
)
def test_nul_bytes_reject_the_file_naming_the_line(content, line):
    with pytest.raises(FileRejected, match="NUL byte") as err:
        read_fixed_width(FILE, LAYOUT, data=content)
    assert err.value.line == line


def test_a_bom_on_windows_874_content_is_named_as_such():
    content = b"\xef\xbb\xbf" + lines("10123001", "2นาง   00001.50  ")
    with pytest.raises(FileRejected, match=r"byte-order mark .* the rest is not UTF-8"):
        read_fixed_width(FILE, LAYOUT, data=content)
