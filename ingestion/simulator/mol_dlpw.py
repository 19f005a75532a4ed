"""Department of Labour Protection and Welfare (กรมสวัสดิการและคุ้มครองแรงงาน, MOL): the monthly
labour-inspection and labour-case CSVs of contracts §1.11 (Windows-874, BE dates) and the truth
tables the warehouse must equal.

Files: `mol_dlpw/inspections/inspections_<BEYYYYMM>.csv`, the inspections made in the month,
one row per inspection of an establishment (an SSO employer branch); `mol_dlpw/cases/
cases_<BEYYYYMM>.csv`, the complaints and disputes filed in the month, each with its outcome as
settled (still open when it closed after the last simulated month).

Magnitudes are assumed [E]: national inspection totals are not published in a usable form, and
DOMAIN.md's one figure is a 2024 campaign that inspected 20 k workplaces in four months. At
scale 1.0: 60,000 inspections a year (the campaign's pace), about one in nine SSO-registered
branches a year; 30,000 labour cases a year (complaints 85 %, disputes 15 %). A month has at
least one inspection and one case (landing refuses an empty delivery; only below scale 0.001).

Which establishments are inspected (the overlap the linked mart shows): branches registered by
the month, with a chance ∝ (1 + 6 × the branch's work injuries reported to the Workmen's
Compensation Fund in the month and the two before) × (insured employees + 1) ^ 0.5; a branch with
a recent injury is inspected for safety (ตรวจความปลอดภัย) 70 % of the time. The injuries are read
from `sso_wcf`'s truth (`_truth/work_injuries.csv`), so this source writes all its files in
`finish()`, after sso_wcf's, and never changes that source's bytes. Workers covered = the
branch's Section-33 insured active in the month (1-5 where the registry lists none).

Findings [E]: violations ~ Poisson (planned 0.6, complaint 1.4, follow-up 0.4, safety 1.1);
the main violation's code (`VIOLATIONS`; safety inspections mostly V05); orders issued ~
Binomial(violations, 0.6). Cases: the subject (`SUBJECTS`), closed after a log-normal 45 days
(median), outcome by `OUTCOMES`. About 1 % of rows in Thai digits, about 0.5 % junk rows (never
more than 2 %: an impossible date or an unknown province), which the pipeline must quarantine.

Randomness only from `world.stream("mol_dlpw", year, month)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from ._department_rows import digits_where, label, seq_ids, with_junk
from .source_system import SourceSimulator, SourceSummary, Tick
from .world import S33, Month, World, stochastic_round

INSPECTION_TRUTH = "labour_inspections.csv"
CASE_TRUTH = "labour_cases.csv"
INJURY_TRUTH = "work_injuries.csv"  # sso_wcf's

INSPECTIONS_PER_YEAR = 60_000
CASES_PER_YEAR = 30_000
INJURY_LIFT = 6.0
THAI_DIGIT_ROWS = 0.01

# inspection kinds: code, the file's label, mean violations
KINDS: list[tuple[str, str, float]] = [
    ("planned", "ตรวจตามแผน", 0.6),
    ("complaint", "ตรวจตามคำร้อง", 1.4),
    ("follow_up", "ตรวจติดตาม", 0.4),
    ("safety", "ตรวจความปลอดภัย", 1.1),
]
PLANNED, COMPLAINT, FOLLOW_UP, SAFETY = range(4)
VIOLATIONS = ["V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08"]
VIOLATION_MIX = [0.22, 0.18, 0.14, 0.10, 0.12, 0.02, 0.16, 0.06]
# case kinds and subjects
CASE_KINDS = ["คำร้องทุกข์", "ข้อพิพาทแรงงาน"]
SUBJECTS = ["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08"]
COMPLAINT_SUBJECTS = [0.40, 0.20, 0.10, 0.10, 0.05, 0.05, 0.10, 0.0]
OPEN = "ระหว่างดำเนินการ"
OUTCOMES = ["ยุติ ลูกจ้างได้รับเงิน", "ยุติ ตกลงกันได้", "ออกคำสั่ง", "ส่งฟ้องศาล", "ถอนเรื่อง"]
OUTCOME_MIX = [0.45, 0.20, 0.20, 0.05, 0.10]

INSPECTION_HEADER = [
    "เลขที่การตรวจ",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "จังหวัด",
    "วันที่ตรวจ",
    "ประเภทการตรวจ",
    "จำนวนลูกจ้าง",
    "จำนวนข้อฝ่าฝืน",
    "รหัสข้อฝ่าฝืนหลัก",
    "จำนวนคำสั่ง",
]
CASE_HEADER = [
    "เลขที่เรื่อง",
    "เลขที่บัญชีนายจ้าง",
    "ลำดับที่สาขา",
    "จังหวัด",
    "ประเภทเรื่อง",
    "รหัสเรื่อง",
    "วันที่รับเรื่อง",
    "วันที่ยุติ",
    "ผลการดำเนินการ",
]


@dataclass
class DlpwSummary(SourceSummary):
    inspections: int = 0
    inspected_with_injury: int = 0
    cases: int = 0
    junk_rows: int = 0


class Simulator(SourceSimulator):
    name = "mol_dlpw"
    outputs = ("inspections/inspections_*.csv", "cases/cases_*.csv")
    truth_files = (INSPECTION_TRUTH, CASE_TRUTH)
    Summary = DlpwSummary
    summary: DlpwSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        for sub in ("inspections", "cases"):
            (self.out.dir / sub).mkdir(exist_ok=True)
        self._workers: list[np.ndarray] = []  # Section-33 insured per branch, by month

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        # Only what must be read while the world is at this month: insured per branch.
        sp = self.world.spells
        active = self.world.active(month, S33)
        self._workers.append(np.bincount(sp["branch"][active], minlength=len(self.world.branches)))

    def finish(self) -> None:
        injuries = self._injuries_cache
        inspections, cases = [], []
        for month, workers, inj in zip(self.world.months, self._workers, injuries, strict=True):
            rng = self.world.stream(self.name, month.year, month.month)
            ins = self._inspect(month, rng, workers, inj)
            cs = self._cases(month, rng, workers)
            rows, junk_i = with_junk(
                _inspection_rows(self.world, ins, rng),
                rng,
                id_col=None,
                date_col=INSPECTION_HEADER[4],
                province_col=INSPECTION_HEADER[3],
            )
            self.out.write(
                self.out.dir / "inspections" / f"inspections_{month.be_label}.csv",
                fm.csv_bytes(rows, header=True),
            )
            rows, junk_c = with_junk(
                _case_rows(self.world, cs, rng),
                rng,
                id_col=None,
                date_col=CASE_HEADER[6],
                province_col=CASE_HEADER[3],
            )
            self.out.write(
                self.out.dir / "cases" / f"cases_{month.be_label}.csv",
                fm.csv_bytes(rows, header=True),
            )
            inspections.append(ins.with_columns(month=pl.lit(month.label)))
            cases.append(cs.with_columns(month=pl.lit(month.label)))
            self.summary.inspections += ins.height
            self.summary.inspected_with_injury += int((ins["recent_injuries"] > 0).sum())
            self.summary.cases += cs.height
            self.summary.junk_rows += junk_i + junk_c
            self.out.tick(f"labour protection {month.label}")
        self.out.write_truth(
            INSPECTION_TRUTH, _inspection_truth(self.world, pl.concat(inspections))
        )
        self.out.write_truth(CASE_TRUTH, _case_truth(self.world, pl.concat(cases)))

    # ------------------------------------------------------------------ draws
    def _injuries_by_branch_month(self) -> list[np.ndarray]:
        """Work injuries reported per branch in each simulated month (sso_wcf's truth)."""
        br = self.world.branches
        nb = len(br)
        path = self.out.truth_dir / INJURY_TRUTH
        out = [np.zeros(nb, dtype=np.int64) for _ in self.world.months]
        if not path.exists():  # run without sso_wcf: no injuries to steer by
            return out
        cases = pl.read_csv(
            path, schema_overrides={"employer_account": pl.Int64, "branch": pl.Int64}
        )
        index = pl.DataFrame(
            {"employer_account": br["account"], "branch": br["no"], "b": np.arange(nb)}
        )
        hit = cases.join(index, on=["employer_account", "branch"], how="inner")
        by_label = {m.label: i for i, m in enumerate(self.world.months)}
        for label_, b in hit.select("month", "b").iter_rows():
            if label_ in by_label:
                out[by_label[label_]][b] += 1
        return out

    def _inspect(
        self, month: Month, rng: np.random.Generator, workers: np.ndarray, injuries: np.ndarray
    ) -> pl.DataFrame:
        world = self.world
        i = month.index
        recent = injuries.copy()
        for back in (1, 2):  # the month and the two before
            if i - back >= 0:
                recent = recent + self._injuries_cache[i - back]
        reg = world.registered_branches(month)
        w = (1 + INJURY_LIFT * recent[reg]) * np.sqrt(workers[reg] + 1.0)
        n = min(max(stochastic_round(INSPECTIONS_PER_YEAR * world.scale / 12, rng), 1), len(reg))
        keys = np.log(rng.random(len(reg))) / w  # weighted sampling without replacement
        b = reg[np.sort(np.argpartition(-keys, n - 1)[:n])]
        hurt = recent[b] > 0
        kind = np.where(
            hurt & (rng.random(n) < 0.7), SAFETY, rng.choice(3, n, p=[0.65, 0.20, 0.15])
        )
        mean = np.array([k[2] for k in KINDS])[kind]
        violations = rng.poisson(mean)
        main = np.where(
            (kind == SAFETY) & (rng.random(n) < 0.8),
            4,
            rng.choice(len(VIOLATIONS), n, p=VIOLATION_MIX),
        )
        orders = rng.binomial(violations, 0.6)
        staff = np.where(workers[b] > 0, workers[b], rng.integers(1, 6, n))
        day = month.first_day + rng.integers(0, month.days, n)
        order = np.lexsort((b, day))
        df = pl.DataFrame(
            {
                "b": b,
                "day": day.astype(np.int32),
                "kind": kind.astype(np.int64),
                "workers": staff.astype(np.int64),
                "violations": violations.astype(np.int64),
                "main": main.astype(np.int64),
                "orders": orders.astype(np.int64),
                "recent_injuries": recent[b],
            }
        ).select(pl.all().gather(order))
        return df.with_columns(inspection_id=seq_ids(f"INS{month.be_label}", n))

    def _cases(self, month: Month, rng: np.random.Generator, workers: np.ndarray) -> pl.DataFrame:
        world = self.world
        reg = world.registered_branches(month)
        n = max(stochastic_round(CASES_PER_YEAR * world.scale / 12, rng), 1)
        w = workers[reg] + 0.5
        b = reg[rng.choice(len(reg), n, p=w / w.sum())]
        dispute = rng.random(n) < 0.15
        subject = np.where(dispute, 7, rng.choice(len(SUBJECTS), n, p=np.array(COMPLAINT_SUBJECTS)))
        filed = month.first_day + rng.integers(0, month.days, n)
        closed = filed + np.round(np.exp(rng.normal(np.log(45), 0.8, n))).astype(np.int64)
        is_open = closed > world.months[-1].last_day
        outcome = rng.choice(len(OUTCOMES), n, p=OUTCOME_MIX)
        order = np.lexsort((b, filed))
        df = pl.DataFrame(
            {
                "b": b,
                "dispute": dispute.astype(np.int64),
                "subject": subject.astype(np.int64),
                "filed": filed.astype(np.int32),
                "closed": np.where(is_open, filed, closed).astype(np.int32),
                "is_open": is_open,
                "outcome": outcome.astype(np.int64),
            }
        ).select(pl.all().gather(order))
        return df.with_columns(case_id=seq_ids(f"LC{month.be_label}", n))

    @property
    def _injuries_cache(self) -> list[np.ndarray]:
        if not hasattr(self, "_inj"):
            self._inj = self._injuries_by_branch_month()
        return self._inj


def _inspection_rows(world: World, ins: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    br = world.branches
    b = ins["b"].to_numpy()
    n = ins.height
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = ins.with_columns(
        pl.Series("account", br["account"][b]),
        pl.Series("no", br["no"][b]),
        pl.Series("spelling", world.spellings.gather(world.spell(br["prov"][b], rng))),
        pl.Series("day_be", fm.be_dates(ins["day"].to_numpy(), thai)),
        pl.Series("thai", thai),
    )
    h = INSPECTION_HEADER
    return raw.select(
        pl.col("inspection_id").alias(h[0]),
        fm.fixed_int(pl.col("account"), 10).alias(h[1]),
        fm.fixed_int(pl.col("no"), 6).alias(h[2]),
        pl.col("spelling").alias(h[3]),
        pl.col("day_be").alias(h[4]),
        label("kind", [k[1] for k in KINDS]).alias(h[5]),
        digits_where(pl.col("workers").cast(pl.String)).alias(h[6]),
        digits_where(pl.col("violations").cast(pl.String)).alias(h[7]),
        pl.when(pl.col("violations") > 0).then(label("main", VIOLATIONS)).alias(h[8]),
        digits_where(pl.col("orders").cast(pl.String)).alias(h[9]),
    )


def _case_rows(world: World, cs: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    br = world.branches
    b = cs["b"].to_numpy()
    n = cs.height
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = cs.with_columns(
        pl.Series("account", br["account"][b]),
        pl.Series("no", br["no"][b]),
        pl.Series("spelling", world.spellings.gather(world.spell(br["prov"][b], rng))),
        pl.Series("filed_be", fm.be_dates(cs["filed"].to_numpy(), thai)),
        pl.Series(
            "closed_be", fm.be_dates(cs["closed"].to_numpy(), thai, cs["is_open"].to_numpy())
        ),
    )
    h = CASE_HEADER
    return raw.select(
        pl.col("case_id").alias(h[0]),
        fm.fixed_int(pl.col("account"), 10).alias(h[1]),
        fm.fixed_int(pl.col("no"), 6).alias(h[2]),
        pl.col("spelling").alias(h[3]),
        label("dispute", CASE_KINDS).alias(h[4]),
        label("subject", SUBJECTS).alias(h[5]),
        pl.col("filed_be").alias(h[6]),
        pl.col("closed_be").alias(h[7]),
        pl.when(pl.col("is_open"))
        .then(pl.lit(OPEN))
        .otherwise(label("outcome", OUTCOMES))
        .alias(h[8]),
    )


def _branch_columns(world: World, b: np.ndarray) -> list[pl.Series]:
    br = world.branches
    tsic = br["tsic"][b]
    return [
        pl.Series("employer_account", [f"{a:010d}" for a in br["account"][b]], dtype=pl.String),
        pl.Series("branch", [f"{x:06d}" for x in br["no"][b]], dtype=pl.String),
        pl.Series("province_code", [ref.PROV_CODE[p] for p in br["prov"][b]], dtype=pl.String),
        pl.Series("tsic_code", [ref.TSIC[t][0] for t in tsic], dtype=pl.String),
        pl.Series("tsic_section_code", [ref.TSIC[t][1] for t in tsic], dtype=pl.String),
    ]


def _inspection_truth(world: World, ins: pl.DataFrame) -> pl.DataFrame:
    """One row per real inspection, as the warehouse must show it."""
    return ins.with_columns(_branch_columns(world, ins["b"].to_numpy())).select(
        "inspection_id",
        "month",
        pl.col("day").cast(pl.Date).cast(pl.String).alias("inspection_date"),
        "employer_account",
        "branch",
        "province_code",
        "tsic_code",
        "tsic_section_code",
        label("kind", [k[0] for k in KINDS]).alias("inspection_kind"),
        pl.col("workers").alias("workers_covered"),
        pl.col("violations").alias("violations_found"),
        pl.when(pl.col("violations") > 0)
        .then(label("main", VIOLATIONS))
        .alias("main_violation_code"),
        pl.col("orders").alias("orders_issued"),
        pl.col("recent_injuries").alias("recent_injuries"),
    )


def _case_truth(world: World, cs: pl.DataFrame) -> pl.DataFrame:
    return cs.with_columns(_branch_columns(world, cs["b"].to_numpy())).select(
        "case_id",
        "month",
        "employer_account",
        "branch",
        "province_code",
        pl.when(pl.col("dispute") == 1)
        .then(pl.lit("dispute"))
        .otherwise(pl.lit("complaint"))
        .alias("case_kind"),
        label("subject", SUBJECTS).alias("subject_code"),
        pl.col("filed").cast(pl.Date).cast(pl.String).alias("filed_date"),
        pl.when(~pl.col("is_open"))
        .then(pl.col("closed").cast(pl.Date).cast(pl.String))
        .alias("closed_date"),
        pl.when(pl.col("is_open"))
        .then(pl.lit(OPEN))
        .otherwise(label("outcome", OUTCOMES))
        .alias("outcome"),
    )
