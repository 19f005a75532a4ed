"""The suites of the KILM indicators and the governance anomalies: their hand-made samples pass
(as frames and as published DuckDB tables), and every expectation in them can fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from quality import WAREHOUSE_SUITES, samples
from quality.pii import national_id_check_digit
from quality.suites import SUITES
from quality.validate import _gx, validate, validate_warehouse_table

KILM = "marts.mart_linked__labour_market_indicators"
ANOMALIES = "marts.mart_governance__anomalies"
SAMPLE: dict[str, Callable[[], pl.DataFrame]] = {
    KILM: samples.labour_market_indicators,
    ANOMALIES: samples.governance_anomalies,
}
ID = "310090012345" + str(national_id_check_digit("310090012345"))

# rows of the KILM sample: 0-8 the kingdom's nine indicators (seed order), 9-17 the first
# province's (TH-10), and so on
LFPR, EPR, UR, NSO, SDG, AGRI_INF, AGRI, IND, SERV = range(9)
P0 = 9


@pytest.fixture(scope="module", autouse=True)
def gx_loaded():
    _gx()


def set_row(df: pl.DataFrame, row: int, **values) -> pl.DataFrame:
    idx = pl.int_range(pl.len()) == row
    return df.with_columns(
        pl.when(idx).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()
    )


def drop_row(df: pl.DataFrame, row: int) -> pl.DataFrame:
    return df.filter(pl.int_range(pl.len()) != row)


def pct(n: int, d: int) -> Decimal:
    return Decimal(n * 100 / d).quantize(Decimal("0.01"))


def with_figures(df: pl.DataFrame, row: int, numerator: int, denominator: int) -> pl.DataFrame:
    """A row with other figures but a value that agrees with them (the ratio check passes)."""
    return set_row(
        df, row, numerator=numerator, denominator=denominator, value_pct=pct(numerator, denominator)
    )


def fig(df: pl.DataFrame, row: int) -> tuple[int, int]:
    return df["numerator"][row], df["denominator"][row]


def unemployed_plus_one(df: pl.DataFrame) -> pl.DataFrame:
    """The province's unemployment numerator +1 (its participation numerator unchanged)."""
    n, d = fig(df, P0 + UR)
    kn, kd = fig(df, UR)
    return with_figures(with_figures(df, P0 + UR, n + 1, d), UR, kn + 1, kd)


def sdg_over_other_employed(df: pl.DataFrame) -> pl.DataFrame:
    """The province's SDG 8.3.1 share over a denominator that is not its employed."""
    n, d = fig(df, P0 + SDG)
    kn, kd = fig(df, SDG)
    return with_figures(with_figures(df, P0 + SDG, n, d + 10), SDG, kn, kd + 10)


def services_plus_ten(df: pl.DataFrame) -> pl.DataFrame:
    n, d = fig(df, P0 + SERV)
    kn, kd = fig(df, SERV)
    return with_figures(with_figures(df, P0 + SERV, n + 10, d), SERV, kn + 10, kd)


def kingdom_off_by_one(df: pl.DataFrame) -> pl.DataFrame:
    n, d = fig(df, AGRI)
    return with_figures(df, AGRI, n + 1, d)


