"""Workmen's Compensation Fund (กองทุนเงินทดแทน): the monthly work-injury CSV of contracts §1.7
(Windows-874, BE dates, one row per injured worker) and the truth table of the cases the
pipeline must load.

Who is injured: Section-33 insured persons with a spell active in the month (the world's
employees), so every case has an employer branch, its TSIC industry and province, and a national
ID the registry also lists. The fund covers the employees of private employers; the simulator
takes the Section-33 insured as that population (11.17 M covered in 2021 against 12.08 M
Section-33 insured in 2024), so rates here are per 1,000 Section-33 insured.

Calibration (DOMAIN.md, 2021, at scale 1.0):

- 78,245 cases a year: the national rate is 78,245 / 12.08 M = 6.48 per 1,000 insured a year;
- the provinces DOMAIN.md names keep their published rates per 1,000 (Samut Sakhon 13.6, Trang
  13.0, Satun 12.8, Samut Prakan 12.5, Chachoengsao 11.1); every other province gets one common
  rate, chosen so that the national total is 78,245 (about 5.4 per 1,000 Section-33 insured,
  about 5.9 per 1,000 covered employees: the named provinces hold 14 % of the insured);
- within a province, industries differ (construction ×2, manufacturing ×1.5 … finance ×0.2;
  `SECTION_RISK`, [E]), normalised so the province's rate holds;
- severity: the 2021 mix, 602 deaths, 9 permanent total disability, 797 loss of organs,
  23,087 off work more than 3 days, 53,750 off work 3 days or less.

Amounts ([E], close to the Workmen's Compensation Act as amended in 2018): compensation is
70 % of the monthly wage, at least 2,000 and at most 14,000 baht a month; off work more than
3 days: for the days off; loss of organs: the days off plus 2-120 months by the loss; permanent
total disability: 180 months (15 years, booked at once); death: 120 months plus a 50,000 baht
funeral grant; 3 days or less: medical expenses only. Medical expenses are drawn by severity.

Randomness comes only from `world.stream("sso_wcf", year, month)`: this source never changes
another source's bytes. About 1 % of rows are typed with Thai digits, and about 0.5 % of rows
are junk copies of real rows (a wrong check digit, an impossible date, an unknown province) that
the pipeline must quarantine (never more than 2 % of a month); the truth holds only real cases.
A month has at least one case: the fund never reports an empty month, and landing refuses an
empty delivery (this floor only matters below scale 0.001).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .source_system import SourceSimulator, SourceSummary, Tick
from .world import S33, Month, World

TRUTH = "work_injuries.csv"

# 2021, DOMAIN.md: cases a year and covered insured at scale 1.0
CASES_PER_YEAR = 78_245
INSURED_BASE = 12_080_000
NATIONAL_RATE = 1000 * CASES_PER_YEAR / INSURED_BASE  # per 1,000 insured a year
PUBLISHED_RATES = {"74": 13.6, "92": 13.0, "91": 12.8, "11": 12.5, "24": 11.1}

# Severity: code, the label the fund's file writes, 2021 cases.
SEVERITIES: list[tuple[str, str, int]] = [
    ("death", "ตาย", 602),
    ("permanent_disability", "ทุพพลภาพ", 9),
    ("loss_of_organ", "สูญเสียอวัยวะบางส่วน", 797),
    ("off_work_over_3_days", "หยุดงานเกิน 3 วัน", 23_087),
    ("off_work_up_to_3_days", "หยุดงานไม่เกิน 3 วัน", 53_750),
]
DEATH, PTD, ORGAN, OVER3, UPTO3 = range(5)

# Relative risk by TSIC section [E]; normalised within each province.
SECTION_RISK = {
    "A": 1.3, "B": 1.6, "C": 1.5, "D": 0.8, "E": 1.4, "F": 2.0, "G": 0.7, "H": 1.3, "I": 0.8,
    "J": 0.3, "K": 0.2, "L": 0.5, "M": 0.4, "N": 1.0, "P": 0.4, "Q": 0.6, "S": 0.6,
}  # fmt: skip

COMP_SHARE, COMP_MIN, COMP_MAX = 0.70, 2_000.0, 14_000.0  # baht a month
FUNERAL = 50_000.0
MONTHS_DEATH, MONTHS_PTD = 120, 180
# Medical expenses by severity: (median baht, log-sd)
MEDICAL = [(15_000, 1.0), (300_000, 0.6), (40_000, 0.7), (6_000, 0.9), (800, 0.6)]
MEDICAL_MAX = 2_000_000.0

THAI_DIGIT_ROWS = 0.01
JUNK_ROWS = 0.005
UNKNOWN_PROVINCES = ["ไม่ระบุ", "XX", "TH-99", "จังหวัดสมมติ"]

HEADER = [
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


@dataclass
class WcfSummary(SourceSummary):
    injury_files: int = 0
    injury_cases: int = 0  # real cases (the truth)
    injury_junk_rows: int = 0  # injected rows the pipeline must quarantine


def province_rates(s33_weight: np.ndarray) -> np.ndarray:
    """Injuries per 1,000 insured a year by province (simulator order): the published rates
    where DOMAIN.md gives one, and one common rate elsewhere so that the insured-weighted
    national rate is `NATIONAL_RATE`."""
    w = np.asarray(s33_weight, dtype=np.float64)
    w = w / w.sum()
    named = np.array([num in PUBLISHED_RATES for num in ref.PROV_NUM])
    fixed = np.array([PUBLISHED_RATES.get(num, 0.0) for num in ref.PROV_NUM])
    other = (NATIONAL_RATE - (w * fixed)[named].sum()) / w[~named].sum()
    return np.where(named, fixed, other)


class Simulator(SourceSimulator):
    name = "sso_wcf"
    outputs = ("injuries/injuries_*.csv",)
    truth_files = (TRUTH,)
    Summary = WcfSummary
    summary: WcfSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self.injuries_dir = self.out.dir / "injuries"
        self.injuries_dir.mkdir(exist_ok=True)
        self.rates = province_rates(world.s33_w)
        sections = np.array([t[1] for t in ref.TSIC])
        self.tsic_risk = np.array([SECTION_RISK.get(s, 1.0) for s in sections])
        self._truth: list[pl.DataFrame] = []

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        rng = self.world.stream(self.name, month.year, month.month)
        cases = self._cases(month, rng)
        rows, junk = _rows(self.world, cases, month, rng)
        self.out.write(
            self.injuries_dir / f"injuries_{month.be_label}.csv", fm.csv_bytes(rows, header=True)
        )
        self.summary.injury_files += 1
        self.summary.injury_cases += cases.height
        self.summary.injury_junk_rows += junk
        self._truth.append(_truth(self.world, cases, month))
        self.out.tick(f"work injuries {month.label}")

    def finish(self) -> None:
        schema = {c: pl.String for c in _TRUTH_COLUMNS}
        truth = pl.concat(self._truth) if self._truth else pl.DataFrame(schema=schema)
        self.out.write_truth(TRUTH, truth)

    def _cases(self, month: Month, rng: np.random.Generator) -> pl.DataFrame:
        """The month's cases: spell, injury day, severity, days off and amounts (baht)."""
        world = self.world
        sp, br = world.spells, world.branches
        active = world.active(month, S33)
        prov = sp["prov"][active].astype(np.int64)
        risk = self.tsic_risk[br["tsic"][sp["branch"][active]]]
        # Normalise industry risk within each province, so the province's rate holds.
        mean_risk = np.bincount(prov, weights=risk, minlength=ref.N_PROV) / np.maximum(
            np.bincount(prov, minlength=ref.N_PROV), 1
        )
        lam = self.rates[prov] / 1000 / 12 * risk / mean_risk[prov]
        # At least one case: the fund never reports an empty month, and landing refuses an
        # empty delivery as a broken one (this only shows at tiny scales, < 0.001).
        n = min(max(int(rng.poisson(lam.sum())), 1), len(active))
        # Weighted sampling without replacement (Efraimidis-Spirakis keys), O(active).
        keys = np.log(rng.random(len(active))) / lam
        pick = np.sort(np.argpartition(-keys, n - 1)[:n]) if n else np.zeros(0, np.int64)
        idx = active[pick]
        mix = np.array([s[2] for s in SEVERITIES], dtype=np.float64)
        severity = rng.choice(len(SEVERITIES), n, p=mix / mix.sum())
        day = month.first_day + rng.integers(0, month.days, n)
        # A person is injured while insured: within the spell.
        day = np.clip(day, sp["start"][idx], sp["end"][idx])
        wage = sp["wage"][idx] / 100.0  # baht a month
        monthly_comp = np.clip(COMP_SHARE * wage, COMP_MIN, COMP_MAX)
        days_off = _days_off(severity, rng)
        loss_months = np.clip(np.round(np.exp(rng.normal(np.log(24), 0.8, n))), 2, 120)
        comp = np.select(
            [severity == DEATH, severity == PTD, severity == ORGAN, severity == OVER3],
            [
                monthly_comp * MONTHS_DEATH + FUNERAL,
                monthly_comp * MONTHS_PTD,
                monthly_comp * (loss_months + np.nan_to_num(days_off) / 30),
                monthly_comp * np.nan_to_num(days_off) / 30,
            ],
            0.0,
        )
        med_mu = np.log([m[0] for m in MEDICAL])[severity]
        med_sd = np.array([m[1] for m in MEDICAL])[severity]
        medical = np.minimum(np.exp(rng.normal(med_mu, med_sd)), MEDICAL_MAX)
        order = np.lexsort((idx, day))
        return pl.DataFrame(
            {
                "spell": idx[order],
                "day": day[order].astype(np.int32),
                "severity": severity[order].astype(np.int64),
                "days_off": pl.Series(days_off[order]).fill_nan(None).cast(pl.Int64),
                # amounts in satang (exact), as the fund books them
                "medical": np.round(medical[order] * 100).astype(np.int64),
                "compensation": np.round(comp[order] * 100).astype(np.int64),
            }
        ).with_columns(seq=pl.int_range(1, n + 1, dtype=pl.Int64))


