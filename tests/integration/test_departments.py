"""The Ministry of Labour departments (Skill Development, Labour Protection and Welfare) and the
SSO's staff welfare through the whole pipeline (the session's `small_pipeline`): each fact and
linked mart equals the simulator's truth tables, which the simulator computed from its own world
(not from the files the pipeline read)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.integration._compare import assert_same_rows, warehouse_sql

pytestmark = pytest.mark.integration


def _sql(pipeline: Path, sql: str) -> pl.DataFrame:
    return warehouse_sql(pipeline / "warehouse/labour.duckdb", sql)


def _truth(pipeline: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(pipeline / "sources/_truth" / name, infer_schema=False)


def test_training_fact_equals_truth(small_pipeline: Path) -> None:
    mart = _sql(
        small_pipeline,
        "select enrolment_id, strftime(report_month, '%Y-%m') as month, course_code, course_type, "
        "training_provider as provider, employer_account, province_code, "
        "strftime(start_date, '%Y-%m-%d') as start_date, "
        "strftime(end_date, '%Y-%m-%d') as end_date, "
        "case when is_completed then 'true' else 'false' end as completed, sex, "
        "cast(birth_year as varchar) as birth_year, "
        "case when is_insured_s33_within_6_months then 'true' else 'false' end "
        "as insured_s33_within_6_months from marts.fct_training",
    )
    assert_same_rows(
        mart,
        _truth(small_pipeline, "training_enrolments.csv"),
        ["enrolment_id"],
        "training_enrolments",
    )


def test_trainees_insured_mart_equals_truth(small_pipeline: Path) -> None:
    """The linked measure: completions by month and province and those insured under Section
    33 within 6 months, exactly as the world's spells say."""
    mart = _sql(
        small_pipeline,
        "select strftime(completion_month, '%Y-%m') as month, province_code, "
        "cast(completions as varchar) as completions, "
        "cast(insured_s33_within_6_months as varchar) as insured_s33_within_6_months "
        "from marts.mart_linked__trainees_insured",
    )
    truth = _truth(small_pipeline, "trainees_insured_by_month_province.csv")
    assert_same_rows(mart, truth, ["month", "province_code"], "trainees insured")
    # the overlap is there to be measured (trainees drawn partly among Section-33 leavers)
    assert truth["insured_s33_within_6_months"].cast(pl.Int64).sum() > 0


def test_certifications_equal_truth(small_pipeline: Path) -> None:
    stg = _sql(
        small_pipeline,
        "select test_id, standard_code, cast(standard_level as varchar) as level, province_code, "
        "strftime(test_date, '%Y-%m-%d') as test_date, "
        "case when is_passed then 'true' else 'false' end as passed "
        "from staging.stg_mol_dsd__certifications",
    )
    assert_same_rows(
        stg, _truth(small_pipeline, "skill_certifications.csv"), ["test_id"], "skill_certifications"
    )


def test_inspections_fact_equals_truth(small_pipeline: Path) -> None:
    mart = _sql(
        small_pipeline,
        "select inspection_id, strftime(report_month, '%Y-%m') as month, "
        "strftime(inspection_date, '%Y-%m-%d') as inspection_date, employer_account, branch, "
        "province_code, tsic_code, tsic_section_code, inspection_kind, "
        "cast(workers_covered as varchar) as workers_covered, "
        "cast(violations_found as varchar) as violations_found, main_violation_code, "
        "cast(orders_issued as varchar) as orders_issued, "
        "cast(injuries_in_3_months as varchar) as recent_injuries from marts.fct_inspections",
    )
    assert_same_rows(
        mart,
        _truth(small_pipeline, "labour_inspections.csv"),
        ["inspection_id"],
        "labour_inspections",
    )


