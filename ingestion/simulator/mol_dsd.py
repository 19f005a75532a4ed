"""Department of Skill Development (กรมพัฒนาฝีมือแรงงาน, MOL): the monthly training-enrolment
and skill-certification CSVs of contracts §1.10 (Windows-874, BE dates) and the truth tables the
warehouse must equal, including the linked measure "trainees insured under Section 33 within 6
months of completing".

Files: `mol_dsd/enrolments/enrolments_<BEYYYYMM>.csv` lists the enrolments of the courses that
ended in the month, each with its result (completed or not); `mol_dsd/certifications/
certifications_<BEYYYYMM>.csv` the skill-standard tests taken in the month.

Calibration (DOMAIN.md: 4.73 M trained in FY2020, 137 k by the department itself, the rest by
employers under the Skill Development Promotion Act), at scale 1.0, [E] where assumed:

- the department's own courses: 137,000 enrolments a year; by type pre-employment
  (ฝึกเตรียมเข้าทำงาน) 45 %, upskilling (ฝึกยกระดับฝีมือ) 40 %, retraining (ฝึกเสริมทักษะ) 15 % [E];
- employer-run courses reported to the department per trainee: a modest 5 % of the 4.59 M the
  employers train (229,650 a year) [E] — the rest are reported only as totals, which this file
  does not carry; upskilling 85 %, retraining 15 % [E]; the employer's account is on the row;
- course length: pre-employment 30-75 days, upskilling 2-5 days, retraining 5-15 days [E];
  completion: pre-employment 85 %, upskilling 97 %, retraining 92 % [E];
- skill-standard tests: 100,000 a year [E], level 1 60 %, 2 30 %, 3 10 %, 75 % pass [E]; 40 %
  of candidates are recent completers of a course, the rest Section-33 employees.

Who trains (the overlap the linked mart measures). Trainees are world persons:
- pre-employment (own): 50 % Section-33 leavers whose spell ended in the 60 days up to the
  end of the month the course ends and who are not insured on that month's last day, 30 %
  Section-39/40 insured, 20 % persons not insured on that day (uninsured); many leavers are
  hired again by the world (`world.py`, REHIRE), so some become Section-33 insured within 6
  months;
- upskilling (own): 60 % Section-33 employees, 40 % Section-39/40; retraining (own): 40 %
  recent Section-33 leavers, 30 % Section-33 employees, 30 % Section-39/40;
- employer-run: Section-33 employees of the reporting branch (province = the branch's).
An empty pool falls back to the Section-39/40 insured. The training province is the trainee's
home province (85 %) or another, by population (own courses).

Truth (`finish()`, from the world's spells after the last month): a completion is "insured
under Section 33 within 6 months" when the same person has a Section-33 spell that starts
after the completion (end) date and at most 183 days after it. Spells are known only up to the
last simulated month, as in the registry's deliveries, so the truth and the warehouse see the
same spells. About 1 % of rows are typed with Thai digits; about 0.5 % of rows (never more than
2 %) are junk copies (a wrong check digit, an impossible date, an unknown province).

Randomness only from `world.stream("mol_dsd", year, month)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from ._department_rows import digits_where, full_names, label, seq_ids, with_junk
from .source_system import SourceSimulator, SourceSummary, Tick
from .world import NO_END, S33, S39, S40, Month, World, stochastic_round

ENROLMENT_TRUTH = "training_enrolments.csv"
INSURED_TRUTH = "trainees_insured_by_month_province.csv"
CERT_TRUTH = "skill_certifications.csv"

OWN_PER_YEAR = 137_000
EMPLOYER_PER_YEAR = round(0.05 * (4_730_000 - 137_000))
CERT_PER_YEAR = 100_000
WINDOW_DAYS = 183  # "within 6 months" of completing
LEAVER_DAYS = 60  # a "recent" Section-33 leaver
THAI_DIGIT_ROWS = 0.01

# course type: code, Thai label (as the file writes it), course-code prefix,
# (min, max) days, completion rate
COURSE_TYPES: list[tuple[str, str, str, tuple[int, int], float]] = [
    ("pre_employment", "ฝึกเตรียมเข้าทำงาน", "PE", (30, 75), 0.85),
    ("upskilling", "ฝึกยกระดับฝีมือ", "UP", (2, 5), 0.97),
    ("retraining", "ฝึกเสริมทักษะ", "RT", (5, 15), 0.92),
]
PRE, UPSKILL, RETRAIN = range(3)
OWN_MIX = [0.45, 0.40, 0.15]
EMPLOYER_MIX = [0.0, 0.85, 0.15]
PROVIDERS = [("dsd", "กรมพัฒนาฝีมือแรงงาน"), ("employer", "สถานประกอบกิจการ")]
RESULTS = ["จบหลักสูตร", "ไม่จบหลักสูตร"]
SEXES = ["ชาย", "หญิง"]
N_COURSES = 60  # course numbers per type

# skill standards: code (the file's), Thai name (not in the file, for the docs)
STANDARDS = [
    ("S0101", "ช่างไฟฟ้าภายในอาคาร"),
    ("S0102", "ช่างเชื่อมแม่เหล็กไฟฟ้า"),
    ("S0201", "ช่างซ่อมรถยนต์"),
    ("S0301", "ช่างเครื่องปรับอากาศ"),
    ("S0401", "พนักงานนวดไทย"),
    ("S0501", "ผู้ประกอบอาหารไทย"),
    ("S0601", "ช่างก่ออิฐ"),
    ("S0701", "ช่างติดตั้งระบบโซลาร์เซลล์"),
]
CERT_RESULTS = ["ผ่าน", "ไม่ผ่าน"]

ENROLMENT_HEADER = [
    "เลขที่ลงทะเบียน",
    "รหัสหลักสูตร",
    "ประเภทการฝึก",
    "ผู้จัดฝึก",
    "เลขที่บัญชีนายจ้าง",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "เพศ",
    "ปีเกิด",
    "จังหวัด",
    "วันที่เริ่มฝึก",
    "วันที่สิ้นสุดการฝึก",
    "ผลการฝึก",
]
CERT_HEADER = [
    "เลขที่การทดสอบ",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "รหัสมาตรฐาน",
    "ระดับ",
    "จังหวัด",
    "วันที่ทดสอบ",
    "ผลการทดสอบ",
]


@dataclass
class DsdSummary(SourceSummary):
    enrolments: int = 0
    completions: int = 0
    certifications: int = 0
    junk_rows: int = 0


class Simulator(SourceSimulator):
    name = "mol_dsd"
    outputs = ("enrolments/enrolments_*.csv", "certifications/certifications_*.csv")
    truth_files = (ENROLMENT_TRUTH, INSURED_TRUTH, CERT_TRUTH)
    Summary = DsdSummary
    summary: DsdSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        for sub in ("enrolments", "certifications"):
            (self.out.dir / sub).mkdir(exist_ok=True)
        self._enrolments: list[pl.DataFrame] = []  # real rows, with the person index
        self._certs: list[pl.DataFrame] = []

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        rng = self.world.stream(self.name, month.year, month.month)
        enrol = self._enrol(month, rng)
        certs = self._certify(month, rng, enrol)
        rows, junk_e = with_junk(
            _enrolment_rows(self.world, enrol, rng),
            rng,
            id_col=ENROLMENT_HEADER[5],
            date_col=ENROLMENT_HEADER[11],
            province_col=ENROLMENT_HEADER[9],
        )
        self.out.write(
            self.out.dir / "enrolments" / f"enrolments_{month.be_label}.csv",
            fm.csv_bytes(rows, header=True),
        )
        rows, junk_c = with_junk(
            _cert_rows(self.world, certs, rng),
            rng,
            id_col=CERT_HEADER[1],
            date_col=CERT_HEADER[6],
            province_col=CERT_HEADER[5],
        )
        self.out.write(
            self.out.dir / "certifications" / f"certifications_{month.be_label}.csv",
            fm.csv_bytes(rows, header=True),
        )
        self._enrolments.append(enrol.with_columns(month=pl.lit(month.label)))
        self._certs.append(certs.with_columns(month=pl.lit(month.label)))
        self.summary.enrolments += enrol.height
        self.summary.completions += int(enrol["completed"].sum())
        self.summary.certifications += certs.height
        self.summary.junk_rows += junk_e + junk_c
        self.out.tick(f"skill development {month.label}")

    # ------------------------------------------------------------------ draws
    def _pools(self, month: Month) -> dict[str, np.ndarray]:
        """Persons by situation in `month`: Section-33 employees (spell indices), recent
        Section-33 leavers, Section-39/40 insured, uninsured (person indices)."""
        world = self.world
        sp = world.spells
        s33 = world.active(month, S33)
        recent = (
            (sp["section"] == S33)
            & (sp["end"] != NO_END)
            & (sp["end"] >= month.first_day - LEAVER_DAYS)
            & (sp["end"] <= month.last_day)
        )
        # insured on the month's last day (a leaver of this month is not)
        at_end = (sp["start"] <= month.last_day) & (sp["end"] >= month.last_day)
        insured_now = np.zeros(len(world.persons), dtype=bool)
        insured_now[sp["person"][at_end]] = True
        leavers = np.unique(sp["person"][recent])
        leavers = leavers[~insured_now[leavers]]  # not (yet) in another job
        vol = np.unique(
            np.concatenate([world.insured_persons(month, S39), world.insured_persons(month, S40)])
        )
        return {
            "s33_spells": s33,
            "s33": np.unique(sp["person"][s33]),
            "leavers": leavers,
            "voluntary": vol,
            "uninsured": np.flatnonzero(~insured_now),
        }

    def _enrol(self, month: Month, rng: np.random.Generator) -> pl.DataFrame:
        world = self.world
        sp, br = world.spells, world.branches
        pools = self._pools(month)
        months_a_year = 12
        n_own = stochastic_round(OWN_PER_YEAR * world.scale / months_a_year, rng)
        n_emp = stochastic_round(EMPLOYER_PER_YEAR * world.scale / months_a_year, rng)
        n_own = max(n_own, 1)  # a delivery is never empty (landing refuses an empty month)

        def pick(pool: str, k: int) -> np.ndarray:
            p = pools[pool] if len(pools[pool]) else pools["voluntary"]
            return p[rng.integers(0, len(p), k)] if k else np.zeros(0, np.int64)

        ctype = rng.choice(3, n_own, p=OWN_MIX)
        u = rng.random(n_own)
        person = np.zeros(n_own, dtype=np.int64)
        mixes = {
            PRE: [("leavers", 0.5), ("voluntary", 0.3), ("uninsured", 0.2)],
            UPSKILL: [("s33", 0.6), ("voluntary", 0.4)],
            RETRAIN: [("leavers", 0.4), ("s33", 0.3), ("voluntary", 0.3)],
        }
        for t, mix in mixes.items():
            lo = 0.0
            for pool, share in mix:
                sel = (ctype == t) & (u >= lo) & (u < lo + share)
                person[sel] = pick(pool, int(sel.sum()))
                lo += share
        home = world.persons["home"][person].astype(np.int64)
        other = rng.choice(ref.N_PROV, n_own, p=world.pop_w)
        prov = np.where(rng.random(n_own) < 0.85, home, other)
        # employer-run courses: Section-33 employees of the reporting branch
        s33 = pools["s33_spells"]
        e_spell = s33[rng.integers(0, len(s33), n_emp)] if len(s33) else np.zeros(0, np.int64)
        n_emp = len(e_spell)
        e_type = rng.choice(3, n_emp, p=EMPLOYER_MIX)
        e_branch = sp["branch"][e_spell]
        person = np.concatenate([person, sp["person"][e_spell]])
        ctype = np.concatenate([ctype, e_type])
        prov = np.concatenate([prov, br["prov"][e_branch]])
        provider = np.concatenate([np.zeros(n_own, np.int64), np.ones(n_emp, np.int64)])
        account = np.concatenate([np.full(n_own, -1, np.int64), br["account"][e_branch]])
        n = len(person)
        lo = np.array([c[3][0] for c in COURSE_TYPES])[ctype]
        hi = np.array([c[3][1] for c in COURSE_TYPES])[ctype]
        length = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        end = month.first_day + rng.integers(0, month.days, n)
        start = end - length + 1
        rate = np.array([c[4] for c in COURSE_TYPES])[ctype]
        completed = rng.random(n) < rate
        course_no = rng.integers(1, N_COURSES + 1, n)
        order = np.lexsort((person, end))
        df = pl.DataFrame(
            {
                "person": person,
                "ctype": ctype.astype(np.int64),
                "course_no": course_no,
                "provider": provider,
                "account": account,
                "prov": prov.astype(np.int64),
                "start": start.astype(np.int32),
                "end": end.astype(np.int32),
                "completed": completed,
            }
        ).select(pl.all().gather(order))
        return df.with_columns(enrolment_id=seq_ids(f"DSD{month.be_label}", n))

    def _certify(self, month: Month, rng: np.random.Generator, enrol: pl.DataFrame) -> pl.DataFrame:
        world = self.world
        n = max(stochastic_round(CERT_PER_YEAR * world.scale / 12, rng), 1)
        done = enrol.filter(pl.col("completed"))
        s33 = world.insured_persons(month, S33)
        pool_s33 = s33 if len(s33) else np.unique(world.spells["person"])
        from_course = (rng.random(n) < 0.4) & (done.height > 0)
        pick_done = rng.integers(0, max(done.height, 1), n)
        person = np.where(
            from_course,
            done["person"].to_numpy()[np.minimum(pick_done, max(done.height - 1, 0))]
            if done.height
            else 0,
            pool_s33[rng.integers(0, len(pool_s33), n)],
        ).astype(np.int64)
        day = month.first_day + rng.integers(0, month.days, n)
        if done.height:  # a completer is tested on or after the course ends
            ends = done["end"].to_numpy()[np.minimum(pick_done, done.height - 1)]
            day = np.where(from_course, np.maximum(day, np.minimum(ends, month.last_day)), day)
        home = world.persons["home"][person].astype(np.int64)
        order = np.lexsort((person, day))
        df = pl.DataFrame(
            {
                "person": person,
                "standard": rng.integers(0, len(STANDARDS), n),
                "level": rng.choice(3, n, p=[0.6, 0.3, 0.1]) + 1,
                "prov": home,
                "day": day.astype(np.int32),
                "passed": rng.random(n) < 0.75,
            }
        ).select(pl.all().gather(order))
        return df.with_columns(test_id=seq_ids(f"CT{month.be_label}", n))

    # ------------------------------------------------------------------ truth
    def finish(self) -> None:
        world = self.world
        enrol = pl.concat(self._enrolments)
        sp = world.spells
        s33 = pl.DataFrame(
            {"person": sp["person"], "section": sp["section"], "start": sp["start"]}
        ).filter(pl.col("section") == S33)
        hits = (
            enrol.filter(pl.col("completed"))
            .select("enrolment_id", "person", "end")
            .join(s33, on="person", how="inner")
            .filter(
                (pl.col("start") > pl.col("end")) & (pl.col("start") <= pl.col("end") + WINDOW_DAYS)
            )
            .select("enrolment_id")
            .unique()
            .with_columns(insured=pl.lit(True))
        )
        enrol = enrol.join(hits, on="enrolment_id", how="left").with_columns(
            pl.col("insured").fill_null(False) & pl.col("completed")
        )
        pe = world.persons
        person = enrol["person"].to_numpy()
        truth = enrol.with_columns(
            pl.Series("sex", np.where(pe["sex"][person] == 0, "M", "F")),
            pl.Series("birth_year", pl.Series(pe["birth"][person]).cast(pl.Date).dt.year()),
        ).select(
            "enrolment_id",
            "month",
            pl.concat_str(
                [
                    label("ctype", [c[2] for c in COURSE_TYPES]),
                    pl.col("course_no").cast(pl.String).str.zfill(4),
                ]
            ).alias("course_code"),
            label("ctype", [c[0] for c in COURSE_TYPES]).alias("course_type"),
            label("provider", [p[0] for p in PROVIDERS]).alias("provider"),
            pl.when(pl.col("account") >= 0)
            .then(fm.fixed_int(pl.col("account"), 10))
            .alias("employer_account"),
            label("prov", ref.PROV_CODE).alias("province_code"),
            pl.col("start").cast(pl.Date).cast(pl.String).alias("start_date"),
            pl.col("end").cast(pl.Date).cast(pl.String).alias("end_date"),
            "completed",
            "sex",
            "birth_year",
            pl.col("insured").alias("insured_s33_within_6_months"),
        )
        self.out.write_truth(ENROLMENT_TRUTH, truth)
        by = (
            truth.filter(pl.col("completed"))
            .group_by(pl.col("end_date").str.slice(0, 7).alias("month"), "province_code")
            .agg(
                completions=pl.len(),
                insured_s33_within_6_months=pl.col("insured_s33_within_6_months").sum(),
            )
            .sort("month", "province_code")
        )
        self.out.write_truth(INSURED_TRUTH, by)
        certs = pl.concat(self._certs)
        self.out.write_truth(
            CERT_TRUTH,
            certs.select(
                "test_id",
                "month",
                label("standard", [s[0] for s in STANDARDS]).alias("standard_code"),
                "level",
                label("prov", ref.PROV_CODE).alias("province_code"),
                pl.col("day").cast(pl.Date).cast(pl.String).alias("test_date"),
                "passed",
            ),
        )


def _enrolment_rows(world: World, enrol: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """The CSV rows of contracts §1.10 (as text, before junk)."""
    n = enrol.height
    pe = world.persons
    person = enrol["person"].to_numpy()
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = enrol.with_columns(
        pl.Series("pid", pe["pid"][person]),
        pl.Series("sex", pe["sex"][person].astype(np.int64)),
        pl.Series("birth_be", pl.Series(pe["birth"][person]).cast(pl.Date).dt.year() + 543),
        pl.Series("name", full_names(world, person)),
        pl.Series("spelling", world.spellings.gather(world.spell(enrol["prov"].to_numpy(), rng))),
        pl.Series("start_be", fm.be_dates(enrol["start"].to_numpy(), thai)),
        pl.Series("end_be", fm.be_dates(enrol["end"].to_numpy(), thai)),
        pl.Series("thai", thai),
    )
    h = ENROLMENT_HEADER
    return raw.select(
        pl.col("enrolment_id").alias(h[0]),
        pl.concat_str(
            [
                label("ctype", [c[2] for c in COURSE_TYPES]),
                pl.col("course_no").cast(pl.String).str.zfill(4),
            ]
        ).alias(h[1]),
        label("ctype", [c[1] for c in COURSE_TYPES]).alias(h[2]),
        label("provider", [p[1] for p in PROVIDERS]).alias(h[3]),
        pl.when(pl.col("account") >= 0).then(fm.fixed_int(pl.col("account"), 10)).alias(h[4]),
        digits_where(fm.fixed_int(pl.col("pid"), 13)).alias(h[5]),
        pl.col("name").alias(h[6]),
        label("sex", SEXES).alias(h[7]),
        digits_where(pl.col("birth_be").cast(pl.String)).alias(h[8]),
        pl.col("spelling").alias(h[9]),
        pl.col("start_be").alias(h[10]),
        pl.col("end_be").alias(h[11]),
        pl.when(pl.col("completed"))
        .then(pl.lit(RESULTS[0]))
        .otherwise(pl.lit(RESULTS[1]))
        .alias(h[12]),
    )


def _cert_rows(world: World, certs: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = certs.height
    person = certs["person"].to_numpy()
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = certs.with_columns(
        pl.Series("pid", world.persons["pid"][person]),
        pl.Series("name", full_names(world, person)),
        pl.Series("spelling", world.spellings.gather(world.spell(certs["prov"].to_numpy(), rng))),
        pl.Series("day_be", fm.be_dates(certs["day"].to_numpy(), thai)),
        pl.Series("thai", thai),
    )
    h = CERT_HEADER
    return raw.select(
        pl.col("test_id").alias(h[0]),
        digits_where(fm.fixed_int(pl.col("pid"), 13)).alias(h[1]),
        pl.col("name").alias(h[2]),
        label("standard", [s[0] for s in STANDARDS]).alias(h[3]),
        digits_where(pl.col("level").cast(pl.String)).alias(h[4]),
        pl.col("spelling").alias(h[5]),
        pl.col("day_be").alias(h[6]),
        pl.when(pl.col("passed"))
        .then(pl.lit(CERT_RESULTS[0]))
        .otherwise(pl.lit(CERT_RESULTS[1]))
        .alias(h[7]),
    )
