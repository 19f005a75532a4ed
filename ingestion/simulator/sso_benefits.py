"""SSO benefits system (ระบบประโยชน์ทดแทน): the monthly benefit-claims CSV and the Section-39
reinstatement requests of contracts §1.6 (Windows-874, BE dates), and the truth tables the
benefits marts must equal.

Who claims. Every claim comes from a spell of the shared world (`world.py`), so a claimant is
someone the insured registry lists, in the province and section of that spell:

- sickness, maternity, invalidity, death, child allowance, old age: insured persons of the month
  (spells active in it), at rates by section, age and sex (`_weights`);
- unemployment: Section-33 spells that ended (`world.ended(month, S33)`), claimed 0–30 days after
  the end (a tenth register late, 31–90 days, and are mostly rejected, reason R06);
- child allowance: partly planted after births (each maternity claim is a birth to an insured
  mother; she claims with a regional take-up probability, mostly within 45 days, some after
  60), the rest from insured parents of young children;
- old age: insured persons aged 55 or more, ten times likelier in the month their spell ends.

Calibration (DOMAIN.md "Benefit cases per year"): each benefit's expected national count at
`--scale 1.0` is pinned to the published figure of the year (`ANNUAL_2018`; `ANNUAL_BY_YEAR`
has the 2020–22 unemployment surge and 2022's old-age and child-allowance levels where the
months cover them); the rates by section, age and sex only share it out. The split between
sections is ours (sickness counts each visit: Section 33 ~3.3 a year, Section 39 ~2.2,
Section 40 ~0.04, which only pays sickness cash for days in hospital). Maternity and child
allowance are Sections 33 and 39 only; old age too (Section 40's savings option is left out);
unemployment Section 33 only. Claims planted after a job's end or a birth can be dated after
the last simulated month and are then never written, and the first month has no earlier
leavers: the first month's unemployment, old-age and child-allowance counts run low. A death
claim does not take the person out of the world, but the claims file drops the person's later
claims (and a second claim of one benefit on one day): those are anomalies, planted on purpose.

Planted anomalies (Guideline 4, contracts §1.13): a few claims a month, from their own stream
`world.stream("anomalies", 0, year, month)`, numbered after the month's claims: paid after the
person's death claim, duplicates of a paid claim, sickness claims in a month with no insured
spell, unemployment claims with no ended Section-33 spell; truth `_truth/planted_anomalies.csv`.

Amounts (satang), `_amounts`; W = the wage base: Section 33 the spell's wage clipped to
1,650–15,000 baht, Section 39 4,800 baht:
- sickness: Sections 33/39 the treatment cost paid (95 % out-patient, median 500 baht; 5 %
  in-patient, median 10,000; ~1,200 a claim on average, ~50 bn baht a year at scale 1.0);
  Section 40 300 baht a day in hospital;
- maternity: a lump sum (13,000 baht before 2024, 15,000 from 2024) + 50 % of W for 90 days;
- invalidity: the first monthly pension, 50 % of W (Section 40: 1,000 baht);
- death: funeral grant 50,000 + survivors' allowance of 0, 4 or 12 months of W (Section 40:
  20,000);
- child allowance: 800 baht a month per child, for the 1–12 months the claim pays;
- old age: pension (≥ 180 contribution months) = W × (20 % + 1.5 % per full year beyond 180
  months), the first monthly instalment; lump sum (< 180 months) = the old-age contributions,
  3 % + 3 % of W a month (only the insured's 3 % under 12 months);
- unemployment: dismissed 50 % of W for 180 days (3 W), resigned 30 % for 90 days (0.9 W).
A rejected claim pays 0 and has a reason code (`REASONS`).

Dates: the file of month m lists the claims received in m, with their decision and payment as
settled (a payment may fall after m). Days from claim to payment are log-normal around each
benefit's median, slower in some provincial offices; `STANDARD_DAYS` are the service standards
(working days × 7/5, as seed ref_benefit_types.csv has them).

Section-39 reinstatement requests (คำร้องขอกลับเข้าเป็นผู้ประกันตนมาตรา 39): 30 % of the
world's Section-39 lapses ask within 5–150 days, plus earlier lapses (persons now in Section 40),
~3,000 a month at scale 1.0: ~80 k requests a year in all [E: volumes are not published]; at
least `MIN_REQUESTS` a month so a tiny run's file is never empty (landing refuses an empty
partition); 80 % approved. The world does not restore an approved member's spell.

About 0.5 % of claim rows are junk copies of real rows with one field broken (check digit,
impossible date, unknown province, decision before claim, negative amount, unknown benefit
type): the pipeline must quarantine them; the truth never counts them.

Truth tables (`_truth/`): claims by month (of the claim date) × province × benefit × section,
rejections by reason, reinstatements by month × province, and the take-up gap by month ×
province (contracts §1.5), computed from the rows written, as the marts must compute them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .source_system import CHUNK_LINES, SourceSimulator, SourceSummary, Tick
from .world import S33, S39, S40, THAI_DIGIT_ROWS, Month, World, stochastic_round

# Benefit types, as indices into the tables below; CODES are the SSO codes in the file.
SICK, MAT, INV, DEATH, CHILD, LUMP, PENSION, UNEMP = range(8)
CODES = ("01", "02", "03", "04", "05", "06", "07", "08")
SLUGS = (
    "sickness",
    "maternity",
    "invalidity",
    "death",
    "child_allowance",
    "old_age_lump_sum",
    "old_age_pension",
    "unemployment",
)
SECTIONS: tuple[tuple[int, ...], ...] = (
    (S33, S39, S40),
    (S33, S39),
    (S33, S39, S40),
    (S33, S39, S40),
    (S33, S39),
    (S33, S39),
    (S33, S39),
    (S33,),
)
# National cases a year at scale 1.0: 2018 (DOMAIN.md), and the years with their own figures.
# Old age is drawn as one benefit (lump sum + pension) and split by P_PENSION.
ANNUAL_2018 = {
    SICK: 43_500_000,
    MAT: 293_000,
    INV: 1_900,
    DEATH: 28_000,
    CHILD: 1_320_000,
    LUMP: 289_000 + 170_000,
    UNEMP: 152_000,
}
ANNUAL_BY_YEAR = {
    2020: {UNEMP: 1_340_000},
    2021: {UNEMP: 1_550_000},
    2022: {UNEMP: 774_000, LUMP: 761_000, CHILD: 1_840_000},
}
P_PENSION = 170 / (289 + 170)  # share of old-age claims that are pensions (2018)
DISMISSED = {2020: 0.45, 2021: 0.40, 2022: 0.25}  # share of unemployment claims after a layoff
DISMISSED_OTHER_YEARS = 0.17  # DOMAIN.md: 83 % of registrations follow a resignation
LATE_UNEMPLOYMENT = 0.10  # register 31–90 days after the job ended

APPROVE = (0.985, 0.95, 0.75, 0.96, 0.92, 0.97, 0.97, 0.88)
APPROVE_LATE_UNEMPLOYMENT = 0.15
# Rejection reason codes (seed ref_benefit_rejection_reasons.csv) and their mix per benefit.
REASONS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("R03", 0.5), ("R02", 0.3), ("R04", 0.2)),
    (("R01", 0.6), ("R03", 0.3), ("R04", 0.1)),
    (("R08", 0.7), ("R01", 0.2), ("R03", 0.1)),
    (("R01", 0.5), ("R03", 0.5)),
    (("R01", 0.5), ("R03", 0.3), ("R05", 0.2)),
    (("R03", 0.6), ("R02", 0.4)),
    (("R03", 1.0),),
    (("R01", 0.45), ("R07", 0.35), ("R03", 0.2)),
)
PAY_MEDIAN_DAYS = (4.0, 5.0, 18.0, 5.0, 9.0, 8.0, 10.0, 5.0)  # claim → payment
PAY_SIGMA = 0.55
STANDARD_DAYS = (7, 7, 28, 7, 14, 14, 14, 7)  # service standards, calendar days (seed)

# Planted take-up, by region (reference.REGIONS: Bangkok, Central, North, Northeast, South):
# the share of births whose mother claims child allowance, and a relative propensity of
# Section-33 leavers to claim unemployment (awareness is lower outside Bangkok and the centre).
CHILD_TAKE_UP = np.array([0.88, 0.84, 0.74, 0.66, 0.62])
UNEMP_TAKE_UP = np.array([1.3, 1.15, 0.8, 0.7, 0.75])
CHILD_LATE = 0.12  # of the births claimed, claimed 61–200 days later

S39_WAGE_BASE = 480_000  # satang: Section 39 contributes 9 % of a fixed 4,800 baht
WAGE_FLOOR, WAGE_CEILING = 165_000, 1_500_000  # satang

REQUEST_RATE = 0.30  # Section-39 lapses that ask to be reinstated
EARLIER_REQUESTS = 3_000  # a month at scale 1.0, from lapses before the simulated months [E]
MIN_REQUESTS = 2  # a month, whatever the scale (an empty file would be refused at landing)
APPROVE_REQUEST = 0.80
REQUEST_REASONS = (("R21", 0.5), ("R22", 0.3), ("R03", 0.2))

CLAIM_ERRORS = 0.005  # junk rows per real row
APPROVED_TH, REJECTED_TH = "อนุมัติ", "ไม่อนุมัติ"
SECTION_LABEL = np.array(["33", "39", "40"])

CLAIM_HEADERS = (
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
)
REQUEST_HEADERS = (
    "เลขที่คำร้อง",
    "เลขประจำตัวประชาชน",
    "ชื่อ-นามสกุล",
    "จังหวัด",
    "วันที่สิ้นสภาพ",
    "วันที่ยื่นคำร้อง",
    "วันที่พิจารณา",
    "ผลการพิจารณา",
    "รหัสเหตุผล",
)

TRUTH_CLAIMS = "benefit_claims_by_month_province_type_section.csv"
TRUTH_REJECTIONS = "benefit_rejections_by_month_province_type_reason.csv"
TRUTH_REINSTATEMENTS = "s39_reinstatements_by_month_province.csv"
TRUTH_TAKE_UP = "benefit_take_up_by_month_province.csv"
UNEMPLOYMENT_WINDOW, CHILD_WINDOW = 30, 60  # days, as mart_benefits__take_up_gap
TRUTH_ANOMALIES = "planted_anomalies.csv"

# Planted anomalies (mart_governance__anomalies must find exactly these): per kind and month,
# 1 + Poisson(ANOMALIES_A_MONTH × scale) cases [E: the SSO publishes no such counts], drawn from
# their own stream so that the claims' own draws never depend on them.
ANOMALY_STREAM = "anomalies"
ANOMALIES_A_MONTH = 100
PAID_AFTER_DEATH = "paid_after_death"
DUPLICATE = "duplicate_claim"
OUTSIDE_INSURANCE = "claim_outside_insurance"
UNEMPLOYMENT_WITHOUT_END = "unemployment_without_s33_end"
ANOMALY_KINDS = (PAID_AFTER_DEATH, DUPLICATE, OUTSIDE_INSURANCE, UNEMPLOYMENT_WITHOUT_END)
ANOMALY_TRUTH = {
    "kind": pl.String,
    "month": pl.String,
    "claim_id": pl.String,
    "related_claim_id": pl.String,
    "national_id": pl.String,
    "province_code": pl.String,
}

# A planted claim, before it is settled: the spell it comes from, its benefit, its dates and
# the benefit-specific number `months` (sickness Section 40: days in hospital; death: months of
# survivors' allowance; child allowance: months paid; old age: contribution months).
PLANTED = {
    "spell": pl.Int64,
    "btype": pl.Int8,
    "claim_day": pl.Int32,
    "event_day": pl.Int32,  # what triggered it: a job's end, a birth (else the claim day)
    "months": pl.Int16,
    "dismissed": pl.Boolean,
}


@dataclass
class BenefitsSummary(SourceSummary):
    claim_files: int = 0
    claim_rows: int = 0  # rows written, including injected errors
    claim_error_rows: int = 0
    claims_by_type: dict[str, int] = field(default_factory=dict)  # real claims, by slug
    expected_by_type: dict[str, float] = field(default_factory=dict)  # sum of the rates
    reinstatement_files: int = 0
    reinstatement_rows: int = 0


def annual(btype: int, year: int) -> int:
    """National cases a year at scale 1.0 (old age: lump sum + pension, under LUMP)."""
    return ANNUAL_BY_YEAR.get(year, {}).get(btype, ANNUAL_2018[btype])


def wage_base(section: np.ndarray, wage: np.ndarray) -> np.ndarray:
    """Wage base of the benefit rules, satang: Section 33 the wage clipped to floor and
    ceiling, Section 39 a fixed 4,800 baht, Section 40 none."""
    clipped = np.clip(wage, WAGE_FLOOR, WAGE_CEILING)
    return np.where(section == S33, clipped, np.where(section == S39, S39_WAGE_BASE, 0))


class Simulator(SourceSimulator):
    name = "sso_benefits"
    outputs = ("claims/claims_*.csv", "s39_reinstatements/s39_reinstatements_*.csv")
    truth_files = (
        TRUTH_CLAIMS,
        TRUTH_REJECTIONS,
        TRUTH_REINSTATEMENTS,
        TRUTH_TAKE_UP,
        TRUTH_ANOMALIES,
    )
    Summary = BenefitsSummary
    summary: BenefitsSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self.claims_dir = self.out.dir / "claims"
        self.requests_dir = self.out.dir / "s39_reinstatements"
        self.claims_dir.mkdir(exist_ok=True)
        self.requests_dir.mkdir(exist_ok=True)
        self._firsts = np.array([m.first_day for m in world.months])
        self._pending: dict[int, list[pl.DataFrame]] = {}  # month index → planted claims
        self._pending_requests: dict[int, list[pl.DataFrame]] = {}
        self._claims_truth: list[pl.DataFrame] = []
        self._rejections_truth: list[pl.DataFrame] = []
        self._requests_truth: list[pl.DataFrame] = []
        self._events: list[pl.DataFrame] = []  # written claims the take-up gap looks at
        self._pay_factor: np.ndarray | None = None
        # Deaths on record (a death claim, whatever its decision): person → day of the claim.
        self._deaths = pl.DataFrame(schema={"person": pl.Int64, "death_day": pl.Int32})
        self._anomalies: list[pl.DataFrame] = []  # planted anomalies (truth)

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    @property
    def pay_factor(self) -> np.ndarray:
        """How slow each province's office pays (×), from its own keyed stream."""
        if self._pay_factor is None:
            rng = self.world.stream(self.name, 0)
            self._pay_factor = np.clip(np.exp(rng.normal(0, 0.22, ref.N_PROV)), 0.7, 1.6)
        return self._pay_factor

    # ----------------------------------------------------------------------- month
    def month(self, month: Month) -> None:
        world = self.world
        rng = world.stream(self.name, month.year, month.month)
        planted = plant_claims(world, month, rng, self.summary)
        claims = self._due(self._pending, planted, month)
        arng = world.stream(ANOMALY_STREAM, 0, month.year, month.month)
        deaths = pick_planted_deaths(world, month, arng, self._deaths, claims)
        claims = self._consistent(pl.concat([claims, deaths]))
        claims = settle_claims(world, claims, month, rng, self.pay_factor)
        claims = self._plant_anomalies(claims, deaths, month, arng)
        self.out.write_chunks(
            self.claims_dir / f"claims_{month.be_label}.csv", self._claim_chunks(claims, month, rng)
        )
        self.summary.claim_files += 1
        for b, n in zip(*np.unique(claims["btype"].to_numpy(), return_counts=True), strict=True):
            slug = SLUGS[int(b)]
            self.summary.claims_by_type[slug] = self.summary.claims_by_type.get(slug, 0) + int(n)
        self._record_claims(claims, month)
        world.hand_off("sso_benefits.unemployment_claims", claims.filter(pl.col("btype") == UNEMP))

        rng_r = world.stream(self.name, month.year, month.month, 1)
        requests = self._due(self._pending_requests, plant_requests(world, month, rng_r), month)
        requests = settle_requests(world, requests, month, rng_r)
        self.out.write(
            self.requests_dir / f"s39_reinstatements_{month.be_label}.csv",
            fm.csv_bytes(request_frame(world, requests, month, rng_r), header=True),
        )
        self.summary.reinstatement_files += 1
        self.summary.reinstatement_rows += requests.height
        self._requests_truth.append(
            requests.group_by("prov")
            .agg(
                requested=pl.len(),
                approved=pl.col("approved").sum(),
                rejected=(~pl.col("approved")).sum(),
            )
            .with_columns(month=pl.lit(month.label))
        )
        self.out.tick(f"benefit claims {month.label}")

    def _due(
        self, pending: dict[int, list[pl.DataFrame]], planted: pl.DataFrame, month: Month
    ) -> pl.DataFrame:
        """This month's claims (planted now or earlier); later ones wait in `pending` (claims
        after the last simulated month are never written)."""
        day = planted["claim_day"].to_numpy()
        target = np.searchsorted(self._firsts, day, side="right") - 1
        target[day > self.world.months[-1].last_day] = len(self._firsts)  # never written
        planted = planted.with_columns(pl.Series("_m", target))
        later = planted.filter(pl.col("_m") > month.index)
        for (m,), part in later.partition_by("_m", as_dict=True, maintain_order=True).items():
            pending.setdefault(int(m), []).append(part.drop("_m"))
        now = [
            *pending.pop(month.index, []),
            planted.filter(pl.col("_m") == month.index).drop("_m"),
        ]
        return pl.concat(now)

    def _claim_chunks(self, claims: pl.DataFrame, month: Month, rng) -> Iterator[bytes]:
        for c0 in range(0, max(claims.height, 1), CHUNK_LINES):
            part, k = claim_frame(self.world, claims.slice(c0, CHUNK_LINES), month, rng)
            self.summary.claim_rows += part.height
            self.summary.claim_error_rows += k
            yield fm.csv_bytes(part, header=c0 == 0)

    def _record_claims(self, claims: pl.DataFrame, month: Month) -> None:
        std = pl.Series(STANDARD_DAYS, dtype=pl.Int32)
        days = (pl.col("payment_day") - pl.col("claim_day")).cast(pl.Float64)
        self._claims_truth.append(
            claims.with_columns(
                days=pl.when(pl.col("approved")).then(days),
                standard=std.gather(claims["btype"].cast(pl.Int64)),
            )
            .group_by("prov", "btype", "section")
            .agg(
                claims=pl.len(),
                approved=pl.col("approved").sum(),
                rejected=(~pl.col("approved")).sum(),
                amount_paid_satang=pl.col("amount").sum(),
                paid_within_standard=(pl.col("days") <= pl.col("standard")).sum(),
                days_to_pay_median=pl.col("days").quantile(0.5, "linear"),
                days_to_pay_p90=pl.col("days").quantile(0.9, "linear"),
            )
            .with_columns(month=pl.lit(month.label))
        )
        self._rejections_truth.append(
            claims.filter(~pl.col("approved"))
            .group_by("prov", "btype", "section", "reason")
            .agg(rejected=pl.len())
            .with_columns(month=pl.lit(month.label))
        )
        person = pl.Series(self.world.spells["person"]).gather(claims["spell"])
        self._events.append(
            claims.with_columns(person=person)
            .filter(pl.col("btype").is_in([MAT, CHILD, UNEMP]))
            .select("person", "btype", "claim_day", "approved", "prov")
        )

    # -------------------------------------------------------------------- anomalies
    def _consistent(self, claims: pl.DataFrame) -> pl.DataFrame:
        """The natural claims a registry would allow, so that every flag the governance marts
        raise is a planted one: no claim dated after the person's death claim (deaths on
        record, and this month's), and one claim per person, benefit and claim day."""
        person = pl.Series("person", self.world.spells["person"]).gather(claims["spell"])
        claims = claims.with_columns(person)
        month_deaths = (
            claims.filter(pl.col("btype") == DEATH)
            .group_by("person")
            .agg(death_day=pl.col("claim_day").min())
        )
        deaths = (
            pl.concat([self._deaths, month_deaths])
            .group_by("person")
            .agg(pl.col("death_day").min())
        )
        kept = (
            claims.join(deaths, on="person", how="left", maintain_order="left")
            .filter(pl.col("death_day").is_null() | (pl.col("claim_day") <= pl.col("death_day")))
            .unique(["person", "btype", "claim_day"], keep="first", maintain_order=True)
        )
        self._deaths = deaths
        return kept.drop("person", "death_day")

    def _plant_anomalies(
        self, claims: pl.DataFrame, deaths: pl.DataFrame, month: Month, arng: np.random.Generator
    ) -> pl.DataFrame:
        """Settled claims plus the planted anomalous ones (numbered after the month's claims),
        recording each in the truth with the keys the anomaly mart reports."""
        planted, truth = plant_anomalies(self.world, claims, deaths, month, arng, self._deaths)
        if truth.height:
            self._anomalies.append(truth)
        return pl.concat([claims, planted]) if planted.height else claims

    # ---------------------------------------------------------------------- finish
    def finish(self) -> None:
        prov = pl.Series(ref.PROV_CODE)
        code = pl.Series(CODES)

        def labelled(df: pl.DataFrame) -> pl.DataFrame:
            return df.with_columns(
                province_code=prov.gather(df["prov"].cast(pl.Int64)),
                **(
                    {
                        "benefit_type_code": code.gather(df["btype"].cast(pl.Int64)),
                        "section": pl.Series(SECTION_LABEL)
                        .gather(df["section"].cast(pl.Int64))
                        .cast(pl.Int64),
                    }
                    if "btype" in df.columns
                    else {}
                ),
            )

        key = ["month", "province_code", "benefit_type_code", "section"]
        claims = labelled(pl.concat(self._claims_truth)).select(
            *key,
            "claims",
            "approved",
            "rejected",
            "amount_paid_satang",
            "paid_within_standard",
            "days_to_pay_median",
            "days_to_pay_p90",
        )
        self.out.write_truth(TRUTH_CLAIMS, claims.sort(key))
        rejections = labelled(pl.concat(self._rejections_truth)).select(
            *key, pl.col("reason").alias("reason_code"), "rejected"
        )
        self.out.write_truth(TRUTH_REJECTIONS, rejections.sort([*key, "reason_code"]))
        requests = labelled(pl.concat(self._requests_truth)).select(
            "month", "province_code", "requested", "approved", "rejected"
        )
        self.out.write_truth(TRUTH_REINSTATEMENTS, requests.sort("month", "province_code"))
        self.out.write_truth(TRUTH_TAKE_UP, take_up_truth(self.world, pl.concat(self._events)))
        anomalies = (
            pl.concat(self._anomalies) if self._anomalies else pl.DataFrame(schema=ANOMALY_TRUTH)
        )
        self.out.write_truth(TRUTH_ANOMALIES, anomalies.sort("kind", "claim_id"))


