"""NSO Labour Force Survey, second workbook a quarter (contracts §1.14): table 2, the population
aged 15+ by labour-force status, the employed by economic sector and the informal-employment
survey's components, and table 3, the employed by TSIC section, by region and province; and the
truth tables of the ILO Key Indicators of the Labour Market (KILM) computed from them.

It agrees with the first LFS workbook (`nso_lfs.Simulator`): it reads the same figures
(`nso_lfs.labour_force`, a function of seed, scale and quarter only) and splits them, so that
per province and quarter employed + unemployed + seasonally inactive = that workbook's labour
force ("กำลังแรงงานรวม", NSO's total labour force) and NSO's informal workforce ≤ the employed.
Its own random numbers come from `world.stream(name, year, quarter)`: the other sources' bytes
do not move and a quarter does not depend on which months were simulated.

Calibration at scale 1.0 (DOMAIN.md: 2023, 40.1 M employed, 21.0 M informal = 52.3 %, 55 % of
the informal in agriculture; Q2 2023 430 k unemployed = 1.1 %). The labour force and the
informal workforce are the first workbook's (40 M and 20 M in 2024, so about 39.4 M employed
and an NSO informal share near 51 %: agreement with that workbook comes first). Assumed splits:
- unemployment 0.8-1.1 % of the labour force by quarter (highest in Q2, as in 2023), higher
  where the informal share is low (towns); seasonally inactive 0.3-1.2 % of it (highest in Q2,
  the dry season), in proportion to agriculture;
- labour-force participation (total labour force / population 15+) 72 % in Bangkok, 68 %
  elsewhere (NSO 2023: about 69 % nationally);
- agriculture about 30 % of the employed nationally (Bangkok under 1 %), following each
  province's informal share; industry about 24 % of the employed, more where the
  Section-33 insured are many; NSO's informal in agriculture = 93 % of agricultural
  employment capped at the province's informal workforce (≈ 55 % of the informal);
- the informal-employment survey's components of ILO SDG 8.3.1 (informal employment = employees
  without employer-paid social security + own-account workers and employers in informal-sector
  (unregistered) units + all contributing family workers): employees without social security
  7 % of agricultural and 10 % of other employment, own-account workers and employers in
  informal-sector units 45 % and 24 %, contributing family workers 45 % and 4 %. This gives
  an SDG 8.3.1 share about 5 points above NSO's: NSO calls a worker formal when covered by
  social security (Sections 33, 39 and 40 included), so own-account and family workers in
  unregistered farms and shops who joined Section 40 are formal for NSO, informal for the ILO;
- TSIC sections: each sector split into its sections by NSO 2023's national shares (`SECTIONS`,
  approximate) with noise by province, rounded so the sections add up to the sector exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from . import reference as ref
from .formats import THAI_DIGITS
from .nso_lfs import labour_force, quarters
from .source_system import SourceSimulator, SourceSummary
from .world import Month

TRUTH = "labour_market_indicators_by_quarter.csv"
SHEET = "ตาราง 2"

# (key, Thai header, English header) of the measure columns, in the sheet's order. The Thai
# header of the employees column carries a footnote mark, as NSO's do.
COLUMNS: list[tuple[str, str, str]] = [
    ("population_15_plus", "ประชากรอายุ 15 ปีขึ้นไป", "Population aged 15+"),
    ("employed", "ผู้มีงานทำ", "Employed"),
    ("unemployed", "ผู้ว่างงาน", "Unemployed"),
    ("seasonally_inactive", "ผู้รอฤดูกาล", "Seasonally inactive"),
    ("not_in_labour_force", "ผู้ไม่อยู่ในกำลังแรงงาน", "Not in labour force"),
    ("employed_agriculture", "ภาคเกษตรกรรม", "Agriculture"),
    ("employed_industry", "ภาคอุตสาหกรรม", "Industry"),
    ("employed_services", "ภาคบริการ", "Services"),
    ("informal_agriculture", "แรงงานนอกระบบภาคเกษตรกรรม", "Informal in agriculture (NSO)"),
    (
        "employees_without_social_security",
        "ลูกจ้างที่ไม่มีประกันสังคม2/",
        "Employees without social security",
    ),
    (
        "own_account_informal_sector",
        "ผู้ทำงานส่วนตัวและนายจ้างในหน่วยผลิตที่ไม่จดทะเบียน",
        "Own-account workers and employers in informal-sector units",
    ),
    ("contributing_family_workers", "ผู้ช่วยธุรกิจครัวเรือน", "Contributing family workers"),
]
KEYS = [c[0] for c in COLUMNS]

# ILO SDG 8.3.1 component coefficients (share of agricultural, non-agricultural employment).
SDG_COMPONENTS = {
    "employees_without_social_security": (0.07, 0.10),
    "own_account_informal_sector": (0.45, 0.24),
    "contributing_family_workers": (0.45, 0.04),
}


SHEET_INDUSTRY = "ตาราง 3"
TRUTH_INDUSTRY = "employment_by_industry_by_quarter.csv"
# TSIC 2009 sections by sector with their national shares of employment (percent, NSO 2023,
# approximate): agriculture = A, industry = B-F, services = G-U.
SECTIONS: dict[str, dict[str, float]] = {
    "employed_agriculture": {"A": 30.4},
    "employed_industry": {"B": 0.2, "C": 15.9, "D": 0.3, "E": 0.3, "F": 5.6},
    "employed_services": {
        "G": 16.9, "H": 3.3, "I": 7.8, "J": 0.6, "K": 1.3, "L": 0.3, "M": 0.7, "N": 1.3,
        "O": 4.1, "P": 3.3, "Q": 2.0, "R": 0.6, "S": 2.2, "T": 0.7, "U": 0.01,
    },
}  # fmt: skip
SECTION_CODES = [c for shares in SECTIONS.values() for c in shares]


@dataclass
class LfsStatusSummary(SourceSummary):
    lfs_status_workbooks: int = 0


class Simulator(SourceSimulator):
    name = "nso_lfs_status"
    folder = "nso_lfs"
    outputs = ("status_*_q*.xlsx",)
    truth_files = (TRUTH, TRUTH_INDUSTRY)
    Summary = LfsStatusSummary
    summary: LfsStatusSummary

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(quarters(months))

    def finish(self) -> None:
        world = self.world
        truth, by_industry = [], []
        for y, q in quarters(world.months):
            lf, informal = labour_force(world.seed, world.scale, y, q)
            rng = world.stream(self.name, y, q)
            table = labour_status(rng, lf, informal, q)
            # One province in about every third workbook typed its figures as Thai-digit text.
            thai_row = int(rng.integers(ref.N_PROV)) if rng.random() < 0.35 else -1
            sections = by_section(rng, table)
            path = self.out.dir / f"status_{y + 543}_q{q}.xlsx"
            write_workbook(path, y, q, table, thai_row, sections)
            self.out.written(path)
            self.summary.lfs_status_workbooks += 1
            truth.append(indicators(y, q, table, informal))
            by_industry.append(industry_truth(y, q, sections))
            self.out.tick(f"labour-force status {y}-Q{q}")
        self.out.write_truth(TRUTH, pl.concat(truth))
        self.out.write_truth(TRUTH_INDUSTRY, pl.concat(by_industry))


def labour_status(
    rng: np.random.Generator, lf: np.ndarray, informal: np.ndarray, quarter: int
) -> dict[str, np.ndarray]:
    """The sheet's measures by province (int64 persons), splitting the first workbook's labour
    force `lf` and informal workforce `informal` (see the module docstring for the splits)."""
    n = ref.N_PROV
    lf_f = lf.astype(np.float64)
    inf_share = np.divide(informal, lf_f, out=np.full(n, 0.5), where=lf > 0)
    # Agriculture follows the informal share (0 in the most formal provinces).
    agri_share = np.clip((inf_share - 0.19) * 0.98 + rng.normal(0, 0.02, n), 0.004, 0.7)
    agri_share[ref.BANGKOK] = 0.005
    unemp_rate = [0.0095, 0.0108, 0.0098, 0.0085][quarter - 1] * (1.25 - 0.5 * inf_share)
    unemp_rate *= 1 + rng.normal(0, 0.1, n)
    seasonal_rate = [0.008, 0.02, 0.004, 0.006][quarter - 1] * agri_share
    unemployed = np.round(lf_f * np.clip(unemp_rate, 0, 0.05)).astype(np.int64)
    seasonal = np.round(lf_f * np.clip(seasonal_rate, 0, 0.05)).astype(np.int64)
    # The employed hold at least the informal workforce: take unemployed first from the rest.
    room = np.maximum(lf - informal, 0)
    unemployed = np.minimum(unemployed, room)
    seasonal = np.minimum(seasonal, room - unemployed)
    employed = lf - unemployed - seasonal

    participation = np.where(np.arange(n) == ref.BANGKOK, 0.72, 0.68)
    participation = participation * (1 + rng.normal(0, 0.015, n))
    population = np.maximum(np.round(lf_f / participation).astype(np.int64), lf)
    not_in_lf = population - lf

    emp_f = employed.astype(np.float64)
    agriculture = np.round(emp_f * agri_share).astype(np.int64)
    non_agri = employed - agriculture
    s33_rate = ref.PROV_S33 / np.maximum(ref.PROV_POP * participation, 1)
    industry_share = np.clip(
        0.29 + 0.35 * (s33_rate - s33_rate.mean()) + rng.normal(0, 0.02, n), 0.12, 0.6
    )
    industry = np.round(non_agri * industry_share).astype(np.int64)
    services = non_agri - industry
    informal_agri = np.minimum(np.round(agriculture * 0.93).astype(np.int64), informal)

    out = {
        "population_15_plus": population,
        "employed": employed,
        "unemployed": unemployed,
        "seasonally_inactive": seasonal,
        "not_in_labour_force": not_in_lf,
        "employed_agriculture": agriculture,
        "employed_industry": industry,
        "employed_services": services,
        "informal_agriculture": informal_agri,
    }
    # The SDG components cannot exceed the employed: each is capped at what remains.
    left = employed.copy()
    for key, (a, b) in SDG_COMPONENTS.items():
        noise = 1 + rng.normal(0, 0.03, n)
        value = np.round((agriculture * a + non_agri * b) * noise).astype(np.int64)
        out[key] = np.clip(value, 0, left)
        left -= out[key]
    return out


def indicators(
    year: int, quarter: int, t: dict[str, np.ndarray], informal: np.ndarray
) -> pl.DataFrame:
    """The KILM of one quarter for the kingdom (province_code empty) and each province:
    indicator code, numerator, denominator (persons) and value (percent, 2 decimals)."""
    sdg = sum(t[k] for k in SDG_COMPONENTS)
    ilo_labour_force = t["employed"] + t["unemployed"]
    parts = {
        "labour_force_participation_rate": (ilo_labour_force, t["population_15_plus"]),
        "employment_to_population_ratio": (t["employed"], t["population_15_plus"]),
        "unemployment_rate": (t["unemployed"], ilo_labour_force),
        "informal_employment_share_nso": (informal, t["employed"]),
        "informal_employment_share_sdg_8_3_1": (sdg, t["employed"]),
        "informal_in_agriculture_share_nso": (t["informal_agriculture"], informal),
        "employment_share_agriculture": (t["employed_agriculture"], t["employed"]),
        "employment_share_industry": (t["employed_industry"], t["employed"]),
        "employment_share_services": (t["employed_services"], t["employed"]),
    }
    frames = []
    codes = ["", *ref.PROV_CODE]
    for code, (num, den) in parts.items():
        nums = np.concatenate([[num.sum()], num]).astype(np.int64)
        dens = np.concatenate([[den.sum()], den]).astype(np.int64)
        # percent to 2 decimals, half up, in integers (as SQL's round on the exact ratio)
        hundredths = (20_000 * nums + dens) // np.maximum(2 * dens, 1)
        value = np.where(dens > 0, hundredths / 100, np.nan)
        frames.append(
            pl.DataFrame(
                {
                    "year": year,
                    "quarter": quarter,
                    "province_code": codes,
                    "indicator_code": code,
                    "numerator": nums,
                    "denominator": dens,
                    "value_pct": value,
                }
            )
        )
    return pl.concat(frames).with_columns(
        pl.col("province_code").replace("", None), pl.col("value_pct").fill_nan(None)
    )


def by_section(rng: np.random.Generator, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each province's sector employment split into its TSIC sections (national shares with
    noise, largest-remainder rounding so the sections add up to the sector exactly)."""
    out: dict[str, np.ndarray] = {}
    for sector, shares in SECTIONS.items():
        codes = list(shares)
        weights = np.array([shares[c] for c in codes])[None, :]
        weights = weights * np.exp(rng.normal(0, 0.15, (ref.N_PROV, len(codes))))
        weights /= weights.sum(axis=1, keepdims=True)
        exact = t[sector][:, None] * weights
        counts = np.floor(exact).astype(np.int64)
        short = t[sector] - counts.sum(axis=1)
        order = np.argsort(-(exact - counts), axis=1, kind="stable")
        for p in range(ref.N_PROV):
            counts[p, order[p, : short[p]]] += 1
        out.update({c: counts[:, k] for k, c in enumerate(codes)})
    return {c: out[c] for c in SECTION_CODES}