def test_labour_cases_fact_equals_truth(small_pipeline: Path) -> None:
    mart = _sql(
        small_pipeline,
        "select case_id, strftime(report_month, '%Y-%m') as month, employer_account, branch, "
        "province_code, case_kind, subject_code, strftime(filed_date, '%Y-%m-%d') as filed_date, "
        "strftime(closed_date, '%Y-%m-%d') as closed_date, outcome_th as outcome "
        "from marts.fct_labour_cases",
    )
    assert_same_rows(mart, _truth(small_pipeline, "labour_cases.csv"), ["case_id"], "labour_cases")


def test_injuries_and_inspections_mart_equals_truth(small_pipeline: Path) -> None:
    """Inspections side from the DLPW truth, injuries side from the WCF truth, both grouped
    here by month, province and TSIC section; the rate is recomputed from the mart's own
    columns."""
    key = ["month", "province_code", "tsic_section_code"]
    mart = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, province_code, tsic_section_code, "
        "insured_s33, injuries, injuries_per_1000_insured, establishments_inspected, "
        "inspections, violations_found from marts.mart_linked__injuries_and_inspections",
    )
    inspections = (
        _truth(small_pipeline, "labour_inspections.csv")
        .group_by(key)
        .agg(
            establishments_inspected=pl.struct("employer_account", "branch")
            .n_unique()
            .cast(pl.Int64),
            inspections=pl.len().cast(pl.Int64),
            violations_found=pl.col("violations_found").cast(pl.Int64).sum(),
        )
    )
    got = mart.filter(pl.col("inspections") > 0).select(inspections.columns)
    assert_same_rows(got, inspections, key, "inspections by month, province and section")
    sections = _sql(small_pipeline, "select tsic_code, tsic_section_code from marts.dim_industry")
    injuries = (
        _truth(small_pipeline, "work_injuries.csv")
        .with_columns(month=pl.col("injury_date").str.slice(0, 7))
        .join(sections, on="tsic_code", how="left")
        .group_by(key)
        .agg(injuries=pl.len().cast(pl.Int64))
    )
    months = mart["month"].unique().to_list()
    injuries = injuries.filter(pl.col("month").is_in(months))
    got = mart.filter(pl.col("injuries") > 0).select(injuries.columns)
    assert_same_rows(got, injuries, key, "injuries by month, province and section")
    rated = mart.filter(pl.col("insured_s33") > 0)
    exact = 1000 * rated["injuries"] / rated["insured_s33"]  # the mart rounds it to 0.01
    assert (rated["injuries_per_1000_insured"].cast(pl.Float64) - exact).abs().max() <= 0.0051


def test_staff_welfare_equals_truth(small_pipeline: Path) -> None:
    measures = [
        "headcount",
        "childcare_places",
        "childcare_children",
        "health_checks",
        "welfare_loans",
        "welfare_loan_baht",
        "fitness_visits",
        "clinic_visits",
    ]
    mart = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, office_code, province_code, "
        + ", ".join(f"cast({m} as varchar) as {m}" for m in measures)
        + " from marts.fct_staff_welfare",
    )
    assert_same_rows(
        mart, _truth(small_pipeline, "staff_welfare.csv"), ["month", "office_code"], "staff_welfare"
    )
    rates = _sql(
        small_pipeline,
        "select strftime(month_start, '%Y-%m') as month, office_code, childcare_use_pct, "
        "loans_per_100_staff from marts.mart_welfare__office_monthly",
    )
    truth = _truth(small_pipeline, "staff_welfare.csv").with_columns(
        pl.col(measures).cast(pl.Int64)
    )
    joined = rates.join(truth, on=["month", "office_code"])
    assert joined.height == truth.height
    use = 100 * joined["childcare_children"] / joined["childcare_places"]
    has_centre = joined["childcare_places"] > 0
    assert (joined["childcare_use_pct"].cast(pl.Float64) - use).filter(
        has_centre
    ).abs().max() < 0.006
    assert joined["childcare_use_pct"].filter(~has_centre).is_null().all()
    loans = 100 * joined["welfare_loans"] / joined["headcount"]
    assert (joined["loans_per_100_staff"].cast(pl.Float64) - loans).abs().max() < 0.006