# --------------------------------------------------------------------------- planting
def _expected(btype: int, month: Month, scale: float) -> float:
    """Expected national claims of a benefit in the month at this scale."""
    days_in_year = 366 if month.year % 4 == 0 else 365
    return annual(btype, month.year) * scale * month.days / days_in_year


def _weights(btype: int, section: np.ndarray, age: np.ndarray, female: np.ndarray) -> np.ndarray:
    """Relative claim rates by section, age (years) and sex; 0 where the benefit does not apply."""
    if btype == SICK:
        w = np.array([1.0, 0.68, 0.012])[section] * np.clip(1 + 0.02 * (age - 35), 0.6, None)
        return w * np.where(female, 1.2, 1.0)
    if btype == MAT:
        fertile = female & (age >= 18) & (age < 46)
        curve = np.exp(-0.5 * ((age - 29) / 6) ** 2)
        return np.where(fertile, np.array([1.0, 0.6, 0.0])[section] * curve, 0.0)
    if btype == INV:
        w = np.array([1.0, 1.5, 0.4])[section] * np.exp(0.06 * (age - 40))
        return w * np.where(female, 1.0, 1.2)
    if btype == DEATH:
        w = np.array([1.0, 1.3, 1.0])[section] * np.exp(0.085 * (age - 40))
        return w * np.where(female, 1.0, 2.0)
    if btype == CHILD:
        curve = np.exp(-0.5 * ((age - 35) / 7) ** 2) * ((age >= 20) & (age < 56))
        return np.array([1.0, 0.7, 0.0])[section] * curve * np.where(female, 1.2, 1.0)
    if btype == LUMP:  # old age, both kinds
        return np.array([1.0, 1.2, 0.0])[section] * (age >= 55)
    raise ValueError(f"no rate weights for benefit {btype}")


