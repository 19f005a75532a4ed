"""Bad-input cases of the LFS table-2 workbook (contracts §1.14, ``nso_lfs/status_*_q*.xlsx``),
registered into make_cases.CASES (make_cases.py merges :data:`CASES`). Built by hand from the
contract with xlsxwriter, never by calling the reader; one case is the simulator's own workbook.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np

from ingestion.simulator import reference as ref
from ingestion.simulator.nso_lfs_status import KEYS, write_workbook
from tests.bad_inputs._kit import Cases, sheet_bytes

CASES = Cases()
FOLDER = "nso_lfs__labour_status"
FILE = "status_2567_q1.xlsx"
TITLE = "การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ 1 พ.ศ. 2567"
HEADER_TH = ["จังหวัด", "ประชากรอายุ 15 ปีขึ้นไป", "ผู้มีงานทำ", "ผู้ว่างงาน", "ผู้รอฤดูกาล",
             "ผู้ไม่อยู่ในกำลังแรงงาน", "ภาคเกษตรกรรม", "ภาคอุตสาหกรรม", "ภาคบริการ",
             "แรงงานนอกระบบภาคเกษตรกรรม", "ลูกจ้างที่ไม่มีประกันสังคม",
             "ผู้ทำงานส่วนตัวและนายจ้างในหน่วยผลิตที่ไม่จดทะเบียน",
             "ผู้ช่วยธุรกิจครัวเรือน"]  # fmt: skip
HEADER_EN = ["Province", "Population aged 15+", "Employed", "Unemployed", "Seasonally inactive",
             "Not in labour force", "Agriculture", "Industry", "Services",
             "Informal in agriculture (NSO)", "Employees without social security",
             "Own-account workers and employers in informal-sector units",
             "Contributing family workers"]  # fmt: skip
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TABLE_TITLES = {
    "ตาราง 2": "ตาราง 2 ประชากรอายุ 15 ปีขึ้นไป จำแนกตามสถานภาพแรงงาน รายภาคและจังหวัด",
    "ตาราง 3": "ตาราง 3 ผู้มีงานทำ จำแนกตามอุตสาหกรรม รายภาคและจังหวัด",
}


case = CASES.case


def province_counts(p: int) -> list[int]:
    """The twelve counts of province p (simulator order), consistent by construction:
    population = employed + unemployed + seasonal + outside; employed = the three sectors.
    Phuket (TH-83) has no seasonally inactive ('-')."""
    employed = 100_000 + 1_000 * p
    unemployed = 1_000 + 10 * p
    seasonal = 0 if ref.PROV_NUM[p] == "83" else 500
    outside = 40_000 + 100 * p
    agriculture, industry = 30_000 + 100 * p, 20_000
    services = employed - agriculture - industry
    population = employed + unemployed + seasonal + outside
    return [population, employed, unemployed, seasonal, outside, agriculture, industry, services,
            25_000, 10_000, 20_000, 8_000]  # fmt: skip


def provinces() -> list[tuple[str, int, list[int]]]:
    """(label, region, counts) per province; Bangkok's label carries a spaced footnote mark."""
    return [
        (ref.PROV_TH[p] + (" 1/" if p == ref.BANGKOK else ""), int(ref.PROV_REGION[p]),
         province_counts(p))
        for p in range(ref.N_PROV)
    ]  # fmt: skip


def body(rows: list[tuple[str, int, list[int]]], cell=lambda v: v) -> list[list]:
    """The kingdom total, then each region's subtotal and its provinces; 0 → '-'."""

    def put(label: str, counts: list[int]) -> list:
        return [label, *(cell(v) if v else "-" for v in counts)]

    def total(members: list[tuple[str, int, list[int]]]) -> list[int]:
        return [sum(m[2][k] for m in members) for k in range(len(rows[0][2]))]

    out = [put("ทั่วราชอาณาจักร", total(rows))]
    for reg, name in enumerate(ref.REGIONS):
        members = [r for r in rows if r[1] == reg]
        out.append(put(name, total(members)))
        out += [put(label, counts) for label, _, counts in members]
    return out


