"""The benefits simulator (ingestion/simulator/sso_benefits.py): calibrated to DOMAIN.md's
benefit cases at a small scale, rates by section, age and sex, amounts by the benefit rules,
the 2020–21 unemployment surge, the planted take-up gap, and same seed ⇒ same bytes without
touching any other source's bytes."""

from __future__ import annotations

import csv
import math
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ingestion.simulator import reference as ref
from ingestion.simulator import sso_benefits as sb
from ingestion.simulator import sso_registry
from ingestion.simulator.generate import generate
from ingestion.simulator.world import S33, S39, S40, World, month_calendar
from ingestion.sources.sso_benefits.claims import SECTIONS_BY_BENEFIT

SCALE = 0.002
SEED = 2024
SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


@pytest.fixture(scope="module")
def year_run(tmp_path_factory: pytest.TempPathFactory):
    """A year (2024) of the benefits simulator alone at scale 0.002 (~92 k claims)."""
    out = tmp_path_factory.mktemp("benefits")
    summary = generate(out, scale=SCALE, months=12, seed=SEED, sources=(sb.Simulator,))
    return out, summary.sources["sso_benefits"]


def _settled_month(start: str = "2024-03", scale: float = SCALE) -> tuple[World, pl.DataFrame]:
    """One month's claims, planted and settled, with the world they come from."""
    month = month_calendar(start, 1)[0]
    world = World(scale, [month], SEED)
    world.step(month)
    rng = world.stream(sb.Simulator.name, month.year, month.month)
    planted = sb.plant_claims(world, month, rng)
    pay = np.ones(ref.N_PROV)
    return world, sb.settle_claims(world, planted, month, rng, pay)


def test_national_counts_match_the_published_figures(year_run):
    """Expected counts equal DOMAIN.md's 2018 cases × scale (pinned); the claims written are
    within sampling error of them. Claims that arise late in the year and are dated after it
    (unemployment after a job ends, child allowance after a birth) are not written, so those
    fall a little short."""
    _, summary = year_run
    published = {
        "sickness": 43_500_000,
        "maternity": 293_000,
        "invalidity": 1_900,
        "death": 28_000,
        "child_allowance": 1_320_000,
        "old_age": 459_000,
        "unemployment": 152_000,
    }
    for slug, cases in published.items():
        assert summary.expected_by_type[slug] == pytest.approx(cases * SCALE, rel=1e-6), slug
    got = dict(summary.claims_by_type)
    got["old_age"] = got.pop("old_age_lump_sum") + got.pop("old_age_pension")
    for slug, short in (
        ("sickness", 0),
        ("maternity", 0),
        ("death", 0),
        ("old_age", 0.03),
        ("child_allowance", 0.06),
        ("unemployment", 0.05),
    ):
        expected = published[slug] * SCALE * (1 - short)
        assert abs(got[slug] - expected) < 4 * math.sqrt(expected) + 0.03 * expected, slug
    lump, pension = (
        summary.claims_by_type["old_age_lump_sum"],
        summary.claims_by_type["old_age_pension"],
    )
    assert pension / (lump + pension) == pytest.approx(170 / 459, abs=0.05)