def industry_truth(year: int, quarter: int, sections: dict[str, np.ndarray]) -> pl.DataFrame:
    """Employment by TSIC section for the kingdom (province_code empty) and each province, with
    the section's share of the employed (percent, 2 decimals, half up)."""
    matrix = np.stack([sections[c] for c in SECTION_CODES], axis=1).astype(np.int64)
    matrix = np.vstack([matrix.sum(axis=0), matrix])
    employed = matrix.sum(axis=1)
    codes = ["", *ref.PROV_CODE]
    rows = []
    for k, section in enumerate(SECTION_CODES):
        n = matrix[:, k]
        hundredths = (20_000 * n + employed) // np.maximum(2 * employed, 1)
        rows.append(
            pl.DataFrame(
                {
                    "year": year,
                    "quarter": quarter,
                    "province_code": codes,
                    "section_code": section,
                    "employed": n,
                    "employed_all_sections": employed,
                    "share_pct": np.where(employed > 0, hundredths / 100, np.nan),
                }
            )
        )
    return pl.concat(rows).with_columns(
        pl.col("province_code").replace("", None), pl.col("share_pct").fill_nan(None)
    )


def _thai_text(v: int) -> str:
    return "".join(THAI_DIGITS[int(c)] if c.isdigit() else c for c in f"{v:,}")