def workbook(
    table: list[list],
    *,
    title: str = TITLE,
    extra_titles: int = 0,
    header_th: list[str] = HEADER_TH,
    header_en: list[str] = HEADER_EN,
    sheet: str = "ตาราง 2",
    after_table: list[list] | None = None,
) -> bytes:
    """Titles, a blank row, the Thai and English headers, the table, a blank row, the notes."""
    top: list[list] = [
        [title],
        [TABLE_TITLES[sheet] if sheet in TABLE_TITLES else TABLE_TITLES["ตาราง 2"]],
        *[["(ฉบับปรับปรุง)"] for _ in range(extra_titles)],
        ["หน่วย: คน"],
        [],
        header_th,
        header_en,
    ]
    foot = [[], *(after_table or []), ["หมายเหตุ: 1/ ค่าประมาณจากตัวอย่างขนาดเล็ก"],
            ["ที่มา: สำนักงานสถิติแห่งชาติ"]]  # fmt: skip
    return sheet_bytes(
        top + table + foot,
        sheet=sheet,
        title="LFS 2",
        author="NSO",
        created=dt.datetime(2024, 5, 20),
    )


def _row(table: list[list], label: str) -> list:
    return next(r for r in table if r[0] == label)


@case(f"{FOLDER}/valid_baseline/{FILE}")
def _() -> bytes:
    return workbook(body(provinces()))


@case(f"{FOLDER}/simulator_workbook/{FILE}")
def _() -> bytes:
    # Province 5 typed as Thai-digit text, as the simulator does now and then.
    table = {k: np.array([province_counts(p)[i] for p in range(ref.N_PROV)]) for i, k in
             enumerate(KEYS)}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FILE
        write_workbook(path, 2024, 1, table, thai_row=5)
        return path.read_bytes()


@case(f"{FOLDER}/header_moved_down/{FILE}")
def _() -> bytes:
    return workbook(body(provinces()), extra_titles=2)


@case(f"{FOLDER}/header_renamed/{FILE}")
def _() -> bytes:
    header = list(HEADER_TH)
    header[3] = "คนว่างงาน"
    return workbook(body(provinces()), header_th=header)


@case(f"{FOLDER}/footnote_marks/{FILE}")
def _() -> bytes:
    header = [h + ("2/" if k in (3, 10) else "") for k, h in enumerate(HEADER_TH)]
    rows = provinces()
    marks = {"50": "2/", "63": " (3)", "38": "1/", "83": " *"}
    rows = [
        (label + marks.get(ref.PROV_NUM[p], ""), reg, counts)
        for p, (label, reg, counts) in enumerate(rows)
    ]
    return workbook(body(rows), header_th=header)


@case(f"{FOLDER}/thai_digit_text_counts/{FILE}")
def _() -> bytes:
    return workbook(body(provinces(), cell=lambda v: f"{v:,}".translate(_THAI)))


@case(f"{FOLDER}/population_not_sum_of_status/{FILE}")
def _() -> bytes:
    table = body(provinces())
    row = _row(table, "เชียงใหม่")
    row[1] += 7  # the row's identity fails before the subtotals are compared
    return workbook(table)


@case(f"{FOLDER}/employed_not_sum_of_sectors/{FILE}")
def _() -> bytes:
    table = body(provinces())
    row = _row(table, "ขอนแก่น")
    row[7] -= 3  # industry three short
    return workbook(table)


@case(f"{FOLDER}/region_subtotal_mismatch/{FILE}")
def _() -> bytes:
    table = body(provinces())
    _row(table, "ภาคกลาง")[3] += 1
    _row(table, "ภาคกลาง")[2] -= 1  # the region's own identities still hold
    _row(table, "ภาคกลาง")[8] -= 1
    return workbook(table)


@case(f"{FOLDER}/kingdom_total_mismatch/{FILE}")
def _() -> bytes:
    table = body(provinces())
    table[0][12] += 10  # family workers: within the employed, so only the sum fails
    return workbook(table)


@case(f"{FOLDER}/ce_year_in_title/{FILE}")
def _() -> bytes:
    return workbook(body(provinces()), title="การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ 1 พ.ศ. 2024")


@case(f"{FOLDER}/unknown_province/{FILE}")
def _() -> bytes:
    rows = provinces()
    rows[5] = ("จังหวัดสมมติ", *rows[5][1:])
    return workbook(body(rows))


@case(f"{FOLDER}/province_listed_twice/{FILE}")
def _() -> bytes:
    rows = provinces()
    chiang_mai = next(r for r in rows if r[0] == "เชียงใหม่")
    return workbook(body([*rows, chiang_mai]))


@case(f"{FOLDER}/province_missing/{FILE}")
def _() -> bytes:
    return workbook(body([r for r in provinces() if r[0] != "ภูเก็ต"]))


@case(f"{FOLDER}/text_in_a_count/{FILE}")
def _() -> bytes:
    table = body(provinces())
    _row(table, "ลำปาง")[4] = "n/a"
    return workbook(table)


@case(f"{FOLDER}/extra_column/{FILE}")
def _() -> bytes:
    table = [[*r, ""] for r in body(provinces())]
    return workbook(table, header_th=[*HEADER_TH, "หมายเหตุ"], header_en=[*HEADER_EN, "Note"])


