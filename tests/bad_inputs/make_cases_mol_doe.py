"""Bad-input cases of the Department of Employment (contracts §1.9), registered into
make_cases.CASES (make_cases.py merges :data:`CASES`): the migrant work-permit workbook and the
job-matching API's JSON-lines drops. Built from the contract, never by calling a reader.
"""

from __future__ import annotations

import datetime as dt
import json

from stdnum.th import pin

from tests.bad_inputs._kit import Cases, sheet_bytes

CASES = Cases()
case = CASES.case


def national_id(first12: str) -> str:
    """A valid 13-digit ID (python-stdnum computes the check digit)."""
    return first12 + pin.calc_check_digit(first12 + "0")


_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai(text: str) -> str:
    return text.translate(_THAI)


# --------------------------------------------------------------------------- work permits
PERMITS = "mol_doe__work_permits"
PERMIT_FILE = "work_permits_256702.xlsx"
WORKER_A = national_id("001234567890")  # a migrant's ID starting with 00: valid, flagged
WORKER_B = national_id("061000000123")
WORKER_C = national_id("610001234567")  # type 6: a foreign resident, not flagged non-Thai
WORKER_D = national_id("002000000777")
WORKER_E = national_id("005555555555")
WORKER_B_BAD = WORKER_B[:12] + str((int(WORKER_B[12]) + 1) % 10)
HEADER = [
    "เลขที่ใบอนุญาต",
    "เลขประจำตัวคนต่างด้าว",
    "ชื่อ-นามสกุล",
    "เพศ",
    "วันเกิด",
    "สัญชาติ",
    "ประเภทใบอนุญาต",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "จังหวัด",
    "วันที่ออกใบอนุญาต",
    "วันหมดอายุ",
    "ประเภทรายการ",
    "วันที่ยกเลิก",
]
TITLE_MONTH = "ประจำเดือนกุมภาพันธ์ พ.ศ. 2567"


def permit_rows() -> list[list[str | None]]:
    """Five permits of February 2024 (BE 2567): new, renewed and cancelled ones."""
    return [
        ["WP-000000101", WORKER_A, "มินอ่อง ซอ", "ชาย", "12/03/2533", "เมียนมา", "MOU",
         "1012345678", "000000", "สมุทรสาคร", "05/02/2567", "04/02/2569", "ออกใหม่", None],
        ["WP-000000102", WORKER_B, "สุขดารา เซ็ง", "หญิง", "01/11/2540", "กัมพูชา", "มติ ครม.",
         None, None, "กรุงเทพมหานคร", "10/02/2567", "09/02/2569", "ต่ออายุ", None],
        ["WP-000000103", WORKER_C, "เวียงคำ ลี", "ชาย", "30/06/2528", "ลาว", "มาตรา 64",
         "2098765432", "000001", "Chon Buri", "01/03/2566", "28/02/2568", "ยกเลิก", "20/02/2567"],
        ["WP-000000104", WORKER_D, "ทุนวิน โก", "หญิง", "15/08/2535", "เวียดนาม", "MOU",
         None, None, "ตาก", "20/02/2567", "19/02/2569", "ออกใหม่", None],
        ["WP-000000105", WORKER_E, "ลีโสภา นัน", "ชาย", "02/01/2530", "อื่น ๆ", "ทั่วไป",
         None, None, "เชียงใหม่", "25/02/2567", "24/02/2569", "ออกใหม่", None],
    ]  # fmt: skip


