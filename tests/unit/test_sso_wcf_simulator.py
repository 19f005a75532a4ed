"""The Workmen's Compensation Fund simulator (ingestion/simulator/sso_wcf.py): calibrated to
DOMAIN.md (78,245 cases a year, the 2021 severity mix, the published provincial rates), drawn
from the world's Section-33 insured, on its own random stream, and read back by the source's
spec-driven reader with only the injected junk rows quarantined."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ingestion.landing.registry import get_entity
from ingestion.simulator import nso_lfs, reference, sso_efiling, sso_registry, sso_wcf
from ingestion.simulator.generate import generate
from ingestion.simulator.world import S33, World, month_calendar

KEY = b"wcf-simulator-test-key-0123456789"
TRUTH = f"_truth/{sso_wcf.TRUTH}"


def _run(world: World, out: Path) -> sso_wcf.Simulator:
    sim = sso_wcf.Simulator(world, out, lambda _step: None)
    for m in world.months:
        world.step(m)
        sim.month(m)
    sim.finish()
    return sim


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path, pl.DataFrame]:
    """A year at scale 0.02 (about 240 k Section-33 insured, about 1,560 cases)."""
    out = tmp_path_factory.mktemp("wcf")
    world = World(0.02, month_calendar("2024-01", 12), seed=3)
    _run(world, out)
    return world, out, pl.read_csv(out / TRUTH, infer_schema=False)


def test_province_rates_keep_the_published_ones_and_the_national_rate() -> None:
    w = reference.PROV_S33 / reference.PROV_S33.sum()
    rates = sso_wcf.province_rates(reference.PROV_S33)
    by_num = dict(zip(reference.PROV_NUM, rates, strict=True))
    assert by_num["74"] == 13.6 and by_num["92"] == 13.0 and by_num["11"] == 12.5
    assert (w * rates).sum() == pytest.approx(1000 * 78_245 / 12_080_000)
    others = {v for k, v in by_num.items() if k not in sso_wcf.PUBLISHED_RATES}
    assert len(others) == 1 and 4 < others.pop() < 7


def test_cases_a_year_and_severity_mix(year: tuple) -> None:
    world, _out, truth = year
    n = truth.height
    expected = 78_245 * world.scale
    assert abs(n - expected) < 4 * np.sqrt(expected)  # Poisson: within 4 standard deviations
    shares = truth.group_by("severity_code").len().with_columns(share=pl.col("len") / n)
    share = dict(shares.select("severity_code", "share").iter_rows())
    assert share["off_work_up_to_3_days"] == pytest.approx(53_750 / 78_245, abs=0.035)
    assert share["off_work_over_3_days"] == pytest.approx(23_087 / 78_245, abs=0.035)
    assert share.get("death", 0) + share.get("loss_of_organ", 0) == pytest.approx(
        1_399 / 78_245, abs=0.008
    )


def test_samut_sakhon_stands_out(year: tuple) -> None:
    """Samut Sakhon's rate per 1,000 insured is about twice that of the unnamed provinces."""
    world, _out, truth = year
    insured = np.zeros(reference.N_PROV)
    for m in world.months:
        a = world.active(m, S33)
        insured += np.bincount(world.spells["prov"][a], minlength=reference.N_PROV)
    insured /= len(world.months)  # average stock over the year
    cases = truth.group_by("province_code").len()
    count = dict(cases.iter_rows())
    samut_sakhon = reference.PROV_CODE.index("TH-74")
    named = {f"TH-{k}" for k in sso_wcf.PUBLISHED_RATES}
    others = [i for i, c in enumerate(reference.PROV_CODE) if c not in named]
    rate_ss = 1000 * count.get("TH-74", 0) / insured[samut_sakhon]
    rate_others = (
        1000 * sum(count.get(reference.PROV_CODE[i], 0) for i in others) / insured[others].sum()
    )
    assert rate_ss == pytest.approx(13.6, rel=0.3)
    assert rate_others == pytest.approx(sso_wcf.province_rates(world.s33_w)[others[0]], rel=0.1)
    assert rate_ss > 1.7 * rate_others