def write_workbook(
    path: Path,
    year: int,
    quarter: int,
    t: dict[str, np.ndarray],
    thai_row: int,
    sections: dict[str, np.ndarray] | None = None,
) -> None:
    """The workbook of contracts §1.14: sheet ตาราง 2 (the twelve measures of `t`) and, when
    `sections` are given, sheet ตาราง 3 (the employed by TSIC section). Each sheet: title rows,
    a Thai and an English header row, the kingdom total, then each region's subtotal followed by
    its provinces, then the notes; `-` for zero; the province `thai_row` (if ≥ 0) written as
    Thai-digit text in ตาราง 2."""
    wb = xlsxwriter.Workbook(str(path))
    created = dt.datetime(year, 3 * quarter, 1) + dt.timedelta(days=80)  # fixed: same bytes
    wb.set_properties(
        {
            "title": f"Labour Force Survey {year} Q{quarter} tables 2-3",
            "author": "NSO",
            "created": created,
        }
    )
    _region_sheet(
        wb,
        SHEET,
        year,
        quarter,
        "ตาราง 2 ประชากรอายุ 15 ปีขึ้นไป จำแนกตามสถานภาพแรงงาน ภาคเศรษฐกิจ "
        "และองค์ประกอบของการจ้างงานนอกระบบ รายภาคและจังหวัด",
        [(th, en) for _key, th, en in COLUMNS],
        np.stack([t[k] for k in KEYS], axis=1).astype(np.int64),
        thai_row,
        ["2/ ไม่มีนายจ้างจ่ายเงินสมทบประกันสังคมให้ (จากการสำรวจแรงงานนอกระบบ)"],
    )
    if sections is not None:
        matrix = np.stack([sections[c] for c in SECTION_CODES], axis=1).astype(np.int64)
        _region_sheet(
            wb,
            SHEET_INDUSTRY,
            year,
            quarter,
            "ตาราง 3 ผู้มีงานทำ จำแนกตามอุตสาหกรรม (TSIC 2552 หมวด) รายภาคและจังหวัด",
            [("รวม", "Total")] + [(f"หมวด {c}", f"Section {c}") for c in SECTION_CODES],
            np.hstack([matrix.sum(axis=1, keepdims=True), matrix]),
            -1,
            [],
        )
    wb.close()


