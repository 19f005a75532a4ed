"""Work injuries and the Social Security Fund through the whole pipeline (the session's
`small_pipeline`: scale 0.0002, 3 months): the marts equal the simulator's truth files, the fund's
Section-33 contributions reconcile with the สปส.1-10 filings, and the projection runs to 2100."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

pytestmark = pytest.mark.integration


def _sql(pipeline: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        return con.sql(sql).pl()


def _truth(pipeline: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(pipeline / "sources/_truth" / name, infer_schema=False)


def test_work_injuries_fact_equals_truth(small_pipeline: Path) -> None:
    mart = _sql(
        small_pipeline,
        "select case_id, strftime(report_month, '%Y-%m') as month, "
        "strftime(injury_date, '%Y-%m-%d') as injury_date, province_code, severity_code, "
        "tsic_code, employer_account, branch, cast(days_off as varchar) as days_off, "
        "cast(medical_expenses as varchar) as medical_expenses, "
        "cast(compensation as varchar) as compensation from marts.fct_work_injuries",
    )
    truth = _truth(small_pipeline, "work_injuries.csv")
    assert truth.height > 0
    assert mart.sort("case_id").equals(truth.select(mart.columns).sort("case_id"))


def test_injuries_by_province_equal_truth(small_pipeline: Path) -> None:
    mart = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, province_code, severity_code, "
        "cast(injuries as bigint) as injuries from marts.mart_injuries__province_monthly "
        "where injuries > 0",
    )
    truth = (
        _truth(small_pipeline, "work_injuries.csv")
        .with_columns(month=pl.col("injury_date").str.slice(0, 7))
        .group_by("month", "province_code", "severity_code")
        .agg(injuries=pl.len().cast(pl.Int64))
    )
    key = ["month", "province_code", "severity_code"]
    assert mart.sort(key).equals(truth.select(mart.columns).sort(key))
    # the denominator is the Section-33 stock of the coverage truth
    insured = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, province_code, "
        "cast(insured_s33 as bigint) as insured from marts.mart_injuries__province_summary_monthly",
    )
    coverage = (
        pl.read_csv(small_pipeline / "sources/_truth/insured_by_province_section_month.csv")
        .filter(pl.col("section") == 33)
        .select("month", "province_code", pl.col("insured_persons").alias("insured"))
    )
    joined = insured.join(coverage, on=["month", "province_code"], suffix="_truth")
    assert joined.height == insured.height == 3 * 77
    assert (joined["insured"] == joined["insured_truth"]).all()


def test_fund_facts_equal_truth(small_pipeline: Path) -> None:
    positions = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, asset_class_code, "
        "cast(market_value_million_baht as varchar) as market_value_million_baht, "
        "cast(monthly_return_pct as varchar) as monthly_return_pct from marts.fct_fund_positions",
    )
    truth = _truth(small_pipeline, "fund_positions.csv")
    key = ["month", "asset_class_code"]
    assert positions.height == 3 * 7
    assert positions.sort(key).equals(truth.select(positions.columns).sort(key))

    flows = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, flow_code, "
        "cast(amount_million_baht as varchar) as amount_million_baht from marts.fct_fund_cash_flow",
    )
    truth = _truth(small_pipeline, "fund_cash_flow.csv")
    assert flows.height == 3 * 10
    assert flows.sort("month", "flow_code").equals(
        truth.select(flows.columns).sort("month", "flow_code")
    )


def test_section33_contributions_reconcile_with_the_filings(small_pipeline: Path) -> None:
    gaps = _sql(
        small_pipeline,
        "select contributions_s33_million_baht, contributions_s33_from_filings_million_baht, "
        "s33_reconciliation_gap_million_baht from marts.mart_fund__net_cash_flow_monthly",
    )
    assert gaps.height == 3
    assert gaps["contributions_s33_from_filings_million_baht"].is_not_null().all()
    assert (gaps["s33_reconciliation_gap_million_baht"].cast(pl.Float64).abs() <= 0.01).all()
    assert (gaps["contributions_s33_million_baht"].cast(pl.Float64) > 0).all()


def test_fund_workbook_rows_are_all_accounted_for(small_pipeline: Path) -> None:
    for entity in ("positions", "cash_flow"):
        manifests = list((small_pipeline / f"lake/manifests/sso_fund/{entity}").glob("*.json"))
        assert len(manifests) == 3
        for m in manifests:
            for f in json.loads(m.read_text())["files"]:
                assert f["status"] == "loaded" and f["count_unit"] == "sheet rows"
                assert f["records_counted"] == f["rows_in"] + f["rows_control"] > 0


def test_projection_and_depletion(small_pipeline: Path) -> None:
    years = _sql(
        small_pipeline,
        "select scenario_code, count(*) as n, max(year_ce) as last "
        "from marts.mart_fund__projection group by scenario_code",
    )
    assert years.height == 5 and (years["last"] == 2100).all()
    depletion = dict(
        _sql(
            small_pipeline, "select projection_code, depletion_year from marts.mart_fund__depletion"
        ).iter_rows()
    )
    assert {depletion[k] for k in ("sso_ilo_2020", "academic_2016", "ilo_2010")} == {
        2054,
        2052,
        2047,
    }
    baseline = depletion["baseline"]
    assert baseline is not None and 2040 <= baseline <= 2080
    for lever in ("pension_age_60", "contribution_rate_plus_2", "all_levers"):
        assert depletion[lever] is None or depletion[lever] > baseline
