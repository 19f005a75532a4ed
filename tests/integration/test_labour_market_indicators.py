"""The ILO Key Indicators of the Labour Market (Guideline 6) after a real small run equal the
simulator's truth: every indicator's numerator, denominator and value for the kingdom and each
province and quarter (ingestion/simulator/nso_lfs_status.py computes them from the figures it
wrote, in Python). Also: LFS table 2 agrees with table 1 (the same labour force), and every row
carries its definition in Thai and English."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

pytestmark = pytest.mark.integration

TRUTH = "sources/_truth/labour_market_indicators_by_quarter.csv"
MART = "marts.mart_linked__labour_market_indicators"
KEY = ["year", "quarter", "province_code", "indicator_code"]


def _sql(warehouse: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql).pl()


def check_mart_equals_truth(data: Path, warehouse: Path) -> None:
    truth = pl.read_csv(data / TRUTH, schema_overrides={"province_code": pl.String})
    assert truth.height > 0 and truth["province_code"].null_count() > 0, "no kingdom rows"
    mart = _sql(
        warehouse,
        "select cast(year_ce as bigint) as year, cast(quarter as bigint) as quarter, "
        "province_code, indicator_code, numerator, denominator, "
        f"cast(value_pct as double) as value_pct from {MART}",
    )
    mart = mart.select(truth.columns).sort(KEY, nulls_last=True)
    truth = truth.cast(dict(mart.schema)).sort(KEY, nulls_last=True)
    assert mart.equals(truth), "the mart differs from the truth:\n" + str(
        pl.concat([mart.with_columns(_in=pl.lit("mart")), truth.with_columns(_in=pl.lit("truth"))])
        .unique(subset=truth.columns, keep="none")
        .sort(KEY, nulls_last=True)
        .head(20)
    )
    quarters = truth.select("year", "quarter").unique().height
    assert mart.height == quarters * 78 * 9  # kingdom + 77 provinces, 9 indicators


def check_industry_mart_equals_truth(data: Path, warehouse: Path) -> None:
    """Employment by TSIC section (table 3) for the kingdom and each province equals the
    truth, and each area's sections add up to table 2's employed."""
    truth = pl.read_csv(
        data / "sources/_truth/employment_by_industry_by_quarter.csv",
        schema_overrides={"province_code": pl.String},
    )
    assert truth.height > 0
    mart = _sql(
        warehouse,
        "select cast(year_ce as bigint) as year, cast(quarter as bigint) as quarter, "
        "province_code, tsic_section_code as section_code, employed, employed_all_sections, "
        "cast(share_pct as double) as share_pct "
        "from marts.mart_linked__employment_by_industry",
    )
    key = ["year", "quarter", "province_code", "section_code"]
    mart = mart.select(truth.columns).sort(key, nulls_last=True)
    truth = truth.cast(dict(mart.schema)).sort(key, nulls_last=True)
    assert mart.equals(truth), "employment by industry differs from the truth:\n" + str(
        pl.concat([mart.with_columns(_in=pl.lit("mart")), truth.with_columns(_in=pl.lit("truth"))])
        .unique(subset=truth.columns, keep="none")
        .sort(key, nulls_last=True)
        .head(20)
    )
    employed = _sql(
        warehouse,
        "select cast(year_ce as bigint) as year, cast(quarter as bigint) as quarter, "
        "province_code, denominator as employed from "
        f"{MART} where indicator_code = 'employment_share_agriculture'",
    )
    per_area = mart.group_by("year", "quarter", "province_code").agg(pl.col("employed").sum())
    joined = per_area.join(
        employed, on=["year", "quarter", "province_code"], nulls_equal=True, validate="1:1"
    )
    assert joined.height == per_area.height
    assert (joined["employed"] == joined["employed_right"]).all()


def check_tables_agree(data: Path, warehouse: Path) -> None:
    """Table 2's employed + unemployed + seasonally inactive = table 1's total labour force, and
    NSO's informal workforce (table 1) fits within table 2's employed, province by province."""
    rows = _sql(
        warehouse,
        "select s.province_code, s.employed + s.unemployed + s.seasonally_inactive as lf2, "
        "f.labour_force as lf1, f.informal_workforce, s.employed "
        "from staging.stg_nso_lfs__labour_status s join staging.stg_nso_lfs__labour_force f "
        "using (year_ce, quarter, province_code)",
    )
    assert rows.height > 0 and rows.height % 77 == 0
    assert (rows["lf1"] == rows["lf2"]).all()
    assert (rows["informal_workforce"] <= rows["employed"]).all()


def check_definitions(data: Path, warehouse: Path) -> None:
    rows = _sql(
        warehouse,
        "select indicator_code, definition_th, definition_en, indicator_name_th, "
        f"indicator_name_en, area_name_th, value_pct from {MART}",
    )
    for col in ("definition_th", "definition_en", "indicator_name_th", "area_name_th"):
        assert rows[col].null_count() == 0, col
    # Thai text where Thai is promised
    assert rows["definition_th"].str.contains(r"[\u0E00-\u0E7F]").all()
    assert (
        rows.filter(pl.col("indicator_code") == "informal_employment_share_sdg_8_3_1")[
            "definition_en"
        ]
        .str.contains("8.3.1")
        .all()
    )


def check_lake_rows(data: Path, warehouse: Path) -> None:
    """Every delivered table-2 workbook landed whole: 77 province rows each."""
    files = sorted((data / "sources/nso_lfs").glob("status_*_q*.xlsx"))
    assert files
    lake = pl.read_parquet(data / "lake/raw/nso_lfs/labour_status/*/*.parquet")
    per_file = lake.group_by("_source_file").len()
    assert sorted(per_file["_source_file"]) == [f"nso_lfs/{f.name}" for f in files]
    assert (per_file["len"] == 77).all()


@pytest.mark.parametrize(
    "check",
    [
        check_mart_equals_truth,
        check_industry_mart_equals_truth,
        check_tables_agree,
        check_definitions,
        check_lake_rows,
    ],
)
def test_labour_market_indicators(small_pipeline: Path, check) -> None:
    check(small_pipeline, small_pipeline / "warehouse/labour.duckdb")