# (suite, mutation, keys expected to fail with severity error)
ERROR_CASES: list[tuple[str, Callable[[pl.DataFrame], pl.DataFrame], set[str]]] = [
    # ---- KILM indicators
    (
        KILM,
        lambda d: set_row(d, P0 + NSO, value_pct=Decimal("140.00")),
        {"value_pct_range", "value_pct_is_ratio"},
    ),
    (KILM, lambda d: set_row(d, P0 + EPR, value_pct=Decimal("12.00")), {"value_pct_is_ratio"}),
    (
        KILM,
        lambda d: d.with_columns(quarter=pl.lit(5, pl.Int32)),
        {"quarter_in_set", "quarter_start_month_matches"},
    ),
    (KILM, lambda d: set_row(d, 0, year_be=2024), {"year_be_is_year_ce_plus_543"}),
    (
        KILM,
        lambda d: d.with_columns(quarter_start_month=pl.lit(dt.date(2024, 2, 1))),
        {"quarter_start_month_matches"},
    ),
    (
        KILM,
        lambda d: d.with_columns(
            area_level=pl.when(pl.col("area_level") == "kingdom")
            .then(pl.lit("country"))
            .otherwise(pl.col("area_level"))
        ),
        {"area_level_in_set", "kingdom_iff_no_province"},
    ),
    (
        KILM,
        lambda d: d.with_columns(
            province_code=pl.when(pl.col("area_level") == "kingdom")
            .then(pl.lit("TH-10"))
            .otherwise(pl.col("province_code"))
        ),
        {"kingdom_iff_no_province"},
    ),
    (
        KILM,
        lambda d: set_row(d, P0 + AGRI, indicator_code="gdp_growth"),
        # (the sector identity cannot be checked without agriculture: the completeness check says)
        {
            "indicator_code_in_seed",
            "all_indicators_per_area_quarter",
            "kingdom_is_sum_of_provinces",
        },
    ),
    (
        KILM,
        lambda d: set_row(d, 0, definition_th="Labour force / employed"),
        {"definition_th_is_thai"},
    ),
    (KILM, lambda d: set_row(d, 0, indicator_name_th="LFPR"), {"indicator_name_th_is_thai"}),
    (KILM, lambda d: set_row(d, 0, definition_en="กำลังแรงงาน"), {"definition_en_is_english"}),
    (KILM, lambda d: set_row(d, 0, indicator_name_en="123"), {"indicator_name_en_is_english"}),
    (KILM, lambda d: set_row(d, 0, definition_th=None), {"definition_th_not_null"}),
    (KILM, lambda d: set_row(d, 0, definition_en=None), {"definition_en_not_null"}),
    (
        KILM,
        lambda d: set_row(d, P0 + UR, numerator=-1, value_pct=Decimal("0.00")),
        {
            "numerator_non_negative",
            "value_pct_is_ratio",
            "labour_force_identity",
            "kingdom_is_sum_of_provinces",
        },
    ),
    (
        KILM,
        lambda d: set_row(d, P0 + AGRI_INF, denominator=0),
        {"denominator_positive", "numerator_within_denominator", "kingdom_is_sum_of_provinces"},
    ),
    (
        KILM,
        lambda d: with_figures(
            d, P0 + AGRI_INF, fig(d, P0 + AGRI_INF)[0], fig(d, P0 + AGRI_INF)[0] - 1
        ),
        {"numerator_within_denominator", "value_pct_range", "kingdom_is_sum_of_provinces"},
    ),
    (KILM, lambda d: pl.concat([d, d.head(1)]), {"grain_unique"}),
    # a province counted twice also doubles its share of the kingdom's sums
    (
        KILM,
        lambda d: pl.concat([d, d.slice(P0, 1)]),
        {"grain_unique", "kingdom_is_sum_of_provinces"},
    ),
    (
        KILM,
        lambda d: drop_row(d, P0 + SDG),
        {
            "all_indicators_per_area_quarter",
            "nso_and_sdg_informality_per_area_quarter",
            "kingdom_is_sum_of_provinces",
        },
    ),
    (KILM, unemployed_plus_one, {"labour_force_identity"}),
    (KILM, sdg_over_other_employed, {"shares_of_the_same_employed"}),
    (KILM, services_plus_ten, {"sectors_add_up_to_employed"}),
    (KILM, kingdom_off_by_one, {"kingdom_is_sum_of_provinces", "sectors_add_up_to_employed"}),
    (
        KILM,
        lambda d: set_row(d, P0, province_code="TH-99"),
        {
            "province_code_known",
            "all_indicators_per_area_quarter",
            "nso_and_sdg_informality_per_area_quarter",
        },
    ),
    (
        KILM,
        lambda d: d.with_columns(province_code=pl.col("province_code").str.replace("TH-", "")),
        {"province_code_format", "province_code_known"},
    ),
    # ---- governance anomalies (rows: 0 paid after death, 1-2 duplicates, 3 contribution
    # line, 4 claim outside insurance, 5 unemployment without a Section-33 end)
    (
        ANOMALIES,
        lambda d: set_row(d, 4, anomaly_kind="ghost_claim"),
        {"anomaly_kind_in_seed", "anomaly_key_is_kind_and_case", "names_and_order_of_the_kind"},
    ),
    (ANOMALIES, lambda d: pl.concat([d, d.head(1)]), {"anomaly_key_unique", "case_unique"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 2, anomaly_key=d["anomaly_key"][1]),
        {"anomaly_key_unique", "anomaly_key_is_kind_and_case"},
    ),
    (ANOMALIES, lambda d: set_row(d, 2, source_line=1744), {"case_unique"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, person_key=ID),
        {"person_key_format", "no_national_id"},
    ),
    (ANOMALIES, lambda d: set_row(d, 0, person_key=None), {"person_key_not_null"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, anomaly_key="paid_after_death:CLM-256702-0000225"),
        {"anomaly_key_is_kind_and_case"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 1, anomaly_name_en="Duplicate"),
        {"names_and_order_of_the_kind"},
    ),
    (ANOMALIES, lambda d: set_row(d, 5, anomaly_sort_order=1), {"names_and_order_of_the_kind"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, anomaly_month=dt.date(2024, 3, 1)),
        {"anomaly_month_of_event_date"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 4, related_claim_id="CLM-256702-0000001"),
        {"columns_fit_the_kind"},
    ),
    (ANOMALIES, lambda d: set_row(d, 3, establishment_key=None), {"columns_fit_the_kind"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, related_claim_id="CLM-256702-0001733"),
        {"columns_fit_the_kind"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 5, benefit_type_code="01"),
        {"benefit_type_fits_the_rule"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 3, benefit_type_code="01"),
        {"benefit_type_fits_the_rule"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, benefit_type_code="99"),
        {"benefit_type_fits_the_rule"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(
            d, 0, reason_en="Dated 2024-02-05, after death claim CLM-256702-0000225 (2024-02-05)"
        ),
        {"paid_after_the_death_date"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 0, reason_en="Dated 2024-02-05, after a death claim"),
        {"paid_after_the_death_date"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 1, related_claim_id="CLM-256702-0009999"),
        {"duplicate_repeats_an_earlier_claim"},
    ),
    (
        ANOMALIES,
        lambda d: set_row(d, 3, establishment_key="1000000001"),
        {"establishment_key_format"},
    ),
    (ANOMALIES, lambda d: set_row(d, 4, province_code="TH-99"), {"province_code_known"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 4, province_code="TH-1"),
        {"province_code_format", "province_code_known"},
    ),
    (ANOMALIES, lambda d: set_row(d, 5, amount=Decimal("-1.00")), {"amount_non_negative"}),
    (ANOMALIES, lambda d: set_row(d, 0, source_line=0), {"source_line_positive"}),
    (
        ANOMALIES,
        lambda d: set_row(d, 3, reason_th=f"เลขประจำตัว {ID}"),
        {"no_national_id"},
    ),
]


@pytest.mark.parametrize("suite", [KILM, ANOMALIES])
@pytest.mark.parametrize("flavour", ["polars", "pandas"])
def test_sample_passes(suite, flavour):
    df = SAMPLE[suite]()
    result = validate(df if flavour == "polars" else df.to_pandas(), suite)
    assert result.success, result.summary()
    assert not result.warnings, result.summary()
    assert result.rows_checked == len(df)


@pytest.mark.parametrize(
    ("suite", "mutate", "expected"),
    ERROR_CASES,
    ids=[f"{s.split('__')[-1]}-{'+'.join(sorted(k))}" for s, _, k in ERROR_CASES],
)
def test_each_expectation_can_fail(suite, mutate, expected):
    result = validate(mutate(SAMPLE[suite]()), suite)
    assert not result.success
    assert {r.key for r in result.failures} == expected, result.summary()


def test_every_error_check_is_exercised():
    """Each error-severity check of the two suites fails in some case above (not-null checks
    are all the same expectation: two are sampled)."""
    covered = {(s, k) for s, _, keys in ERROR_CASES for k in keys}
    missing = [
        (name, c.key)
        for name in (KILM, ANOMALIES)
        for c in SUITES[name].checks(SUITES[name].defaults)
        if c.severity == "error"
        and not c.key.endswith("_not_null")
        and (name, c.key) not in covered
    ]
    assert not missing


def test_nso_informality_may_be_null_with_a_warning():
    """A quarter without LFS table 1 has no NSO informal figures: reported, not blocking."""
    df = samples.labour_market_indicators()
    nso = pl.col("indicator_code").is_in(
        ["informal_employment_share_nso", "informal_in_agriculture_share_nso"]
    )
    no_table_1 = df.with_columns(
        numerator=pl.when(nso & (pl.col("indicator_code") == "informal_employment_share_nso"))
        .then(None)
        .otherwise(pl.col("numerator")),
        denominator=pl.when(pl.col("indicator_code") == "informal_in_agriculture_share_nso")
        .then(None)
        .otherwise(pl.col("denominator")),
        value_pct=pl.when(nso).then(None).otherwise(pl.col("value_pct")),
    )
    result = validate(no_table_1, KILM)
    assert result.success, result.summary()
    assert {w.key for w in result.warnings} == {
        "numerator_not_null",
        "denominator_not_null",
        "value_pct_not_null",
    }


def test_a_missing_province_is_a_warning_and_breaks_the_kingdom_sums():
    df = samples.labour_market_indicators().filter(pl.col("province_code").ne_missing("TH-10"))
    result = validate(df, KILM)
    assert {w.key for w in result.warnings} == {"77_provinces_per_quarter_indicator"}
    assert {r.key for r in result.failures} == {"kingdom_is_sum_of_provinces"}


def write_marts(path: Path, **tables: pl.DataFrame) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        for name, df in tables.items():
            con.register("frame", df.to_arrow())
            con.execute(f"create table marts.{name} as select * from frame")
            con.unregister("frame")
    finally:
        con.close()
    return path


def test_published_tables_validate_in_duckdb(tmp_path):
    """As the warehouse check runs them: read back from a DuckDB file, each by its own suite."""
    good = write_marts(
        tmp_path / "good.duckdb",
        mart_linked__labour_market_indicators=samples.labour_market_indicators(),
        mart_governance__anomalies=samples.governance_anomalies(),
    )
    for table in (KILM, ANOMALIES):
        assert table in WAREHOUSE_SUITES  # no longer the "pii" fallback
        result = validate_warehouse_table(good, table)
        assert result.suite == table
        assert result.success, result.summary()

    bad = write_marts(
        tmp_path / "bad.duckdb",
        mart_linked__labour_market_indicators=set_row(
            samples.labour_market_indicators(), P0, value_pct=Decimal("140.00")
        ),
        mart_governance__anomalies=set_row(samples.governance_anomalies(), 2, person_key=ID),
    )
    kilm = validate_warehouse_table(bad, KILM)
    assert {r.key for r in kilm.failures} == {"value_pct_range", "value_pct_is_ratio"}
    anomalies = validate_warehouse_table(bad, ANOMALIES)
    assert {r.key for r in anomalies.failures} == {"person_key_format", "no_national_id"}
    assert ID not in anomalies.summary()  # the examples mask the ID