def test_amounts_follow_the_rules(year: tuple) -> None:
    _world, _out, truth = year
    t = truth.with_columns(
        pl.col("compensation").cast(pl.Float64), pl.col("days_off").cast(pl.Int64)
    )
    assert (t.filter(pl.col("severity_code") == "off_work_up_to_3_days")["compensation"] == 0).all()
    short = t.filter(pl.col("severity_code") == "off_work_up_to_3_days")["days_off"]
    assert short.min() >= 0 and short.max() <= 3
    longer = t.filter(pl.col("severity_code") == "off_work_over_3_days")
    assert (longer["days_off"] >= 4).all()
    # 70 % of the monthly wage, at least 2,000 and at most 14,000 baht a month, for the days off
    per_month = longer["compensation"] / longer["days_off"] * 30
    # (amounts are rounded to the satang, so allow a baht a month)
    assert per_month.min() >= 2_000 - 1 and per_month.max() <= 14_000 + 1
    deaths = t.filter(pl.col("severity_code") == "death")
    assert deaths["days_off"].is_null().all()
    assert (deaths["compensation"] >= 120 * 2_000 + 50_000 - 0.01).all()


def test_cases_are_section33_insured_of_the_month(tmp_path: Path) -> None:
    world = World(0.001, month_calendar("2024-01", 2), seed=8)
    sim = sso_wcf.Simulator(world, tmp_path, lambda _step: None)
    for m in world.months:
        world.step(m)
        sim.month(m)
        f = tmp_path / "sso_wcf" / "injuries" / f"injuries_{m.be_label}.csv"
        text = f.read_bytes().decode("cp874")
        rows = pl.read_csv(text.encode(), infer_schema=False).filter(
            pl.col("เลขประจำตัวประชาชน").str.contains(r"^\d{13}$")
        )
        a = world.active(m, S33)
        pids = {f"{p:013d}" for p in world.persons["pid"][world.spells["person"][a]]}
        accounts = {f"{x:010d}" for x in world.branches["account"][world.spells["branch"][a]]}
        assert rows.height > 0
        # junk copies may carry a wrong check digit: compare the first 12 digits
        assert {p[:12] for p in rows["เลขประจำตัวประชาชน"]} <= {p[:12] for p in pids}
        assert set(rows["เลขที่บัญชีนายจ้าง"]) <= accounts


def test_reader_loads_every_real_case_and_quarantines_the_junk(year: tuple) -> None:
    _world, out, truth = year
    parser = get_entity("sso_wcf", "injuries")
    loaded, quarantined = [], 0
    for f in sorted((out / "sso_wcf" / "injuries").glob("*.csv")):
        rel = f.relative_to(out).as_posix()
        for _i, result in parser.parse_stream([f], [rel], KEY):
            assert result.file_error is None
            loaded.append(result.rows)
            quarantined += result.quarantine.height
    rows = pl.concat(loaded)
    assert rows.height == truth.height
    assert quarantined > 0
    got = rows.select(
        "case_id",
        "province_code",
        pl.col("injury_date").cast(pl.String),
        pl.col("compensation").cast(pl.String),
    ).sort("case_id")
    want = truth.select("case_id", "province_code", "injury_date", "compensation").sort("case_id")
    assert got.equals(want)


def test_a_new_source_leaves_the_others_alone(tmp_path: Path) -> None:
    run = {"scale": 0.0001, "months": 2, "start": "2024-12", "seed": 11}
    base = (sso_registry.Simulator, sso_efiling.Simulator, nso_lfs.Simulator)
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, **run, sources=base)
    generate(b, **run, sources=(*base, sso_wcf.Simulator))
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert {k: files_b[k] for k in files_a} == files_a
    assert sorted(str(k) for k in files_b.keys() - files_a.keys()) == [
        TRUTH,
        "sso_wcf/injuries/injuries_256712.csv",
        "sso_wcf/injuries/injuries_256801.csv",
    ]
    # same seed, same bytes
    c = tmp_path / "c"
    generate(c, **run, sources=(*base, sso_wcf.Simulator))
    assert (c / TRUTH).read_bytes() == (b / TRUTH).read_bytes()