def permit_book(
    rows: list[list[str | None]] | None = None,
    *,
    header: list[str] = HEADER,
    title_month: str = TITLE_MONTH,
    extra_titles: int = 0,
    sheet: str = "ใบอนุญาตทำงาน",
    footer: bool = True,
) -> bytes:
    """The department's export (contracts §1.9): three title rows, a blank row, the header,
    one row per permit (every cell text), a blank row and the footer."""
    rows = permit_rows() if rows is None else rows
    top: list[list[str | None]] = [
        ["สถิติการอนุญาตทำงานของคนต่างด้าว"],
        [title_month],
        *[["(ข้อมูลเบื้องต้น)"] for _ in range(extra_titles)],
        ["กองบริหารแรงงานต่างด้าว กรมการจัดหางาน กระทรวงแรงงาน"],
        [],
        header,
    ]
    foot: list[list[str | None]] = (
        [[], ["หมายเหตุ: เดือนต่อไปเฉพาะรายการที่เปลี่ยนแปลง"], ["ที่มา: กรมการจัดหางาน"]] if footer else []
    )
    return sheet_bytes(
        top + rows + foot,
        sheet=sheet,
        title="Work permits",
        author="DOE",
        created=dt.datetime(2024, 3, 5),
    )


def _with(index: int, column: int, value: str | None) -> list[list[str | None]]:
    rows = permit_rows()
    rows[index][column] = value
    return rows