def test_rates_by_section_age_and_sex():
    world, claims = _settled_month("2024-03", scale=0.01)
    sp, pe = world.spells, world.persons
    month = world.months[0]
    active = world.active(month)
    spell = claims["spell"].to_numpy()
    btype = claims["btype"].to_numpy()

    def per_insured(mask_claims: np.ndarray, mask_active: np.ndarray) -> float:
        return mask_claims.sum() / mask_active.sum()

    sec_c, sec_a = sp["section"][spell], sp["section"][active]
    sick = btype == sb.SICK
    r33 = per_insured(sick & (sec_c == S33), sec_a == S33)
    r39 = per_insured(sick & (sec_c == S39), sec_a == S39)
    r40 = per_insured(sick & (sec_c == S40), sec_a == S40)
    # visits a month: Section 33 ~0.27, Section 39 fewer per person, Section 40 hospital days only
    assert 0.2 < r33 < 0.35 and 0.45 < r39 / r33 < 1.1 and r40 < 0.02 * r33
    female_c = pe["sex"][sp["person"][spell]] == 1
    female_a = pe["sex"][sp["person"][active]] == 1
    s33_c, s33_a = sick & (sec_c == S33), sec_a == S33
    ratio = per_insured(s33_c & female_c, s33_a & female_a) / per_insured(
        s33_c & ~female_c, s33_a & ~female_a
    )
    assert 1.1 < ratio < 1.4
    # maternity: women of child-bearing age in Sections 33 and 39 only
    mothers = sp["person"][spell[btype == sb.MAT]]
    age = (month.first_day - pe["birth"][mothers]) / 365.25
    assert (pe["sex"][mothers] == 1).all() and (age >= 18).all() and (age < 46).all()
    assert set(sp["section"][spell[btype == sb.MAT]]) <= {S33, S39}
    # old age from 55
    old = spell[(btype == sb.LUMP) | (btype == sb.PENSION)]
    assert ((month.first_day - pe["birth"][sp["person"][old]]) / 365.25 >= 55).all()
    # every benefit only in the sections that have it (as the reader checks them)
    for t, code in enumerate(sb.CODES):
        sections = {int(s) for s in sp["section"][spell[btype == t]]}
        allowed = {[33, 39, 40].index(s) for s in SECTIONS_BY_BENEFIT[code]}
        assert sections <= allowed, code


def test_unemployment_comes_from_section_33_leavers_and_surges_in_2021():
    def unemployment(start: str) -> int:
        month = month_calendar(start, 1)[0]
        world = World(0.01, [month], SEED)
        world.step(month)
        rng = world.stream(sb.Simulator.name, month.year, month.month)
        planted = sb.plant_claims(world, month, rng)
        u = planted.filter(pl.col("btype") == sb.UNEMP)
        ended = set(world.ended(month, S33).tolist())
        assert set(u["spell"].to_list()) <= ended
        assert (u["claim_day"] >= u["event_day"]).all()
        return u.height

    quiet, surge = unemployment("2019-04"), unemployment("2021-04")
    assert surge / quiet == pytest.approx(1_550_000 / 152_000, rel=0.25)


def _baht(satang: int) -> Decimal:
    return Decimal(satang) / 100


