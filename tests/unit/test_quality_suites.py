"""Every suite passes its valid sample and every expectation in it can really fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import polars as pl
import pytest

from quality import samples
from quality.pii import national_id_check_digit
from quality.suites import SUITES
from quality.validate import _gx, validate

ID = "110170020345" + str(national_id_check_digit("110170020345"))

SAMPLES: dict[str, Callable[[], pl.DataFrame]] = {
    "sso_registry.insured": samples.insured,
    "sso_registry.employers": samples.employers,
    "sso_efiling.contributions": samples.contributions,
    "nso_lfs.labour_force": samples.labour_force,
    "marts.dim_province": samples.dim_province,
    "marts.fct_insured_monthly": samples.fct_insured_monthly,
    "marts.mart_coverage__province_monthly": samples.coverage_province_monthly,
    "marts.dim_person": samples.dim_person,
    "marts.fct_work_permits": samples.fct_work_permits,
    "marts.mart_linked__labour_market_indicators": samples.labour_market_indicators,
    "marts.mart_governance__anomalies": samples.governance_anomalies,
    "pii": samples.employers,
}


@pytest.fixture(scope="module", autouse=True)
def gx_loaded():
    _gx()  # import GX and build the ephemeral context once for the whole session


def set_row(df: pl.DataFrame, row: int, **values) -> pl.DataFrame:
    idx = pl.int_range(pl.len()) == row
    return df.with_columns(
        pl.when(idx).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()
    )


def dup_first(df: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([df, df.head(1)])


@pytest.mark.parametrize("suite", sorted(SUITES))
@pytest.mark.parametrize("flavour", ["polars", "pandas"])
def test_valid_sample_passes(suite, flavour):
    df = SAMPLES[suite]()
    result = validate(df if flavour == "polars" else df.to_pandas(), suite)
    assert result.success, result.summary()
    assert not result.warnings, result.summary()
    assert result.rows_checked == len(df)
    assert any(r.key == "no_national_id" for r in result.results)


# (suite, mutation, keys expected to fail with severity error)
ERROR_CASES: list[tuple[str, Callable[[pl.DataFrame], pl.DataFrame], set[str]]] = [
    # ---- insured
    ("sso_registry.insured", lambda d: set_row(d, 0, person_key="ABC"), {"person_key_format"}),
    ("sso_registry.insured", lambda d: set_row(d, 0, person_key=None), {"person_key_not_null"}),
    ("sso_registry.insured", lambda d: set_row(d, 1, sex="X"), {"sex_in_set"}),
    ("sso_registry.insured", lambda d: set_row(d, 2, section=34), {"section_in_set"}),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 0, province_code="TH-1"),
        {"province_code_format", "province_code_known"},
    ),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 0, province_code="TH-99"),
        {"province_code_known"},
    ),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 1, end_date=dt.date(2022, 12, 31)),
        {"end_not_before_start"},
    ),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 0, employer_account=None),
        {"employer_account_for_s33"},
    ),
    ("sso_registry.insured", lambda d: set_row(d, 0, branch=None), {"branch_for_s33"}),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 2, employer_account="1000000001"),
        {"no_employer_for_s39_s40"},
    ),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 0, employer_account="12345"),
        {"employer_account_format"},
    ),
    ("sso_registry.insured", lambda d: set_row(d, 0, branch="1"), {"branch_format"}),
    ("sso_registry.insured", dup_first, {"spell_unique"}),
    ("sso_registry.insured", lambda d: set_row(d, 0, _source_line=0), {"_source_line_positive"}),
    ("sso_registry.insured", lambda d: set_row(d, 0, _load_id=None), {"_load_id_not_null"}),
    (
        "sso_registry.insured",
        lambda d: set_row(d, 3, _source_file=f"sso_registry/insured/{ID}.csv"),
        {"no_national_id"},
    ),
    ("sso_registry.insured", lambda d: d.drop("sex"), {"sex_not_null", "sex_in_set"}),
    # ---- employers
    ("sso_registry.employers", lambda d: set_row(d, 0, tsic_code="1071"), {"tsic_code_format"}),
    ("sso_registry.employers", lambda d: set_row(d, 0, size_band="2-3"), {"size_band_in_set"}),
    ("sso_registry.employers", dup_first, {"branch_unique"}),
    (
        "sso_registry.employers",
        lambda d: set_row(d, 0, registered_on=None),
        {"registered_on_not_null"},
    ),
    (
        "sso_registry.employers",
        lambda d: set_row(d, 1, establishment_name=f"ร้าน เจ้าของ {ID}"),
        {"no_national_id"},
    ),
    # ---- contributions
    (
        "sso_efiling.contributions",
        lambda d: set_row(d, 1, wage=Decimal("1600.00"), employee_contribution=Decimal("80.00")),
        {"wage_at_least_floor"},
    ),
    (
        "sso_efiling.contributions",
        lambda d: set_row(d, 0, wage=Decimal("15000.01")),
        {"wage_at_most_ceiling"},
    ),
    (
        "sso_efiling.contributions",
        lambda d: set_row(d, 1, employee_contribution=Decimal("82.00")),  # 82.50 rounded down
        {"employee_contribution_is_wage_x_rate"},
    ),
    (
        "sso_efiling.contributions",
        lambda d: set_row(d, 0, employee_contribution=Decimal("750.01")),
        {"employee_contribution_is_wage_x_rate"},
    ),
    (
        "sso_efiling.contributions",
        lambda d: d.with_columns(contribution_rate=pl.lit(Decimal("0.05"), pl.Decimal(5, 2))),
        {"contribution_rate_range", "employee_contribution_is_wage_x_rate"},
    ),
    ("sso_efiling.contributions", dup_first, {"line_unique"}),
    ("sso_efiling.contributions", lambda d: set_row(d, 0, branch="00000"), {"branch_format"}),
    # ---- labour force
    (
        "nso_lfs.labour_force",
        lambda d: set_row(d, 5, informal_workforce=10_000_000),
        {"labour_force_at_least_informal"},
    ),
    (
        "nso_lfs.labour_force",
        lambda d: set_row(d, 5, informal_workforce=-1),
        {"informal_workforce_non_negative"},
    ),
    ("nso_lfs.labour_force", lambda d: d.slice(1), {"77_provinces_per_quarter"}),
    ("nso_lfs.labour_force", dup_first, {"province_quarter_unique"}),
    (
        "nso_lfs.labour_force",
        lambda d: set_row(d, 0, quarter=5),
        {"quarter_in_set", "77_provinces_per_quarter"},
    ),
    (
        "nso_lfs.labour_force",
        lambda d: set_row(d, 0, year=1999),
        {"year_range", "77_provinces_per_quarter"},
    ),
    # ---- marts
    (
        "marts.dim_province",
        lambda d: d.slice(1),
        {"row_count_77", "province_codes_are_the_77"},
    ),
    (
        "marts.dim_province",
        lambda d: set_row(d, 0, province_code="TH-S"),
        {"province_code_format", "province_codes_are_the_77"},
    ),
    (
        "marts.dim_province",
        lambda d: set_row(d, 0, province_code="TH-11"),
        {"province_code_unique", "province_codes_are_the_77"},
    ),
    ("marts.dim_province", lambda d: set_row(d, 0, province_name_th=None), {"name_th_not_null"}),
    (
        "marts.fct_insured_monthly",
        lambda d: set_row(d, 0, month_start=dt.date(2024, 1, 15)),
        {"month_start_is_first_day"},
    ),
    ("marts.fct_insured_monthly", lambda d: set_row(d, 1, section=41), {"section_in_set"}),
    (
        "marts.fct_insured_monthly",
        lambda d: set_row(d, 0, insured_persons=-1),
        {"insured_persons_non_negative"},
    ),
    ("marts.fct_insured_monthly", dup_first, {"grain_unique"}),
    (
        "marts.fct_insured_monthly",
        lambda d: set_row(d, 0, active_spells=1),
        {"spells_at_least_persons"},
    ),
    (
        "marts.fct_insured_monthly",
        lambda d: set_row(d, 0, establishment_key=None),
        {"establishment_key_for_s33"},
    ),
    (
        "marts.fct_insured_monthly",
        lambda d: set_row(d, 1, establishment_key="1000000001-000000"),
        {"no_establishment_for_s39_s40"},
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 0, insured_per_1000_workforce=999.0),
        {"coverage_workforce_is_ratio"},
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 0, insured_per_1000_workforce=-1.0),
        {"coverage_workforce_non_negative", "coverage_workforce_is_ratio"},
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 1, insured_per_1000_informal_workforce=-1.0),
        {"coverage_informal_non_negative"},
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 0, informal_workforce=10_000_000),
        {"labour_force_at_least_informal"},
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 0, province_code="TH-99"),
        {"province_code_known"},
    ),
    ("marts.mart_coverage__province_monthly", dup_first, {"grain_unique"}),
    ("pii", lambda d: set_row(d, 0, establishment_name=f"x {ID} y"), {"no_national_id"}),
    # ---- dim_person, fct_work_permits (issue 9)
    ("marts.dim_person", dup_first, {"person_key_unique"}),
    (
        "marts.dim_person",
        lambda d: set_row(d, 0, birth_year_band="1985-03-14"),
        {"birth_year_band_format"},
    ),
    (
        "marts.dim_person",
        lambda d: set_row(d, 1, nationality_group="thai-ish"),
        {"nationality_group_in_set"},
    ),
    (
        "marts.dim_person",
        lambda d: set_row(d, 3, in_dsd_training=False),
        {"held_by_some_source"},
    ),
    (
        "marts.dim_person",
        lambda d: set_row(d, 0, home_province_code="TH-99"),
        {"home_province_code_known"},
    ),
    (
        "marts.dim_person",
        lambda d: set_row(d, 0, home_province_code="10"),
        {"home_province_code_format", "home_province_code_known"},
    ),
    ("marts.fct_work_permits", dup_first, {"grain_unique"}),
    (
        "marts.fct_work_permits",
        lambda d: set_row(d, 0, nationality_code="thai"),
        {"nationality_code_in_set"},
    ),
    (
        "marts.fct_work_permits",
        lambda d: set_row(d, 0, permit_type="tourist"),
        {"permit_type_in_set"},
    ),
    (
        "marts.fct_work_permits",
        lambda d: set_row(d, 1, expiry_date=dt.date(2023, 8, 31)),
        {"expiry_not_before_issue"},
    ),
    (
        "marts.fct_work_permits",
        lambda d: set_row(d, 2, issue_date=dt.date(2024, 2, 1)),
        {"issued_by_month_end"},
    ),
]


@pytest.mark.parametrize(
    ("suite", "mutate", "expected"),
    ERROR_CASES,
    ids=[f"{s}-{'+'.join(sorted(k))}" for s, _, k in ERROR_CASES],
)
def test_each_expectation_can_fail(suite, mutate, expected):
    result = validate(mutate(SAMPLES[suite]()), suite)
    assert not result.success
    assert {r.key for r in result.failures} == expected, result.summary()


# Checks several suites share: one mutation each, applied to every suite that has the check
# (other checks may fail along with it; the named one must).
SHARED: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "employer_account_format": lambda d: set_row(d, 0, employer_account="12345678"),
    "branch_format": lambda d: set_row(d, 0, branch="0000001"),
    "province_code_format": lambda d: set_row(d, 0, province_code="TH-100"),
    "province_code_known": lambda d: set_row(d, 0, province_code="TH-28"),
    "_source_line_positive": lambda d: set_row(d, 0, _source_line=-3),
    "person_key_format": lambda d: d.with_columns(person_key=pl.lit("0" * 26)),
    "sex_in_set": lambda d: set_row(d, 0, sex="m"),
    "section_in_set": lambda d: set_row(d, 0, section=0),
    "month_start_is_first_day": lambda d: set_row(d, 0, month_start=dt.date(2024, 1, 31)),
    "insured_persons_non_negative": lambda d: set_row(d, 0, insured_persons=-5),
    "informal_workforce_non_negative": lambda d: set_row(d, 0, informal_workforce=-5),
    "name_th_unique": lambda d: set_row(d, 1, province_name_th="จังหวัด TH-10"),
}
SHARED_CASES = [
    (name, key)
    for name, suite in SUITES.items()
    for key in SHARED
    if key in {c.key for c in suite.checks(suite.defaults)}
]


@pytest.mark.parametrize(("suite", "key"), SHARED_CASES)
def test_shared_checks_can_fail_in_every_suite(suite, key):
    result = validate(SHARED[key](SAMPLES[suite]()), suite)
    assert key in {r.key for r in result.failures}, result.summary()


def test_every_error_check_is_exercised():
    """Each error-severity check of each suite appears in some failing case above (or in the
    parameter-driven tests below)."""
    from tests.unit.test_suites_linked_governance import ERROR_CASES as LINKED_GOVERNANCE

    covered = {(s, k) for s, _, keys in ERROR_CASES + LINKED_GOVERNANCE for k in keys}
    covered |= set(SHARED_CASES) | {
        ("sso_efiling.contributions", "wage_month_is_partition"),
        ("nso_lfs.labour_force", "quarter_is_partition"),
    }
    from quality.suites import HAND_WRITTEN

    missing = []
    # the hand-written suites: those built from a spec are tested with their spec (and other
    # tests register them in SUITES as they load the definitions)
    for name in HAND_WRITTEN:
        suite = SUITES[name]
        params = {**suite.defaults}
        if "partition_month" in params:
            params["partition_month"] = "2024-01"
        for check in suite.checks(params):
            if check.severity != "error" or check.key.endswith("_not_null"):
                continue  # not-null checks are all the same expectation, sampled above
            if (name, check.key) not in covered:
                missing.append((name, check.key))
    assert not missing


WARN_CASES = [
    ("sso_registry.insured", lambda d: set_row(d, 0, birth_year=1800), "birth_year_plausible"),
    (
        "sso_efiling.contributions",
        lambda d: d.with_columns(payment_date=pl.lit(dt.date(2023, 12, 31))),
        "payment_not_before_wage_month",
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: set_row(d, 1, insured_per_1000_informal_workforce=None),
        "coverage_informal_for_s39_s40",
    ),
    (
        "marts.mart_coverage__province_monthly",
        lambda d: d.filter(pl.col("province_code") != "TH-10"),
        "77_provinces_per_month_section",
    ),
]


@pytest.mark.parametrize(("suite", "mutate", "key"), WARN_CASES)
def test_warnings_are_reported_but_do_not_fail(suite, mutate, key):
    result = validate(mutate(SAMPLES[suite]()), suite)
    assert result.success, result.summary()
    assert [w.key for w in result.warnings] == [key]
    assert "⚠️" in result.summary()


def test_section_33_informal_coverage_may_be_null():
    df = samples.coverage_province_monthly()
    assert (
        df.filter(pl.col("section") == 33)["insured_per_1000_informal_workforce"].null_count() > 0
    )
    assert validate(df, "marts.mart_coverage__province_monthly").success


def test_wage_ceiling_follows_the_wage_month_or_a_parameter():
    def wage_17500(month):
        d = samples.contributions(wage_month=month)
        return set_row(d, 0, wage=Decimal("17500.00"), employee_contribution=Decimal("875.00"))

    suite = "sso_efiling.contributions"
    assert {r.key for r in validate(wage_17500(dt.date(2025, 12, 1)), suite).failures} == {
        "wage_at_most_ceiling"
    }
    assert validate(wage_17500(dt.date(2026, 1, 1)), suite).success
    assert validate(wage_17500(dt.date(2025, 12, 1)), suite, {"wage_ceiling": 17500}).success
    over = set_row(
        wage_17500(dt.date(2026, 1, 1)), 0, wage=Decimal("17500.50"),
        employee_contribution=Decimal("876.00"),
    )  # fmt: skip
    assert not validate(over, suite).success


def test_partition_month_parameters():
    contributions = samples.contributions(wage_month=dt.date(2024, 1, 1))
    suite = "sso_efiling.contributions"
    assert validate(contributions, suite, {"partition_month": "2024-01"}).success
    bad = validate(contributions, suite, {"partition_month": "2024-02"})
    assert {r.key for r in bad.failures} == {"wage_month_is_partition"}

    lfs = samples.labour_force(2024, 2)
    assert validate(lfs, "nso_lfs.labour_force", {"partition_month": "2024-04"}).success
    bad = validate(lfs, "nso_lfs.labour_force", {"partition_month": "2024-01"})
    assert {r.key for r in bad.failures} == {"quarter_is_partition"}


def test_alternative_column_names_are_accepted():
    df = samples.coverage_province_monthly().rename(
        {"insured_per_1000_workforce": "coverage_per_1000_workforce", "month_start": "month"}
    )
    assert validate(df, "marts.mart_coverage__province_monthly").success
    dim = samples.dim_province().drop("province_name_en")  # optional column absent: skipped
    result = validate(dim, "marts.dim_province")
    assert result.success
    assert "name_en_not_null" not in {r.key for r in result.results}
