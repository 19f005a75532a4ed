"""The benefits marts (Guideline 2) after a real small run equal the simulator's truth files:
claims by month, province, benefit type and section (counts, amounts, days to pay, the share paid
within the service standard), rejections by reason, Section-39 reinstatements, and the planted
take-up gap. See ingestion/simulator/sso_benefits.py for how the truth is computed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.integration._compare import assert_same_rows, warehouse_sql

pytestmark = pytest.mark.integration

TRUTH = "sources/_truth"


def _truth(data: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(
        data / TRUTH / name,
        schema_overrides={"benefit_type_code": pl.String, "reason_code": pl.String},
    )


def check_claims(data: Path, warehouse: Path) -> None:
    truth = _truth(data, "benefit_claims_by_month_province_type_section.csv")
    mart = warehouse_sql(
        warehouse,
        "select strftime(month_start, '%Y-%m') as month, province_code, benefit_type_code, "
        "cast(section as bigint) as section, claims, approved_claims as approved, "
        "rejected_claims as rejected, cast(amount_paid * 100 as bigint) as amount_paid_satang, "
        "paid_within_standard, cast(days_to_pay_median as double) as days_to_pay_median, "
        "cast(days_to_pay_p90 as double) as days_to_pay_p90 "
        "from marts.mart_benefits__province_monthly where claims > 0",
    )
    # the mart rounds days to one decimal: compare the truth rounded the same way
    truth = truth.with_columns(pl.col("days_to_pay_median", "days_to_pay_p90").round(1))
    assert_same_rows(
        mart, truth, ["month", "province_code", "benefit_type_code", "section"], "claims"
    )
    assert set(truth["benefit_type_code"]) >= {"01", "02", "05", "06", "07", "08"}


def check_rejections(data: Path, warehouse: Path) -> None:
    truth = _truth(data, "benefit_rejections_by_month_province_type_reason.csv")
    mart = warehouse_sql(
        warehouse,
        "select strftime(month_start, '%Y-%m') as month, province_code, benefit_type_code, "
        "cast(section as bigint) as section, reason_code, rejected_claims as rejected "
        "from marts.mart_benefits__rejection_reasons",
    )
    key = ["month", "province_code", "benefit_type_code", "section", "reason_code"]
    assert_same_rows(mart, truth, key, "rejection reasons")


def check_reinstatements(data: Path, warehouse: Path) -> None:
    truth = _truth(data, "s39_reinstatements_by_month_province.csv")
    mart = warehouse_sql(
        warehouse,
        "select strftime(month_start, '%Y-%m') as month, province_code, requested, approved, "
        "rejected from marts.mart_benefits__s39_reinstatements where requested > 0",
    )
    assert_same_rows(mart, truth, ["month", "province_code"], "Section-39 reinstatements")


def check_take_up(data: Path, warehouse: Path) -> None:
    truth = _truth(data, "benefit_take_up_by_month_province.csv")
    mart = warehouse_sql(
        warehouse,
        "select strftime(month_start, '%Y-%m') as month, province_code, s33_leavers, "
        "s33_leavers_reemployed, unemployment_claimed_within_30_days, births_insured, "
        "child_allowance_claimed_within_60_days from marts.mart_benefits__take_up_gap "
        "where s33_leavers > 0 or births_insured > 0",
    )
    assert_same_rows(mart, truth, ["month", "province_code"], "take-up gap")
    # the gap is planted: some eligible leavers and some births go unclaimed
    assert truth["s33_leavers"].sum() > truth["s33_leavers_reemployed"].sum()
    gap = warehouse_sql(
        warehouse,
        "select sum(unemployment_take_up_gap), sum(child_allowance_take_up_gap), "
        "bool_and(not unemployment_window_complete) filter (where is_latest_month) "
        "from marts.mart_benefits__take_up_gap",
    ).row(0)
    assert gap[0] > 0 and gap[2] is True


def check_fact_is_complete(data: Path, warehouse: Path) -> None:
    """Every landed claim is in the fact and counted once in the province mart."""
    truth = _truth(data, "benefit_claims_by_month_province_type_section.csv")
    n_fact, n_mart, quarantined_ids = warehouse_sql(
        warehouse,
        "select (select count(*) from marts.fct_benefit_claims), "
        "(select sum(claims) from marts.mart_benefits__province_monthly), "
        "(select count(*) from marts.fct_benefit_claims where person_key similar to '[0-9]{13}')",
    ).row(0)
    assert n_fact == n_mart == truth["claims"].sum()
    assert quarantined_ids == 0


CHECKS = (check_claims, check_rejections, check_reinstatements, check_take_up)


@pytest.mark.parametrize("check", [*CHECKS, check_fact_is_complete], ids=lambda c: c.__name__)
def test_benefits_marts_equal_the_truth(small_pipeline: Path, check) -> None:
    check(small_pipeline, small_pipeline / "warehouse/labour.duckdb")


def test_junk_claims_are_quarantined_with_reasons(small_pipeline: Path) -> None:
    q = pl.read_parquet(small_pipeline / "lake/quarantine/sso_benefits/claims/*/*.parquet")
    assert q.height > 0
    assert q["_source_file"].str.starts_with("sso_benefits/claims/claims_").all()
    assert set(q["field"]) <= {
        "person_key",
        "claim_date",
        "province_code",
        "decision_date",
        "amount",
        "benefit_type_code",
    }
    assert not q["record"].str.contains(r"\d{13}").any(), "a national ID reached quarantine"