def _region_sheet(
    wb: xlsxwriter.Workbook,
    name: str,
    year: int,
    quarter: int,
    table_title: str,
    headers: list[tuple[str, str]],
    matrix: np.ndarray,
    thai_row: int,
    notes: list[str],
) -> None:
    ws = wb.add_worksheet(name)
    bold = wb.add_format({"bold": True})
    num = wb.add_format({"num_format": "#,##0", "align": "right"})
    num_b = wb.add_format({"num_format": "#,##0", "align": "right", "bold": True})
    right = wb.add_format({"align": "right"})
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(headers), 16)
    be = year + 543
    ws.write_string(0, 0, f"การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ {quarter} พ.ศ. {be}", bold)
    ws.write_string(1, 0, table_title)
    ws.write_string(2, 0, "หน่วย: คน")
    ws.write_string(4, 0, "จังหวัด", bold)
    ws.write_string(5, 0, "Province", bold)
    for c, (th, en) in enumerate(headers, start=1):
        ws.write_string(4, c, th, bold)
        ws.write_string(5, c, en, bold)

    def put(r: int, label: str, values: list[int], strong: bool, thai: bool = False) -> None:
        ws.write_string(r, 0, label, bold if strong else None)
        for c, v in enumerate(values, start=1):
            if v == 0:
                ws.write_string(r, c, "-", right)
            elif thai:
                ws.write_string(r, c, _thai_text(int(v)), right)
            else:
                ws.write_number(r, c, int(v), num_b if strong else num)

    put(6, "ทั่วราชอาณาจักร", matrix.sum(axis=0).tolist(), True)
    r = 7
    region_of = ref.PROV_REGION
    for reg, reg_name in enumerate(ref.REGIONS):
        members = np.flatnonzero(region_of == reg)
        put(r, reg_name, matrix[members].sum(axis=0).tolist(), True)
        r += 1
        for p in members:
            label = ref.PROV_TH[p]
            if p == ref.BANGKOK:
                label += " 1/"
            elif ref.PROV_NUM[p] == "38":
                label += "1/"
            put(r, label, matrix[p].tolist(), False, thai=p == thai_row)
            r += 1
    r += 1
    ws.write_string(r, 0, "หมายเหตุ: 1/ ค่าประมาณจากตัวอย่างขนาดเล็ก ควรใช้ด้วยความระมัดระวัง")
    for k, note in enumerate(notes, start=1):
        ws.write_string(r + k, 0, note)
    ws.write_string(r + len(notes) + 1, 0, "ที่มา: สำนักงานสถิติแห่งชาติ")