def _days_off(severity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Days off work by severity (NaN for deaths)."""
    n = len(severity)
    short = rng.choice(4, n, p=[0.25, 0.35, 0.25, 0.15]).astype(np.float64)
    long_ = np.clip(np.round(np.exp(rng.normal(np.log(14), 0.8, n))), 4, 365)
    organ = np.clip(np.round(np.exp(rng.normal(np.log(45), 0.7, n))), 4, 365)
    ptd = np.clip(np.round(np.exp(rng.normal(np.log(120), 0.5, n))), 30, 730)
    return np.select(
        [severity == DEATH, severity == PTD, severity == ORGAN, severity == OVER3],
        [np.full(n, np.nan), ptd, organ, long_],
        short,
    )


def _case_ids(month: Month, seq: pl.Expr) -> pl.Expr:
    """`WC<BEYYYYMM><6-digit sequence>`, e.g. WC256701000123."""
    return pl.concat_str([pl.lit(f"WC{month.be_label}"), seq.cast(pl.String).str.zfill(6)])


def _baht(satang: pl.Expr) -> pl.Expr:
    """Satang → `1234.50`."""
    return pl.concat_str(
        [(satang // 100).cast(pl.String), pl.lit("."), (satang % 100).cast(pl.String).str.zfill(2)]
    )


def _rows(
    world: World, cases: pl.DataFrame, month: Month, rng: np.random.Generator
) -> tuple[pl.DataFrame, int]:
    """The CSV rows of contracts §1.7 (with junk rows injected) and the number of junk rows."""
    sp, pe, br = world.spells, world.persons, world.branches
    n = cases.height
    spell = cases["spell"].to_numpy()
    p = sp["person"][spell]
    b = sp["branch"][spell]
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = pl.DataFrame(
        {
            "seq": cases["seq"],
            "pid": pe["pid"][p],
            "title": pe["title"][p],
            "fa": pe["fa"][p],
            "fb": pe["fb"][p],
            "sa": pe["sa"][p],
            "sb": pe["sb"][p],
            "sc": pe["sc"][p],
            "account": br["account"][b],
            "branch": br["no"][b],
            "tsic": br["tsic"][b],
            "spelling": world.spell(sp["prov"][spell].astype(np.int64), rng),
            "severity": cases["severity"],
            "days_off": cases["days_off"],
            "medical": cases["medical"],
            "compensation": cases["compensation"],
            "thai": thai,
        }
    )
    injury = fm.be_dates(cases["day"].to_numpy(), thai)

    def digits(expr: pl.Expr) -> pl.Expr:
        return pl.when(pl.col("thai")).then(fm.thai_digits(expr)).otherwise(expr)

    name = pl.concat_str(
        [
            pl.Series(ref.TITLES).gather(raw["title"]),
            world.first_names(raw["fa"], raw["fb"]),
            pl.lit(" "),
            world.surnames(raw["sa"], raw["sb"], raw["sc"]),
        ]
    )
    df = raw.select(
        _case_ids(month, pl.col("seq")).alias(HEADER[0]),
        digits(fm.fixed_int(pl.col("pid"), 13)).alias(HEADER[1]),
        name.alias(HEADER[2]),
        fm.fixed_int(pl.col("account"), 10).alias(HEADER[3]),
        fm.fixed_int(pl.col("branch"), 6).alias(HEADER[4]),
        pl.Series([t[0] for t in ref.TSIC]).gather(raw["tsic"]).alias(HEADER[5]),
        world.spellings.gather(raw["spelling"]).alias(HEADER[6]),
        injury.alias(HEADER[7]),
        pl.Series([s[1] for s in SEVERITIES]).gather(raw["severity"]).alias(HEADER[8]),
        digits(pl.col("days_off").cast(pl.String)).alias(HEADER[9]),
        digits(_baht(pl.col("medical"))).alias(HEADER[10]),
        digits(_baht(pl.col("compensation"))).alias(HEADER[11]),
    )
    # Junk stays a small share even in a tiny month (landing refuses a month with > 5 %).
    k = min(int(rng.binomial(n, JUNK_ROWS)), n // 50) if n else 0
    if k == 0:
        return df, 0
    src = rng.integers(0, n, k)
    kind = rng.integers(0, 3, k)
    junk = df.select(pl.all().gather(src)).with_columns(
        pl.Series("_kind", kind), pl.Series("_r", rng.integers(1, 10, k))
    )
    pid, prov, date = HEADER[1], HEADER[6], HEADER[7]
    last = pl.col(pid).str.slice(12, 1).str.replace_many(fm.THAI_DIGITS, fm.ARABIC_DIGITS)
    bad_check = ((last.cast(pl.Int64) + pl.col("_r")) % 10).cast(pl.String)
    bad_day = pl.Series(["31/02/", "30/02/", "15/13/", "32/01/", "10/00/"]).gather(
        rng.integers(0, 5, k)
    )
    bad_prov = pl.Series(UNKNOWN_PROVINCES).gather(rng.integers(0, len(UNKNOWN_PROVINCES), k))
    junk = junk.with_columns(
        pl.when(pl.col("_kind") == 0)
        .then(pl.concat_str([pl.col(pid).str.slice(0, 12), bad_check]))
        .otherwise(pl.col(pid))
        .alias(pid),
        pl.when(pl.col("_kind") == 1)
        .then(pl.concat_str([pl.lit(bad_day), pl.col(date).str.slice(6, 4)]))
        .otherwise(pl.col(date))
        .alias(date),
        pl.when(pl.col("_kind") == 2).then(pl.lit(bad_prov)).otherwise(pl.col(prov)).alias(prov),
    ).drop("_kind", "_r")
    pos = np.concatenate([np.arange(n, dtype=np.float64), src + rng.random(k)])
    return pl.concat([df, junk]).gather(np.argsort(pos, kind="stable")), k


_TRUTH_COLUMNS = (
    "case_id",
    "month",
    "injury_date",
    "province_code",
    "severity_code",
    "tsic_code",
    "employer_account",
    "branch",
    "days_off",
    "medical_expenses",
    "compensation",
)


def _truth(world: World, cases: pl.DataFrame, month: Month) -> pl.DataFrame:
    """One row per real case, as the warehouse must show it (no personal data)."""
    sp, br = world.spells, world.branches
    spell = cases["spell"].to_numpy()
    b = sp["branch"][spell]
    codes = pl.DataFrame(
        {
            "province_code": pl.Series(ref.PROV_CODE).gather(sp["prov"][spell].astype(np.int64)),
            "severity_code": pl.Series([s[0] for s in SEVERITIES]).gather(cases["severity"]),
            "tsic_code": pl.Series([t[0] for t in ref.TSIC]).gather(br["tsic"][b]),
            "account": br["account"][b],
            "no": br["no"][b],
        }
    )
    return pl.concat([cases, codes], how="horizontal").select(
        _case_ids(month, pl.col("seq")).alias("case_id"),
        pl.lit(month.label).alias("month"),
        pl.col("day").cast(pl.Date).cast(pl.String).alias("injury_date"),
        "province_code",
        "severity_code",
        "tsic_code",
        fm.fixed_int(pl.col("account"), 10).alias("employer_account"),
        fm.fixed_int(pl.col("no"), 6).alias("branch"),
        pl.col("days_off").cast(pl.String),
        _baht(pl.col("medical")).alias("medical_expenses"),
        _baht(pl.col("compensation")).alias("compensation"),
    )