@case(f"{FOLDER}/missing_column/{FILE}")
def _() -> bytes:
    table = [r[:-1] for r in body(provinces())]
    return workbook(table, header_th=HEADER_TH[:-1], header_en=HEADER_EN[:-1])


@case(f"{FOLDER}/stray_row_after_table/{FILE}")
def _() -> bytes:
    stray = ["ข้อมูลเพิ่มเติม", 1, 2]
    return workbook(body(provinces()), after_table=[stray, []])


@case(f"{FOLDER}/header_only/{FILE}")
def _() -> bytes:
    return workbook([])


@case(f"{FOLDER}/wrong_sheet_name/{FILE}")
def _() -> bytes:
    return workbook(body(provinces()), sheet="Sheet1")


@case(f"{FOLDER}/empty_file/{FILE}")
def _() -> bytes:
    return b""


@case(f"{FOLDER}/truncated_workbook/{FILE}")
def _() -> bytes:
    data = workbook(body(provinces()))
    return data[: len(data) * 6 // 10]


# ----------------------------------------------------------------- table 3: TSIC sections

INDUSTRY = "nso_lfs__employment_by_industry"
SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
INDUSTRY_TH = ["จังหวัด", "รวม", *(f"หมวด {c}" for c in SECTIONS)]
INDUSTRY_EN = ["Province", "Total", *(f"Section {c}" for c in SECTIONS)]


def section_counts(p: int) -> list[int]:
    """Total, then sections A-U of province p: A = 30,000 + 100 p, C = 20,000, G = 30,000,
    U = 0 ('-'), every other section 1,000 + p."""
    sections = [1_000 + p] * len(SECTIONS)
    sections[0], sections[2], sections[6], sections[20] = 30_000 + 100 * p, 20_000, 30_000, 0
    return [sum(sections), *sections]


def industry_rows() -> list[tuple[str, int, list[int]]]:
    return [(label, reg, section_counts(p)) for p, (label, reg, _) in enumerate(provinces())]


def industry_workbook(table: list[list], **kw) -> bytes:
    kw.setdefault("header_th", INDUSTRY_TH)
    kw.setdefault("header_en", INDUSTRY_EN)
    return workbook(table, sheet=kw.pop("sheet", "ตาราง 3"), **kw)


@case(f"{INDUSTRY}/valid_baseline/{FILE}")
def _() -> bytes:
    return industry_workbook(body(industry_rows()))


@case(f"{INDUSTRY}/simulator_workbook/{FILE}")
def _() -> bytes:
    status = {k: np.array([province_counts(p)[i] for p in range(ref.N_PROV)]) for i, k in
              enumerate(KEYS)}  # fmt: skip
    sections = {c: np.array([section_counts(p)[1 + k] for p in range(ref.N_PROV)])
                for k, c in enumerate(SECTIONS)}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FILE
        write_workbook(path, 2024, 1, status, -1, sections)
        return path.read_bytes()


@case(f"{INDUSTRY}/thai_digits_and_footnotes/{FILE}")
def _() -> bytes:
    rows = [
        (label + ("2/" if ref.PROV_NUM[p] == "50" else ""), reg, counts)
        for p, (label, reg, counts) in enumerate(industry_rows())
    ]
    header = [h + ("1/" if h == "หมวด T" else "") for h in INDUSTRY_TH]
    return industry_workbook(body(rows, cell=lambda v: f"{v:,}".translate(_THAI)), header_th=header)


@case(f"{INDUSTRY}/sections_not_sum_to_total/{FILE}")
def _() -> bytes:
    table = body(industry_rows())
    _row(table, "เชียงใหม่")[4] += 2  # section C two more than the total allows
    return industry_workbook(table)


@case(f"{INDUSTRY}/region_subtotal_mismatch/{FILE}")
def _() -> bytes:
    table = body(industry_rows())
    south = _row(table, "ภาคใต้")
    south[1] += 5  # total and section G: the row is consistent, the provinces are not
    south[8] += 5
    return industry_workbook(table)


@case(f"{INDUSTRY}/header_renamed/{FILE}")
def _() -> bytes:
    header = [("หมวด ค" if h == "หมวด C" else h) for h in INDUSTRY_TH]
    return industry_workbook(body(industry_rows()), header_th=header)


@case(f"{INDUSTRY}/sheet_missing/{FILE}")
def _() -> bytes:
    return workbook(body(provinces()))  # table 2 only


@case(f"{INDUSTRY}/empty_file/{FILE}")
def _() -> bytes:
    return b""