def test_amounts_follow_the_benefit_rules():
    world, claims = _settled_month("2024-03", scale=0.01)
    sp = world.spells
    checked = {t: 0 for t in range(8)}
    for row in claims.filter(pl.col("approved")).iter_rows(named=True):
        t, sec = row["btype"], int(sp["section"][row["spell"]])
        wage = _baht(int(sp["wage"][row["spell"]]))
        base = {S33: min(max(wage, Decimal(1650)), Decimal(15000)), S39: Decimal(4800)}.get(sec)
        months, amount = row["months"], _baht(row["amount"])
        if t == sb.SICK:
            if sec == S40:
                assert amount == 300 * months and 1 <= months <= 10
            else:
                assert amount >= 50
        elif t == sb.MAT:
            # a lump sum + 50 % of W for 90 days
            assert amount == 15000 + (base * Decimal("0.5") * 3).quantize(
                Decimal("0.01"), ROUND_FLOOR
            )
        elif t == sb.INV:
            assert amount == (
                1000 if sec == S40 else (base / 2).quantize(Decimal("0.01"), ROUND_FLOOR)
            )
        elif t == sb.DEATH:
            assert amount == (20000 if sec == S40 else 50000 + base * months)
            assert sec == S40 or months in (0, 4, 12)
        elif t == sb.CHILD:
            assert amount == 800 * months and 1 <= months <= 12
        elif t == sb.PENSION:
            assert months >= 180
            rate = Decimal("0.20") + Decimal("0.015") * ((months - 180) // 12)
            assert amount == (base * rate).quantize(Decimal("0.01"), ROUND_FLOOR)
        elif t == sb.LUMP:
            assert months < 180
            rate = Decimal("0.06") if months >= 12 else Decimal("0.03")
            assert amount == (base * rate * months).quantize(Decimal("0.01"), ROUND_FLOOR)
        elif t == sb.UNEMP:
            full = base * Decimal("0.5") * 6 if row["dismissed"] else base * Decimal("0.3") * 3
            assert amount == full.quantize(Decimal("0.01"), ROUND_FLOOR)
        checked[t] += 1
    assert all(checked[t] > 0 for t in (sb.SICK, sb.MAT, sb.CHILD, sb.LUMP, sb.PENSION, sb.UNEMP))
    rejected = claims.filter(~pl.col("approved"))
    assert rejected.height > 0
    assert (rejected["amount"] == 0).all() and rejected["payment_day"].is_null().all()
    assert rejected["reason"].is_not_null().all()
    approved = claims.filter(pl.col("approved"))
    assert (approved["decision_day"] >= approved["claim_day"]).all()
    assert (approved["payment_day"] >= approved["decision_day"]).all()


def test_seed_agrees_with_the_simulator_and_the_reader():
    """ref_benefit_types.csv (the warehouse's service standards and sections) says what the
    simulator's truth and the reader's row checks assume."""
    with (SEEDS / "ref_benefit_types.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["benefit_type_code"] for r in rows] == list(sb.CODES)
    for r, standard in zip(rows, sb.STANDARD_DAYS, strict=True):
        assert int(r["service_standard_days"]) == standard
        assert int(r["service_standard_days"]) == math.ceil(
            int(r["service_standard_working_days"]) * 7 / 5
        )
        sections = tuple(s for s in (33, 39, 40) if r[f"section_{s}"] == "true")
        assert sections == SECTIONS_BY_BENEFIT[r["benefit_type_code"]]
    with (SEEDS / "ref_benefit_rejection_reasons.csv").open(encoding="utf-8", newline="") as f:
        reasons = {r["reason_code"] for r in csv.DictReader(f)}
    used = {c for mix in sb.REASONS for c, _ in mix} | {c for c, _ in sb.REQUEST_REASONS}
    assert used | {"R06"} <= reasons


def test_take_up_gap_is_planted_by_region(year_run):
    out, _ = year_run
    truth = pl.read_csv(out / "_truth" / sb.TRUTH_TAKE_UP).filter(pl.col("month") <= "2024-10")
    region = pl.Series(ref.PROV_REGION.tolist())
    by_code = dict(zip(ref.PROV_CODE, region.to_list(), strict=True))
    rates = (
        truth.with_columns(region=pl.col("province_code").replace_strict(by_code))
        .group_by(pl.col("region").is_in([0, 1]).alias("centre"))
        .agg(
            pl.col("child_allowance_claimed_within_60_days").sum() / pl.col("births_insured").sum()
        )
        .sort("centre")
    )["child_allowance_claimed_within_60_days"].to_list()
    outer, centre = rates
    assert centre - outer > 0.08  # Bangkok and the centre claim more than the rest
    assert 0.4 < outer < centre < 0.95
    gap = truth["s33_leavers"] - truth["s33_leavers_reemployed"]
    assert (truth["unemployment_claimed_within_30_days"] <= gap).all()
    assert truth["unemployment_claimed_within_30_days"].sum() > 0


def test_truth_counts_only_real_rows(year_run):
    out, summary = year_run
    truth = pl.read_csv(out / "_truth" / sb.TRUTH_CLAIMS)
    assert truth["claims"].sum() == summary.claim_rows - summary.claim_error_rows
    assert summary.claim_error_rows > 0
    assert (truth["claims"] == truth["approved"] + truth["rejected"]).all()
    assert (truth["paid_within_standard"] <= truth["approved"]).all()
    share = truth["paid_within_standard"].sum() / truth["approved"].sum()
    assert 0.6 < share < 0.95
    requests = pl.read_csv(out / "_truth" / sb.TRUTH_REINSTATEMENTS)
    assert requests["requested"].sum() == summary.reinstatement_rows
    months = sorted(requests["month"].unique())
    assert len(months) == 12  # at least MIN_REQUESTS every month, whatever the scale


def test_same_seed_same_bytes_and_other_sources_untouched(tmp_path: Path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    both = (sso_registry.Simulator, sb.Simulator)
    generate(a, scale=0.0005, months=2, seed=7, sources=both)
    generate(b, scale=0.0005, months=2, seed=7, sources=both)
    generate(c, scale=0.0005, months=2, seed=7, sources=(sso_registry.Simulator,))

    def files(root: Path, sub: str) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes() for p in sorted((root / sub).rglob("*.csv"))
        }

    assert files(a, "sso_benefits") == files(b, "sso_benefits")
    assert files(a, "_truth") == files(b, "_truth")
    assert files(a, "sso_registry") == files(c, "sso_registry")
    assert len(files(a, "sso_benefits")) == 4
