"""Department of Employment (กรมการจัดหางาน, MOL): job seekers, vacancies and placements served
by its paged JSON API, the monthly migrant work-permit workbook, and the truth tables the
warehouse must equal (contracts §1.9).

**The API.** A job-matching system is pulled, not dropped: this simulator writes three JSON-lines
*file stores* under ``data/sources/mol_doe/_api/`` (a folder starting with ``_`` holds no
deliveries), ``job_seekers.jsonl``, ``vacancies.jsonl`` and ``placements.jsonl``, which
:mod:`ingestion.simulator.http_api` serves paged and filtered by ``updated_since``; the connector
pulls them (ingestion/sources/mol_doe/source.yaml). Records never change once written, so
``updated_at`` is the time the record was made.

**The workbook.** ``mol_doe/work_permits/work_permits_<BEYYYYMM>.xlsx``, sheet
``ใบอนุญาตทำงาน``: Thai title rows, a Thai header row, one row per permit, a footer. The first
month lists every permit in force on some day of that month, as it stands at the month's end;
each later month the permits issued, renewed or cancelled in it (a renewal is the same permit
number with new dates; a later row of a permit replaces the earlier one, like the insured
registry). Past :data:`ROWS_PER_WORKBOOK` rows a month is split into ``…_p2.xlsx`` and on.

Magnitudes at ``--scale 1.0`` (DOMAIN.md; the splits are ours, [E]):

- job seekers: 77,000 insured persons a month register as unemployed (Section-33 leavers of the
  month; 83 % after resigning, 12 % dismissed, 5 % at a contract's end) plus
  :data:`UNINSURED_SEEKERS` = 18,000 uninsured (new entrants, Thai IDs of type 2);
- every unemployment-benefit claimant of the SSO (handed over by the benefits simulator,
  ``World.hand_off``) registers 0–5 days before the claim: registration is how a claim starts;
  they count among the 77,000 (leavers fill the rest);
- vacancies: 19,000 postings a month, 1–12 positions each (mean ~2.2), 75 % by an
  SSO-registered employer branch (account and branch given; its province and TSIC), the rest by
  unregistered employers (no account); ISCO-08 major group 1–9, wage offered log-normal by group;
- placements: a seeker is placed with probability :data:`PLACED` (26 %), an exponential
  :data:`PLACE_DAYS` (mean 35 days, at most 180) after registering, into a vacancy of their
  province posted in the 90 days before (any province if none): ~24,500 a month once the first
  months have filled (the first month runs low: no earlier seekers). Benefit claimants are
  placed 0–90 days after their claim with probability :data:`CLAIMANT_PLACED_90` (30 %) and
  91–150 days after with 10 %. A vacancy's positions do not cap its placements. Placements
  dated after the last simulated month are never served.
- migrant work permits: 2.6 M in force at the start; nationality Myanmar 53 %, Cambodia 25 %,
  Laos 12 %, Vietnam 4 %, other 6 %; type MOU 48 %, cabinet resolution (มติ ครม.) 48 %,
  border seasonal (มาตรา 64) 4 % of the neighbouring nationalities, general (ทั่วไป) for every
  other nationality; two-year
  permits; each month 75 % of those expiring are renewed, 0.8 % of those in force cancelled, new
  permits 2 % of the opening stock plus 85 % of the non-Thai Section-33 hires of the month.
  Holders: 85 % of the world's non-Thai Section-33 insured (``NON_THAI33``; their province and
  employer branch are their spell's), the rest migrants the SSO does not insure (IDs ``00…``,
  20 % of type-6 IDs ``6…``); Bangkok 23 %, Samut Sakhon 8 % of them, the others by Section-33
  weight; 35 % of them name an SSO-registered employer branch of their province.

Injected errors (extra rows, the truth unaffected): ~0.5 % of workbook rows are copies of real
rows with a wrong check digit, an impossible date (31/02), an unknown province, an expiry before
the issue, or the same permit number twice; 1 % of dates are typed in Thai digits. API records
carry national IDs as typed (1 % dashed).

Truth (``_truth/``, contracts §1.9): job seekers, vacancies and placements by month × province;
permits in force at each month's end by province × nationality, with those whose holder is
Section-33 insured that month, beside the non-Thai Section-33 insured by province and by the
nationality of their permit in force (``none``); unemployment-benefit claimants by claim month ×
province and those placed by the Department within 90 days of their claim (from every placement
written, whoever planted it).

Random numbers come only from ``world.stream("mol_doe", …)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from . import formats as fm
from . import reference as ref
from .source_system import SourceSimulator, SourceSummary, Tick
from .world import (
    HANDOFF_UNEMPLOYMENT_CLAIMS,
    S33,
    THAI_DIGIT_ROWS,
    Month,
    World,
    id_check_digits,
    normalise,
    stochastic_round,
)

# ------------------------------------------------------------------ the API's stores
API_DIR = "_api"
STORES = {
    "job_seekers": f"{API_DIR}/job_seekers.jsonl",
    "vacancies": f"{API_DIR}/vacancies.jsonl",
    "placements": f"{API_DIR}/placements.jsonl",
}
PERMIT_DIR = "work_permits"
PERMIT_SHEET = "ใบอนุญาตทำงาน"
ROWS_PER_WORKBOOK = 1_000_000  # permits a workbook (a sheet holds 1,048,576 rows)

TRUTH_MARKET = "doe_job_market_by_month_province.csv"
TRUTH_PERMITS = "doe_work_permits_vs_insured.csv"
TRUTH_CLAIMANTS = "unemployment_claimants_placed.csv"

# ------------------------------------------------------------------ magnitudes (scale 1.0)
INSURED_SEEKERS = 77_000
UNINSURED_SEEKERS = 18_000
REASONS = ("resigned", "dismissed", "contract_ended")
REASON_SHARE = (0.83, 0.12, 0.05)
EDUCATION = ("primary", "lower_secondary", "upper_secondary", "vocational", "bachelor", "higher")
EDUCATION_SHARE = (0.15, 0.17, 0.22, 0.18, 0.24, 0.04)
VACANCIES = 19_000
POSITIONS_P = 0.45  # positions per posting: geometric, mean 1 / p
VACANCY_SSO_REGISTERED = 0.75
ISCO_SHARE = (0.02, 0.06, 0.08, 0.12, 0.22, 0.03, 0.10, 0.17, 0.20)  # major groups 1-9
ISCO_WAGE = (45_000, 30_000, 20_000, 14_000, 11_000, 10_000, 12_500, 12_000, 9_800)
PLACED = 0.26
PLACE_DAYS = 35.0
PLACE_MAX_DAYS = 180
VACANCY_LOOKBACK = 90
CLAIMANT_PLACED_90, CLAIMANT_PLACED_LATER = 0.30, 0.10
WINDOW_DAYS = 90  # the linked measure: placed within 90 days of the claim

PERMITS = 2_600_000
NATIONALITIES = ("myanmar", "cambodia", "laos", "vietnam", "other")
NATIONALITY_TH = ("เมียนมา", "กัมพูชา", "ลาว", "เวียดนาม", "อื่น ๆ")
NATIONALITY_SHARE = (0.53, 0.25, 0.12, 0.04, 0.06)
PERMIT_TYPES_TH = ("MOU", "มติ ครม.", "มาตรา 64", "ทั่วไป")
PERMIT_TYPE_SHARE = (0.48, 0.48, 0.04, 0.0)  # of the neighbouring nationalities
GENERAL = 3
RECORD_TH = ("คงอยู่", "ออกใหม่", "ต่ออายุ", "ยกเลิก")  # in force, new, renewed, cancelled
IN_FORCE, NEW, RENEWED, CANCELLED = range(4)
PERMIT_DAYS = 730
RENEW = 0.75
CANCEL = 0.008
NEW_PERMITS = 0.02
INSURED_WITH_PERMIT = 0.85
BANGKOK_SHARE, SAMUT_SAKHON_SHARE = 0.23, 0.08
SAMUT_SAKHON = ref.PROV_NUM.index("74")
EMPLOYER_REGISTERED = 0.35
MIGRANT_TYPE6 = 0.20
ERROR_ROWS = 0.005

PERMIT_HEADERS = (
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
)
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

# IDs of persons the Department knows but the world does not (bijective serial permutation)
_ID_A, _ID_B, _ID_MOD = 611_953_007, 271_828_183, 10**9


@dataclass
class DoeSummary(SourceSummary):
    job_seekers: int = 0
    vacancies: int = 0
    placements: int = 0
    permit_rows: int = 0
    permit_error_rows: int = 0


def _stamp(day: np.ndarray, second: np.ndarray) -> pl.Series:
    """Day number + seconds of the day → ISO 8601 Bangkok time with its +07:00 offset."""
    return pl.from_epoch(
        pl.Series(day.astype(np.int64) * 86_400 + second.astype(np.int64)), time_unit="s"
    ).dt.strftime("%Y-%m-%dT%H:%M:%S+07:00")


def _iso(day: np.ndarray) -> pl.Series:
    return pl.from_epoch(pl.Series(day.astype(np.int64)), time_unit="d").dt.strftime("%Y-%m-%d")


def _id_text(pid: np.ndarray, dashed: np.ndarray) -> pl.Series:
    """13 digits; where `dashed`, grouped as on the card (1-2345-67890-12-3)."""
    plain = pl.Series(pid).cast(pl.String).str.zfill(13)
    grouped = pl.concat_str(
        [plain.str.slice(a, b) for a, b in ((0, 1), (1, 4), (5, 5), (10, 2), (12, 1))],
        separator="-",
    )
    return pl.select(pl.when(pl.Series(dashed)).then(grouped).otherwise(plain)).to_series()


class Persons:
    """Persons the Department knows that the world does not: uninsured job seekers and
    migrant workers without Section-33 insurance. IDs are built so they never equal a world
    ID: type 2 (Thai, late registration) for seekers, ``00d…`` or type 6 for migrants."""

    def __init__(self, seed: int) -> None:
        self.next_k = 1 + (seed * 7_727) % 1_000_003
        self.pid = np.zeros(0, np.int64)
        self.sex = np.zeros(0, np.int8)
        self.birth = np.zeros(0, np.int32)

    def add(self, rng: np.random.Generator, n: int, kind: str, ref_day: int) -> np.ndarray:
        k = np.arange(self.next_k, self.next_k + n, dtype=np.int64)
        self.next_k += n
        serial = (k * _ID_A + _ID_B) % _ID_MOD
        if kind == "seeker":
            prov = rng.integers(0, ref.N_PROV, n)
            body = 2 * 10**11 + np.array([int(x) for x in ref.PROV_NUM])[prov] * 10**9 + serial
            age = np.clip(rng.normal(27, 8, n), 18, 60)
            female = 0.52
        else:
            type6 = rng.random(n) < MIGRANT_TYPE6
            body = np.where(type6, 6 * 10**11 + 10 * 10**9 + serial, (1 + k % 9) * 10**9 + serial)
            age = np.clip(rng.normal(31, 8, n), 18, 55)
            female = 0.42
        pid = body * 10 + id_check_digits(body)
        sex = (rng.random(n) < female).astype(np.int8)
        birth = (ref_day - age * 365.25).astype(np.int32)
        first = len(self.pid)
        self.pid = np.concatenate([self.pid, pid])
        self.sex = np.concatenate([self.sex, sex])
        self.birth = np.concatenate([self.birth, birth])
        return np.arange(first, first + n)


class Simulator(SourceSimulator):
    name = "mol_doe"
    outputs = (*STORES.values(), f"{PERMIT_DIR}/work_permits_*.xlsx")
    truth_files = (TRUTH_MARKET, TRUTH_PERMITS, TRUTH_CLAIMANTS)
    Summary = DoeSummary
    summary: DoeSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        (self.out.dir / API_DIR).mkdir(parents=True, exist_ok=True)
        (self.out.dir / PERMIT_DIR).mkdir(parents=True, exist_ok=True)
        self.stores = {k: self.out.dir / v for k, v in STORES.items()}
        for path in self.stores.values():
            path.write_bytes(b"")
        self._sizes = dict.fromkeys(STORES, 0)
        self.persons = Persons(world.seed)
        self._claims_seen = 0
        self._pending: dict[int, list[pl.DataFrame]] = {}  # month index → placements due
        self._seekers: list[pl.DataFrame] = []  # truth: pid, day, prov, insured
        self._placements: list[pl.DataFrame] = []  # truth: pid, day, prov
        self._claims: list[pl.DataFrame] = []  # truth: pid, claim_day, prov
        self._vacancy_truth: list[pl.DataFrame] = []
        self._permit_truth: list[pl.DataFrame] = []
        self._vac = {k: np.zeros(0, np.int64) for k in ("day", "prov", "id", "account", "no")}
        self._vac_ids: list[str] = []
        self._vac_isco = np.zeros(0, np.int64)
        self._vac_wage = np.zeros(0, np.int64)
        self._vac_serial = 0
        self.permits: dict[str, np.ndarray] | None = None
        self._has_permit: np.ndarray = np.zeros(0, bool)  # world persons holding a permit

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    # ------------------------------------------------------------------ a month
    def month(self, month: Month) -> None:
        rng = self.world.stream(self.name, month.year, month.month)
        self._job_seekers(month, rng)
        self._vacancies(month, rng)
        self._place(month, rng)
        self._work_permits(month, self.world.stream(self.name, month.year, month.month, 1))
        self.out.tick(f"employment department {month.label}")

    def finish(self) -> None:
        for k, path in self.stores.items():
            self.out.written(path, self._sizes[k])
        prov = pl.Series(ref.PROV_CODE)
        seekers = pl.concat(self._seekers)
        placements = (
            pl.concat(self._placements)
            if self._placements
            else pl.DataFrame(schema={"pid": pl.Int64, "day": pl.Int32, "prov": pl.Int64})
        )

        def by_month(df: pl.DataFrame, day: str) -> pl.DataFrame:
            return df.with_columns(
                month=pl.from_epoch(pl.col(day).cast(pl.Int64), time_unit="d").dt.strftime("%Y-%m"),
                province_code=prov.gather(df["prov"].cast(pl.Int64)),
            )

        months = [m.label for m in self.world.months]
        key = ["month", "province_code"]
        market = (
            pl.DataFrame({"month": months})
            .join(pl.DataFrame({"province_code": ref.PROV_CODE}), how="cross")
            .join(
                by_month(seekers, "day")
                .group_by(key)
                .agg(job_seekers=pl.len(), job_seekers_insured=pl.col("insured").sum()),
                on=key,
                how="left",
            )
            .join(
                by_month(pl.concat(self._vacancy_truth), "day")
                .group_by(key)
                .agg(vacancies=pl.len(), vacancy_positions=pl.col("positions").sum()),
                on=key,
                how="left",
            )
            .join(
                by_month(placements, "day").group_by(key).agg(placements=pl.len()),
                on=key,
                how="left",
            )
            .fill_null(0)
            .filter(pl.col("month").is_in(months))
            .sort(key)
        )
        self.out.write_truth(TRUTH_MARKET, market)
        self.out.write_truth(
            TRUTH_PERMITS,
            pl.concat(self._permit_truth).sort("month", "province_code", "nationality_code"),
        )
        self.out.write_truth(TRUTH_CLAIMANTS, self._claimants_truth(placements, by_month))

    def _claimants_truth(self, placements: pl.DataFrame, by_month) -> pl.DataFrame:
        """Unemployment-benefit claimants (distinct persons) by claim month × province, and
        those with any placement 0–90 days after a claim of theirs in that group."""
        claims = pl.concat(self._claims)
        placed = (
            claims.join(placements.select("pid", pday="day"), on="pid", how="inner")
            .filter(
                (pl.col("pday") - pl.col("claim_day")).is_between(0, WINDOW_DAYS),
            )
            .select("pid", "claim_day", "prov")
            .unique()
            .with_columns(placed=pl.lit(True))
        )
        flagged = claims.join(placed, on=["pid", "claim_day", "prov"], how="left").with_columns(
            pl.col("placed").fill_null(False)
        )
        return (
            by_month(flagged, "claim_day")
            .group_by("month", "province_code", "pid")
            .agg(pl.col("placed").any())
            .group_by("month", "province_code")
            .agg(
                unemployment_claimants=pl.len(),
                placed_within_90_days=pl.col("placed").sum(),
            )
            .sort("month", "province_code")
        )

    # ------------------------------------------------------------ job seekers
    def _new_claims(self) -> pl.DataFrame:
        frames = self.world.handoff.get(HANDOFF_UNEMPLOYMENT_CLAIMS, [])
        new = frames[self._claims_seen :]
        self._claims_seen = len(frames)
        schema = {"spell": pl.Int64, "claim_day": pl.Int64, "prov": pl.Int64}
        if not new:
            return pl.DataFrame(schema=schema)
        return pl.concat([f.select(schema.keys()).cast(schema) for f in new])

    def _job_seekers(self, month: Month, rng: np.random.Generator) -> None:
        world = self.world
        sp = world.spells
        claims = self._new_claims()
        c_spell = claims["spell"].to_numpy()
        c_person = sp["person"][c_spell]
        c_day = claims["claim_day"].to_numpy()
        c_prov = claims["prov"].to_numpy()
        self._claims.append(
            pl.DataFrame(
                {"pid": world.persons["pid"][c_person], "claim_day": c_day, "prov": c_prov}
            )
        )
        # every claimant registers 0-5 days before the claim (once, for their first claim)
        _, first = np.unique(c_person, return_index=True)
        cl_person, cl_day, cl_prov = c_person[first], c_day[first], c_prov[first]
        cl_reg = np.maximum(cl_day - rng.integers(0, 6, len(first)), sp["end"][c_spell[first]])
        cl_reg = np.clip(cl_reg, world.months[0].first_day, cl_day)
        # other Section-33 leavers of the month fill the 77,000
        ended = world.ended(month, S33)
        ended = ended[~np.isin(sp["person"][ended], cl_person)]
        target = stochastic_round(INSURED_SEEKERS * world.scale, rng)
        n_other = min(max(0, target - len(first)), len(ended))
        pick = rng.choice(ended, n_other, replace=False) if n_other else ended[:0]
        pick = np.sort(pick)
        o_reg = np.minimum(sp["end"][pick] + rng.integers(0, 21, n_other), month.last_day)
        # uninsured seekers: persons the world does not insure
        n_un = int(rng.poisson(UNINSURED_SEEKERS * world.scale))
        un = self.persons.add(rng, n_un, "seeker", month.first_day)
        un_prov = rng.choice(ref.N_PROV, n_un, p=world.pop_w)
        un_reg = month.first_day + rng.integers(0, month.days, n_un)

        pe = world.persons
        n_ins = len(first) + n_other
        ins_person = np.concatenate([cl_person, sp["person"][pick]]).astype(np.int64)
        pid = np.concatenate([pe["pid"][ins_person], self.persons.pid[un]])
        sex = np.concatenate([pe["sex"][ins_person], self.persons.sex[un]])
        birth = np.concatenate([pe["birth"][ins_person], self.persons.birth[un]])
        prov = np.concatenate([cl_prov, sp["prov"][pick], un_prov]).astype(np.int64)
        reg = np.concatenate([cl_reg, o_reg, un_reg]).astype(np.int64)
        insured = np.arange(len(pid)) < n_ins
        claimant = np.arange(len(pid)) < len(first)
        n = len(pid)
        reason = np.where(
            insured, rng.choice(len(REASONS), n, p=REASON_SHARE), len(REASONS)
        ).astype(np.int64)
        order = np.lexsort((pid, reg))
        second = rng.integers(8 * 3600, 17 * 3600, n)
        seeker_id = [f"JS{month.be_label}{i + 1:07d}" for i in range(n)]
        frame = pl.DataFrame(
            {
                "seeker_id": pl.Series(seeker_id),
                "national_id": _id_text(pid[order], rng.random(n) < 0.01),
                "sex": np.where(sex[order] == 1, "F", "M"),
                "birth_year": pl.from_epoch(pl.Series(birth[order]), time_unit="d").dt.year(),
                "province": pl.Series(ref.PROV_TH).gather(prov[order]),
                "education": np.array(EDUCATION)[rng.choice(len(EDUCATION), n, p=EDUCATION_SHARE)],
                "insured": insured[order],
                "reason": np.array([*REASONS, "new_entrant"])[reason[order]],
                "registered_at": _stamp(reg[order], second),
            }
        ).with_columns(updated_at=pl.col("registered_at"))
        self._append("job_seekers", frame)
        self.summary.job_seekers += n
        self._seekers.append(
            pl.DataFrame({"pid": pid, "day": reg, "prov": prov, "insured": insured})
        )

        # who will be placed, and when
        u = rng.random(n)
        delay_other = np.minimum(rng.exponential(PLACE_DAYS, n), PLACE_MAX_DAYS).astype(np.int64)
        cl_day_all = np.concatenate([cl_day, np.zeros(n - len(first), np.int64)])
        place = np.where(
            claimant,
            np.where(
                u < CLAIMANT_PLACED_90,
                cl_day_all + rng.integers(0, WINDOW_DAYS + 1, n),
                cl_day_all + rng.integers(WINDOW_DAYS + 1, 151, n),
            ),
            reg + delay_other,
        )
        placed = np.where(claimant, u < CLAIMANT_PLACED_90 + CLAIMANT_PLACED_LATER, u < PLACED)
        idx = np.flatnonzero(placed)
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n)  # row of each seeker in the month's records
        due = pl.DataFrame(
            {
                "seeker_id": pl.Series(seeker_id).gather(rank[idx]),
                "pid": pid[idx],
                "prov": prov[idx],
                "day": np.maximum(place[idx], reg[idx]),
            }
        )
        firsts = np.array([m.first_day for m in self.world.months])
        target_m = np.searchsorted(firsts, due["day"].to_numpy(), side="right") - 1
        target_m[due["day"].to_numpy() > self.world.months[-1].last_day] = -1
        due = due.with_columns(pl.Series("_m", target_m)).filter(pl.col("_m") >= 0)
        for (m,), part in due.partition_by("_m", as_dict=True).items():
            self._pending.setdefault(int(m), []).append(part.drop("_m"))

    # ------------------------------------------------------------ vacancies
    def _vacancies(self, month: Month, rng: np.random.Generator) -> None:
        world = self.world
        n = int(rng.poisson(VACANCIES * world.scale))
        day = np.sort(month.first_day + rng.integers(0, month.days, n))
        registered = rng.random(n) < VACANCY_SSO_REGISTERED
        br = world.registered_branches(month)
        w = world.branches["weight"][br]
        branch = br[rng.choice(len(br), n, p=w / w.sum())] if len(br) else np.zeros(n, np.int64)
        prov = np.where(
            registered, world.branches["prov"][branch], rng.choice(ref.N_PROV, n, p=world.pop_w)
        ).astype(np.int64)
        tsic_w = normalise([t[2] for t in ref.TSIC])
        tsic = np.where(
            registered, world.branches["tsic"][branch], rng.choice(len(ref.TSIC), n, p=tsic_w)
        )
        isco = rng.choice(9, n, p=ISCO_SHARE)
        wage = (
            np.round(np.exp(rng.normal(np.log(np.array(ISCO_WAGE)[isco]), 0.25)) / 100) * 100
        ).astype(np.int64)
        positions = rng.geometric(POSITIONS_P, n).clip(1, 12)
        account = np.where(registered, world.branches["account"][branch], -1)
        no = np.where(registered, world.branches["no"][branch], -1)
        ids = [f"VC{month.be_label}{self._vac_serial + i + 1:06d}" for i in range(n)]
        self._vac_serial += n
        acc_text = pl.Series(account).cast(pl.String).str.zfill(10)
        no_text = pl.Series(no).cast(pl.String).str.zfill(6)
        frame = pl.DataFrame(
            {
                "vacancy_id": pl.Series(ids, dtype=pl.String),
                "employer_account": pl.select(
                    pl.when(pl.Series(registered)).then(acc_text)
                ).to_series(),
                "branch": pl.select(pl.when(pl.Series(registered)).then(no_text)).to_series(),
                "province": pl.Series(ref.PROV_TH).gather(prov),
                "tsic_code": pl.Series([t[0] for t in ref.TSIC]).gather(tsic),
                "isco_major_group": (isco + 1).astype(np.int64),
                "positions": positions.astype(np.int64),
                "wage_offered": wage,
                "posted_on": _iso(day),
                "updated_at": _stamp(day, rng.integers(8 * 3600, 17 * 3600, n)),
            }
        )
        self._append("vacancies", frame)
        self.summary.vacancies += n
        self._vacancy_truth.append(pl.DataFrame({"day": day, "prov": prov, "positions": positions}))
        v = self._vac
        v["day"] = np.concatenate([v["day"], day])
        v["prov"] = np.concatenate([v["prov"], prov])
        v["account"] = np.concatenate([v["account"], account])
        v["no"] = np.concatenate([v["no"], no])
        self._vac_ids.extend(ids)
        self._vac_isco = np.concatenate([self._vac_isco, isco + 1])
        self._vac_wage = np.concatenate([self._vac_wage, wage])

    # ------------------------------------------------------------ placements
    def _place(self, month: Month, rng: np.random.Generator) -> None:
        due = self._pending.pop(month.index, [])
        if not due or not len(self._vac["day"]):
            return  # nobody due, or no vacancy notified yet (tiny scales): no placement
        df = pl.concat(due).sort("day", "seeker_id")
        day = df["day"].to_numpy().astype(np.int64)
        prov = df["prov"].to_numpy().astype(np.int64)
        v = self._vac
        # vacancies sorted by (province, day) and by day: candidates posted in the 90 days before
        key_pd = v["prov"] * 1_000_000 + v["day"]
        by_pd = np.argsort(key_pd, kind="stable")
        sorted_pd = key_pd[by_pd]
        by_d = np.argsort(v["day"], kind="stable")
        sorted_d = v["day"][by_d]
        lo = np.searchsorted(sorted_pd, prov * 1_000_000 + day - VACANCY_LOOKBACK, side="left")
        hi = np.searchsorted(sorted_pd, prov * 1_000_000 + day, side="right")
        lo_any = np.searchsorted(sorted_d, day - VACANCY_LOOKBACK, side="left")
        hi_any = np.searchsorted(sorted_d, day, side="right")
        u = rng.random(len(day))
        same = hi > lo
        pick_same = by_pd[np.minimum(lo + (u * (hi - lo)).astype(np.int64), len(by_pd) - 1)]
        anyone = hi_any > lo_any
        pick_any = by_d[
            np.minimum(lo_any + (u * (hi_any - lo_any)).astype(np.int64), len(by_d) - 1)
        ]
        # none posted yet (the first days of the first month): the earliest vacancy, and the
        # placement waits for its posting
        vac = np.where(same, pick_same, np.where(anyone, pick_any, by_d[0]))
        day = np.maximum(day, v["day"][vac])
        keep = day <= month.last_day
        df, day, vac = df.filter(pl.Series(keep)), day[keep], vac[keep]
        n = df.height
        vprov = v["prov"][vac]
        registered = v["account"][vac] >= 0
        acc = pl.Series(v["account"][vac]).cast(pl.String).str.zfill(10)
        no = pl.Series(v["no"][vac]).cast(pl.String).str.zfill(6)
        frame = pl.DataFrame(
            {
                "placement_id": [f"PL{month.be_label}{i + 1:07d}" for i in range(n)],
                "seeker_id": df["seeker_id"],
                "vacancy_id": pl.Series(self._vac_ids).gather(vac),
                "national_id": _id_text(df["pid"].to_numpy(), rng.random(n) < 0.01),
                "employer_account": pl.select(pl.when(pl.Series(registered)).then(acc)).to_series(),
                "branch": pl.select(pl.when(pl.Series(registered)).then(no)).to_series(),
                "province": pl.Series(ref.PROV_TH).gather(vprov),
                "isco_major_group": self._vac_isco[vac],
                "wage_agreed": self._vac_wage[vac],
                "placed_on": _iso(day),
                "updated_at": _stamp(day, rng.integers(9 * 3600, 18 * 3600, n)),
            }
        )
        self._append("placements", frame)
        self.summary.placements += n
        self._placements.append(
            pl.DataFrame({"pid": df["pid"], "day": day.astype(np.int32), "prov": vprov})
        )

    def _append(self, store: str, frame: pl.DataFrame) -> None:
        data = frame.write_ndjson().encode("utf-8") if frame.height else b""
        with self.stores[store].open("ab") as f:
            f.write(data)
        self._sizes[store] += len(data)

    # ------------------------------------------------------------ work permits
    def _work_permits(self, month: Month, rng: np.random.Generator) -> None:
        world = self.world
        sp = world.spells
        pe = world.persons
        if len(self._has_permit) < len(pe):
            self._has_permit = np.concatenate(
                [self._has_permit, np.zeros(len(pe) - len(self._has_permit), bool)]
            )
        if self.permits is None:
            self.permits = self._empty_permits()
            active = world.active(month, S33)
            active = active[sp["start"][active] < month.first_day]
            foreign = pe["pid"][sp["person"][active]] < 10**12
            ins = active[foreign]
            ins = ins[rng.random(len(ins)) < INSURED_WITH_PERMIT]
            n_total = max(len(ins), round(PERMITS * world.scale))
            issue = month.first_day - rng.integers(1, PERMIT_DAYS, n_total)
            self._issue(rng, month, ins, n_total - len(ins), issue, IN_FORCE)
            changed = np.arange(len(self.permits["pid"]))
        else:
            changed = np.zeros(0, np.int64)
        p = self.permits
        n_open = len(p["pid"])
        in_force = (p["cancel"] == NO_DAY) & (p["expiry"] >= month.first_day)
        # renewals of those expiring this month
        expiring = np.flatnonzero(in_force & (p["expiry"] <= month.last_day))
        renew = expiring[rng.random(len(expiring)) < RENEW]
        p["issue"][renew] = np.maximum(
            p["expiry"][renew] - rng.integers(0, 21, len(renew)), month.first_day
        )
        p["expiry"][renew] = p["issue"][renew] + PERMIT_DAYS - 1
        p["record"][renew] = RENEWED
        # cancellations
        rest = np.setdiff1d(np.flatnonzero(in_force), renew)
        cancel = rest[rng.random(len(rest)) < CANCEL]
        p["cancel"][cancel] = month.first_day + rng.integers(0, month.days, len(cancel))
        p["cancel"][cancel] = np.maximum(p["cancel"][cancel], p["issue"][cancel])
        p["record"][cancel] = CANCELLED
        # new permits: non-Thai Section-33 hires of the month, and new migrants
        hired = world.started(month, S33)
        hired = hired[(pe["pid"][sp["person"][hired]] < 10**12)]
        hired = hired[~self._has_permit[sp["person"][hired]]]
        hired = hired[rng.random(len(hired)) < INSURED_WITH_PERMIT]
        _, first = np.unique(sp["person"][hired], return_index=True)
        hired = hired[np.sort(first)]
        n_new = int(rng.poisson(NEW_PERMITS * PERMITS * world.scale))
        issue_new = np.concatenate(
            [
                np.maximum(sp["start"][hired], month.first_day),
                month.first_day + rng.integers(0, month.days, n_new),
            ]
        )
        self._issue(rng, month, hired, n_new, issue_new, NEW)
        new = np.arange(n_open, len(p["pid"]))
        if month.index == 0:
            changed = np.arange(len(p["pid"]))
            in_month = (p["issue"] <= month.last_day) & (p["expiry"] >= month.first_day)
            changed = changed[in_month]
        else:
            changed = np.unique(np.concatenate([renew, cancel, new]))
        self._write_permits(month, rng, changed)
        self._permit_truth.append(self._permits_vs_insured(month))

    def _empty_permits(self) -> dict[str, np.ndarray]:
        i64 = np.zeros(0, np.int64)
        return {
            k: i64.copy()
            for k in (
                "serial",
                "pid",
                "person",
                "sex",
                "birth",
                "nat",
                "type",
                "account",
                "no",
                "prov",
                "issue",
                "expiry",
                "cancel",
                "record",
                "fa",
                "fb",
                "sa",
            )
        }

    def _issue(
        self,
        rng: np.random.Generator,
        month: Month,
        spells: np.ndarray,
        n_migrants: int,
        issue: np.ndarray,
        record: int,
    ) -> None:
        """Append permits for the persons of `spells` (insured: province and branch of the
        spell) and for `n_migrants` new uninsured migrants; `issue` days in that order."""
        world = self.world
        sp, pe, br = world.spells, world.persons, world.branches
        person = sp["person"][spells].astype(np.int64)
        self._has_permit[person] = True
        mig = self.persons.add(rng, n_migrants, "migrant", month.first_day)
        other_w = world.s33_w.copy()
        other_w[[ref.BANGKOK, SAMUT_SAKHON]] = 0
        other_w = other_w / other_w.sum() * (1 - BANGKOK_SHARE - SAMUT_SAKHON_SHARE)
        other_w[ref.BANGKOK], other_w[SAMUT_SAKHON] = BANGKOK_SHARE, SAMUT_SAKHON_SHARE
        m_prov = rng.choice(ref.N_PROV, n_migrants, p=other_w)
        # an SSO-registered employer of the province for some
        reg_br = world.registered_branches(month)
        reg_br = reg_br[np.argsort(br["prov"][reg_br], kind="stable")]
        starts = np.searchsorted(br["prov"][reg_br], np.arange(ref.N_PROV + 1))
        cnt = starts[m_prov + 1] - starts[m_prov]
        with_emp = (rng.random(n_migrants) < EMPLOYER_REGISTERED) & (cnt > 0)
        pick = reg_br[
            np.minimum(
                starts[m_prov] + (rng.random(n_migrants) * cnt).astype(np.int64), len(reg_br) - 1
            )
        ]
        m_branch = np.where(with_emp, pick, -1)
        n = len(spells) + n_migrants
        branch = np.concatenate([sp["branch"][spells].astype(np.int64), m_branch])
        nat = rng.choice(len(NATIONALITIES), n, p=NATIONALITY_SHARE)
        # the three neighbouring countries come under MOU, cabinet resolutions or the border
        # scheme; every other nationality under a general permit
        ptype = rng.choice(len(PERMIT_TYPES_TH), n, p=PERMIT_TYPE_SHARE)
        ptype = np.where(nat == NATIONALITIES.index("other"), GENERAL, ptype)
        p = self.permits
        start = len(p["pid"])
        add = {
            "serial": np.arange(start, start + n) + 1,
            "pid": np.concatenate([pe["pid"][person], self.persons.pid[mig]]),
            "person": np.concatenate([person, np.full(n_migrants, -1)]),
            "sex": np.concatenate([pe["sex"][person], self.persons.sex[mig]]),
            "birth": np.concatenate([pe["birth"][person], self.persons.birth[mig]]),
            "nat": nat,
            "type": ptype,
            "account": np.where(branch >= 0, br["account"][np.maximum(branch, 0)], -1),
            "no": np.where(branch >= 0, br["no"][np.maximum(branch, 0)], -1),
            "prov": np.concatenate([sp["prov"][spells].astype(np.int64), m_prov]),
            "issue": issue.astype(np.int64),
            "expiry": issue.astype(np.int64) + PERMIT_DAYS - 1,
            "cancel": np.full(n, NO_DAY),
            "record": np.full(n, record),
            "fa": rng.integers(0, len(ref.FOREIGN_A), n),
            "fb": rng.integers(0, len(ref.FOREIGN_B), n),
            "sa": rng.integers(0, len(ref.FOREIGN_A), n),
        }
        for k, v in add.items():
            p[k] = np.concatenate([p[k], np.asarray(v, dtype=np.int64)])

    def _permits_vs_insured(self, month: Month) -> pl.DataFrame:
        """Permits in force at the month's end by province × nationality, with those whose
        holder is Section-33 insured in the month; beside the non-Thai Section-33 insured by
        province and by the nationality of their permit in force (`none` without)."""
        world = self.world
        p = self.permits
        end = month.last_day
        force = (
            (p["issue"] <= end)
            & (p["expiry"] >= end)
            & ((p["cancel"] == NO_DAY) | (p["cancel"] > end))
        )
        ins_spells = world.active(month, S33)
        ins_person = world.spells["person"][ins_spells]
        ins_pid = world.persons["pid"][ins_person]
        insured_pids = np.unique(ins_pid)
        prov = pl.Series(ref.PROV_CODE)
        holders = pl.DataFrame(
            {"pid": p["pid"][force], "prov": p["prov"][force], "nat": p["nat"][force]}
        ).with_columns(insured=pl.col("pid").is_in(pl.Series(insured_pids).implode()))
        a = holders.group_by("prov", "nat").agg(
            permit_holders=pl.col("pid").n_unique(),
            permit_holders_s33_insured=pl.col("pid").filter(pl.col("insured")).n_unique(),
        )
        foreign = ins_pid < 10**12
        nat_of = holders.select("pid", "nat").unique("pid", keep="first")
        b = (
            pl.DataFrame(
                {"pid": ins_pid[foreign], "prov": world.spells["prov"][ins_spells][foreign]}
            )
            .cast({"prov": pl.Int64})
            .join(nat_of, on="pid", how="left")
            .with_columns(pl.col("nat").fill_null(len(NATIONALITIES)))
            .unique(["pid", "prov", "nat"])
            .group_by("prov", "nat")
            .agg(insured_non_thai=pl.len())
        )
        nat_all = pl.Series([*NATIONALITIES, "none"])
        out = a.join(b, on=["prov", "nat"], how="full", coalesce=True).fill_null(0)
        return out.select(
            pl.lit(month.label).alias("month"),
            prov.gather(out["prov"].cast(pl.Int64)).alias("province_code"),
            nat_all.gather(out["nat"].cast(pl.Int64)).alias("nationality_code"),
            pl.col("permit_holders").cast(pl.Int64),
            pl.col("permit_holders_s33_insured").cast(pl.Int64),
            pl.col("insured_non_thai").cast(pl.Int64),
        )

    def _write_permits(self, month: Month, rng: np.random.Generator, rows: np.ndarray) -> None:
        p = self.permits
        rows = rows[np.argsort(p["serial"][rows], kind="stable")]
        n = len(rows)
        thai = rng.random(n) < THAI_DIGIT_ROWS
        names = pl.select(
            pl.concat_str(
                [
                    pl.Series(ref.FOREIGN_A).gather(p["fa"][rows]),
                    pl.Series(ref.FOREIGN_B).gather(p["fb"][rows]),
                    pl.lit(" "),
                    pl.Series(ref.FOREIGN_A).gather(p["sa"][rows]),
                ]
            )
        ).to_series()
        frame = pl.DataFrame(
            {
                "permit": pl.Series(["WP-"] * n, dtype=pl.String)
                + pl.Series(p["serial"][rows]).cast(pl.String).str.zfill(9),
                "id": pl.Series(p["pid"][rows]).cast(pl.String).str.zfill(13),
                "name": names,
                "sex": np.where(p["sex"][rows] == 1, "หญิง", "ชาย"),
                "birth": fm.be_dates(p["birth"][rows], thai),
                "nat": pl.Series(NATIONALITY_TH).gather(p["nat"][rows]),
                "type": pl.Series(PERMIT_TYPES_TH).gather(p["type"][rows]),
                "account": pl.Series(p["account"][rows]).cast(pl.String).str.zfill(10),
                "no": pl.Series(p["no"][rows]).cast(pl.String).str.zfill(6),
                "has_emp": p["account"][rows] >= 0,
                "prov": self.world.spellings.gather(
                    self.world.spell(p["prov"][rows].astype(np.int64), rng)
                ),
                "issue": fm.be_dates(p["issue"][rows], thai),
                "expiry": fm.be_dates(p["expiry"][rows], thai),
                "record": pl.Series(RECORD_TH).gather(p["record"][rows]),
                "cancel": fm.be_dates(
                    np.where(p["cancel"][rows] == NO_DAY, 0, p["cancel"][rows]),
                    thai,
                    null=p["cancel"][rows] == NO_DAY,
                ),
            }
        ).with_columns(account=pl.when("has_emp").then("account"), no=pl.when("has_emp").then("no"))
        frame = frame.drop("has_emp")
        # one workbook per ROWS_PER_WORKBOOK permits (and their junk copies), built a part at
        # a time: Python tuples of a national stock would not fit in memory at once
        for k, start in enumerate(range(0, max(frame.height, 1), ROWS_PER_WORKBOOK)):
            cells, errors = _with_errors(frame.slice(start, ROWS_PER_WORKBOOK).rows(), rng)
            self.summary.permit_rows += len(cells)
            self.summary.permit_error_rows += errors
            suffix = "" if k == 0 else f"_p{k + 1}"
            path = self.out.dir / PERMIT_DIR / f"work_permits_{month.be_label}{suffix}.xlsx"
            _write_workbook(path, month, cells)
            self.out.written(path)


NO_DAY = np.int64(np.iinfo(np.int32).max)


def _with_errors(cells: list[tuple], rng: np.random.Generator) -> tuple[list[tuple], int]:
    """Copies of real rows with one field broken, each right after the row it copies."""
    n = len(cells)
    k = stochastic_round(n * ERROR_ROWS, rng)
    if not k:
        return cells, 0
    at = set(rng.choice(n, min(k, n), replace=False).tolist())
    kinds = ("check_digit", "impossible_date", "province", "expiry_before_issue", "duplicate")
    out: list[tuple] = []
    for i, row in enumerate(cells):
        out.append(row)
        if i not in at:
            continue
        bad = list(row)
        kind = kinds[int(rng.integers(0, len(kinds)))]
        if kind == "check_digit":
            bad[1] = bad[1][:12] + str((int(bad[1][12]) + 1) % 10)
        elif kind == "impossible_date":
            bad[10] = "31/02/" + fm_year(bad[10])
        elif kind == "province":
            bad[9] = ref.UNKNOWN_PROVINCES[int(rng.integers(0, len(ref.UNKNOWN_PROVINCES)))]
        elif kind == "expiry_before_issue":
            bad[11] = "01/01/2500"
        out.append(tuple(bad))
    return out, len(at)


def fm_year(date_text: str) -> str:
    """The year part of a `dd/mm/yyyy` text (Arabic or Thai digits)."""
    return date_text.rsplit("/", 1)[-1]


def _write_workbook(path: Path, month: Month, rows: list[tuple]) -> None:
    """The Department's statistics export: title rows, the Thai header row, one row per permit
    (every cell text: IDs keep their leading zeros), a footer."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"title": "Work permits", "author": "DOE", "created": _created(month)})
    ws = wb.add_worksheet(PERMIT_SHEET)
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, "สถิติการอนุญาตทำงานของคนต่างด้าว", bold)
    ws.write_string(1, 0, f"ประจำเดือน{THAI_MONTHS[month.month - 1]} พ.ศ. {month.year + 543}", bold)
    ws.write_string(2, 0, "กองบริหารแรงงานต่างด้าว กรมการจัดหางาน กระทรวงแรงงาน")
    for c, h in enumerate(PERMIT_HEADERS):
        ws.write_string(4, c, h, bold)
    r = 5
    for row in rows:
        for c, v in enumerate(row):
            if v is not None:
                ws.write_string(r, c, v)
        r += 1
    ws.write_string(
        r + 1, 0, "หมายเหตุ: รายการเดือนแรกคือใบอนุญาตที่มีผลทั้งหมด เดือนต่อไปเฉพาะรายการที่เปลี่ยนแปลง"
    )
    ws.write_string(r + 2, 0, "ที่มา: กองบริหารแรงงานต่างด้าว กรมการจัดหางาน")
    wb.close()


def _created(month: Month):
    import datetime as dt

    return dt.datetime(month.year, month.month, 1) + dt.timedelta(days=35)
