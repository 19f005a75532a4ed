"""Write the bad-input corpus (tests/bad_inputs/<folder>/<case>/<file>) from the format specs.

Run ``uv run python -m tests.bad_inputs.make_cases`` after changing a case here; the generated
files are committed, and ``test_bad_inputs.py`` checks they are what this script writes.

Every file is built from docs/data-contracts.md and DOMAIN.md by hand (RFC-4180 CSV, the
135-byte สปส.1-10 records, the NSO workbook layout), never by calling a reader, so a reader's
misreading cannot hide in its own test data. The expected outcomes live beside the files, in
each folder's ``cases.yaml``. The one file too big to commit (a 1 MB field) is written at test
time by :func:`generated`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from stdnum.th import pin

from ingestion.simulator import reference as ref
from ingestion.simulator.formats import write_lfs_workbook
from tests.bad_inputs._kit import Cases, sheet_bytes

CORPUS = Path(__file__).resolve().parent

#: path under the corpus → the bytes of the file
CASES = Cases()
case = CASES.case


# --------------------------------------------------------------------------- shared values


def national_id(first12: str) -> str:
    """A valid national ID (python-stdnum computes the check digit, not our own code)."""
    return first12 + pin.calc_check_digit(first12 + "0")


ID_A = national_id("110170023070")  # 1101700230708
ID_B = national_id("310060012345")  # 3100600123450
ID_NON_THAI = national_id("010000000001")  # 0100000000018: a non-Thai worker (valid, flagged)
ID_C = national_id("150990012345")  # 1509900123453
ID_B_BAD = ID_B[:12] + str((int(ID_B[12]) + 1) % 10)  # wrong check digit

_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai(text: str) -> str:
    """Arabic digits → Thai digits (๐–๙)."""
    return text.translate(_THAI)


def dashed(nid: str) -> str:
    """The usual 1-4-5-2-1 grouping: ``1-1017-00230-70-8``."""
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


def spaced(nid: str) -> str:
    return dashed(nid).replace("-", " ")


def csv_line(fields: list[str]) -> str:
    """One RFC-4180 record (quoted only where needed), without its line end."""
    out = []
    for f in fields:
        if any(c in f for c in ',"\r\n'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out)


def csv_text(rows: list[list[str]], eol: str = "\r\n") -> str:
    return "".join(csv_line(r) + eol for r in rows)


def cp874(text: str) -> bytes:
    return text.encode("cp874")


# --------------------------------------------------------------------------- SSO insured (§1.1)

INSURED_HEADER = [
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "วันเกิด",
    "มาตรา",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "จังหวัด",
    "วันที่เริ่มต้น",
    "วันที่สิ้นสุด",
]
INS = "sso_registry__insured"
INS_FILE = "insured_256701.csv"


def ins_a(**kw: str) -> list[str]:
    """Section 33, Bangkok, born 12/03/2528 BE (1985), started 15/01/2567 (2024-01-15)."""
    return _ins(ID_A, "นาย", "สมชาย", "ใจดี", "12/03/2528", "33", "1000000001", "000000",
                "กรุงเทพมหานคร", "15/01/2567", "", **kw)  # fmt: skip


def ins_b(**kw: str) -> list[str]:
    """Section 39, Chiang Mai, born 01/12/2530 BE (1987), started 02/01/2567."""
    return _ins(ID_B, "นางสาว", "สมศรี", "มีสุข", "01/12/2530", "39", "", "",
                "เชียงใหม่", "02/01/2567", "", **kw)  # fmt: skip


def ins_c(**kw: str) -> list[str]:
    """Section 40, non-Thai ID, Khon Kaen, born 29/02/2531 BE (a leap day, 1988), spell
    05/01/2567 – 31/01/2567."""
    return _ins(ID_NON_THAI, "นาง", "มาลี", "ทองดี", "29/02/2531", "40", "", "",
                "ขอนแก่น", "05/01/2567", "31/01/2567", **kw)  # fmt: skip


def _ins(*values: str, **kw: str) -> list[str]:
    row = dict(zip(INSURED_HEADER, values, strict=True))
    for key, value in kw.items():
        row[_INS_KEYS[key]] = value
    return list(row.values())


_INS_KEYS = dict(
    zip(
        ["nid", "title", "first", "last", "birth", "section", "account", "branch", "province",
         "start", "end"],
        INSURED_HEADER,
        strict=True,
    )
)  # fmt: skip


def ins_file(*rows: list[str], header: list[str] = INSURED_HEADER, eol: str = "\r\n") -> str:
    return csv_text([header, *rows], eol)


def ins_baseline() -> str:
    return ins_file(ins_a(), ins_b(), ins_c())


@case(f"{INS}/valid_baseline/{INS_FILE}")
def _() -> bytes:
    return cp874(ins_baseline())


@case(f"{INS}/lf_line_ends/{INS_FILE}")
def _() -> bytes:
    return cp874(ins_file(ins_a(), ins_b(), ins_c(), eol="\n"))


@case(f"{INS}/mixed_line_ends/{INS_FILE}")
def _() -> bytes:
    lines = ins_baseline().split("\r\n")
    return cp874(lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r\n" + lines[3] + "\n")


@case(f"{INS}/thai_digits/{INS_FILE}")
def _() -> bytes:
    a = ins_a(
        nid=thai(ID_A),
        birth=thai("12/03/2528"),
        section=thai("33"),
        account=thai("1000000001"),
        branch=thai("000000"),
        start=thai("15/01/2567"),
    )
    c = ins_c(nid=thai(ID_NON_THAI), end=thai("31/01/2567"))
    return cp874(ins_file(a, ins_b(), c))


@case(f"{INS}/dashed_and_spaced_ids/{INS_FILE}")
def _() -> bytes:
    return cp874(
        ins_file(
            ins_a(nid=dashed(ID_A)),
            ins_b(nid=spaced(ID_B)),
            ins_c(nid=thai(dashed(ID_NON_THAI))),
        )
    )


@case(f"{INS}/invalid_check_digit/{INS_FILE}")
def _() -> bytes:
    return cp874(
        ins_file(
            ins_a(),
            ins_b(nid=ID_B_BAD),
            ins_b(nid=dashed(ID_B_BAD), start="03/01/2567"),
            ins_b(nid=thai(ID_B_BAD), start="04/01/2567"),
            ins_c(),
        )
    )


@case(f"{INS}/unknown_province/{INS_FILE}")
def _() -> bytes:
    # Valid IDs, dashed and in Thai digits, on quarantined rows: they must be masked there.
    return cp874(
        ins_file(
            ins_a(nid=dashed(ID_A), province="จังหวัดสมมติ"),
            ins_b(province="Chiang Mai"),
            ins_c(nid=thai(ID_NON_THAI), province="TH-99"),
        )
    )


@case(f"{INS}/impossible_dates/{INS_FILE}")
def _() -> bytes:
    return cp874(
        ins_file(
            ins_a(start="31/02/2567"),
            ins_b(birth="15/13/2530"),
            ins_c(nid=thai(dashed(ID_NON_THAI)), end=thai("30/02/2567")),
            ins_a(nid=ID_C, start="29/02/2567"),  # 2024 is a leap year: valid
        )
    )


@case(f"{INS}/ce_dates_in_be_columns/{INS_FILE}")
def _() -> bytes:
    return cp874(ins_file(ins_a(start="15/01/2024"), ins_b(birth="01/12/1987"), ins_c()))


@case(f"{INS}/two_digit_be_years/{INS_FILE}")
def _() -> bytes:
    # 98 in a birth date is 2498 BE (1955), not 2598 (2055); 67 in an event date is 2567.
    return cp874(
        ins_file(
            ins_a(birth="12/03/28", start="15/01/67"),
            ins_b(birth="01/12/98"),
            ins_c(),
        )
    )


@case(f"{INS}/title_and_section_errors/{INS_FILE}")
def _() -> bytes:
    return cp874(
        ins_file(
            ins_a(title="ด.ช."),
            ins_b(section="34"),
            ins_c(account="1000000001", branch="000000"),
            ins_a(nid=ID_C, account="100000001"),
        )
    )


@case(f"{INS}/duplicate_rows/{INS_FILE}")
def _() -> bytes:
    return cp874(ins_file(ins_a(), ins_b(), ins_a()))


@case(f"{INS}/header_only/{INS_FILE}")
def _() -> bytes:
    return cp874(ins_file())


@case(f"{INS}/empty_file/{INS_FILE}")
def _() -> bytes:
    return b""


@case(f"{INS}/utf8_not_cp874/{INS_FILE}")
def _() -> bytes:
    return ins_baseline().encode("utf-8")


@case(f"{INS}/utf8_bom_on_cp874/{INS_FILE}")
def _() -> bytes:
    return b"\xef\xbb\xbf" + cp874(ins_baseline())


@case(f"{INS}/latin1_byte/{INS_FILE}")
def _() -> bytes:
    # A surname typed in Latin-1 (ü = 0xFC, undefined in Windows-874) on line 3.
    lines = cp874(ins_baseline()).split(b"\r\n")
    lines[2] = lines[2].replace(cp874("มีสุข"), "Müller".encode("latin-1"))
    return b"\r\n".join(lines)


@case(f"{INS}/nul_bytes/{INS_FILE}")
def _() -> bytes:
    lines = cp874(ins_baseline()).split(b"\r\n")
    lines[2] = lines[2].replace(cp874("มีสุข"), b"\x00\x00\x00")
    return b"\r\n".join(lines)


@case(f"{INS}/truncated_file/{INS_FILE}")
def _() -> bytes:
    data = cp874(ins_baseline())
    return data[: data.rfind(cp874("ขอนแก่น"))]  # cut inside line 4, no line end


@case(f"{INS}/no_final_line_end/{INS_FILE}")
def _() -> bytes:
    # The last record has all its fields but no CRLF: its last field may have been cut (an
    # end date 31/01/25 is a date too), so the file counts as truncated.
    return cp874(ins_baseline())[:-2]


@case(f"{INS}/truncated_line/{INS_FILE}")
def _() -> bytes:
    b = csv_line(ins_b())
    cut = b[: b.index("39,") + 2]  # the line stops after the section; the next line is whole
    return cp874(f"{csv_line(INSURED_HEADER)}\r\n{csv_line(ins_a())}\r\n{cut}\r\n"
                 f"{csv_line(ins_c())}\r\n")  # fmt: skip


@case(f"{INS}/ragged_row_with_ids/{INS_FILE}")
def _() -> bytes:
    # Unquoted commas in the names: 12 fields instead of 11; the IDs (valid, dashed and in
    # Thai digits) must not reach quarantine in clear.
    a = csv_line(ins_a(nid=dashed(ID_A))).replace("สมชาย", "สมชาย,ชาย")
    c = csv_line(ins_c(nid=thai(ID_NON_THAI))).replace("มาลี", "มาลี,ลี")
    return cp874(f"{csv_line(INSURED_HEADER)}\r\n{a}\r\n{csv_line(ins_b())}\r\n{c}\r\n")


@case(f"{INS}/unterminated_quote/{INS_FILE}")
def _() -> bytes:
    b = csv_line(ins_b()).replace("สมศรี", '"สมศรี')  # a stray quote opens a field never closed
    return cp874(f"{csv_line(INSURED_HEADER)}\r\n{csv_line(ins_a())}\r\n{b}\r\n"
                 f"{csv_line(ins_c())}\r\n")  # fmt: skip


@case(f"{INS}/extra_column/{INS_FILE}")
def _() -> bytes:
    return cp874(
        ins_file(
            *[[*r, "-"] for r in (ins_a(), ins_b(), ins_c())], header=[*INSURED_HEADER, "หมายเหตุ"]
        )
    )


@case(f"{INS}/missing_column/{INS_FILE}")
def _() -> bytes:
    rows = [r[:-1] for r in (ins_a(), ins_b(), ins_c())]
    return cp874(ins_file(*rows, header=INSURED_HEADER[:-1]))


@case(f"{INS}/renamed_column/{INS_FILE}")
def _() -> bytes:
    header = [("จังหวัดที่ทำงาน" if h == "จังหวัด" else h) for h in INSURED_HEADER]
    return cp874(ins_file(ins_a(), ins_b(), ins_c(), header=header))


def huge_field_insured() -> bytes:
    """A 1 MB first name (Thai letters) on line 2: generated at test time, not committed."""
    return cp874(ins_file(ins_a(first="ก" * (1 << 20)), ins_b()))


# --------------------------------------------------------------------------- SSO employers (§1.2)

EMPLOYER_HEADER = [
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "ชื่อสถานประกอบการ",
    "รหัสประเภทกิจการ",
    "ขนาดสถานประกอบการ",
    "จังหวัด",
    "วันที่ขึ้นทะเบียน",
]
EMP = "sso_registry__employers"
EMP_FILE = "employers_256701.csv"

E1 = ["1000000001", "000000", "บริษัท สยามการช่าง จำกัด", "25111", "50-99", "กรุงเทพมหานคร",
      "15/03/2545"]  # fmt: skip
E2 = ["1000000001", "000001", 'ห้างหุ้นส่วน "ทองดี" การค้า, สาขา 1', "47190", "5-9", "นนทบุรี",
      "01/07/2550"]  # fmt: skip
E3 = ["2000000002", "000000", "ร้านอาหาร ครัวไทย", "56101", "1-4", "ภูเก็ต", "20/11/2560"]


def emp_file(*rows: list[str], header: list[str] = EMPLOYER_HEADER) -> str:
    return csv_text([header, *rows])


def emp(row: list[str], **kw: str) -> list[str]:
    keys = ["account", "branch", "name", "tsic", "size", "province", "registered"]
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


@case(f"{EMP}/valid_quoted_names/{EMP_FILE}")
def _() -> bytes:
    return cp874(emp_file(E1, E2, E3))


@case(f"{EMP}/quoted_line_break/{EMP_FILE}")
def _() -> bytes:
    # RFC 4180: a quoted field may hold a line break; the record spans lines 3-4.
    return cp874(emp_file(E1, emp(E2, name="ห้างหุ้นส่วน ทองดี\r\nสาขา 1"), E3))


@case(f"{EMP}/stray_quotes/{EMP_FILE}")
def _() -> bytes:
    # Inch marks typed into unquoted names on lines 2 and 4 (RFC 4180: a field holding a quote
    # must be quoted whole): they must not glue lines 2-4 into one record.
    text = emp_file(E1, E3, E1, emp(E3, branch="000002")).split("\r\n")
    text[1] = text[1].replace("สยามการช่าง", 'ท่อ 3" การช่าง')
    text[3] = text[3].replace("สยามการช่าง", 'ท่อ 4" การช่าง')
    return cp874("\r\n".join(text))


@case(f"{EMP}/cp874_only_bytes/{EMP_FILE}")
def _() -> bytes:
    # En dash (0x96) and ellipsis (0x85): defined in Windows-874, undefined in TIS-620 (whose
    # Python codec would turn them into invisible control characters).
    return cp874(emp_file(emp(E1, name="บริษัท ก–ข เทรดดิ้ง จำกัด"), emp(E3, name="ร้านค้า…ดีดี")))


@case(f"{EMP}/tis620_encoded/{EMP_FILE}")
def _() -> bytes:
    # Written with a TIS-620 encoder: for Thai text the bytes are those of Windows-874.
    return emp_file(E1, E3).encode("tis-620")


@case(f"{EMP}/latin1_bytes/{EMP_FILE}")
def _() -> bytes:
    # A name typed in Latin-1 on line 3: é (0xE9) happens to be a Thai letter in Windows-874,
    # ü (0xFC) is undefined there.
    data = cp874(emp_file(E1, emp(E3, name="@NAME@")))
    return data.replace(b"@NAME@", "Café Müller".encode("latin-1"))


@case(f"{EMP}/thai_digits/{EMP_FILE}")
def _() -> bytes:
    return cp874(
        emp_file(
            emp(E1, account=thai("1000000001"), branch=thai("000000"), tsic=thai("25111"),
                registered=thai("15/03/2545")),
            emp(E3, size=thai("1-4")),
        )
    )  # fmt: skip


@case(f"{EMP}/bad_codes/{EMP_FILE}")
def _() -> bytes:
    return cp874(
        emp_file(
            emp(E1, tsic="2511"),
            emp(E2, size="10-20"),
            emp(E3, account="200000002"),
            emp(E3, branch="000001", name=""),
        )
    )


@case(f"{EMP}/ce_and_impossible_dates/{EMP_FILE}")
def _() -> bytes:
    return cp874(
        emp_file(
            emp(E1, registered="15/03/2002"),
            emp(E2, registered="31/04/2550"),
            emp(E3, registered="20/13/2560"),
        )
    )


@case(f"{EMP}/duplicate_branch/{EMP_FILE}")
def _() -> bytes:
    return cp874(emp_file(E1, E3, E1))


@case(f"{EMP}/unknown_province/{EMP_FILE}")
def _() -> bytes:
    return cp874(emp_file(emp(E1, province="เมืองสมมติ"), emp(E3, province="กทม.")))


@case(f"{EMP}/empty_file/{EMP_FILE}")
def _() -> bytes:
    return b""


@case(f"{EMP}/renamed_column/{EMP_FILE}")
def _() -> bytes:
    header = [("ชื่อบริษัท" if h == "ชื่อสถานประกอบการ" else h) for h in EMPLOYER_HEADER]
    return cp874(emp_file(E1, E3, header=header))


@case(f"{EMP}/semicolon_separated/{EMP_FILE}")
def _() -> bytes:
    # Saved by a spreadsheet set to a European locale.
    return cp874("".join(";".join(r) + "\r\n" for r in (EMPLOYER_HEADER, E1, E3)))


@case(f"{EMP}/utf8_with_bom/{EMP_FILE}")
def _() -> bytes:
    return b"\xef\xbb\xbf" + emp_file(E1, E3).encode("utf-8")


# --------------------------------------------------------------------------- สปส.1-10 (§1.3)

SPS = "sso_efiling__contributions"
SPS_FILE = "SPS110_1000000001_000000_256701.txt"


def fw_text(text: str, width: int) -> bytes:
    """Left-aligned, space-padded Windows-874 text of exactly ``width`` bytes."""
    raw = cp874(text)
    if len(raw) > width:
        raise ValueError(f"{text!r} does not fit {width} bytes")
    return raw + b" " * (width - len(raw))


def fw_num(value: int, width: int) -> bytes:
    return str(value).zfill(width).encode()


def fw_amount(satang: int, width: int) -> bytes:
    """``000015000.00``: width − 3 digits, a point, two digits."""
    return f"{satang // 100:0{width - 3}d}.{satang % 100:02d}".encode()


def sps_header(
    count: int,
    wages: int,
    employee: int,
    *,
    employer: int | None = None,
    total: int | None = None,
    account: str = "1000000001",
    branch: str = "000000",
    payment: str = "150267",
    period: str = "0167",
    rate: str = "0500",
) -> bytes:
    employer = employee if employer is None else employer
    total = employee + employer if total is None else total
    line = (
        b"1"
        + account.encode()
        + branch.encode()
        + payment.encode()
        + period.encode()
        + fw_text("บริษัท สยามการช่าง จำกัด", 45)
        + rate.encode()
        + fw_num(count, 6)
        + fw_amount(wages, 15)
        + fw_amount(total, 14)
        + fw_amount(employee, 12)
        + fw_amount(employer, 12)
    )
    assert len(line) == 135, len(line)
    return line


def contribution(wage: int) -> int:
    """5 % of the wage (satang), rounded to whole baht, 0.50 up (DOMAIN.md)."""
    return (wage * 5 + 50 * 100) // (100 * 100) * 100


def sps_detail(nid: str, title: str, first: str, last: str, wage: int) -> bytes:
    """A detail line; ``wage`` in satang."""
    line = (
        b"2"
        + fw_text(nid, 13)
        + title.encode()
        + fw_text(first, 30)
        + fw_text(last, 35)
        + fw_amount(wage, 14)
        + fw_amount(contribution(wage), 12)
        + b" " * 27
    )
    assert len(line) == 135, len(line)
    return line


D1 = (ID_A, "003", "สมชาย", "ใจดี", 1_500_000)  # wage 15,000.00 → 750.00
D2 = (ID_B, "005", "สมศรี", "มีสุข", 1_200_000)  # 12,000.00 → 600.00
D3 = (ID_NON_THAI, "003", "AUNG", "KYAW", 950_000)  # 9,500.00 → 475.00


def sps_file(*details: tuple, eol: bytes = b"\r\n", **header: object) -> bytes:
    wages = sum(d[4] for d in details)
    lines = [sps_detail(*d) for d in details]
    employee = sum(contribution(d[4]) for d in details)
    head = sps_header(len(details), wages, employee, **header)  # type: ignore[arg-type]
    return b"".join(line + eol for line in [head, *lines])


def sps_lines(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")[:-1]


def sps_join(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\r\n" for line in lines)


@case(f"{SPS}/valid_baseline/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3)


@case(f"{SPS}/lf_line_ends/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3, eol=b"\n")


@case(f"{SPS}/no_final_line_end/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3)[:-2]  # the last record is whole, only its CRLF is missing


@case(f"{SPS}/thai_digit_ids/{SPS_FILE}")
def _() -> bytes:
    return sps_file((thai(ID_A), *D1[1:]), D2, (thai(ID_NON_THAI), *D3[1:]))


@case(f"{SPS}/thai_digit_amounts/{SPS_FILE}")
def _() -> bytes:
    # Every number of the header and the amounts of line 2 in Thai digits (one byte each in
    # Windows-874): header bytes 2-27 (account … period) and 73-135 (rate … employer part).
    lines = sps_lines(sps_file(D1, D2, D3))
    head, d1 = lines[0], lines[1]
    lines[0] = (
        head[:1] + cp874(thai(head[1:27].decode())) + head[27:72] + cp874(thai(head[72:].decode()))
    )
    lines[1] = d1[:82] + cp874(thai(d1[82:108].decode())) + d1[108:]
    return sps_join(lines)


@case(f"{SPS}/invalid_check_digit/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, (ID_B_BAD, *D2[1:]), D3)


@case(f"{SPS}/unknown_title_code/{SPS_FILE}")
def _() -> bytes:
    # A valid ID in Thai digits on a quarantined line: it must be masked there.
    return sps_file(D1, (thai(ID_B), "006", *D2[2:]), D3)


@case(f"{SPS}/header_total_mismatch/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[0] = sps_header(3, 3_650_100, 182_500)  # total wages 36,501.00 ≠ Σ 36,500.00
    return sps_join(lines)


@case(f"{SPS}/header_count_mismatch/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[0] = sps_header(4, 3_650_000, 182_500)
    return sps_join(lines)


@case(f"{SPS}/line_134_bytes/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[2] = lines[2][:-1]
    return sps_join(lines)


@case(f"{SPS}/line_136_bytes/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[2] = lines[2] + b" "
    return sps_join(lines)


@case(f"{SPS}/truncated_file/{SPS_FILE}")
def _() -> bytes:
    data = sps_file(D1, D2, D3)
    return data[: len(data) - 2 - 60]  # line 4 cut after 75 bytes, no line end


@case(f"{SPS}/truncated_line/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[2] = lines[2][:80]  # a line cut short, but the file goes on
    return sps_join(lines)


@case(f"{SPS}/unknown_record_type/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    return sps_join([*lines, b"3" + b" " * 134])  # a trailer record the layout does not know


@case(f"{SPS}/empty_file/{SPS_FILE}")
def _() -> bytes:
    return b""


@case(f"{SPS}/header_only/{SPS_FILE}")
def _() -> bytes:
    return sps_file()


@case(f"{SPS}/missing_header/{SPS_FILE}")
def _() -> bytes:
    return sps_join(sps_lines(sps_file(D1, D2, D3))[1:])


@case(f"{SPS}/utf8_not_cp874/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3).decode("cp874").encode("utf-8")


@case(f"{SPS}/utf8_bom_on_cp874/{SPS_FILE}")
def _() -> bytes:
    return b"\xef\xbb\xbf" + sps_file(D1, D2, D3)


@case(f"{SPS}/nul_in_filler/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[2] = lines[2][:108] + b"\x00" * 27
    return sps_join(lines)


@case(f"{SPS}/nul_padding_at_end/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3) + b"\x00" * 200  # a crash left the preallocated tail


@case(f"{SPS}/ce_wage_period/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3, period="0124", payment="150224")  # two-digit CE years


@case(f"{SPS}/impossible_payment_date/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3, payment="310267")


@case(f"{SPS}/month_13_wage_period/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3, period="1367")


@case(f"{SPS}/implied_decimal_amount/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[1] = lines[1][:82] + b"00000001500000" + lines[1][96:]  # no decimal point
    return sps_join(lines)


@case(f"{SPS}/space_padded_amount/{SPS_FILE}")
def _() -> bytes:
    lines = sps_lines(sps_file(D1, D2, D3))
    lines[1] = lines[1][:82] + b"      15000.00" + lines[1][96:]
    return sps_join(lines)


@case(f"{SPS}/header_account_not_file_name/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3, account="1000000002")


@case(f"{SPS}/duplicate_person/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D1)  # the header totals count the second line too


# --------------------------------------------------------------------------- NSO LFS (§1.4)

LFS = "nso_lfs__labour_force"
LFS_FILE = "lfs_2567_q1.xlsx"
LFS_TITLE = "การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ 1 พ.ศ. 2567"
LFS_HEADER_TH = ["จังหวัด", "กำลังแรงงานรวม", "แรงงานนอกระบบ"]
LFS_HEADER_EN = ["Province", "Labour force", "Informal employment"]


def lfs_counts() -> list[tuple[str, int, int, int]]:
    """(label, region index, labour force, informal) per province, in the simulator's order.
    Bangkok's label carries a footnote mark; Phuket (TH-83) has no informal workers ('-')."""
    out = []
    for p in range(ref.N_PROV):
        label = ref.PROV_TH[p] + (" 1/" if p == ref.BANGKOK else "")
        informal = 0 if ref.PROV_NUM[p] == "83" else 50_000 + 500 * p
        out.append((label, int(ref.PROV_REGION[p]), 100_000 + 1_000 * p, informal))
    return out