def _bernoulli(rng, expected: float, w: np.ndarray) -> np.ndarray:
    """Which pool members claim, each with probability expected × w / Σw (at most 1)."""
    total = w.sum()
    if total <= 0 or expected <= 0:
        return np.zeros(len(w), dtype=bool)
    return rng.random(len(w)) < np.minimum(expected * w / total, 1.0)


def _frame(spell, btype, claim_day, event_day=None, months=None, dismissed=None) -> pl.DataFrame:
    n = len(spell)
    return pl.DataFrame(
        {
            "spell": spell,
            "btype": np.broadcast_to(np.asarray(btype), (n,)),
            "claim_day": claim_day,
            "event_day": claim_day if event_day is None else event_day,
            "months": np.zeros(n) if months is None else months,
            "dismissed": np.zeros(n, dtype=bool) if dismissed is None else dismissed,
        },
        schema=PLANTED,
    )


def plant_claims(
    world: World, month: Month, rng: np.random.Generator, summary: BenefitsSummary | None = None
) -> pl.DataFrame:
    """The claims that arise in `month`: one row per claim (`PLANTED`); claim days may fall in
    later months (a job that ended late in the month, a birth's child allowance)."""
    sp, pe = world.spells, world.persons
    scale = world.scale
    ms, dim = month.first_day, month.days
    act = world.active(month)
    sec = sp["section"][act].astype(np.int64)
    person = sp["person"][act]
    age = ((ms - pe["birth"][person]) / 365.25).astype(np.float32)
    female = pe["sex"][person] == 1
    prov = sp["prov"]
    region = ref.PROV_REGION
    expected: dict[int, float] = {}

    def in_month(n: int) -> np.ndarray:
        return (ms + rng.integers(0, dim, n)).astype(np.int32)

    frames = []
    # Sickness: Poisson visits per insured spell.
    exp_sick = _expected(SICK, month, scale)
    w = _weights(SICK, sec, age, female)
    visits = rng.poisson(exp_sick * w / w.sum())
    s_idx = np.repeat(act, visits)
    expected[SICK] = exp_sick
    days40 = np.where(sp["section"][s_idx] == S40, rng.integers(1, 11, len(s_idx)), 0)
    frames.append(_frame(s_idx, SICK, in_month(len(s_idx)), months=days40))

    # Maternity (births to insured mothers), invalidity, death, other child allowance, old age.
    for btype in (MAT, INV, DEATH):
        exp_b = _expected(btype, month, scale)
        expected[btype] = exp_b
        hit = act[_bernoulli(rng, exp_b, _weights(btype, sec, age, female))]
        months = None
        if btype == DEATH:
            months = np.where(
                sp["section"][hit] == S40, 0, rng.choice([0, 4, 12], len(hit), p=[0.1, 0.4, 0.5])
            )
        frames.append(_frame(hit, btype, in_month(len(hit)), months=months))
    births = frames[-3]

    # Child allowance after a birth: the mother claims with her region's take-up.
    mother_spell = births["spell"].to_numpy()
    birth_day = births["claim_day"].to_numpy()
    claims_it = rng.random(len(mother_spell)) < CHILD_TAKE_UP[region[prov[mother_spell]]]
    late = rng.random(len(mother_spell)) < CHILD_LATE
    delay = np.where(late, rng.integers(61, 201, len(late)), rng.integers(0, 46, len(late)))
    linked = claims_it
    frames.append(
        _frame(
            mother_spell[linked],
            CHILD,
            (birth_day + delay)[linked],
            event_day=birth_day[linked],
            months=np.minimum(1 + delay[linked] // 30, 12),
        )
    )
    exp_child = _expected(CHILD, month, scale)
    expected[CHILD] = exp_child
    exp_other = max(0.0, exp_child - float(CHILD_TAKE_UP[region[prov[mother_spell]]].sum()))
    parents = act[_bernoulli(rng, exp_other, _weights(CHILD, sec, age, female))]
    frames.append(
        _frame(parents, CHILD, in_month(len(parents)), months=rng.integers(1, 7, len(parents)))
    )

    # Old age: aged 55+, ten times likelier in the month the spell ends.
    exp_old = _expected(LUMP, month, scale)
    expected[LUMP] = exp_old
    end = sp["end"][act]
    ending = (end >= ms) & (end <= month.last_day)
    w = _weights(LUMP, sec, age, female) * np.where(ending, 10.0, 1.0)
    old = _bernoulli(rng, exp_old, w)
    o_idx, o_end = act[old], end[old]
    o_ending = ending[old]
    claim_day = np.where(o_ending, o_end + rng.integers(0, 21, len(o_idx)), in_month(len(o_idx)))
    pension = rng.random(len(o_idx)) < P_PENSION
    months = np.where(
        pension,
        180 + np.minimum(rng.exponential(60, len(o_idx)).astype(np.int64), 300),
        rng.integers(1, 180, len(o_idx)),
    )
    frames.append(
        _frame(o_idx, np.where(pension, PENSION, LUMP), claim_day.astype(np.int32), months=months)
    )

    # Unemployment: Section-33 spells that ended this month, claimed 0–30 days later (some late).
    leavers = world.ended(month, S33)
    exp_u = _expected(UNEMP, month, scale)
    expected[UNEMP] = exp_u
    claimed = leavers[_bernoulli(rng, exp_u, UNEMP_TAKE_UP[region[prov[leavers]]])]
    n_u = len(claimed)
    late = rng.random(n_u) < LATE_UNEMPLOYMENT
    delay = np.where(late, rng.integers(31, 91, n_u), rng.integers(0, 31, n_u))
    end_u = sp["end"][claimed]
    share = DISMISSED.get(month.year, DISMISSED_OTHER_YEARS)
    frames.append(
        _frame(
            claimed,
            UNEMP,
            (end_u + delay).astype(np.int32),
            event_day=end_u,
            dismissed=rng.random(n_u) < share,
        )
    )
    if summary is not None:
        for b, e in expected.items():
            slug = "old_age" if b == LUMP else SLUGS[b]
            summary.expected_by_type[slug] = summary.expected_by_type.get(slug, 0.0) + e
    return pl.concat(frames)


# ---------------------------------------------------------------------------- settling
def _amounts(world: World, df: pl.DataFrame, year: int, rng: np.random.Generator) -> np.ndarray:
    """Amount of each claim if approved (satang), by the rules of the module docstring."""
    sp = world.spells
    spell = df["spell"].to_numpy()
    b = df["btype"].to_numpy()
    sec = sp["section"][spell]
    w = wage_base(sec, sp["wage"][spell]).astype(np.int64)
    months = df["months"].to_numpy().astype(np.int64)
    n = len(b)
    inpatient = rng.random(n) < 0.05
    cost = np.where(
        inpatient, rng.lognormal(np.log(10_000), 0.7, n), rng.lognormal(np.log(500), 0.5, n)
    )
    cost = np.maximum(np.round(cost), 50).astype(np.int64) * 100
    maternity_lump = 1_300_000 if year < 2024 else 1_500_000
    beyond = np.maximum(months - 180, 0) // 12
    s40 = sec == S40
    amount = np.select(
        [
            b == SICK,
            b == MAT,
            b == INV,
            b == DEATH,
            b == CHILD,
            b == LUMP,
            b == PENSION,
            b == UNEMP,
        ],
        [
            np.where(s40, 30_000 * months, cost),
            maternity_lump + w * 3 // 2,
            np.where(s40, 100_000, w // 2),
            np.where(s40, 2_000_000, 5_000_000 + w * months),
            80_000 * months,
            np.where(months >= 12, w * 6 * months // 100, w * 3 * months // 100),
            w * (200 + 15 * beyond) // 1000,
            np.where(df["dismissed"].to_numpy(), w * 3, w * 9 // 10),
        ],
    )
    return amount.astype(np.int64)


def _pick(rng: np.random.Generator, mix: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    codes = np.array([c for c, _ in mix])
    return codes[rng.choice(len(mix), n, p=[p for _, p in mix])]


def settle_claims(
    world: World, df: pl.DataFrame, month: Month, rng: np.random.Generator, pay_factor: np.ndarray
) -> pl.DataFrame:
    """Decide this month's claims: approved or rejected (with a reason), decision and payment
    days, amount paid (satang, 0 if rejected); sorted by claim day, as the file lists them."""
    df = df.sort("claim_day", "btype", "spell", "event_day", maintain_order=True)
    df = df.with_row_index("serial")  # the claim number within the month
    sp = world.spells
    spell = df["spell"].to_numpy()
    b = df["btype"].to_numpy().astype(np.int64)
    n = df.height
    prov = sp["prov"][spell].astype(np.int64)
    claim = df["claim_day"].to_numpy().astype(np.int64)
    late = (b == UNEMP) & (claim - df["event_day"].to_numpy() > UNEMPLOYMENT_WINDOW)
    p_ok = np.where(late, APPROVE_LATE_UNEMPLOYMENT, np.array(APPROVE)[b])
    approved = rng.random(n) < p_ok
    reason = np.full(n, None, dtype=object)
    for t in range(len(CODES)):
        sel = np.flatnonzero(~approved & (b == t))
        reason[sel] = _pick(rng, REASONS[t], len(sel))
    reason[~approved & late] = "R06"
    median = np.array(PAY_MEDIAN_DAYS)[b] * pay_factor[prov]
    days = np.maximum(np.round(rng.lognormal(np.log(median), PAY_SIGMA)), 1).astype(np.int64)
    decided = claim + np.floor(days * rng.uniform(0.3, 1.0, n)).astype(np.int64)
    decided = np.where(approved, decided, claim + days)
    amount = np.where(approved, _amounts(world, df, month.year, rng), 0)
    return df.with_columns(
        pl.Series("section", sp["section"][spell]),
        pl.Series("prov", prov.astype(np.int8)),
        pl.Series("approved", approved),
        pl.Series("reason", reason.astype(str), dtype=pl.String).replace("None", None),
        pl.Series("decision_day", decided.astype(np.int32)),
        pl.Series("payment_day", np.where(approved, claim + days, -1).astype(np.int32)),
        pl.Series("amount", amount),
    ).with_columns(pl.col("payment_day").replace(-1, None))


# ---------------------------------------------------------------------------- writing
def _baht(satang: pl.Expr) -> pl.Expr:
    """Satang → `1234.50` (no padding, no thousands separator)."""
    sat = satang.abs()
    text = pl.concat_str(
        [(sat // 100).cast(pl.String), pl.lit("."), (sat % 100).cast(pl.String).str.zfill(2)]
    )
    return pl.when(satang < 0).then(pl.concat_str([pl.lit("-"), text])).otherwise(text)


def _full_names(world: World, person: np.ndarray) -> pl.Expr:
    pe = world.persons
    cols = {k: pl.Series(pe[k][person]) for k in ("fa", "fb", "sa", "sb", "sc")}
    return pl.concat_str(
        [
            pl.Series(ref.TITLES).gather(pl.Series(pe["title"][person]).cast(pl.Int64)),
            world.first_names(cols["fa"], cols["fb"]),
            pl.lit(" "),
            world.surnames(cols["sa"], cols["sb"], cols["sc"]),
        ]
    )


def _id_text(pid: np.ndarray, thai: np.ndarray, dashed: np.ndarray) -> pl.Expr:
    """National IDs as clerks type them: 13 digits, a few dashed (1-2345-67890-12-3), a few in
    Thai digits."""
    plain = fm.fixed_int(pl.Series(pid), 13)
    grouped = pl.concat_str(
        [plain.str.slice(a, b) for a, b in ((0, 1), (1, 4), (5, 5), (10, 2), (12, 1))],
        separator="-",
    )
    text = pl.when(pl.Series(dashed)).then(grouped).otherwise(plain)
    return pl.when(pl.Series(thai)).then(fm.thai_digits(text)).otherwise(text)


def claim_frame(
    world: World, df: pl.DataFrame, month: Month, rng: np.random.Generator
) -> tuple[pl.DataFrame, int]:
    """Claim rows of contracts §1.6 for settled claims `df` (a slice of the month, with its
    `serial`), with injected junk rows; returns (rows, junk rows)."""
    person = world.spells["person"][df["spell"].to_numpy()]
    n = df.height
    thai = rng.random(n) < THAI_DIGIT_ROWS
    dashed = rng.random(n) < 0.005
    h = CLAIM_HEADERS
    amount = _baht(pl.col("amount"))
    out = df.select(
        pl.concat_str([pl.lit(f"CLM-{month.be_label}-"), fm.fixed_int(pl.col("serial"), 7)]).alias(
            h[0]
        ),
        pl.col("btype")
        .replace_strict(range(len(CODES)), CODES, return_dtype=pl.String)
        .alias(h[1]),
        _id_text(world.persons["pid"][person], thai, dashed).alias(h[2]),
        _full_names(world, person).alias(h[3]),
        pl.col("section").replace_strict([S33, S39, S40], SECTION_LABEL).alias(h[4]),
        world.spellings.gather(world.spell(df["prov"].to_numpy().astype(np.int64), rng)).alias(
            h[5]
        ),
        fm.be_dates(df["claim_day"].to_numpy(), thai).alias(h[6]),
        fm.be_dates(df["decision_day"].to_numpy(), thai).alias(h[7]),
        fm.be_dates(
            df["payment_day"].fill_null(0).to_numpy(),
            thai,
            null=df["payment_day"].is_null().to_numpy(),
        ).alias(h[8]),
        pl.when(pl.Series(thai)).then(fm.thai_digits(amount)).otherwise(amount).alias(h[9]),
        pl.when(pl.col("approved"))
        .then(pl.lit(APPROVED_TH))
        .otherwise(pl.lit(REJECTED_TH))
        .alias(h[10]),
        pl.col("reason").alias(h[11]),
    )
    return _with_junk(out, df, rng)


def _with_junk(
    out: pl.DataFrame, df: pl.DataFrame, rng: np.random.Generator
) -> tuple[pl.DataFrame, int]:
    """Copies of real rows with one field broken, each right after the row it copies."""
    n = out.height
    k = stochastic_round(n * CLAIM_ERRORS, rng)
    if k == 0 or n == 0:
        return out, 0
    src = rng.integers(0, n, k)
    kind = rng.integers(0, 6, k)
    h = CLAIM_HEADERS
    junk = out[src]
    pid = junk[h[2]].str.replace_all("-", "").str.replace_many(fm.THAI_DIGITS, fm.ARABIC_DIGITS)
    bad_check = (pid.str.slice(12, 1).cast(pl.Int64) + rng.integers(1, 10, k)) % 10
    claim_day = df["claim_day"].to_numpy()[src]
    before = fm.be_dates(claim_day - rng.integers(1, 15, k), np.zeros(k, dtype=bool))
    year = junk[h[6]].str.slice(6, 4)
    bad_day = pl.Series(["31/02/", "30/02/", "15/13/", "32/01/", "00/12/"]).gather(
        rng.integers(0, 5, k)
    )
    unknown = pl.Series(ref.UNKNOWN_PROVINCES).gather(
        rng.integers(0, len(ref.UNKNOWN_PROVINCES), k)
    )

    def put(col: str, which: int, value: pl.Series | pl.Expr) -> pl.Expr:
        return pl.when(pl.Series(kind == which)).then(value).otherwise(pl.col(col)).alias(col)

    junk = junk.with_columns(
        put(h[2], 0, pl.concat_str([pid.str.slice(0, 12), bad_check.cast(pl.String)])),
        put(h[6], 1, pl.concat_str([bad_day, year])),
        put(h[5], 2, unknown),
        put(h[7], 3, before),
        put(h[9], 4, pl.concat_str([pl.lit("-"), pl.col(h[9]).str.strip_chars_start("-")])),
        put(h[1], 5, pl.Series(rng.choice(["09", "00", "99", "1"], k))),
    )
    pos = np.concatenate([np.arange(n, dtype=np.float64), src + 0.5 + rng.random(k) * 0.1])
    return pl.concat([out, junk]).gather(np.argsort(pos, kind="stable")), k


# ------------------------------------------------------------------- reinstatements
PLANTED_REQUEST = {"spell": pl.Int64, "claim_day": pl.Int32, "lapse_day": pl.Int32}


def plant_requests(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    """Section-39 reinstatement requests arising in `month` (`claim_day` = the request day)."""
    sp = world.spells
    lapsed = world.ended(month, S39)
    asks = lapsed[rng.random(len(lapsed)) < REQUEST_RATE]
    lapse = sp["end"][asks]
    day = lapse + rng.integers(5, 151, len(asks))
    recent = pl.DataFrame(
        {"spell": asks, "claim_day": day, "lapse_day": lapse}, schema=PLANTED_REQUEST
    )
    # Earlier lapses: persons now under Section 40 who were Section-39 members before.
    s40 = world.active(month, S40)
    k = int(rng.poisson(EARLIER_REQUESTS * world.scale * month.days / 30.4))
    due_now = int((day <= month.last_day).sum())
    k = min(max(k, MIN_REQUESTS - due_now), len(s40))
    who = s40[rng.choice(len(s40), k, replace=False)] if k else s40[:0]
    req = month.first_day + rng.integers(0, month.days, k)
    earlier = pl.DataFrame(
        {"spell": who, "claim_day": req, "lapse_day": req - rng.integers(60, 721, k)},
        schema=PLANTED_REQUEST,
    )
    return pl.concat([recent, earlier])


def settle_requests(
    world: World, df: pl.DataFrame, month: Month, rng: np.random.Generator
) -> pl.DataFrame:
    df = df.sort("claim_day", "spell", maintain_order=True)
    n = df.height
    approved = rng.random(n) < APPROVE_REQUEST
    reason = np.full(n, None, dtype=object)
    reason[~approved] = _pick(rng, REQUEST_REASONS, int((~approved).sum()))
    days = np.maximum(np.round(rng.lognormal(np.log(12), 0.5, n)), 1).astype(np.int32)
    return df.with_columns(
        pl.Series("prov", world.spells["prov"][df["spell"].to_numpy()]),
        pl.Series("approved", approved),
        pl.Series("reason", reason.astype(str), dtype=pl.String).replace("None", None),
        (pl.col("claim_day") + pl.Series(days)).alias("decision_day"),
    )


def request_frame(
    world: World, df: pl.DataFrame, month: Month, rng: np.random.Generator
) -> pl.DataFrame:
    """Reinstatement-request rows of contracts §1.6."""
    person = world.spells["person"][df["spell"].to_numpy()]
    n = df.height
    thai = rng.random(n) < THAI_DIGIT_ROWS
    h = REQUEST_HEADERS
    return df.with_row_index("serial").select(
        pl.concat_str([pl.lit(f"S39-{month.be_label}-"), fm.fixed_int(pl.col("serial"), 6)]).alias(
            h[0]
        ),
        _id_text(world.persons["pid"][person], thai, np.zeros(n, dtype=bool)).alias(h[1]),
        _full_names(world, person).alias(h[2]),
        world.spellings.gather(world.spell(df["prov"].to_numpy().astype(np.int64), rng)).alias(
            h[3]
        ),
        fm.be_dates(df["lapse_day"].to_numpy(), thai).alias(h[4]),
        fm.be_dates(df["claim_day"].to_numpy(), thai).alias(h[5]),
        fm.be_dates(df["decision_day"].to_numpy(), thai).alias(h[6]),
        pl.when(pl.col("approved"))
        .then(pl.lit(APPROVED_TH))
        .otherwise(pl.lit(REJECTED_TH))
        .alias(h[7]),
        pl.col("reason").alias(h[8]),
    )


# --------------------------------------------------------------------------- take-up
def _month_label(day: pl.Expr) -> pl.Expr:
    return day.cast(pl.Date).dt.strftime("%Y-%m")


def take_up_truth(world: World, events: pl.DataFrame) -> pl.DataFrame:
    """Take-up gap by month × province, from the claims written (as the mart computes it):

    - Section-33 leavers: spells that ended in a simulated month; re-employed: another
      Section-33 spell of the person starts within 30 days of the end and runs past it;
      the others (eligible) claimed if an unemployment claim of the person is dated 0–30 days
      after the end;
    - births: approved maternity claims; claimed if a child-allowance claim of the mother is
      dated 0–60 days after the maternity claim.
    """
    sp = world.spells
    first, last = world.months[0].first_day, world.months[-1].last_day
    idx = np.flatnonzero(sp["section"] == S33)
    s33 = pl.DataFrame(
        {
            "spell": idx,
            "person": sp["person"][idx],
            "start": sp["start"][idx],
            "end": sp["end"][idx],
            "prov": sp["prov"][idx],
        }
    )
    leavers = s33.filter((pl.col("end") >= first) & (pl.col("end") <= last))
    others = s33.join(leavers.select("person").unique(), on="person").rename(
        {"spell": "spell2", "start": "start2", "end": "end2"}
    )
    reemployed = (
        leavers.join(others.select("person", "spell2", "start2", "end2"), on="person")
        .filter(
            (pl.col("spell2") != pl.col("spell"))
            & (pl.col("start2") <= pl.col("end") + UNEMPLOYMENT_WINDOW)
            & (pl.col("end2") > pl.col("end"))
        )
        .select("spell")
        .unique()
        .with_columns(reemployed=pl.lit(True))
    )
    unemp = events.filter(pl.col("btype") == UNEMP).select("person", pl.col("claim_day"))
    claimed = (
        leavers.join(unemp, on="person")
        .filter(
            (pl.col("claim_day") >= pl.col("end"))
            & (pl.col("claim_day") <= pl.col("end") + UNEMPLOYMENT_WINDOW)
        )
        .select("spell")
        .unique()
        .with_columns(claimed=pl.lit(True))
    )
    leaver_counts = (
        leavers.join(reemployed, on="spell", how="left")
        .join(claimed, on="spell", how="left")
        .with_columns(pl.col("reemployed", "claimed").fill_null(False))
        .group_by(month=_month_label(pl.col("end")), prov=pl.col("prov"))
        .agg(
            s33_leavers=pl.len(),
            s33_leavers_reemployed=pl.col("reemployed").sum(),
            unemployment_claimed=(pl.col("claimed") & ~pl.col("reemployed")).sum(),
        )
    )
    births = (
        events.filter((pl.col("btype") == MAT) & pl.col("approved"))
        .select("person", "prov", pl.col("claim_day").alias("birth"))
        .with_row_index("birth_id")
    )
    child = events.filter(pl.col("btype") == CHILD).select("person", "claim_day")
    took = (
        births.join(child, on="person")
        .filter(
            (pl.col("claim_day") >= pl.col("birth"))
            & (pl.col("claim_day") <= pl.col("birth") + CHILD_WINDOW)
        )
        .select("birth_id")
        .unique()
        .with_columns(claimed=pl.lit(True))
    )
    birth_counts = (
        births.join(took, on="birth_id", how="left")
        .with_columns(pl.col("claimed").fill_null(False))
        .group_by(month=_month_label(pl.col("birth")), prov=pl.col("prov").cast(pl.Int8))
        .agg(births_insured=pl.len(), child_allowance_claimed=pl.col("claimed").sum())
    )
    out = leaver_counts.with_columns(pl.col("prov").cast(pl.Int8)).join(
        birth_counts, on=["month", "prov"], how="full", coalesce=True
    )
    counts = [
        "s33_leavers",
        "s33_leavers_reemployed",
        "unemployment_claimed",
        "births_insured",
        "child_allowance_claimed",
    ]
    return (
        out.with_columns(pl.col(counts).fill_null(0).cast(pl.Int64))
        .with_columns(province_code=pl.col("prov").replace_strict(range(ref.N_PROV), ref.PROV_CODE))
        .select(
            "month",
            "province_code",
            "s33_leavers",
            "s33_leavers_reemployed",
            pl.col("unemployment_claimed").alias("unemployment_claimed_within_30_days"),
            "births_insured",
            pl.col("child_allowance_claimed").alias("child_allowance_claimed_within_60_days"),
        )
        .sort("month", "province_code")
    )


# -------------------------------------------------------------------------- anomalies
# Planted for the governance marts (contracts: mart_governance__anomalies). The natural claims
# never break these rules (Simulator._consistent removes the few that would), so the mart's
# flags are exactly the planted cases:
# - paid_after_death: a death claim (type 04) is the death record; another claim of the person
#   dated after it, paid. Planted: a death claim early in the month for a person insured all
#   month, then a paid sickness claim 1–15 days after it.
# - duplicate_claim: a second paid claim of the same person, benefit and claim day under another
#   claim number. Planted: a copy of a paid claim, numbered after the month's claims.
# - claim_outside_insurance: a sickness claim dated in a month in which the registry shows no
#   spell of the person (every natural sickness, maternity and invalidity claim comes from a
#   spell active in its month). Planted: persons whose every spell ended before the month.
# - unemployment_without_s33_end: an unemployment claim with no Section-33 spell of the person
#   ended on or before its date (natural ones follow an ended spell by 0–90 days). Planted:
#   Section-33 insured persons with no ended Section-33 spell.
def _n_cases(arng: np.random.Generator, scale: float) -> int:
    return 1 + int(arng.poisson(ANOMALIES_A_MONTH * scale))


def _free_persons(world: World, spells: np.ndarray, exclude: set[int]) -> np.ndarray:
    """`spells` of distinct persons not in `exclude` (the first spell of each person)."""
    person = world.spells["person"][spells]
    _, first = np.unique(person, return_index=True)
    spells = spells[np.sort(first)]
    keep = ~np.isin(world.spells["person"][spells], np.fromiter(exclude, np.int64, len(exclude)))
    return spells[keep]


def _choose(arng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    return pool[np.sort(arng.choice(len(pool), min(k, len(pool)), replace=False))]


def pick_planted_deaths(
    world: World,
    month: Month,
    arng: np.random.Generator,
    on_record: pl.DataFrame,
    claims: pl.DataFrame,
) -> pl.DataFrame:
    """Death claims planted early in `month` (days 1–10) for persons insured all month and not
    dead already; each is followed by a paid claim (`plant_anomalies`)."""
    sp = world.spells
    act = world.active(month)
    whole = act[(sp["start"][act] <= month.first_day) & (sp["end"][act] >= month.last_day)]
    natural_dead = sp["person"][claims.filter(pl.col("btype") == DEATH)["spell"].to_numpy()]
    dead = set(on_record["person"].to_list()) | set(natural_dead.tolist())
    who = _choose(arng, _free_persons(world, whole, dead), _n_cases(arng, world.scale))
    day = month.first_day + arng.integers(0, 10, len(who))
    months = np.where(sp["section"][who] == S40, 0, arng.choice([0, 4, 12], len(who)))
    return _frame(who, DEATH, day.astype(np.int32), months=months)


def _paid(
    world: World,
    spell: np.ndarray,
    btype: np.ndarray,
    claim_day: np.ndarray,
    months: np.ndarray,
    year: int,
    arng: np.random.Generator,
) -> pl.DataFrame:
    """Planted claims, approved and paid 2–10 days after the claim."""
    df = _frame(spell, btype, claim_day.astype(np.int32), months=months)
    days = arng.integers(2, 11, len(spell))
    return df.with_columns(
        pl.Series("section", world.spells["section"][spell]),
        pl.Series("prov", world.spells["prov"][spell].astype(np.int8)),
        pl.lit(True).alias("approved"),
        pl.lit(None, dtype=pl.String).alias("reason"),
        pl.Series("decision_day", (claim_day + days // 2).astype(np.int32)),
        pl.Series("payment_day", (claim_day + days).astype(np.int32)),
        pl.Series("amount", _amounts(world, df, year, arng)),
    )


def plant_anomalies(
    world: World,
    claims: pl.DataFrame,
    deaths: pl.DataFrame,
    month: Month,
    arng: np.random.Generator,
    on_record: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The month's planted anomalous claims (settled, numbered after `claims`) and their truth
    rows (`ANOMALY_TRUTH`)."""
    sp = world.spells
    ms, me = month.first_day, month.last_day
    scale = world.scale
    parts: list[pl.DataFrame] = []  # settled claims, without serial
    kinds: list[tuple[str, pl.Series]] = []  # kind and related claim serial of each part
    used = set(on_record["person"].to_list())

    # paid after death: the planted death claims as settled, then a paid claim after each
    death_rows = claims.join(
        deaths.select("spell", "btype", "claim_day"), on=["spell", "btype", "claim_day"]
    )
    if death_rows.height:
        spell = death_rows["spell"].to_numpy()
        after = death_rows["claim_day"].to_numpy() + arng.integers(1, 16, len(spell))
        after = np.minimum(after, me)
        s40_days = np.where(sp["section"][spell] == S40, arng.integers(1, 11, len(spell)), 0)
        parts.append(_paid(world, spell, SICK, after, s40_days, month.year, arng))
        kinds.append((PAID_AFTER_DEATH, death_rows["serial"]))

    # duplicates: copies of paid claims of living persons
    person = sp["person"][claims["spell"].to_numpy()]
    paid = (
        claims["approved"].to_numpy()
        & claims["payment_day"].is_not_null().to_numpy()
        & (claims["btype"].to_numpy() != DEATH)
        & ~np.isin(person, np.fromiter(used, np.int64, len(used)))
    )
    rows = _choose(arng, np.flatnonzero(paid), _n_cases(arng, scale))
    originals = claims[rows]
    if originals.height:
        parts.append(originals.drop("serial"))
        kinds.append((DUPLICATE, originals["serial"]))
        used |= set(person[rows].tolist())

    # sickness claims in a month in which the person holds no spell
    last_end = np.zeros(len(world.persons["pid"]), dtype=np.int64)
    np.maximum.at(last_end, sp["person"], sp["end"].astype(np.int64))
    gone = np.flatnonzero(last_end[sp["person"]] < ms)
    gone = gone[np.argsort(-sp["end"][gone].astype(np.int64), kind="stable")]  # latest spell
    who = _choose(arng, _free_persons(world, gone, used), _n_cases(arng, scale))
    if len(who):
        day = ms + arng.integers(0, month.days, len(who))
        s40_days = np.where(sp["section"][who] == S40, arng.integers(1, 11, len(who)), 0)
        parts.append(_paid(world, who, SICK, day, s40_days, month.year, arng))
        kinds.append((OUTSIDE_INSURANCE, pl.Series([None] * len(who), dtype=pl.UInt32)))
        used |= set(sp["person"][who].tolist())

    # unemployment claims of Section-33 insured persons with no ended Section-33 spell
    s33 = sp["section"] == S33
    ended33 = np.zeros(len(world.persons["pid"]), dtype=bool)
    ended33[sp["person"][s33 & (sp["end"] <= me)]] = True
    act33 = world.active(month, S33)
    never = act33[~ended33[sp["person"][act33]]]
    who = _choose(arng, _free_persons(world, never, used), _n_cases(arng, scale))
    if len(who):
        day = ms + arng.integers(0, month.days, len(who))
        parts.append(_paid(world, who, UNEMP, day, np.zeros(len(who)), month.year, arng))
        kinds.append((UNEMPLOYMENT_WITHOUT_END, pl.Series([None] * len(who), dtype=pl.UInt32)))

    if not parts:
        return claims.clear(), pl.DataFrame(schema=ANOMALY_TRUTH)
    schema = {k: v for k, v in claims.schema.items() if k != "serial"}
    planted = pl.concat([p.select(list(schema)).cast(schema) for p in parts])
    planted = planted.with_row_index("serial", offset=claims.height).cast(claims.schema)
    planted = planted.select(claims.columns)
    kind = np.concatenate([np.full(len(rel), k, dtype=object) for k, rel in kinds])
    related = pl.concat([rel.cast(pl.UInt32) for _, rel in kinds])
    prefix = f"CLM-{month.be_label}-"

    def claim_id(serial: pl.Expr) -> pl.Expr:
        return pl.concat_str([pl.lit(prefix), fm.fixed_int(serial, 7)])

    pid = world.persons["pid"][sp["person"][planted["spell"].to_numpy()]]
    truth = pl.DataFrame(
        {"kind": kind.astype(str), "serial": planted["serial"], "related": related}
    ).select(
        "kind",
        pl.lit(month.label).alias("month"),
        claim_id(pl.col("serial")).alias("claim_id"),
        pl.when(pl.col("related").is_not_null())
        .then(claim_id(pl.col("related")))
        .alias("related_claim_id"),
        pl.Series([f"{p:013d}" for p in pid], dtype=pl.String).alias("national_id"),
        pl.Series(ref.PROV_CODE).gather(planted["prov"].cast(pl.Int64)).alias("province_code"),
    )
    return planted, truth
