"""SSO staff welfare (the SSO's human-resources office, กองบริหารทรัพยากรบุคคล): one small Excel
workbook a month, `sso_hr/welfare/welfare_<BEYYYYMM>.xlsx` (contracts §1.12), with Thai title
and header rows, one row per SSO office and a total row, and the truth table the warehouse
must equal (Guideline 7).

Offices (89): the head office (รหัส 0000, in Nonthaburi), Bangkok area offices 1-12 (1001-1012)
and one provincial office for each of the other 76 provinces (<2-digit province code>00).

The SSO's own staff are not a sample of the insured population, so this source is not scaled:
at any `--scale` it describes the whole organisation (≈ 5,000 staff) [E, not published]:
- headcount: head office 1,400, each Bangkok area office 110, a provincial office 25 + 800 × its
  province's share of Section-33 employment; ± a few joiners and leavers a month;
- childcare (ศูนย์เด็กเล็ก): the head office 60 places, area offices 1, 4, 7, 10 and provincial
  offices of 45 staff or more 15 places; 60-95 % of places used;
- the annual health check: 4 % of staff a month, 18 % in January-March (the campaign), so about
  90 % of staff a fiscal year (October-September);
- welfare-fund loans: 1.5 % of staff a month, median 50,000 baht (whole thousands);
- fitness-room visits: 2.5 a staff member a month where there is a room (head office, area
  offices, provincial offices of 40 staff or more); clinic visits 0.3 (head office) or 0.1.
A clerk types some numbers as text (thousands separators, Thai digits, `-` for zero). The total
row is a control total (Σ offices per column). Randomness from `world.stream("sso_hr", y, m)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from . import reference as ref
from .source_system import SourceSimulator, SourceSummary, Tick
from .world import Month, World

TRUTH = "staff_welfare.csv"
SHEET = "สวัสดิการบุคลากร"
TOTAL_LABEL = "รวมทั้งสิ้น"
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
HEADER = [
    "รหัสสำนักงาน",
    "สำนักงาน",
    "จำนวนบุคลากร (คน)",
    "ที่นั่งศูนย์เด็กเล็ก",
    "เด็กที่ใช้บริการ",
    "ตรวจสุขภาพ (คน)",
    "เงินกู้สวัสดิการ (ราย)",
    "เงินกู้สวัสดิการ (บาท)",
    "ห้องออกกำลังกาย (ครั้ง)",
    "ห้องพยาบาล (ครั้ง)",
]
MEASURES = [
    "headcount",
    "childcare_places",
    "childcare_children",
    "health_checks",
    "welfare_loans",
    "welfare_loan_baht",
    "fitness_visits",
    "clinic_visits",
]
TEXT_CELLS = 0.05  # numbers typed as text with a thousands separator
THAI_CELLS = 0.01  # … or in Thai digits


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    province: int  # index into reference provinces
    base_staff: int
    childcare: int
    fitness: bool
    clinic_rate: float


def offices() -> list[Office]:
    """The SSO's 89 offices, in the order the HR office lists them."""
    s33 = np.asarray(ref.PROV_S33, dtype=np.float64)
    share = s33 / s33.sum()
    nonthaburi = ref.PROV_NUM.index("12")
    out = [Office("0000", "สำนักงานประกันสังคม (ส่วนกลาง)", nonthaburi, 1400, 60, True, 0.3)]
    for k in range(1, 13):
        out.append(
            Office(
                f"10{k:02d}",
                f"สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ {k}",
                ref.BANGKOK,
                110,
                20 if k in (1, 4, 7, 10) else 0,
                True,
                0.1,
            )
        )
    for p in range(ref.N_PROV):
        if p == ref.BANGKOK:
            continue
        staff = round(25 + 800 * share[p])
        out.append(
            Office(
                f"{ref.PROV_NUM[p]}00",
                f"สำนักงานประกันสังคมจังหวัด{ref.PROV_TH[p]}",
                p,
                staff,
                15 if staff >= 45 else 0,
                staff >= 40,
                0.1,
            )
        )
    return out


@dataclass
class HrSummary(SourceSummary):
    workbooks: int = 0
    offices: int = 0


