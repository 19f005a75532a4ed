"""The Social Security Fund simulator (ingestion/simulator/sso_fund.py): calibrated to DOMAIN.md
(2.35 T June 2023, 2.66 T end 2024 at 71.6/28.4 and 67.7 % domestic, 2.86 T end 2025 at 69/31
and 60.5 % domestic, 5.34 % return in 2024), its Section-33 contributions reconciled with the
สปส.1-10 filings, and its workbooks read back by the fund's readers as the truth says."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ingestion.landing.records import count_sheet_rows
from ingestion.simulator import sso_efiling, sso_fund, sso_registry
from ingestion.simulator.generate import generate
from ingestion.simulator.world import World, month_calendar
from ingestion.sources.sso_fund import cash_flow, positions

CODES = [c[0] for c in sso_fund.ASSET_CLASSES]
SAFE = {"deposits", "government_bonds", "state_corporate_bonds", "foreign_bonds"}
DOMESTIC = {"deposits", "government_bonds", "state_corporate_bonds", "domestic_equities"}


def _mix(year: int, month: int) -> tuple[float, float]:
    w = dict(zip(CODES, sso_fund.weights(year, month), strict=True))
    return sum(w[c] for c in SAFE), sum(w[c] for c in DOMESTIC)


@pytest.mark.parametrize(
    ("year", "month", "value", "safe", "domestic"),
    [
        (2023, 6, 2_350_000, 0.735, 0.725),
        (2024, 12, 2_660_000, 0.716, 0.677),
        (2025, 12, 2_860_000, 0.690, 0.605),
    ],
)
def test_fund_size_and_mix_at_scale_1(
    year: int, month: int, value: float, safe: float, domestic: float
) -> None:
    assert sso_fund.fund_value(year, month, 1.0) == pytest.approx(value)
    assert _mix(year, month) == pytest.approx((safe, domestic), abs=1e-9)


def test_values_scale_with_the_persons_and_move_toward_the_strategic_allocation() -> None:
    assert sso_fund.fund_value(2024, 12, 0.0002) == pytest.approx(2_660_000 * 0.0002)
    assert sso_fund.fund_value(2024, 6, 1.0) < sso_fund.fund_value(2024, 7, 1.0)
    safe_2031, domestic_2031 = _mix(2031, 12)
    assert (safe_2031, domestic_2031) == pytest.approx((0.60, 0.50))
    assert _mix(2028, 6)[1] < _mix(2025, 12)[1]


@pytest.mark.parametrize(("year", "target"), [(2023, 0.02), (2024, 0.0534), (2025, 0.045)])
def test_yearly_return_compounds_to_the_published_one(year: int, target: float) -> None:
    world = World(0.0001, month_calendar("2024-01", 1), seed=5)
    r = sso_fund.class_returns(world, year)
    values = np.array(
        [sso_fund.weights(year, m) * sso_fund.fund_value(year, m, 1) for m in range(1, 13)]
    )
    start = values / (1 + r)
    monthly = (start * r).sum(axis=1) / start.sum(axis=1)
    assert np.prod(1 + monthly) - 1 == pytest.approx(target, abs=1e-9)
    # the draws differ by class: equities move more than deposits
    assert r[:, CODES.index("domestic_equities")].std() > 5 * r[:, CODES.index("deposits")].std()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fund")
    generate(
        out,
        scale=0.0005,
        months=3,
        start="2024-11",
        seed=4,
        sources=(sso_registry.Simulator, sso_efiling.Simulator, sso_fund.Simulator),
    )
    return out


def _read(out: Path, module) -> pl.DataFrame:
    frames = []
    for f in sorted((out / "sso_fund" / "portfolio").glob("*.xlsx")):
        rel = f.relative_to(out).as_posix()
        result = module.parse(f, rel, b"")
        assert result.file_error is None and result.quarantine.height == 0
        # landing's independent count of the sheet's non-empty rows reconciles
        assert result.rows_in + result.rows_control == count_sheet_rows(f, module.SHEET)
        frames.append(result.rows)
    return pl.concat(frames)


def test_workbooks_read_back_as_the_truth(generated: Path) -> None:
    rows = _read(generated, positions).select(
        pl.col("report_month").dt.strftime("%Y-%m").alias("month"),
        "asset_class_code",
        pl.col("market_value_million_baht").cast(pl.String).alias("market_value_million_baht"),
        pl.col("monthly_return_pct").cast(pl.String).alias("monthly_return_pct"),
    )
    truth = pl.read_csv(generated / "_truth" / sso_fund.POSITIONS_TRUTH, infer_schema=False)
    key = ["month", "asset_class_code"]
    assert rows.height == 3 * 7
    assert rows.sort(key).equals(truth.select(rows.columns).sort(key))

    flows = _read(generated, cash_flow).select(
        pl.col("report_month").dt.strftime("%Y-%m").alias("month"),
        "flow_code",
        pl.col("amount_million_baht").cast(pl.String).alias("amount_million_baht"),
    )
    truth = pl.read_csv(generated / "_truth" / sso_fund.CASH_FLOW_TRUTH, infer_schema=False)
    assert flows.height == 3 * 10
    assert flows.sort("month", "flow_code").equals(
        truth.select(flows.columns).sort("month", "flow_code")
    )


def test_contributions_reconcile_with_the_filings_and_the_registry(generated: Path) -> None:
    """Section 33 = 2.55 × the employee contributions of the accepted สปส.1-10 filings;
    Sections 39 and 40 = their rates × the spells active in the month (the registry's truth)."""
    truth = pl.read_csv(generated / "_truth" / sso_fund.CASH_FLOW_TRUTH, infer_schema=False)
    amount = {(m, c): Decimal(a) for m, c, a in truth.iter_rows()}
    filings = pl.read_csv(generated / "_truth" / sso_efiling.TRUTH, infer_schema=False)
    insured = (
        pl.read_csv(generated / "_truth" / sso_registry.TRUTH)
        .group_by("month", "section")
        .agg(pl.col("insured_persons").sum())
    )
    members = {(m, s): n for m, s, n in insured.iter_rows()}
    for month, employee in filings.select("month", "employee_contributions_loaded").iter_rows():
        s33 = (Decimal("2.55") * Decimal(employee) / 1_000_000).quantize(Decimal("0.01"))
        assert amount[(month, "contribution_s33")] == s33 > 0
        s39 = Decimal(552) * Decimal("0.93") * members[(month, 39)] / 1_000_000
        assert amount[(month, "contribution_s39")] == s39.quantize(Decimal("0.01"))
        s40 = Decimal(143) * Decimal("0.45") * members[(month, 40)] / 1_000_000
        assert amount[(month, "contribution_s40")] == s40.quantize(Decimal("0.01"))


def test_national_cash_flow_magnitudes() -> None:
    """Benefits of 2024 at scale 1.0: about 139 bn baht a year (DOMAIN.md: ~135 bn), old age
    about 30 % of them."""
    world = World(0.001, month_calendar("2024-01", 12), seed=2)
    paid = [sso_fund.benefits_paid(world, m) for m in world.months]
    total = sum(float(sum(p)) for p in paid) / world.scale  # million baht at scale 1.0
    assert total == pytest.approx(139_000, rel=0.02)
    old_age = [b[0] for b in sso_fund.BENEFITS].index("benefit_old_age")
    assert sum(float(p[old_age]) for p in paid) / world.scale / total == pytest.approx(
        0.30, abs=0.02
    )


def test_needs_the_efiling_truth(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="sso_efiling"):
        generate(tmp_path, scale=0.0001, months=1, seed=1, sources=(sso_fund.Simulator,))


def test_total_row_return_is_the_value_weighted_return() -> None:
    holdings = [
        (c, label, Decimal("100.00"), Decimal(r))
        for (c, label, *_), r in zip(
            sso_fund.ASSET_CLASSES, ["1", "2", "0", "0", "0", "0", "-1"], strict=True
        )
    ]
    start = [100 / (1 + float(h[3]) / 100) for h in holdings]
    expected = (
        100 * sum(b * float(h[3]) / 100 for b, h in zip(start, holdings, strict=True)) / sum(start)
    )
    assert float(sso_fund.portfolio_return(holdings)) == pytest.approx(expected, abs=1e-4)
    assert not math.isclose(expected, 2 / 7, abs_tol=1e-3)  # not the plain mean of the returns