def lfs_body(provinces: list[tuple[str, int, int, int]], cell=lambda v: v) -> list[list]:
    """Kingdom total, then each region's subtotal and its provinces (counts via ``cell``)."""

    def put(label: str, a: int, b: int) -> list:
        return [label, cell(a) if a else "-", cell(b) if b else "-"]

    rows: list[list] = []
    for reg, name in enumerate(ref.REGIONS):
        members = [p for p in provinces if p[1] == reg]
        rows.append(put(name, sum(p[2] for p in members), sum(p[3] for p in members)))
        rows += [put(p[0], p[2], p[3]) for p in members]
    total = put("ทั่วราชอาณาจักร", sum(p[2] for p in provinces), sum(p[3] for p in provinces))
    return [total, *rows]


def lfs_sheet(
    body: list[list],
    *,
    title: str = LFS_TITLE,
    extra_titles: int = 0,
    header_th: list[str] = LFS_HEADER_TH,
    header_en: list[str] = LFS_HEADER_EN,
    sheet: str = "ตาราง 1",
) -> bytes:
    """A workbook laid out as contracts §1.4: titles, a blank row, Thai and English headers,
    the table, a blank row and the notes."""
    top: list[list] = [
        [title],
        ["ตาราง 1 จำนวนผู้อยู่ในกำลังแรงงานและแรงงานนอกระบบ จำแนกตามภาคและจังหวัด"],
        *[["(ฉบับปรับปรุง)"] for _ in range(extra_titles)],
        ["หน่วย: คน"],
        [],
        header_th,
        header_en,
    ]
    foot = [[], ["หมายเหตุ: 1/ ค่าประมาณจากตัวอย่างขนาดเล็ก"], ["ที่มา: สำนักงานสถิติแห่งชาติ"]]
    return sheet_bytes(
        top + body + foot, sheet=sheet, title="LFS", author="NSO", created=dt.datetime(2024, 5, 15)
    )