@case(f"{PERMITS}/valid_baseline/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book()


@case(f"{PERMITS}/header_moved_down/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(extra_titles=2)


@case(f"{PERMITS}/header_renamed/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(header=[*HEADER[:5], "ชนชาติ", *HEADER[6:]])


@case(f"{PERMITS}/first_header_label_renamed/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(header=["เลขใบอนุญาต", *HEADER[1:]])


@case(f"{PERMITS}/thai_digits/{PERMIT_FILE}")
def _() -> bytes:
    rows = permit_rows()
    for col in (1, 4, 7, 10, 11):
        if rows[0][col] is not None:
            rows[0][col] = thai(rows[0][col])
    return permit_book(rows)


@case(f"{PERMITS}/ce_year/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(1, 10, "10/02/2024"))


@case(f"{PERMITS}/impossible_date/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(3, 11, "31/02/2569"))


@case(f"{PERMITS}/expiry_before_issue/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(3, 11, "19/02/2566"))


@case(f"{PERMITS}/duplicated_permit/{PERMIT_FILE}")
def _() -> bytes:
    rows = permit_rows()
    rows.insert(2, list(rows[1]))
    return permit_book(rows)


@case(f"{PERMITS}/check_digit/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(1, 1, WORKER_B_BAD))


@case(f"{PERMITS}/dashed_worker_id/{PERMIT_FILE}")
def _() -> bytes:
    w = WORKER_A
    return permit_book(_with(0, 1, f"{w[0]}-{w[1:5]}-{w[5:10]}-{w[10:12]}-{w[12]}"))


@case(f"{PERMITS}/unknown_province/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(4, 9, "จังหวัดสมมติ"))


@case(f"{PERMITS}/unknown_nationality/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(4, 5, "อังกฤษ"))


@case(f"{PERMITS}/cancelled_without_date/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(2, 13, None))


@case(f"{PERMITS}/branch_without_account/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(_with(1, 8, "000000"))


@case(f"{PERMITS}/extra_cell/{PERMIT_FILE}")
def _() -> bytes:
    rows = permit_rows()
    rows[3] = [*rows[3], "โทร 081-234-5678"]
    return permit_book(rows)


@case(f"{PERMITS}/title_names_another_month/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(title_month="ประจำเดือนมกราคม พ.ศ. 2567")


@case(f"{PERMITS}/header_only/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book([], footer=False)


@case(f"{PERMITS}/missing_sheet/{PERMIT_FILE}")
def _() -> bytes:
    return permit_book(sheet="Sheet1")


@case(f"{PERMITS}/corrupt_file/{PERMIT_FILE}")
def _() -> bytes:
    data = permit_book()
    return data[: len(data) * 6 // 10]


@case(f"{PERMITS}/empty_file/{PERMIT_FILE}")
def _() -> bytes:
    return b""


# --------------------------------------------------------------------------- API drops
PLACEMENTS = "mol_doe__placements"
PLACEMENT_DROP = "placements_202611_20261129T120000000000.jsonl"
SEEKER_A = national_id("110170023070")
SEEKER_B = national_id("310060012345")


def placement(n: int, **kw: object) -> dict:
    record: dict[str, object] = {
        "placement_id": f"PL256701{n:07d}",
        "seeker_id": f"JS256701{n:07d}",
        "vacancy_id": f"VC256701{n:06d}",
        "national_id": SEEKER_A if n % 2 else SEEKER_B,
        "employer_account": "1012345678",
        "branch": "000000",
        "province": "กรุงเทพมหานคร",
        "isco_major_group": 5,
        "wage_agreed": 12500,
        "placed_on": f"2024-01-{10 + n:02d}",
        "updated_at": f"2024-01-{10 + n:02d}T10:00:00+07:00",
    }
    record.update(kw)
    return record


def drop(*records: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


@case(f"{PLACEMENTS}/valid_baseline/{PLACEMENT_DROP}")
def _() -> bytes:
    return drop(placement(1), placement(2, employer_account=None, branch=None), placement(3))


@case(f"{PLACEMENTS}/be_placement_date/{PLACEMENT_DROP}")
def _() -> bytes:
    return drop(placement(1), placement(2, placed_on="12/01/2567"), placement(3))


@case(f"{PLACEMENTS}/impossible_date/{PLACEMENT_DROP}")
def _() -> bytes:
    return drop(placement(1), placement(2, placed_on="2024-02-30"), placement(3))


@case(f"{PLACEMENTS}/invalid_national_id/{PLACEMENT_DROP}")
def _() -> bytes:
    bad = SEEKER_B[:12] + str((int(SEEKER_B[12]) + 1) % 10)
    return drop(placement(1), placement(2, national_id=bad), placement(3))


@case(f"{PLACEMENTS}/unknown_province_and_isco/{PLACEMENT_DROP}")
def _() -> bytes:
    return drop(placement(1, province="ไม่ระบุ"), placement(2, isco_major_group=0), placement(3))


@case(f"{PLACEMENTS}/province_spellings/{PLACEMENT_DROP}")
def _() -> bytes:
    return drop(placement(1, province="กทม."), placement(2, province="Chiang Mai"), placement(3))


SEEKERS = "mol_doe__job_seekers"
SEEKER_DROP = "job_seekers_202611_20261129T120000000000.jsonl"


def seeker(n: int, **kw: object) -> dict:
    record: dict[str, object] = {
        "seeker_id": f"JS256701{n:07d}",
        "national_id": SEEKER_A if n % 2 else SEEKER_B,
        "sex": "M" if n % 2 else "F",
        "birth_year": 1990 + n,
        "province": "เชียงใหม่",
        "education": "bachelor",
        "insured": n % 2 == 1,
        "reason": "resigned" if n % 2 else "new_entrant",
        "registered_at": f"2024-01-{10 + n:02d}T09:30:00+07:00",
        "updated_at": f"2024-01-{10 + n:02d}T09:30:00+07:00",
    }
    record.update(kw)
    return record


@case(f"{SEEKERS}/valid_baseline/{SEEKER_DROP}")
def _() -> bytes:
    return drop(seeker(1), seeker(2), seeker(3, national_id="1-1017-00230-70-8"))


@case(f"{SEEKERS}/be_birth_year/{SEEKER_DROP}")
def _() -> bytes:
    return drop(seeker(1), seeker(2, birth_year=2533), seeker(3))


@case(f"{SEEKERS}/unknown_reason_and_sex/{SEEKER_DROP}")
def _() -> bytes:
    return drop(seeker(1, reason="fired"), seeker(2, sex="ชาย"), seeker(3))


@case(f"{SEEKERS}/insured_not_a_boolean/{SEEKER_DROP}")
def _() -> bytes:
    return drop(seeker(1), seeker(2, insured="maybe"), seeker(3))


@case(f"{SEEKERS}/missing_national_id/{SEEKER_DROP}")
def _() -> bytes:
    return drop(seeker(1), seeker(2, national_id=None), seeker(3))
