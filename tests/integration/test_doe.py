"""Department of Employment end to end: the simulator's job-matching API pulled by the
connectors and its work-permit workbooks landed, built into the facts and the linked marts,
which must equal the simulator's truth exactly (contracts §1.9).

It reads the session's small_pipeline (`labour run` serves the simulated stores itself). The
truth is computed by the simulator from its own world (persons by their national IDs, days as
numbers); the warehouse computes the same measures from pseudonymised lake rows in SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

ENTITIES = ("job_seekers", "vacancies", "placements")


@pytest.fixture(scope="module")
def doe(small_pipeline: Path) -> Path:
    return small_pipeline


def _sql(data: Path, query: str) -> pl.DataFrame:
    with duckdb.connect(str(data / "warehouse" / "labour.duckdb"), read_only=True) as con:
        return con.sql(query).pl()


def _truth(data: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(data / "sources" / "_truth" / name, infer_schema_length=None)


def _rows(frame: pl.DataFrame, key: list[str], measures: list[str]) -> list[tuple]:
    """Rows with any non-zero measure, sorted: the truth is dense, the marts are not."""
    nonzero = pl.any_horizontal(pl.col(m) != 0 for m in measures)
    return (
        frame.select(*key, *[pl.col(m).cast(pl.Int64) for m in measures])
        .filter(nonzero)
        .sort(key)
        .rows()
    )


def test_each_api_table_was_pulled_once_and_landed_whole(doe: Path):
    for entity in ENTITIES:
        drops = list((doe / "sources" / "mol_doe" / entity).glob("*.jsonl"))
        assert len(drops) == 1, entity
        store = doe / "sources" / "mol_doe" / "_api" / f"{entity}.jsonl"
        served = sum(1 for _ in store.open("rb"))
        lake = pl.read_parquet(doe / f"lake/raw/mol_doe/{entity}/*/*.parquet")
        assert lake.height == served > 0, entity


def test_job_market_equals_the_truth(doe: Path):
    truth = _truth(doe, "doe_job_market_by_month_province.csv")
    seekers = _sql(
        doe,
        "select strftime(registered_on, '%Y-%m') as month, province_code, count(*) as job_seekers,"
        " count(*) filter (where insured) as job_seekers_insured"
        " from staging.stg_mol_doe__job_seekers group by all",
    )
    vacancies = _sql(
        doe,
        "select strftime(month_start, '%Y-%m') as month, province_code, count(*) as vacancies,"
        " sum(positions) as vacancy_positions from marts.fct_vacancies group by all",
    )
    placements = _sql(
        doe,
        "select strftime(month_start, '%Y-%m') as month, province_code, count(*) as placements"
        " from marts.fct_job_placements group by all",
    )
    key = ["month", "province_code"]
    for got, measures in (
        (seekers, ["job_seekers", "job_seekers_insured"]),
        (vacancies, ["vacancies", "vacancy_positions"]),
        (placements, ["placements"]),
    ):
        assert _rows(got, key, measures) == _rows(truth, key, measures), measures
    assert truth.get_column("placements").sum() > 0


def test_work_permits_vs_insured_equals_the_truth(doe: Path):
    truth = _truth(doe, "doe_work_permits_vs_insured.csv")
    mart = _sql(
        doe,
        "select strftime(month_start, '%Y-%m') as month, province_code, nationality_code,"
        " permit_holders, permit_holders_s33_insured, insured_non_thai"
        " from marts.mart_linked__work_permits_vs_insured",
    )
    key = ["month", "province_code", "nationality_code"]
    measures = ["permit_holders", "permit_holders_s33_insured", "insured_non_thai"]
    assert _rows(mart, key, measures) == _rows(truth, key, measures)
    # the linkage found something on both sides: insured holders and insured without a permit
    assert truth.get_column("permit_holders_s33_insured").sum() > 0
    assert truth.filter(pl.col("nationality_code") == "none").height > 0


def test_fct_work_permits_is_the_stock_of_permits_in_force(doe: Path):
    truth = _truth(doe, "doe_work_permits_vs_insured.csv")
    fact = _sql(
        doe,
        "select strftime(month_start, '%Y-%m') as month, count(*) as permits,"
        " count(distinct person_key) as holders, count(*) filter (where holder_s33_insured)"
        " as insured from marts.fct_work_permits group by all order by 1",
    )
    expected = (
        truth.group_by("month")
        .agg(pl.col("permit_holders").sum(), pl.col("permit_holders_s33_insured").sum())
        .sort("month")
    )
    assert fact.get_column("month").to_list() == expected.get_column("month").to_list()
    assert fact.get_column("permits").to_list() == expected.get_column("permit_holders").to_list()
    assert fact.get_column("holders").to_list() == fact.get_column("permits").to_list()
    assert (
        fact.get_column("insured").to_list()
        == expected.get_column("permit_holders_s33_insured").to_list()
    )


def test_benefit_claimants_placed_within_90_days_equals_the_truth(doe: Path):
    truth = _truth(doe, "unemployment_claimants_placed.csv")
    mart = _sql(
        doe,
        "select strftime(month_start, '%Y-%m') as month, province_code, unemployment_claimants,"
        " placed_within_90_days from marts.mart_linked__benefit_claimants_placed",
    )
    key = ["month", "province_code"]
    measures = ["unemployment_claimants", "placed_within_90_days"]
    assert _rows(mart, key, measures) == _rows(truth, key, measures)
    assert truth.get_column("unemployment_claimants").sum() > 0


def test_dim_person_is_one_row_per_pseudonym_without_personal_data(doe: Path):
    dim = _sql(doe, "select * from marts.dim_person")
    assert dim.height == dim.get_column("person_key").n_unique() > 0
    assert set(dim.columns) >= {
        "person_key",
        "sex",
        "birth_year_band",
        "nationality_group",
        "home_province_code",
    }
    assert not {"birth_year", "birth_date", "national_id", "full_name"} & set(dim.columns)
    assert dim.get_column("birth_year_band").drop_nulls().str.contains(r"^\d{4}-\d{4}$").all()
    # every person of the DOE facts and the registry is in it, conformed
    missing = _sql(
        doe,
        "select count(*) as n from (select person_key from marts.fct_job_placements union"
        " select person_key from marts.fct_work_permits union"
        " select person_key from staging.stg_sso_registry__insured) as p"
        " where person_key not in (select person_key from marts.dim_person)",
    ).item()
    assert missing == 0
    # a permit holder's nationality is the permit's, also where the registry knows the person
    linked = _sql(
        doe,
        "select count(*) filter (where d.nationality_group = w.nationality_code) as same,"
        " count(*) as n from (select distinct person_key, nationality_code"
        " from staging.stg_mol_doe__work_permits) as w"
        " join marts.dim_person as d using (person_key)",
    )
    assert linked.get_column("same").item() == linked.get_column("n").item() > 0
    both = dim.filter(pl.col("in_sso_registry") & pl.col("in_doe_work_permits")).height
    assert both > 0