@case(f"{LFS}/valid_baseline/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()))


@case(f"{LFS}/simulator_workbook/{LFS_FILE}")
def _() -> bytes:
    import tempfile

    import numpy as np

    lf = np.array([100_000 + 1_000 * p for p in range(ref.N_PROV)])
    informal = np.array([50_000 + 500 * p for p in range(ref.N_PROV)])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / LFS_FILE
        write_lfs_workbook(path, 2024, 1, lf, informal)
        return path.read_bytes()


@case(f"{LFS}/header_moved_down/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()), extra_titles=2)


@case(f"{LFS}/header_renamed/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()), header_th=["ชื่อจังหวัด", *LFS_HEADER_TH[1:]])


@case(f"{LFS}/thai_digit_text_counts/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts(), cell=lambda v: thai(f"{v:,}")))


@case(f"{LFS}/region_subtotal_mismatch/{LFS_FILE}")
def _() -> bytes:
    body = lfs_body(lfs_counts())
    central = next(r for r in body if r[0] == "ภาคกลาง")
    central[1] += 1
    body[0][1] += 1  # the kingdom total agrees with the regions: only the subtotal is wrong
    return lfs_sheet(body)


@case(f"{LFS}/kingdom_total_mismatch/{LFS_FILE}")
def _() -> bytes:
    body = lfs_body(lfs_counts())
    body[0][2] += 10
    return lfs_sheet(body)


@case(f"{LFS}/unknown_province/{LFS_FILE}")
def _() -> bytes:
    provinces = lfs_counts()
    provinces[5] = ("จังหวัดสมมติ", *provinces[5][1:])
    return lfs_sheet(lfs_body(provinces))


@case(f"{LFS}/province_listed_twice/{LFS_FILE}")
def _() -> bytes:
    provinces = lfs_counts()
    chiang_mai = ref.PROV_TH.index("เชียงใหม่")
    provinces.insert(chiang_mai + 1, provinces[chiang_mai])  # totals include the copy
    return lfs_sheet(lfs_body(provinces))


@case(f"{LFS}/province_missing/{LFS_FILE}")
def _() -> bytes:
    provinces = lfs_counts()
    del provinces[ref.PROV_TH.index("ภูเก็ต")]  # totals without it: they reconcile
    return lfs_sheet(lfs_body(provinces))


@case(f"{LFS}/ce_year_in_title/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()), title=LFS_TITLE.replace("2567", "2024"))


@case(f"{LFS}/extra_column/{LFS_FILE}")
def _() -> bytes:
    body = [[*row, "ประมาณการ"] for row in lfs_body(lfs_counts())]
    return lfs_sheet(
        body, header_th=[*LFS_HEADER_TH, "หมายเหตุ"], header_en=[*LFS_HEADER_EN, "Note"]
    )


@case(f"{LFS}/missing_column/{LFS_FILE}")
def _() -> bytes:
    body = [row[:2] for row in lfs_body(lfs_counts())]
    return lfs_sheet(body, header_th=LFS_HEADER_TH[:2], header_en=LFS_HEADER_EN[:2])


@case(f"{LFS}/header_only/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet([])


@case(f"{LFS}/wrong_sheet_name/{LFS_FILE}")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()), sheet="Sheet1")


@case(f"{LFS}/empty_file/{LFS_FILE}")
def _() -> bytes:
    return b""


@case(f"{LFS}/csv_named_xlsx/{LFS_FILE}")
def _() -> bytes:
    return cp874(csv_text([LFS_HEADER_TH, ["กรุงเทพมหานคร", "100000", "50000"]]))


@case(f"{LFS}/truncated_workbook/{LFS_FILE}")
def _() -> bytes:
    data = lfs_sheet(lfs_body(lfs_counts()))
    return data[: len(data) * 3 // 5]


@case(f"{LFS}/corrupt_sheet_xml/{LFS_FILE}")
def _() -> bytes:
    # The zip and the workbook index are whole; the sheet's XML is cut in half.
    good = zipfile.ZipFile(io.BytesIO(lfs_sheet(lfs_body(lfs_counts()))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            z.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------- generic CSV reader

CSVS = "demo_csv__trainees"
CSVS_UTF8 = "demo_csv__trainees_utf8"
TRAINEES_FILE = "trainees_256701.csv"
TRAINEES_UTF8_FILE = "trainees_utf8_256701.csv"
TRAINEE_HEADER = [
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "จังหวัด",
    "รหัสหลักสูตร",
    "วันที่จบ",
    "วันที่ออกใบรับรอง",
    "ชั่วโมง",
    "ค่าอบรม",
]
T1 = [ID_A, "นายสมชาย ใจดี", "กรุงเทพฯ", "WD101", "15/01/2567", "2024-01-20", "30", "1500.00"]
T2 = [ID_B, "นางสาวสมศรี มีสุข", "เชียงใหม่", "CK202", "20/01/2567", "2024-01-25", "12", "850.50"]
T3 = [ID_NON_THAI, "Mr Aung Kyaw", "ขอนแก่น", "EL303", "22/01/2567", "2024-01-29", "18", "0"]


def trainee(row: list[str], **kw: str) -> list[str]:
    keys = ["nid", "name", "province", "course", "finished", "issued", "hours", "fee"]
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


def trainees(*rows: list[str], header: list[str] = TRAINEE_HEADER, eol: str = "\r\n") -> str:
    return csv_text([header, *rows], eol)


@case(f"{CSVS}/valid_baseline/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(trainees(T1, T2, T3))


@case(f"{CSVS}/thai_digits/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(
        trainees(
            trainee(T1, nid=thai(ID_A), finished=thai("15/01/2567"), hours=thai("30"),
                    fee=thai("1,500.00")),
            T2,
        )
    )  # fmt: skip


@case(f"{CSVS}/dashed_ids/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(
        trainees(
            trainee(T1, nid=dashed(ID_A)),
            trainee(T2, nid=spaced(ID_B)),
            trainee(T3, nid=thai(dashed(ID_NON_THAI))),
        )
    )


@case(f"{CSVS}/invalid_check_digits/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(
        trainees(
            T1,
            trainee(T2, nid=ID_B_BAD),
            trainee(T2, nid=dashed(ID_B_BAD)),
            trainee(T2, nid=thai(ID_B_BAD)),
        )
    )


@case(f"{CSVS}/be_year_in_ce_column/{TRAINEES_FILE}")
def _() -> bytes:
    # วันที่ออกใบรับรอง is an ISO (Christian-Era) date; 2567 is a Buddhist-Era year.
    return cp874(trainees(T1, trainee(T2, issued="2567-01-25")))


@case(f"{CSVS}/ce_year_in_be_column/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(trainees(trainee(T1, finished="15/01/2024"), T2))


@case(f"{CSVS}/impossible_dates/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(
        trainees(
            trainee(T1, finished="31/02/2567"),
            trainee(T2, issued="2024-02-30"),
            trainee(T3, finished="15/13/2567"),
        )
    )


@case(f"{CSVS}/checks_fail/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(
        trainees(
            trainee(T1, hours="0"),
            trainee(T2, hours="601"),
            trainee(T3, course="el303"),
            trainee(T1, fee="ฟรี"),
            trainee(T2, province="ไม่มีจังหวัดนี้"),
        )
    )


@case(f"{CSVS}/ragged_row_with_ids/{TRAINEES_FILE}")
def _() -> bytes:
    # An unquoted comma in the name: 9 fields; the valid dashed ID must not leak.
    a = csv_line(trainee(T1, nid=dashed(ID_A))).replace("สมชาย ใจดี", "สมชาย, ใจดี")
    return cp874(f"{csv_line(TRAINEE_HEADER)}\r\n{a}\r\n{csv_line(T2)}\r\n")


@case(f"{CSVS}/extra_column/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(trainees([*T1, "x"], [*T2, "y"], header=[*TRAINEE_HEADER, "หมายเหตุ"]))


@case(f"{CSVS}/missing_column/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(trainees(T1[:-1], T2[:-1], header=TRAINEE_HEADER[:-1]))


@case(f"{CSVS}/renamed_column/{TRAINEES_FILE}")
def _() -> bytes:
    header = [("ชั่วโมงอบรม" if h == "ชั่วโมง" else h) for h in TRAINEE_HEADER]
    return cp874(trainees(T1, T2, header=header))


@case(f"{CSVS}/empty_file/{TRAINEES_FILE}")
def _() -> bytes:
    return b""


@case(f"{CSVS}/header_only/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(trainees())


@case(f"{CSVS}/utf8_not_cp874/{TRAINEES_FILE}")
def _() -> bytes:
    return trainees(T1, T2).encode("utf-8")


@case(f"{CSVS}/mixed_line_ends/{TRAINEES_FILE}")
def _() -> bytes:
    return cp874(csv_line(TRAINEE_HEADER) + "\n" + csv_line(T1) + "\r\n" + csv_line(T2) + "\n")


@case(f"{CSVS_UTF8}/valid_baseline/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    return trainees(T1, T2, T3).encode("utf-8")


@case(f"{CSVS_UTF8}/utf8_with_bom/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    return b"\xef\xbb\xbf" + trainees(T1, T2).encode("utf-8")


@case(f"{CSVS_UTF8}/cp874_not_utf8/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    return cp874(trainees(T1, T2))


@case(f"{CSVS_UTF8}/invalid_utf8_sequence/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    lines = trainees(T1, T2, T3).encode("utf-8").split(b"\r\n")
    lines[2] = lines[2].replace("มีสุข".encode(), "มีสุข".encode()[:-1])  # a cut 3-byte char
    return b"\r\n".join(lines)


@case(f"{CSVS_UTF8}/nul_bytes/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    return trainees(T1, trainee(T2, name="\x00\x00")).encode("utf-8")


@case(f"{CSVS_UTF8}/truncated_file/{TRAINEES_UTF8_FILE}")
def _() -> bytes:
    data = trainees(T1, T2).encode("utf-8")
    return data[: len(data) - 12]


# --------------------------------------------------------------------------- connector drops

API = "demo_api__trainees"
DROP_FILE = "trainees_202401_20240131T120000000000.jsonl"


def record(i: int, **kw: object) -> dict:
    ids = {1: ID_A, 2: ID_B, 3: ID_NON_THAI}
    provinces = {1: "กรุงเทพฯ", 2: "เชียงใหม่", 3: "ขอนแก่น"}
    out: dict = {
        "id": i,
        "national_id": ids.get(i, ID_C),
        "province": provinces.get(i, "ภูเก็ต"),
        "hours": 10 + i,
        "note": None,
        "updated_at": f"2024-01-{i:02d}T08:00:00",
    }
    out.update(kw)
    return out


def jsonl(*records: object, eol: str = "\n") -> bytes:
    """One JSON document per line, as the connector writes its drops (UTF-8, not ASCII-escaped)."""
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + eol.encode()
        for r in records
    )


@case(f"{API}/valid_baseline/{DROP_FILE}")
def _() -> bytes:
    return jsonl(record(1), record(2), record(3))


@case(f"{API}/crlf_line_ends/{DROP_FILE}")
def _() -> bytes:
    return jsonl(record(1), record(2), record(3), eol="\r\n")


@case(f"{API}/bom_at_start/{DROP_FILE}")
def _() -> bytes:
    return b"\xef\xbb\xbf" + jsonl(record(1), record(2), record(3))


@case(f"{API}/line_separator_in_value/{DROP_FILE}")
def _() -> bytes:
    # U+2028 and U+0085 are line breaks to str.splitlines() but plain characters in JSON.
    return jsonl(record(1, note="บรรทัดแรก\u2028บรรทัดสอง"), record(2, note="a\x85b"), record(3))


@case(f"{API}/invalid_utf8/{DROP_FILE}")
def _() -> bytes:
    lines = jsonl(record(1), record(2, note="ดี"), record(3)).split(b"\n")
    lines[1] = lines[1].replace("ดี".encode(), "ดี".encode()[:-1])
    return b"\n".join(lines)


@case(f"{API}/not_an_object/{DROP_FILE}")
def _() -> bytes:
    return jsonl(record(1), [2, "เชียงใหม่"], record(3))


@case(f"{API}/truncated_last_line/{DROP_FILE}")
def _() -> bytes:
    data = jsonl(record(1), record(2), record(3))
    return data[: len(data) - 20]


@case(f"{API}/blank_line/{DROP_FILE}")
def _() -> bytes:
    return jsonl(record(1), record(2)) + b"\n" + jsonl(record(3))


@case(f"{API}/empty_file/{DROP_FILE}")
def _() -> bytes:
    return b""


@case(f"{API}/nul_byte/{DROP_FILE}")
def _() -> bytes:
    lines = jsonl(record(1), record(2, note="xx"), record(3)).split(b"\n")
    lines[1] = lines[1].replace(b'"xx"', b'"x\x00x"')
    return b"\n".join(lines)


@case(f"{API}/missing_field/{DROP_FILE}")
def _() -> bytes:
    two = record(2)
    del two["province"]
    return jsonl(record(1), two, record(3))


@case(f"{API}/broken_record_with_id/{DROP_FILE}")
def _() -> bytes:
    # A record cut mid-way that still holds a (valid, dashed) national ID: masked in quarantine.
    broken = jsonl(record(2, national_id=dashed(ID_B)))[:-30] + b"\n"
    return jsonl(record(1)) + broken + jsonl(record(3))


@case(f"{API}/thai_digits/{DROP_FILE}")
def _() -> bytes:
    return jsonl(record(1, hours=thai("12"), national_id=thai(ID_A)), record(2))


# --------------------------------------------------------------------------- HTTP API pages

HTTP = "demo_api__http"


def page(*records: object, key: str = "data") -> bytes:
    return json.dumps({key: list(records)}, ensure_ascii=False, indent=1).encode("utf-8")


@case(f"{HTTP}/pages_ok/page1.json")
def _() -> bytes:
    return page(record(1), record(2))


@case(f"{HTTP}/pages_ok/page2.json")
def _() -> bytes:
    return page(record(3))


@case(f"{HTTP}/server_error_500/page1.html")
def _() -> bytes:
    return b"<html><body><h1>500 Internal Server Error</h1></body></html>\n"


@case(f"{HTTP}/html_instead_of_json/page1.html")
def _() -> bytes:
    return "<!DOCTYPE html><html><body>ระบบปิดปรับปรุง (maintenance)</body></html>\n".encode()


@case(f"{HTTP}/json_without_records_key/page1.json")
def _() -> bytes:
    return page(record(1), record(2), key="items")


@case(f"{HTTP}/records_not_a_list/page1.json")
def _() -> bytes:
    return json.dumps({"data": record(1)}, ensure_ascii=False).encode()


@case(f"{HTTP}/record_not_an_object/page1.json")
def _() -> bytes:
    return page(record(1), "เชียงใหม่")


@case(f"{HTTP}/truncated_json/page1.json")
def _() -> bytes:
    return page(record(1), record(2))[:150]


@case(f"{HTTP}/invalid_utf8_body/page1.json")
def _() -> bytes:
    return page(record(1, note="ดี")).replace("ดี".encode(), "ดี".encode()[:-1])


@case(f"{HTTP}/second_page_fails/page1.json")
def _() -> bytes:
    return page(record(1), record(2))


# --------------------------------------------------------------------------- file names

NAMES = "file_names/sources"


@case(f"{NAMES}/sso_registry/insured/insured_256701.csv")
def _() -> bytes:
    return cp874(ins_baseline())


@case(f"{NAMES}/sso_registry/insured/insured_202401.csv")
def _() -> bytes:
    return cp874(ins_baseline())


@case(f"{NAMES}/sso_registry/insured/insured_256713.csv")
def _() -> bytes:
    return cp874(ins_baseline())


@case(f"{NAMES}/sso_registry/insured/insured_2567-02.csv")
def _() -> bytes:
    return cp874(ins_baseline())


@case(f"{NAMES}/sso_efiling/256701/{SPS_FILE}")
def _() -> bytes:
    return sps_file(D1, D2, D3)


@case(f"{NAMES}/sso_efiling/202401/SPS110_1000000001_000000_202401.txt")
def _() -> bytes:
    return sps_file(D1, D2, D3, period="0124")


@case(f"{NAMES}/nso_lfs/lfs_2024_q1.xlsx")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()), title=LFS_TITLE.replace("2567", "2024"))


@case(f"{NAMES}/nso_lfs/lfs_2567_q5.xlsx")
def _() -> bytes:
    return lfs_sheet(lfs_body(lfs_counts()))


# =========================================================================== SSO benefits
# (owner: benefits; contracts §1.6: claims and Section-39 reinstatement requests)

BEN = "sso_benefits__claims"
BEN_FILE = "claims_256701.csv"
CLAIM_HEADER = [
    "เลขที่คำขอ",
    "ประเภทประโยชน์ทดแทน",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "มาตรา",
    "จังหวัด",
    "วันที่ยื่นคำขอ",
    "วันที่วินิจฉัย",
    "วันที่จ่าย",
    "จำนวนเงิน",
    "ผลการวินิจฉัย",
    "รหัสเหตุผล",
]
APPROVED, REJECTED = "อนุมัติ", "ไม่อนุมัติ"
# sickness (S33, Bangkok), maternity (S39: 15,000 + 1.5 x 4,800), unemployment rejected (late
# registration), child allowance (two months x 800) of a non-Thai worker
C1 = ["CLM-256701-0000001", "01", ID_A, "นายสมชาย ใจดี", "33", "กรุงเทพมหานคร",
      "03/01/2567", "05/01/2567", "08/01/2567", "650.00", APPROVED, ""]  # fmt: skip
C2 = ["CLM-256701-0000002", "02", ID_B, "นางสาวสมศรี มีสุข", "39", "เชียงใหม่",
      "10/01/2567", "12/01/2567", "15/01/2567", "22200.00", APPROVED, ""]  # fmt: skip
C3 = ["CLM-256701-0000003", "08", ID_C, "นายประยุทธ ทองคำ", "33", "ขอนแก่น",
      "20/01/2567", "25/01/2567", "", "0.00", REJECTED, "R06"]  # fmt: skip
C4 = ["CLM-256701-0000004", "05", ID_NON_THAI, "Mr Aung Kyaw", "33", "ชลบุรี",
      "22/01/2567", "29/01/2567", "01/02/2567", "1600.00", APPROVED, ""]  # fmt: skip
_CLAIM_KEYS = ["id", "type", "nid", "name", "section", "province", "claimed", "decided", "paid",
               "amount", "status", "reason"]  # fmt: skip


def claim(row: list[str], **kw: str) -> list[str]:
    out = list(row)
    for k, v in kw.items():
        out[_CLAIM_KEYS.index(k)] = v
    return out


def claims(*rows: list[str], header: list[str] = CLAIM_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{BEN}/valid_baseline/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(C1, C2, C3, C4))


@case(f"{BEN}/thai_digits/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            claim(C1, nid=thai(ID_A), section=thai("33"), claimed=thai("03/01/2567"),
                  paid=thai("08/01/2567"), amount=thai("1,650.50")),
            C2,
        )
    )  # fmt: skip


@case(f"{BEN}/dashed_ids/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            claim(C1, nid=dashed(ID_A)),
            claim(C2, nid=spaced(ID_B)),
            claim(C4, nid=thai(dashed(ID_NON_THAI))),
        )
    )


@case(f"{BEN}/invalid_check_digit/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            C1,
            claim(C2, nid=ID_B_BAD),
            claim(C2, nid=dashed(ID_B_BAD)),
            claim(C2, nid=thai(ID_B_BAD)),
        )
    )


@case(f"{BEN}/ce_dates/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(claim(C1, claimed="03/01/2024"), claim(C2, paid="15/01/2024"), C3))


@case(f"{BEN}/impossible_dates/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            claim(C1, claimed="31/02/2567"),
            claim(C2, decided="12/13/2567"),
            claim(C4, paid="30/02/2567"),
        )
    )


@case(f"{BEN}/decision_before_claim/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(claim(C1, decided="02/01/2567"), C2))


@case(f"{BEN}/payment_before_decision/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(C1, claim(C2, paid="11/01/2567")))


@case(f"{BEN}/unknown_benefit_type/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(claim(C1, type="09"), claim(C1, type="1"), claim(C1, type="กรณีเจ็บป่วย"), C2))


@case(f"{BEN}/unknown_province/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            claim(C1, province="ไม่ระบุ"),
            claim(C2, province="Chiang Mai"),
            claim(C4, province="TH-99"),
        )
    )


@case(f"{BEN}/bad_amounts/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(claim(C1, amount="-650.00"), claim(C2, amount="หกร้อย"), C4))


@case(f"{BEN}/inconsistent_decisions/{BEN_FILE}")
def _() -> bytes:
    return cp874(
        claims(
            claim(C3, paid="26/01/2567"),  # rejected, yet paid
            claim(C3, reason=""),  # rejected without a reason
            claim(C1, reason="R03"),  # approved with a reason
            claim(C1, paid=""),  # approved, never paid
            claim(C3, amount="9000.00"),  # rejected, yet an amount
            claim(C1, status="รออนุมัติ"),  # pending is not a decision
        )
    )


@case(f"{BEN}/benefit_not_of_section/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(claim(C3, section="40"), claim(C2, section="40"), claim(C1, section="40")))


@case(f"{BEN}/duplicate_claim_id/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims(C1, C2, claim(C1, amount="700.00"), claim(C4, id="CLM-2567-1")))


@case(f"{BEN}/utf8_not_cp874/{BEN_FILE}")
def _() -> bytes:
    return claims(C1, C2).encode("utf-8")


@case(f"{BEN}/empty_file/{BEN_FILE}")
def _() -> bytes:
    return b""


@case(f"{BEN}/header_only/{BEN_FILE}")
def _() -> bytes:
    return cp874(claims())


@case(f"{BEN}/renamed_column/{BEN_FILE}")
def _() -> bytes:
    header = [h if h != "วันที่จ่าย" else "วันที่โอนเงิน" for h in CLAIM_HEADER]
    return cp874(claims(C1, header=header))


@case(f"{BEN}/ragged_row_with_ids/{BEN_FILE}")
def _() -> bytes:
    # an unquoted comma in the name: 13 fields; the valid dashed ID must be masked in quarantine
    bad = csv_line(claim(C2, nid=dashed(ID_B))).replace("สมศรี", "สมศรี,")
    return cp874(f"{csv_line(CLAIM_HEADER)}\r\n{csv_line(C1)}\r\n{bad}\r\n")


S39 = "sso_benefits__s39_reinstatements"
S39_FILE = "s39_reinstatements_256701.csv"
REQUEST_HEADER = [
    "เลขที่คำร้อง",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "จังหวัด",
    "วันที่สิ้นสภาพ",
    "วันที่ยื่นคำร้อง",
    "วันที่พิจารณา",
    "ผลการพิจารณา",
    "รหัสเหตุผล",
]
R1 = ["S39-256701-000001", ID_A, "นายสมชาย ใจดี", "กรุงเทพมหานคร", "15/10/2566", "05/01/2567",
      "18/01/2567", APPROVED, ""]  # fmt: skip
R2 = ["S39-256701-000002", ID_B, "นางสาวสมศรี มีสุข", "เชียงใหม่", "01/12/2566", "10/01/2567",
      "25/01/2567", REJECTED, "R21"]  # fmt: skip
_REQUEST_KEYS = ["id", "nid", "name", "province", "lapsed", "requested", "decided", "status",
                 "reason"]  # fmt: skip


def request(row: list[str], **kw: str) -> list[str]:
    out = list(row)
    for k, v in kw.items():
        out[_REQUEST_KEYS.index(k)] = v
    return out


def requests(*rows: list[str]) -> str:
    return csv_text([REQUEST_HEADER, *rows])


@case(f"{S39}/valid_baseline/{S39_FILE}")
def _() -> bytes:
    return cp874(requests(R1, R2))


@case(f"{S39}/dates_out_of_order/{S39_FILE}")
def _() -> bytes:
    return cp874(
        requests(request(R1, requested="10/10/2566"), request(R2, decided="09/01/2567"), R1)
    )


@case(f"{S39}/reason_mismatch/{S39_FILE}")
def _() -> bytes:
    return cp874(requests(request(R2, reason=""), request(R1, reason="R03")))


@case(f"{S39}/bad_ids_and_dates/{S39_FILE}")
def _() -> bytes:
    return cp874(
        requests(
            request(R1, nid=ID_B_BAD),
            request(R2, lapsed="01/12/2023"),
            request(R1, id="S39-1"),
        )
    )


@case(f"{S39}/duplicate_request_id/{S39_FILE}")
def _() -> bytes:
    return cp874(requests(R1, request(R1, decided="19/01/2567")))


@case(f"{S39}/header_only/{S39_FILE}")
def _() -> bytes:
    return cp874(requests())


# =========================================================================== end SSO benefits


# ====================================================================== issue 8: sso_wcf, sso_fund
# Work injuries (Workmen's Compensation Fund CSV, contracts §1.7) and the Social Security Fund's
# monthly workbook (contracts §1.8). Owned by the fund/injuries work; built by hand from the
# contracts (the workbook baseline with xlsxwriter; one case uses the simulator's own writer).

# --------------------------------------------------------------------------- WCF injuries (§1.7)

WCF = "sso_wcf__injuries"
WCF_FILE = "injuries_256701.csv"
WCF_HEADER = [
    "เลขที่รับแจ้ง",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "รหัสประเภทกิจการ",
    "จังหวัด",
    "วันที่ประสบอันตราย",
    "ความรุนแรง",
    "จำนวนวันหยุดงาน",
    "ค่ารักษาพยาบาล",
    "ค่าทดแทน",
]
W1 = ["WC256701000001", ID_A, "นายสมชาย ใจดี", "1000000001", "000000", "41001", "สมุทรสาคร",
      "05/01/2567", "หยุดงานเกิน 3 วัน", "14", "6500.00", "4666.67"]  # fmt: skip
W2 = ["WC256701000002", ID_B, "นางสาวสมศรี มีสุข", "5000000002", "000001", "10110", "จ.ตรัง",
      "12/01/2567", "หยุดงานไม่เกิน 3 วัน", "2", "850.50", "0.00"]  # fmt: skip
W3 = ["WC256701000003", ID_NON_THAI, "Mr Aung Kyaw", "1000000001", "000000", "41001",
      "Samut Sakhon", "20/01/2567", "ตาย", "", "15000.00", "1730000.00"]  # fmt: skip


def injury(row: list[str], **kw: str) -> list[str]:
    keys = ["case", "nid", "name", "account", "branch", "tsic", "province", "date", "severity",
            "days", "medical", "compensation"]  # fmt: skip
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


def injuries(*rows: list[str], header: list[str] = WCF_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{WCF}/valid_baseline/{WCF_FILE}")
def _() -> bytes:
    return cp874(injuries(W1, W2, W3))


@case(f"{WCF}/thai_digits/{WCF_FILE}")
def _() -> bytes:
    return cp874(
        injuries(
            injury(W1, nid=thai(ID_A), date=thai("05/01/2567"), severity="หยุดงานเกิน ๓ วัน",
                   days=thai("14"), medical=thai("6,500.00"), compensation=thai("4,666.67")),
            injury(W2, account=thai("5000000002"), branch=thai("000001"), tsic=thai("10110")),
        )
    )  # fmt: skip


@case(f"{WCF}/dashed_ids/{WCF_FILE}")
def _() -> bytes:
    return cp874(injuries(injury(W1, nid=dashed(ID_A)), injury(W2, nid=spaced(ID_B))))


@case(f"{WCF}/invalid_check_digits/{WCF_FILE}")
def _() -> bytes:
    return cp874(injuries(W1, injury(W2, nid=ID_B_BAD), injury(W2, nid=thai(dashed(ID_B_BAD)))))


@case(f"{WCF}/unknown_severity/{WCF_FILE}")
def _() -> bytes:
    return cp874(injuries(W1, injury(W2, severity="บาดเจ็บเล็กน้อย"), injury(W3, severity="")))


@case(f"{WCF}/bad_codes_and_province/{WCF_FILE}")
def _() -> bytes:
    return cp874(
        injuries(
            injury(W1, case="2567-000001"),
            injury(W2, account="50000002"),
            injury(W1, tsic="4100"),
            injury(W2, province="ไม่ระบุ"),
            W3,
        )
    )


@case(f"{WCF}/dates_wrong_era_and_impossible/{WCF_FILE}")
def _() -> bytes:
    return cp874(
        injuries(
            injury(W1, date="05/01/2024"),
            injury(W2, date="31/02/2567"),
            injury(W3, date="15/13/2567"),
            W1,
        )
    )


@case(f"{WCF}/negative_and_text_amounts/{WCF_FILE}")
def _() -> bytes:
    return cp874(
        injuries(
            injury(W1, compensation="-4666.67"),
            injury(W2, medical="ไม่มี"),
            injury(W1, days="-1"),
            W3,
        )
    )


@case(f"{WCF}/renamed_column/{WCF_FILE}")
def _() -> bytes:
    header = [("ระดับความรุนแรง" if h == "ความรุนแรง" else h) for h in WCF_HEADER]
    return cp874(injuries(W1, W2, header=header))


@case(f"{WCF}/empty_file/{WCF_FILE}")
def _() -> bytes:
    return b""


@case(f"{WCF}/utf8_not_cp874/{WCF_FILE}")
def _() -> bytes:
    return injuries(W1, W2).encode("utf-8")


@case(f"{WCF}/truncated_line/{WCF_FILE}")
def _() -> bytes:
    data = cp874(injuries(W1, W2))
    return data[: len(data) - 20]  # the last row cut inside its amounts, no line end


# ---------------------------------------------------------------------- SSO fund workbook (§1.8)

FUND_POS = "sso_fund__positions"
FUND_CASH = "sso_fund__cash_flow"
FUND_FILE = "portfolio_256701.xlsx"
FUND_OFFICE = "สำนักงานประกันสังคม (กองทุนประกันสังคม)"
POS_SHEET = "สินทรัพย์ลงทุน"
CASH_SHEET = "กระแสเงินสด"
POS_TITLE = "รายงานสินทรัพย์ลงทุนของกองทุนประกันสังคม ณ สิ้นเดือนมกราคม พ.ศ. 2567"
CASH_TITLE = "รายงานเงินสมทบรับและประโยชน์ทดแทนจ่าย ประจำเดือนมกราคม พ.ศ. 2567"
POS_TOTAL = "รวมทั้งสิ้น"
RETURN_HEAD = "อัตราผลตอบแทนรายเดือน (ร้อยละ)"
VALUE_HEAD = "มูลค่าตามราคาตลาด"
# (label, market value in million baht, monthly return %): 2.66 T baht, DOMAIN.md's end-2024 mix.
FUND_CLASSES: list[tuple[str, str, str]] = [
    ("เงินฝาก", "79800.00", "0.1250"),
    ("พันธบัตรรัฐบาล", "1117200.00", "0.2100"),
    ("หุ้นกู้รัฐวิสาหกิจและหุ้นกู้เอกชน", "337820.00", "0.2500"),
    ("ตราสารทุนในประเทศ", "266000.00", "-1.3500"),
    ("ตราสารทุนต่างประเทศ", "372400.00", "2.1000"),
    ("ตราสารหนี้ต่างประเทศ", "369740.00", "0.4000"),
    ("อสังหาริมทรัพย์และการลงทุนทางเลือก", "117040.00", "0.5000"),
]
# (label, amount in million baht); group rows carry None and get their subtotal.
CASH_ITEMS: list[tuple[str, str | None]] = [
    ("เงินสมทบรับ", None),
    ("มาตรา 33", "19450.25"),
    ("มาตรา 39", "880.10"),
    ("มาตรา 40", "705.65"),
    ("ประโยชน์ทดแทนจ่าย", None),
    ("กรณีเจ็บป่วย", "4583.33"),
    ("กรณีคลอดบุตร", "541.67"),
    ("กรณีทุพพลภาพ", "375.00"),
    ("กรณีตาย", "375.00"),
    ("กรณีสงเคราะห์บุตร", "1458.33"),
    ("กรณีชราภาพ", "3500.00"),
    ("กรณีว่างงาน", "750.00"),
]
CASH_NET = "เงินสมทบรับสูง (ต่ำ) กว่าประโยชน์ทดแทนจ่าย"


def fund_return(classes: list[tuple[str, str, str]]) -> str:
    """The total row's return: Σ b·r / Σ b, b = value / (1 + r) (contracts §1.8), 4 decimals."""
    from decimal import Decimal

    start = [Decimal(v) / (1 + Decimal(r) / 100) for _l, v, r in classes]
    total = sum(b * Decimal(r) for b, (_l, _v, r) in zip(start, classes, strict=True)) / sum(start)
    return str(total.quantize(Decimal("0.0001")))


def positions_rows(
    classes: list[tuple[str, str, str]] = FUND_CLASSES,
    *,
    total: str | None = None,
    total_return: str | None = None,
    weights: dict[int, str] | None = None,
) -> list[list]:
    """Class rows then the total row: [label, value, weight %, return %] (numbers as text;
    the workbook writer writes what parses as a number as a number)."""
    from decimal import Decimal

    value_sum = sum(Decimal(v) for _l, v, _r in classes)
    rows = []
    for i, (label, value, ret) in enumerate(classes):
        weight = (100 * Decimal(value) / value_sum).quantize(Decimal("0.01"))
        rows.append([label, value, (weights or {}).get(i, str(weight)), ret])
    rows.append(
        [POS_TOTAL, total or str(value_sum), "100.00", total_return or fund_return(classes)]
    )
    return rows


def cash_rows(items: list[tuple[str, str | None]] = CASH_ITEMS, *, net: str | None = None,
              subtotals: dict[str, str] | None = None) -> list[list]:  # fmt: skip
    """Group rows with their subtotals, items, then the net row."""
    from decimal import Decimal

    rows: list[list] = []
    sums: dict[str, Decimal] = {}
    group = ""
    for label, amount in items:
        if amount is None:
            group = label
            sums[group] = Decimal(0)
            rows.append([label, None])
        else:
            sums[group] += Decimal(amount)
            rows.append([label, amount])
    for row in rows:
        if row[1] is None:
            row[1] = (subtotals or {}).get(row[0], str(sums[row[0]]))
    groups = list(sums.values())
    rows.append([CASH_NET, net or str(groups[0] - groups[-1])])
    return rows


def fund_workbook(
    *,
    positions: list[list] | None = None,
    cash: list[list] | None = None,
    extra_titles: int = 0,
    unmerged: str = "",
    title_month: str = "มกราคม พ.ศ. 2567",
    cell=lambda v: v,
    after_total: list[list] | None = None,
    pos_header: str = "ประเภทสินทรัพย์",
) -> bytes:
    """A workbook laid out as contracts §1.8. ``positions=None`` / ``cash=None`` leave a sheet
    out; ``unmerged``: ``""`` merged header cells, ``"repeat"`` every formerly merged cell holds
    the label, ``"lower"`` a vertically merged label sits in the lower cell only. ``cell`` turns
    a number (as text) into what is written (default: the number)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"title": "SSF", "author": "SSO", "created": dt.datetime(2024, 2, 10)})

    def put(ws, r: int, c: int, value) -> None:
        if value is None:
            return
        text = str(value)
        try:
            float(text)
        except ValueError:
            ws.write_string(r, c, text)
            return
        shown = cell(text)
        if shown != text:
            ws.write_string(r, c, shown)
        else:
            ws.write_number(r, c, float(text))

    titles = [FUND_OFFICE, "", *["(ฉบับปรับปรุง)"] * extra_titles, "หน่วย: ล้านบาท"]
    if positions is not None:
        ws = wb.add_worksheet(POS_SHEET)
        top = [*titles]
        top[1] = POS_TITLE.replace("มกราคม พ.ศ. 2567", title_month)
        for r, t in enumerate(top):
            if r < 2:
                ws.merge_range(r, 0, r, 3, t)
            else:
                ws.write_string(r, 0, t)
        h = len(top) + 1  # a blank row, then the two header rows
        if unmerged == "repeat":
            for c, (a, b) in enumerate([(pos_header,) * 2, (VALUE_HEAD, "ล้านบาท"),
                                        (VALUE_HEAD, "ร้อยละ"), (RETURN_HEAD,) * 2]):  # fmt: skip
                ws.write_string(h, c, a)
                ws.write_string(h + 1, c, b)
        elif unmerged == "lower":
            ws.write_string(h + 1, 0, pos_header)
            ws.write_string(h, 1, VALUE_HEAD)
            ws.write_string(h + 1, 1, "ล้านบาท")
            ws.write_string(h + 1, 2, "ร้อยละ")
            ws.write_string(h + 1, 3, RETURN_HEAD)
        else:
            ws.merge_range(h, 0, h + 1, 0, pos_header)
            ws.merge_range(h, 1, h, 2, VALUE_HEAD)
            ws.merge_range(h, 3, h + 1, 3, RETURN_HEAD)
            ws.write_string(h + 1, 1, "ล้านบาท")
            ws.write_string(h + 1, 2, "ร้อยละ")
        r = h + 2
        for row in positions:
            for c, v in enumerate(row):
                put(ws, r, c, v)
            r += 1
        for row in after_total or []:
            for c, v in enumerate(row):
                put(ws, r, c, v)
            r += 1
        ws.write_string(r + 1, 0, "หมายเหตุ: อัตราผลตอบแทนเป็นรายเดือน ยังไม่ปรับเป็นอัตราต่อปี")
        ws.write_string(r + 2, 0, "ที่มา: สำนักงานประกันสังคม")
    if cash is not None:
        ws = wb.add_worksheet(CASH_SHEET)
        top = [*titles]
        top[1] = CASH_TITLE.replace("มกราคม พ.ศ. 2567", title_month)
        for r, t in enumerate(top):
            if r < 2:
                ws.merge_range(r, 0, r, 1, t)
            else:
                ws.write_string(r, 0, t)
        h = len(top) + 1
        ws.write_string(h, 0, "รายการ")
        ws.write_string(h, 1, "จำนวนเงิน")
        r = h + 1
        for row in cash:
            for c, v in enumerate(row):
                put(ws, r, c, v)
            r += 1
        ws.write_string(r + 1, 0, "หมายเหตุ: เงินสมทบมาตรา 33 รวมส่วนของรัฐบาล")
        ws.write_string(r + 2, 0, "ที่มา: สำนักงานประกันสังคม")
    wb.close()
    return out.getvalue()


def both(**kw) -> bytes:
    """The baseline workbook with both sheets (override either with keyword arguments)."""
    return fund_workbook(**{"positions": positions_rows(), "cash": cash_rows(), **kw})


def _thai_text(text: str) -> str:
    """A number as a clerk types it: thousands separators, Thai digits, (1.23) for negatives."""
    from decimal import Decimal

    d = Decimal(text)
    places = len(text.split(".")[1]) if "." in text else 0
    body = f"{abs(d):,.{places}f}"
    return thai(f"({body})" if d < 0 else body)


@case(f"{FUND_POS}/valid_baseline/{FUND_FILE}")
def _() -> bytes:
    return both()


@case(f"{FUND_POS}/simulator_workbook/{FUND_FILE}")
def _() -> bytes:
    import tempfile
    from decimal import Decimal

    from ingestion.simulator import sso_fund
    from ingestion.simulator.world import Month

    holdings = [
        (code, label, Decimal(v), Decimal(r))
        for (code, *_), (label, v, r) in zip(sso_fund.ASSET_CLASSES, FUND_CLASSES, strict=True)
    ]
    cash = [
        (code, label, Decimal(a))
        for code, (label, a) in zip(
            [c for c, _ in sso_fund.CONTRIBUTIONS] + [b[0] for b in sso_fund.BENEFITS],
            [x for x in CASH_ITEMS if x[1] is not None],
            strict=True,
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FUND_FILE
        sso_fund.write_workbook(path, Month.of(0, 2024, 1), holdings, cash)
        return path.read_bytes()


@case(f"{FUND_POS}/header_moved_down/{FUND_FILE}")
def _() -> bytes:
    return both(extra_titles=2)


@case(f"{FUND_POS}/merged_cells_unmerged/{FUND_FILE}")
def _() -> bytes:
    return both(unmerged="repeat")


@case(f"{FUND_POS}/merged_label_in_lower_cell/{FUND_FILE}")
def _() -> bytes:
    return both(unmerged="lower")


@case(f"{FUND_POS}/thai_digit_text_numbers/{FUND_FILE}")
def _() -> bytes:
    return both(cell=_thai_text)


@case(f"{FUND_POS}/total_not_reconciling/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows(total="2660000.01"))


@case(f"{FUND_POS}/unknown_asset_class/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows([*FUND_CLASSES, ("ทองคำ", "5000.00", "1.0000")]))


@case(f"{FUND_POS}/asset_class_missing/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows(FUND_CLASSES[1:]))


@case(f"{FUND_POS}/asset_class_twice/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows([*FUND_CLASSES, FUND_CLASSES[0]]))


@case(f"{FUND_POS}/weight_not_the_share/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows(weights={1: "40.00"}))


@case(f"{FUND_POS}/total_return_wrong/{FUND_FILE}")
def _() -> bytes:
    return both(positions=positions_rows(total_return="0.5000"))


@case(f"{FUND_POS}/title_names_another_month/{FUND_FILE}")
def _() -> bytes:
    return both(title_month="กุมภาพันธ์ พ.ศ. 2567")


@case(f"{FUND_POS}/row_after_the_total/{FUND_FILE}")
def _() -> bytes:
    return both(after_total=[["ปรับปรุงตัวเลขเดือนก่อน", "120.00"]])


@case(f"{FUND_POS}/header_renamed/{FUND_FILE}")
def _() -> bytes:
    return both(pos_header="ประเภทการลงทุน")


@case(f"{FUND_POS}/missing_sheet/{FUND_FILE}")
def _() -> bytes:
    return fund_workbook(cash=cash_rows())


@case(f"{FUND_POS}/empty_file/{FUND_FILE}")
def _() -> bytes:
    return b""


@case(f"{FUND_CASH}/valid_baseline/{FUND_FILE}")
def _() -> bytes:
    return both()


@case(f"{FUND_CASH}/header_moved_down/{FUND_FILE}")
def _() -> bytes:
    return both(extra_titles=3)


@case(f"{FUND_CASH}/thai_digit_text_numbers/{FUND_FILE}")
def _() -> bytes:
    return both(cell=_thai_text)


@case(f"{FUND_CASH}/deficit_month/{FUND_FILE}")
def _() -> bytes:
    items = [(label, "30000.00" if label == "กรณีชราภาพ" else a) for label, a in CASH_ITEMS]
    return both(cash=cash_rows(items), cell=lambda v: f"({v[1:]})" if v.startswith("-") else v)


@case(f"{FUND_CASH}/subtotal_not_reconciling/{FUND_FILE}")
def _() -> bytes:
    return both(cash=cash_rows(subtotals={"ประโยชน์ทดแทนจ่าย": "11583.34"}))


@case(f"{FUND_CASH}/net_not_reconciling/{FUND_FILE}")
def _() -> bytes:
    return both(cash=cash_rows(net="9452.76"))


@case(f"{FUND_CASH}/unknown_item/{FUND_FILE}")
def _() -> bytes:
    return both(cash=cash_rows([*CASH_ITEMS[:4], ("มาตรา 41", "10.00"), *CASH_ITEMS[4:]]))


@case(f"{FUND_CASH}/item_under_the_wrong_group/{FUND_FILE}")
def _() -> bytes:
    items = [x for x in CASH_ITEMS if x[0] != "กรณีว่างงาน"]
    return both(cash=cash_rows([items[0], ("กรณีว่างงาน", "750.00"), *items[1:]]))


@case(f"{FUND_CASH}/missing_sheet/{FUND_FILE}")
def _() -> bytes:
    return fund_workbook(positions=positions_rows())


@case(f"{FUND_CASH}/csv_named_xlsx/{FUND_FILE}")
def _() -> bytes:
    return cp874(csv_text([["รายการ", "จำนวนเงิน"], ["มาตรา 33", "19450.25"]]))


# --------------------------------------------------------------------------- hotline 1506 drops

HOTLINE = "sso_hotline__contacts"
HOTLINE_DROP = "contacts_202611_20261129T120000000000.jsonl"


def contact(i: int, **kw: object) -> dict:
    """A hotline contact as the API serves it (ingestion/sources/sso_hotline/source.yaml)."""
    texts = {
        1: "ลาออกจากงานมา 2 เดือน จะขอเงินว่างงานยังไงคะ",
        2: "work permit ลูกจ้างพม่าหมดอายุแล้ว ต่อที่ไหนครับ",
        3: "นายจ้างค้างค่าจ้าง 3 เดือน ร้องเรียนได้ที่ไหน",
    }
    out: dict = {
        "contact_id": f"H1506-20240105-{i:06d}",
        "contact_at": f"2024-01-05T09:{i:02d}:00+07:00",
        "updated_at": f"2024-01-05T09:{i + 10:02d}:00+07:00",
        "menu_option": {1: 1, 2: 2, 3: 3}.get(i, 1),
        "channel": "line",
        "issue_text": texts.get(i, "สอบถามเรื่องทั่วไปค่ะ"),
        "agent_category": None,
        "answered": True,
        "auto_answered": True,
        "wait_seconds": 3,
        "handle_seconds": 60,
        "resolved_first_contact": True,
        "contact_type": "inquiry",
        "case_status": "closed",
        "closed_at": f"2024-01-05T09:{i + 10:02d}:00+07:00",
        "national_id": {1: ID_A, 3: ID_B}.get(i),
    }
    out.update(kw)
    return out


def contacts_drop(*records: object) -> bytes:
    return jsonl(*records)


@case(f"{HOTLINE}/valid_baseline/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2), contact(3))


@case(f"{HOTLINE}/record_without_id/{HOTLINE_DROP}")
def _() -> bytes:
    two = contact(2)
    del two["contact_id"]
    return contacts_drop(contact(1), two, contact(3))


@case(f"{HOTLINE}/timestamp_be_year/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2, contact_at="2567-01-05T09:02:00+07:00"), contact(3))


@case(f"{HOTLINE}/timestamp_thai_style/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2, contact_at=thai("05/01/2567 09:02")), contact(3))


@case(f"{HOTLINE}/timestamp_impossible_date/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2), contact(3, closed_at="2024-02-30T10:00:00+07:00"))


@case(f"{HOTLINE}/timestamp_utc/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1, contact_at="2024-01-05T02:01:00Z"), contact(2), contact(3))


@case(f"{HOTLINE}/thai_text_invalid_utf8/{HOTLINE_DROP}")
def _() -> bytes:
    lines = contacts_drop(contact(1), contact(2), contact(3)).split(b"\n")
    lines[1] = lines[1].replace("ลูกจ้าง".encode(), "ลูกจ้าง".encode()[:-1])  # a letter cut
    return b"\n".join(lines)


@case(f"{HOTLINE}/national_id_in_text/{HOTLINE_DROP}")
def _() -> bytes:
    text = f"เช็คสิทธิ์ว่างงานให้หน่อย เลขบัตร {dashed(ID_C)} ค่ะ"
    return contacts_drop(contact(1, issue_text=text), contact(2), contact(3))


@case(f"{HOTLINE}/caller_id_invalid/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2, national_id=ID_B_BAD), contact(3))


@case(f"{HOTLINE}/caller_id_dashed_and_thai_digits/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(
        contact(1, national_id=dashed(ID_A)), contact(2, national_id=thai(ID_C)), contact(3)
    )


@case(f"{HOTLINE}/unknown_menu_option/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(contact(1), contact(2, menu_option=6), contact(3))


@case(f"{HOTLINE}/unknown_channel_and_category/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(
        contact(1, channel="fax"), contact(2), contact(3, agent_category="covid_screening")
    )


@case(f"{HOTLINE}/negative_wait_thai_digit_handle/{HOTLINE_DROP}")
def _() -> bytes:
    return contacts_drop(
        contact(1, wait_seconds=-5), contact(2, handle_seconds=thai("75")), contact(3)
    )


@case(f"{HOTLINE}/abandoned_call_without_text/{HOTLINE_DROP}")
def _() -> bytes:
    abandoned = contact(
        2,
        channel="phone",
        issue_text=None,
        answered=False,
        auto_answered=False,
        handle_seconds=None,
        resolved_first_contact=False,
        case_status="none",
        closed_at=None,
    )
    return contacts_drop(contact(1), abandoned, contact(3))


@case(f"{HOTLINE}/truncated_last_line/{HOTLINE_DROP}")
def _() -> bytes:
    data = contacts_drop(contact(1), contact(2), contact(3))
    return data[: len(data) - 25]


@case(f"{HOTLINE}/empty_file/{HOTLINE_DROP}")
def _() -> bytes:
    return b""


# ============================================================= issue 9: mol_dsd, mol_dlpw, sso_hr
# Department of Skill Development (contracts §1.10), Department of Labour Protection and Welfare
# (§1.11) CSVs and the SSO staff-welfare workbook (§1.12). Built by hand from the contracts.

# ------------------------------------------------------------------ DSD enrolments (§1.10)

DSD_E = "mol_dsd__enrolments"
DSD_E_FILE = "enrolments_256701.csv"
DSD_E_HEADER = ["เลขที่ลงทะเบียน", "รหัสหลักสูตร", "ประเภทการฝึก", "ผู้จัดฝึก", "เลขที่บัญชีนายจ้าง",
                "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "เพศ", "ปีเกิด", "จังหวัด", "วันที่เริ่มฝึก",
                "วันที่สิ้นสุดการฝึก", "ผลการฝึก"]  # fmt: skip
DSD_E1 = ["DSD256701000001", "PE0012", "ฝึกเตรียมเข้าทำงาน", "กรมพัฒนาฝีมือแรงงาน", "", ID_A,
      "นายสมชาย ใจดี", "ชาย", "2530", "ขอนแก่น", "20/11/2566", "19/01/2567", "จบหลักสูตร"]  # fmt: skip
DSD_E2 = ["DSD256701000002", "UP0003", "ฝึกยกระดับฝีมือ", "สถานประกอบกิจการ", "1000000001", ID_B,
      "นางสาวสมศรี มีสุข", "หญิง", "2541", "Chon Buri", "22/01/2567", "24/01/2567",
      "จบหลักสูตร"]  # fmt: skip
DSD_E3 = ["DSD256701000003", "RT0040", "ฝึกเสริมทักษะ", "กรมพัฒนาฝีมือแรงงาน", "", ID_C,
      "นายวิชัย แก้วดี", "ชาย", "2519", "กทม.", "15/01/2567", "26/01/2567", "ไม่จบหลักสูตร"]  # fmt: skip
_E_KEYS = ["id", "course", "type", "provider", "account", "nid", "name", "sex", "birth", "province",
           "start", "end", "result"]  # fmt: skip


def enrolment(row: list[str], **kw: str) -> list[str]:
    out = list(row)
    for k, v in kw.items():
        out[_E_KEYS.index(k)] = v
    return out


def enrolments(*rows: list[str], header: list[str] = DSD_E_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{DSD_E}/valid_baseline/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(enrolments(DSD_E1, DSD_E2, DSD_E3))


@case(f"{DSD_E}/thai_digits_and_dashed_ids/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(
        enrolments(
            enrolment(DSD_E1, nid=thai(dashed(ID_A)), birth=thai("2530"), end=thai("19/01/2567")),
            enrolment(DSD_E2, account=thai("1000000001"), nid=spaced(ID_B)),
        )
    )


@case(f"{DSD_E}/invalid_check_digit/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(
        enrolments(DSD_E1, enrolment(DSD_E2, nid=ID_B_BAD), enrolment(DSD_E3, nid=thai(ID_B_BAD)))
    )


@case(f"{DSD_E}/cross_field_errors/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(
        enrolments(
            enrolment(DSD_E1, start="20/01/2567", end="19/01/2567"),
            enrolment(DSD_E2, course="PE0003"),
            enrolment(DSD_E2, id="DSD256701000004", account=""),
            enrolment(DSD_E1, id="DSD256701000005", account="1000000001"),
            DSD_E3,
        )
    )


@case(f"{DSD_E}/unknown_labels_and_province/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(
        enrolments(
            enrolment(DSD_E1, type="ฝึกอาชีพ"),
            enrolment(DSD_E2, result="ผ่าน"),
            enrolment(DSD_E3, province="ไม่ระบุ"),
            enrolment(DSD_E1, id="DSD256701000009", sex="M"),
            DSD_E2,
        )
    )


@case(f"{DSD_E}/dates_wrong_era_and_impossible/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(
        enrolments(
            enrolment(DSD_E1, end="19/01/2024"),
            enrolment(DSD_E2, start="31/02/2567"),
            enrolment(DSD_E3, end="15/13/2567"),
            DSD_E1,
        )
    )


@case(f"{DSD_E}/duplicate_enrolment/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(enrolments(DSD_E1, DSD_E2, DSD_E1))


@case(f"{DSD_E}/renamed_column/{DSD_E_FILE}")
def _() -> bytes:
    header = [("ผลการอบรม" if h == "ผลการฝึก" else h) for h in DSD_E_HEADER]
    return cp874(enrolments(DSD_E1, DSD_E2, header=header))


@case(f"{DSD_E}/empty_file/{DSD_E_FILE}")
def _() -> bytes:
    return b""


@case(f"{DSD_E}/header_only/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(enrolments())


@case(f"{DSD_E}/utf8_not_cp874/{DSD_E_FILE}")
def _() -> bytes:
    return enrolments(DSD_E1, DSD_E2).encode("utf-8")


@case(f"{DSD_E}/truncated_line/{DSD_E_FILE}")
def _() -> bytes:
    data = cp874(enrolments(DSD_E1, DSD_E2))
    return data[: len(data) - 15]


@case(f"{DSD_E}/extra_column/{DSD_E_FILE}")
def _() -> bytes:
    return cp874(enrolments(DSD_E1, [*DSD_E2, "เกิน"]))


# ---------------------------------------------------------------- DSD certifications (§1.10)

DSD_C = "mol_dsd__certifications"
DSD_C_FILE = "certifications_256701.csv"
DSD_C_HEADER = ["เลขที่การทดสอบ", "เลขประจำตัวประชาชน", "ชื่อ-นามสกุล", "รหัสมาตรฐาน", "ระดับ",
                "จังหวัด", "วันที่ทดสอบ", "ผลการทดสอบ"]  # fmt: skip
DSD_C1 = ["CT256701000001", ID_A, "นายสมชาย ใจดี", "S0101", "1", "ขอนแก่น", "25/01/2567", "ผ่าน"]
DSD_C2 = ["CT256701000002", ID_NON_THAI, "Mr Aung Kyaw", "S0601", "2", "Samut Sakhon", "26/01/2567",
      "ไม่ผ่าน"]  # fmt: skip


def certification(row: list[str], **kw: str) -> list[str]:
    keys = ["id", "nid", "name", "standard", "level", "province", "date", "result"]
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


def certifications(*rows: list[str], header: list[str] = DSD_C_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{DSD_C}/valid_baseline/{DSD_C_FILE}")
def _() -> bytes:
    return cp874(certifications(DSD_C1, DSD_C2))


@case(f"{DSD_C}/bad_values/{DSD_C_FILE}")
def _() -> bytes:
    return cp874(
        certifications(
            certification(DSD_C1, level="4"),
            certification(DSD_C2, standard="0721"),
            certification(DSD_C1, result="ผ่านบางส่วน"),
            certification(DSD_C2, nid=ID_B_BAD),
            certification(DSD_C1, date="30/02/2567"),
            certification(DSD_C2, id="CT256701000009", level=thai("3")),
        )
    )


@case(f"{DSD_C}/empty_file/{DSD_C_FILE}")
def _() -> bytes:
    return b""


@case(f"{DSD_C}/renamed_column/{DSD_C_FILE}")
def _() -> bytes:
    header = [("ระดับมาตรฐาน" if h == "ระดับ" else h) for h in DSD_C_HEADER]
    return cp874(certifications(DSD_C1, header=header))


# --------------------------------------------------------------- DLPW inspections (§1.11)

DLPW_I = "mol_dlpw__inspections"
DLPW_I_FILE = "inspections_256701.csv"
DLPW_I_HEADER = ["เลขที่การตรวจ", "เลขที่บัญชีนายจ้าง", "ลำดับที่สาขา", "จังหวัด", "วันที่ตรวจ",
                 "ประเภทการตรวจ", "จำนวนลูกจ้าง", "จำนวนข้อฝ่าฝืน", "รหัสข้อฝ่าฝืนหลัก",
                 "จำนวนคำสั่ง"]  # fmt: skip
DLPW_I1 = ["INS256701000001", "1000000001", "000000", "สมุทรสาคร", "08/01/2567", "ตรวจความปลอดภัย",
      "240", "3", "V05", "2"]  # fmt: skip
DLPW_I2 = ["INS256701000002", "5000000002", "000001", "จ.ตรัง", "16/01/2567", "ตรวจตามแผน", "18",
           "0",
      "", "0"]  # fmt: skip


def inspection(row: list[str], **kw: str) -> list[str]:
    keys = ["id", "account", "branch", "province", "date", "kind", "workers", "violations",
            "main", "orders"]  # fmt: skip
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


def inspections(*rows: list[str], header: list[str] = DLPW_I_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{DLPW_I}/valid_baseline/{DLPW_I_FILE}")
def _() -> bytes:
    return cp874(inspections(DLPW_I1, DLPW_I2))


@case(f"{DLPW_I}/thai_digits/{DLPW_I_FILE}")
def _() -> bytes:
    return cp874(
        inspections(
            inspection(DLPW_I1, account=thai("1000000001"), date=thai("08/01/2567"),
                       workers=thai("240"), violations=thai("3"), orders=thai("2")),
        )
    )  # fmt: skip


@case(f"{DLPW_I}/cross_field_errors/{DLPW_I_FILE}")
def _() -> bytes:
    return cp874(
        inspections(
            inspection(DLPW_I1, main=""),
            inspection(DLPW_I2, main="V01"),
            inspection(DLPW_I1, id="INS256701000003", orders="4"),
            DLPW_I2,
            DLPW_I2,
        )
    )


@case(f"{DLPW_I}/bad_values/{DLPW_I_FILE}")
def _() -> bytes:
    return cp874(
        inspections(
            inspection(DLPW_I1, kind="ตรวจพิเศษ"),
            inspection(DLPW_I2, account="50000002"),
            inspection(DLPW_I1, workers="-5"),
            inspection(DLPW_I2, province="XX"),
            inspection(DLPW_I1, date="31/04/2567"),
            inspection(DLPW_I2, main="V99", violations="1", orders="0"),
        )
    )


@case(f"{DLPW_I}/empty_file/{DLPW_I_FILE}")
def _() -> bytes:
    return b""


@case(f"{DLPW_I}/utf8_not_cp874/{DLPW_I_FILE}")
def _() -> bytes:
    return inspections(DLPW_I1, DLPW_I2).encode("utf-8")


@case(f"{DLPW_I}/missing_column/{DLPW_I_FILE}")
def _() -> bytes:
    return cp874(csv_text([DLPW_I_HEADER[:-1], DLPW_I1[:-1], DLPW_I2[:-1]]))


# ---------------------------------------------------------------------- DLPW cases (§1.11)

DLPW_C = "mol_dlpw__cases"
DLPW_C_FILE = "cases_256701.csv"
DLPW_C_HEADER = ["เลขที่เรื่อง", "เลขที่บัญชีนายจ้าง", "ลำดับที่สาขา", "จังหวัด", "ประเภทเรื่อง",
                 "รหัสเรื่อง", "วันที่รับเรื่อง", "วันที่ยุติ", "ผลการดำเนินการ"]  # fmt: skip
DLPW_L1 = ["LC256701000001", "1000000001", "000000", "สมุทรสาคร", "คำร้องทุกข์", "S01", "09/01/2567",
      "20/02/2567", "ยุติ ลูกจ้างได้รับเงิน"]  # fmt: skip
DLPW_L2 = ["LC256701000002", "5000000002", "000001", "Trang", "ข้อพิพาทแรงงาน", "S08", "22/01/2567",
           "",
      "ระหว่างดำเนินการ"]  # fmt: skip


def labour_case(row: list[str], **kw: str) -> list[str]:
    keys = ["id", "account", "branch", "province", "kind", "subject", "filed", "closed", "outcome"]
    out = list(row)
    for k, v in kw.items():
        out[keys.index(k)] = v
    return out


def labour_cases(*rows: list[str], header: list[str] = DLPW_C_HEADER) -> str:
    return csv_text([header, *rows])


@case(f"{DLPW_C}/valid_baseline/{DLPW_C_FILE}")
def _() -> bytes:
    return cp874(labour_cases(DLPW_L1, DLPW_L2))


@case(f"{DLPW_C}/cross_field_errors/{DLPW_C_FILE}")
def _() -> bytes:
    return cp874(
        labour_cases(
            labour_case(DLPW_L1, closed="05/01/2567"),
            labour_case(DLPW_L2, closed="25/01/2567"),
            labour_case(DLPW_L1, id="LC256701000003", closed=""),
            DLPW_L2,
            DLPW_L2,
        )
    )


@case(f"{DLPW_C}/bad_values/{DLPW_C_FILE}")
def _() -> bytes:
    return cp874(
        labour_cases(
            labour_case(DLPW_L1, subject="S99"),
            labour_case(DLPW_L2, kind="ฟ้องร้อง"),
            labour_case(DLPW_L1, filed="09/01/2024"),
            labour_case(DLPW_L2, outcome="ปิดเรื่อง"),
            DLPW_L1,
        )
    )


@case(f"{DLPW_C}/empty_file/{DLPW_C_FILE}")
def _() -> bytes:
    return b""


# --------------------------------------------------------------- SSO staff welfare (§1.12)

HR = "sso_hr__welfare"
HR_FILE = "welfare_256701.xlsx"
HR_SHEET = "สวัสดิการบุคลากร"
HR_HEADER = ["รหัสสำนักงาน", "สำนักงาน", "จำนวนบุคลากร (คน)", "ที่นั่งศูนย์เด็กเล็ก", "เด็กที่ใช้บริการ",
             "ตรวจสุขภาพ (คน)", "เงินกู้สวัสดิการ (ราย)", "เงินกู้สวัสดิการ (บาท)",
             "ห้องออกกำลังกาย (ครั้ง)", "ห้องพยาบาล (ครั้ง)"]  # fmt: skip


def hr_offices() -> list[list]:
    """The 89 offices of §1.12 with plain figures: [code, name, 8 numbers]."""
    rows: list[list] = [["0000", "สำนักงานประกันสังคม (ส่วนกลาง)", 1400, 60, 52, 250, 21, 1050000,
                         3500, 420]]  # fmt: skip
    for k in range(1, 13):
        rows.append([f"10{k:02d}", f"สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ {k}", 110, 0, 0, 20, 2,
                     100000, 275, 11])  # fmt: skip
    for num, name in zip(ref.PROV_NUM, ref.PROV_TH, strict=True):
        if num != "10":
            rows.append([f"{num}00", f"สำนักงานประกันสังคมจังหวัด{name}", 30, 0, 0, 5, 0, 0, 0, 3])
    return rows


def hr_workbook(
    offices: list[list] | None = None,
    *,
    total: list | None = None,
    title_month: str = "มกราคม พ.ศ. 2567",
    header: list[str] = HR_HEADER,
    sheet: str = HR_SHEET,
) -> bytes:
    """A workbook laid out as contracts §1.12; the total row is Σ offices unless given."""
    offices = hr_offices() if offices is None else offices
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"title": "HR", "author": "SSO", "created": dt.datetime(2024, 2, 5)})
    ws = wb.add_worksheet(sheet)
    ws.merge_range(0, 0, 0, 9, "สำนักงานประกันสังคม กองบริหารทรัพยากรบุคคล")
    ws.merge_range(1, 0, 1, 9, f"รายงานสวัสดิการบุคลากร ประจำเดือน{title_month}")
    ws.write_string(2, 0, "หน่วย: คน / ครั้ง / บาท")
    for c, h in enumerate(header):
        ws.write_string(4, c, h)
    r = 5
    for row in offices:
        for c, v in enumerate(row):
            if isinstance(v, int):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
        r += 1
    sums = [sum(int(str(row[c]).replace(",", "").replace("-", "0") or 0)
                for row in offices) for c in range(2, 10)] if total is None else total  # fmt: skip
    ws.write_string(r, 0, "รวมทั้งสิ้น")
    for c, v in enumerate(sums):
        ws.write_number(r, c + 2, v)
    ws.write_string(r + 2, 0, "หมายเหตุ: ตรวจสุขภาพประจำปีตามปีงบประมาณ")
    ws.write_string(r + 3, 0, "ที่มา: กองบริหารทรัพยากรบุคคล สำนักงานประกันสังคม")
    wb.close()
    return out.getvalue()


@case(f"{HR}/valid_baseline/{HR_FILE}")
def _() -> bytes:
    return hr_workbook()


@case(f"{HR}/text_numbers/{HR_FILE}")
def _() -> bytes:
    rows = hr_offices()
    rows[0][2], rows[0][7], rows[1][5] = "1,400", thai("1,050,000"), "๒๐"
    rows[1][3] = "-"
    return hr_workbook(rows)


@case(f"{HR}/total_not_reconciling/{HR_FILE}")
def _() -> bytes:
    rows = hr_offices()
    sums = [sum(int(row[c]) for row in rows) for c in range(2, 10)]
    sums[0] += 1
    return hr_workbook(rows, total=sums)


@case(f"{HR}/office_missing/{HR_FILE}")
def _() -> bytes:
    return hr_workbook(hr_offices()[:-1])


@case(f"{HR}/office_twice/{HR_FILE}")
def _() -> bytes:
    rows = hr_offices()
    return hr_workbook([*rows, list(rows[1])])


@case(f"{HR}/unknown_office/{HR_FILE}")
def _() -> bytes:
    rows = hr_offices()
    return hr_workbook([*rows, ["9900", "สำนักงานสมมติ", 10, 0, 0, 1, 0, 0, 0, 0]])


@case(f"{HR}/more_children_than_places/{HR_FILE}")
def _() -> bytes:
    rows = hr_offices()
    rows[0][4] = 61
    return hr_workbook(rows)


@case(f"{HR}/title_names_another_month/{HR_FILE}")
def _() -> bytes:
    return hr_workbook(title_month="กุมภาพันธ์ พ.ศ. 2567")


@case(f"{HR}/header_renamed/{HR_FILE}")
def _() -> bytes:
    header = [("บุคลากร" if h == "จำนวนบุคลากร (คน)" else h) for h in HR_HEADER]
    return hr_workbook(header=header)


@case(f"{HR}/missing_sheet/{HR_FILE}")
def _() -> bytes:
    return hr_workbook(sheet="Sheet1")


@case(f"{HR}/empty_file/{HR_FILE}")
def _() -> bytes:
    return b""


# The Department of Employment's cases (contracts §1.10) live in their own module, merged here.
from tests.bad_inputs.make_cases_mol_doe import CASES as _MOL_DOE_CASES  # noqa: E402

for _rel, _build in _MOL_DOE_CASES.items():
    case(_rel)(_build)

# LFS table 2 (contracts §1.11), in its own module too.
from tests.bad_inputs.make_cases_nso_lfs_status import CASES as _LFS_STATUS_CASES  # noqa: E402

for _rel, _build in _LFS_STATUS_CASES.items():
    case(_rel)(_build)


# --------------------------------------------------------------------------- writing


#: files written at test time (too big to commit): name → builder
GENERATED: dict[str, Callable[[], bytes]] = {"huge_field_insured": huge_field_insured}


def generated(name: str) -> bytes:
    return GENERATED[name]()


def build_all() -> dict[str, bytes]:
    return {rel: build() for rel, build in CASES.items()}


def write_all(root: Path = CORPUS) -> list[Path]:
    written = []
    for rel, data in build_all().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    files = write_all()
    total = sum(p.stat().st_size for p in files)
    sys.stdout.write(f"wrote {len(files)} files, {total:,} bytes, under {CORPUS}\n")
