"""SSO registration system (ทะเบียนผู้ประกันตน / ทะเบียนนายจ้าง): the monthly insured-persons
and employer CSVs of contracts §1.1–1.2, in Windows-874 with BE dates, and the truth table of
insured persons by province, section and month.

The insured file of a month lists the spells that started or ended in it (the first month: every
spell in force), with about 0.5 % junk rows (copies of real rows with a bad check digit, an
impossible date or an unknown province) that the pipeline must quarantine. The employer file is
a snapshot of every branch registered by the month's end, with its size band that month.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .source_system import CHUNK_LINES, SourceSimulator, SourceSummary, Tick
from .world import NO_END, S33, THAI_DIGIT_ROWS, Month, World, stochastic_round

INSURED_ERRORS = 0.005  # junk rows per real row
SECTION_LABEL = np.array(["33", "39", "40"])  # by spells["section"]
TRUTH = "insured_by_province_section_month.csv"


@dataclass
class RegistrySummary(SourceSummary):
    insured_files: int = 0
    insured_rows: int = 0  # rows written, including injected errors
    insured_error_rows: int = 0  # injected junk rows (never in the truth)
    employer_files: int = 0
    employer_rows: int = 0


class Simulator(SourceSimulator):
    name = "sso_registry"
    outputs = ("insured/insured_*.csv", "employers/employers_*.csv")
    truth_files = (TRUTH,)
    Summary = RegistrySummary
    summary: RegistrySummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self.insured_dir = self.out.dir / "insured"
        self.employers_dir = self.out.dir / "employers"
        self.insured_dir.mkdir(exist_ok=True)
        self.employers_dir.mkdir(exist_ok=True)
        self._insured_counts: list[np.ndarray] = []  # per month: (province × 3 + section)

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return 2 * len(months)

    def month(self, month: Month) -> None:
        world = self.world
        sp = world.spells
        # Draws from world.rng: keep these calls in this order (same seed ⇒ same bytes).
        if month.index == 0:
            changed = world.active(month)
        else:
            changed = np.union1d(world.started(month), world.ended(month))
        self.out.write_chunks(
            self.insured_dir / f"insured_{month.be_label}.csv", self._insured_chunks(changed)
        )
        self.summary.insured_files += 1
        self.out.tick(f"insured {month.label}")

        active = world.active(month)
        key = sp["prov"][active].astype(np.int64) * 3 + sp["section"][active]
        self._insured_counts.append(np.bincount(key, minlength=ref.N_PROV * 3))
        a33 = world.active(month, S33)
        per_branch = np.bincount(sp["branch"][a33], minlength=len(world.branches))
        self._write_employers(month, per_branch)
        self.out.tick(f"employers {month.label}")

    def finish(self) -> None:
        counts = np.stack(self._insured_counts)  # (months, province × 3 + section)
        labels = [m.label for m in self.world.months]
        nm = len(labels)
        truth = pl.DataFrame(
            {
                "month": np.repeat(labels, ref.N_PROV * 3),
                "province_code": np.tile(np.repeat(ref.PROV_CODE, 3), nm),
                "section": np.tile(np.array([33, 39, 40]), nm * ref.N_PROV),
                "insured_persons": counts.reshape(-1),
            }
        ).sort("month", "province_code", "section")
        self.out.write_truth(TRUTH, truth)

    def _insured_chunks(self, idx: np.ndarray) -> Iterator[bytes]:
        for c0 in range(0, max(len(idx), 1), CHUNK_LINES):
            part, k = _insured_frame(self.world, idx[c0 : c0 + CHUNK_LINES])
            self.summary.insured_rows += part.height
            self.summary.insured_error_rows += k
            yield fm.csv_bytes(part, header=c0 == 0)

    def _write_employers(self, month: Month, active33_per_branch: np.ndarray) -> None:
        world = self.world
        br = world.branches
        sel = world.registered_branches(month)
        band = np.searchsorted(ref.SIZE_BAND_EDGES, active33_per_branch[sel], side="right")
        raw = pl.DataFrame(
            {
                "account": br["account"][sel],
                "no": br["no"][sel],
                "tsic": br["tsic"][sel],
                "band": band,
                "spelling": br["spelling"][sel],
            }
        )
        reg = fm.be_dates(br["reg"][sel], br["thai_digits"][sel])
        df = raw.select(
            fm.fixed_int(pl.col("account"), 10).alias("เลขที่บัญชีนายจ้าง"),
            fm.fixed_int(pl.col("no"), 6).alias("ลำดับที่สาขา"),
            world.branch_name.gather(sel).alias("ชื่อสถานประกอบการ"),
            pl.Series([t[0] for t in ref.TSIC]).gather(raw["tsic"]).alias("รหัสประเภทกิจการ"),
            pl.Series(ref.SIZE_BANDS).gather(raw["band"]).alias("ขนาดสถานประกอบการ"),
            world.spellings.gather(raw["spelling"]).alias("จังหวัด"),
            reg.alias("วันที่ขึ้นทะเบียน"),
        )
        self.out.write(
            self.employers_dir / f"employers_{month.be_label}.csv", fm.csv_bytes(df, header=True)
        )
        self.summary.employer_files += 1
        self.summary.employer_rows += df.height


def _insured_frame(world: World, idx: np.ndarray) -> tuple[pl.DataFrame, int]:
    """Insured-registry rows (contracts §1.1) for spells idx, with injected error rows."""
    rng = world.rng
    sp, pe, br = world.spells, world.persons, world.branches
    p = sp["person"][idx]
    b = sp["branch"][idx]
    has_b = b >= 0
    bb = np.where(has_b, b, 0)
    n = len(idx)
    end = sp["end"][idx]
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = pl.DataFrame(
        {
            "pid": pe["pid"][p],
            "title": pe["title"][p],
            "fa": pe["fa"][p],
            "fb": pe["fb"][p],
            "sa": pe["sa"][p],
            "sb": pe["sb"][p],
            "sc": pe["sc"][p],
            "section": sp["section"][idx],
            "account": np.where(has_b, br["account"][bb], -1),
            "branch": np.where(has_b, br["no"][bb], -1),
            "spelling": world.spell(sp["prov"][idx].astype(np.int64)),
        }
    )
    dates = ["วันเกิด", "วันที่เริ่มต้น", "วันที่สิ้นสุด"]

    birth_s = fm.be_dates(pe["birth"][p], thai)
    start_s = fm.be_dates(sp["start"][idx], thai)
    end_s = fm.be_dates(np.where(end == NO_END, 0, end), thai, null=end == NO_END)

    df = raw.select(
        fm.fixed_int(pl.col("pid"), 13).alias("เลขประจำตัวประชาชน"),
        pl.Series(ref.TITLES).gather(raw["title"]).alias("คำนำหน้า"),
        world.first_names(raw["fa"], raw["fb"]).alias("ชื่อ"),
        world.surnames(raw["sa"], raw["sb"], raw["sc"]).alias("นามสกุล"),
        birth_s.alias(dates[0]),
        pl.Series(SECTION_LABEL).gather(raw["section"]).alias("มาตรา"),
        pl.when(pl.col("account") >= 0)
        .then(fm.fixed_int(pl.col("account"), 10))
        .alias("เลขที่บัญชีนายจ้าง"),
        pl.when(pl.col("branch") >= 0).then(fm.fixed_int(pl.col("branch"), 6)).alias("ลำดับที่สาขา"),
        world.spellings.gather(raw["spelling"]).alias("จังหวัด"),
        start_s.alias(dates[1]),
        end_s.alias(dates[2]),
    )

    # Injected junk rows: copies of real rows with one field made invalid.
    k = stochastic_round(n * INSURED_ERRORS, rng)
    if k == 0 or n == 0:
        return df, 0
    src = rng.integers(0, n, k)
    kind = rng.integers(0, 3, k)
    junk = df.select(pl.all().gather(src)).with_columns(
        pl.Series("_kind", kind), pl.Series("_r", rng.integers(1, 10, k))
    )
    pid_col, prov_col = "เลขประจำตัวประชาชน", "จังหวัด"
    last = pl.col(pid_col).str.slice(12, 1).str.replace_many(fm.THAI_DIGITS, fm.ARABIC_DIGITS)
    bad_check = ((last.cast(pl.Int64) + pl.col("_r")) % 10).cast(pl.String)
    date_col = dates[int(rng.integers(0, 2))]
    year = pl.col(date_col).str.slice(6, 4)
    bad_day = pl.Series(["31/02/", "30/02/", "15/13/", "32/01/", "10/00/"]).gather(
        rng.integers(0, 5, k)
    )
    bad_prov = pl.Series(ref.UNKNOWN_PROVINCES).gather(
        rng.integers(0, len(ref.UNKNOWN_PROVINCES), k)
    )
    junk = junk.with_columns(
        pl.when(pl.col("_kind") == 0)
        .then(pl.concat_str([pl.col(pid_col).str.slice(0, 12), bad_check]))
        .otherwise(pl.col(pid_col))
        .alias(pid_col),
        pl.when(pl.col("_kind") == 1)
        .then(pl.concat_str([pl.lit(bad_day), year]))
        .otherwise(pl.col(date_col))
        .alias(date_col),
        pl.when(pl.col("_kind") == 2)
        .then(pl.lit(bad_prov))
        .otherwise(pl.col(prov_col))
        .alias(prov_col),
    ).drop("_kind", "_r")
    pos = np.concatenate([np.arange(n, dtype=np.float64), src + rng.random(k)])
    out = pl.concat([df, junk]).gather(np.argsort(pos, kind="stable"))
    return out, k