class Simulator(SourceSimulator):
    name = "sso_hr"
    outputs = ("welfare/welfare_*.xlsx",)
    truth_files = (TRUTH,)
    Summary = HrSummary
    summary: HrSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        (self.out.dir / "welfare").mkdir(exist_ok=True)
        self.offices = offices()
        self.staff = np.array([o.base_staff for o in self.offices], dtype=np.int64)
        self._truth: list[pl.DataFrame] = []

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        rng = self.world.stream(self.name, month.year, month.month)
        values = self._measures(month, rng)
        path = self.out.dir / "welfare" / f"welfare_{month.be_label}.xlsx"
        write_workbook(path, month, self.offices, values, rng)
        self.out.written(path)
        self.summary.workbooks += 1
        self.summary.offices = len(self.offices)
        self._truth.append(
            pl.DataFrame(
                {
                    "month": [month.label] * len(self.offices),
                    "office_code": [o.code for o in self.offices],
                    "province_code": [ref.PROV_CODE[o.province] for o in self.offices],
                    **{m: values[:, i] for i, m in enumerate(MEASURES)},
                }
            )
        )
        self.out.tick(f"staff welfare {month.label}")

    def finish(self) -> None:
        self.out.write_truth(TRUTH, pl.concat(self._truth))

    def _measures(self, month: Month, rng: np.random.Generator) -> np.ndarray:
        """Office × MEASURES (int64) for the month."""
        n = len(self.offices)
        # joiners and leavers: ± about 1 % a month, never below 5 staff
        self.staff = np.maximum(self.staff + rng.integers(-1, 2, n) * (rng.random(n) < 0.3), 5)
        staff = self.staff
        places = np.array([o.childcare for o in self.offices], dtype=np.int64)
        children = rng.binomial(places, rng.uniform(0.6, 0.95, n))
        check_rate = 0.18 if month.month in (1, 2, 3) else 0.04
        checks = rng.binomial(staff, check_rate)
        loans = rng.poisson(staff * 0.015)
        loan_baht = np.array(
            [int(np.sum(np.round(np.exp(rng.normal(np.log(50), 0.6, k))) * 1000)) for k in loans],
            dtype=np.int64,
        )
        fitness = np.where([o.fitness for o in self.offices], rng.poisson(staff * 2.5), 0).astype(
            np.int64
        )
        clinic = rng.poisson(staff * np.array([o.clinic_rate for o in self.offices]))
        return np.column_stack(
            [staff, places, children, checks, loans, loan_baht, fitness, clinic]
        ).astype(np.int64)


def _cell(ws, r: int, c: int, value: int, fmt, rng: np.random.Generator) -> None:
    """A number as a number, or as a clerk types it: `1,234`, Thai digits, `-` for zero."""
    u = rng.random()
    if value == 0 and u < 0.5:
        ws.write_string(r, c, "-", fmt)
    elif u < TEXT_CELLS:
        ws.write_string(r, c, f"{value:,}", fmt)
    elif u < TEXT_CELLS + THAI_CELLS:
        ws.write_string(
            r, c, f"{value:,}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")), fmt
        )
    else:
        ws.write_number(r, c, int(value), fmt)


def write_workbook(
    path: Path,
    month: Month,
    office_list: list[Office],
    values: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """The HR office's workbook of contracts §1.12."""
    be = month.year + 543
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(
        {
            "title": "SSO staff welfare",
            "author": "SSO HR",
            "created": dt.datetime(month.year, month.month, 1),
        }
    )
    ws = wb.add_worksheet(SHEET)
    bold = wb.add_format({"bold": True})
    num = wb.add_format({"num_format": "#,##0", "align": "right"})
    head = wb.add_format({"bold": True, "text_wrap": True, "align": "center"})
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 9, 14)
    last = len(HEADER) - 1
    ws.merge_range(0, 0, 0, last, "สำนักงานประกันสังคม กองบริหารทรัพยากรบุคคล", bold)
    ws.merge_range(
        1,
        0,
        1,
        last,
        f"รายงานสวัสดิการบุคลากร ประจำเดือน{THAI_MONTHS[month.month - 1]} พ.ศ. {be}",
        bold,
    )
    ws.write_string(2, 0, "หน่วย: คน / ครั้ง / บาท")
    for c, h in enumerate(HEADER):
        ws.write_string(4, c, h, head)
    r = 5
    for office, row in zip(office_list, values, strict=True):
        ws.write_string(r, 0, office.code)
        ws.write_string(r, 1, office.name)
        for c, v in enumerate(row):
            _cell(ws, r, c + 2, int(v), num, rng)
        r += 1
    ws.write_string(r, 0, TOTAL_LABEL, bold)
    for c, v in enumerate(values.sum(axis=0)):
        ws.write_number(r, c + 2, int(v), num)
    ws.write_string(r + 2, 0, "หมายเหตุ: ตรวจสุขภาพประจำปีตามปีงบประมาณ (ตุลาคม-กันยายน)")
    ws.write_string(r + 3, 0, "ที่มา: กองบริหารทรัพยากรบุคคล สำนักงานประกันสังคม")
    wb.close()
