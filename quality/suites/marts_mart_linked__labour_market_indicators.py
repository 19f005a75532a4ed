"""Warehouse table `marts.mart_linked__labour_market_indicators`: ILO Key Indicators of the
Labour Market from the NSO Labour Force Survey, one row per quarter x area (the kingdom, each
province) x indicator, with numerator, denominator, value in percent and the written definition
in Thai and English (seed `ref_kilm_definitions`, the one home of the indicator list).

Beyond keys and ranges, the checks hold the rows of one quarter and area to each other, because
the mart carries every component of the labour-force identity: participation's numerator
(employed + unemployed) is the unemployment rate's denominator and the employment ratio's
numerator plus the unemployed; every share "of the employed" has the same denominator; the three
sectors add up to the employed; and the kingdom's figures are the sums of the 77 provinces'.
"""

from __future__ import annotations

import csv
import functools
from typing import TYPE_CHECKING

from ingestion.landing.paths import REPO_ROOT
from ingestion.thai.dates import BE_OFFSET

from ._spec import Check, Columns, Params, Suite, as_date_series, not_null, province_checks

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    c: (c,)
    for c in (
        "year_ce",
        "year_be",
        "quarter",
        "quarter_start_month",
        "area_level",
        "province_code",
        "area_name_th",
        "area_name_en",
        "indicator_code",
        "indicator_group",
        "indicator_name_th",
        "indicator_name_en",
        "numerator",
        "denominator",
        "value_pct",
        "definition_th",
        "definition_en",
        "definition_reference",
        "indicator_order",
    )
}
KILM_SEED = REPO_ROOT / "dbt_project" / "seeds" / "ref_kilm_definitions.csv"
AREA_LEVELS = ("kingdom", "province")
# the two measures of informality the dashboards set side by side (DOMAIN.md: they differ)
INFORMALITY_PAIR = ("informal_employment_share_nso", "informal_employment_share_sdg_8_3_1")
# indicators whose denominator is the employed (the employment ratio's numerator)
SHARES_OF_EMPLOYED = (
    *INFORMALITY_PAIR,
    "employment_share_agriculture",
    "employment_share_industry",
    "employment_share_services",
)
SECTORS = ("employment_share_agriculture", "employment_share_industry", "employment_share_services")
# tolerance on the recomputed percentage: the model rounds to hundredths (decimal(7, 2)), so
# half a hundredth, and a little for floating point
DEFAULTS = {"value_tolerance": 0.0051}

THAI_TEXT = r"[\u0E00-\u0E7F]"  # holds Thai script
ENGLISH_TEXT = r"^[^\u0E00-\u0E7F]*[A-Za-z][^\u0E00-\u0E7F]*$"  # Latin letters, no Thai

GRAIN = ["year_ce", "quarter", "area_level", "province_code", "indicator_code"]
AREA_QUARTER = ["year_ce", "quarter", "area_level", "province_code"]

YEAR_BE_OK = "_dq_year_be_is_year_ce_plus_543"
QUARTER_START_OK = "_dq_quarter_start_month_matches_quarter"
AREA_LEVEL_OK = "_dq_kingdom_iff_no_province"
VALUE_ERROR = "_dq_value_pct_error"
INDICATORS_IN_AREA = "_dq_indicators_in_area_quarter"
INFORMALITY_IN_AREA = "_dq_informality_measures_in_area_quarter"
LABOUR_FORCE_OK = "_dq_labour_force_identity"
EMPLOYED_OK = "_dq_shares_of_the_same_employed"
SECTORS_OK = "_dq_sectors_add_up_to_employed"
KINGDOM_SUM_OK = "_dq_kingdom_is_sum_of_provinces"
PROVINCES_IN_QUARTER = "_dq_provinces_in_quarter_indicator"


@functools.cache
def kilm_codes() -> tuple[str, ...]:
    """The indicator codes of the seed, in display order."""
    with KILM_SEED.open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["sort_order"]))
    return tuple(r["indicator_code"] for r in rows)


def _num(s: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(s.astype(object), errors="coerce").astype("float64")


def _area_key(df: pd.DataFrame, c: Columns) -> pd.Series:
    """One string per quarter and area (the kingdom has no province code)."""
    parts = [df[c[k]].astype(object).where(df[c[k]].notna(), "") for k in AREA_QUARTER]
    return parts[0].astype(str).str.cat([p.astype(str) for p in parts[1:]], sep="|")


def _identities(df: pd.DataFrame, c: Columns) -> dict[str, pd.Series]:
    """The labour-force identities of each quarter and area, as True/False on all its rows
    (null where a component is missing: the completeness check reports that)."""
    import pandas as pd

    key = _area_key(df, c)
    frame = pd.DataFrame(
        {
            "key": key,
            "code": df[c["indicator_code"]].astype(object),
            "num": _num(df[c["numerator"]]),
            "den": _num(df[c["denominator"]]),
        }
    ).drop_duplicates(["key", "code"])
    num = frame.pivot(index="key", columns="code", values="num")
    den = frame.pivot(index="key", columns="code", values="den")

    def col(t: pd.DataFrame, code: str) -> pd.Series:
        return t[code] if code in t else pd.Series(float("nan"), index=t.index)

    lf = col(num, "labour_force_participation_rate")
    employed = col(num, "employment_to_population_ratio")
    unemployed = col(num, "unemployment_rate")
    lf_ok = (lf == employed + unemployed) & (col(den, "unemployment_rate") == lf)
    lf_ok &= col(den, "labour_force_participation_rate") == col(
        den, "employment_to_population_ratio"
    )
    known = lf.notna() & employed.notna() & unemployed.notna()
    employed_ok = pd.Series(True, index=num.index)
    for code in SHARES_OF_EMPLOYED:
        d = col(den, code)
        employed_ok &= d.isna() | (d == employed)  # the NSO share may lack table 1
    sectors = sum(col(num, s) for s in SECTORS)
    out = {
        LABOUR_FORCE_OK: lf_ok.where(known),
        EMPLOYED_OK: employed_ok.where(employed.notna()),
        SECTORS_OK: (sectors == employed).where(sectors.notna() & employed.notna()),
    }
    return {name: key.map(s.astype(object)) for name, s in out.items()}


def _kingdom_sums(df: pd.DataFrame, c: Columns) -> pd.Series:
    """Kingdom rows: numerator and denominator equal the provinces' sums (null on province
    rows, and where a province lacks the figure: the model then publishes no kingdom sum)."""
    import pandas as pd

    level = df[c["area_level"]]
    grp = [c["year_ce"], c["quarter"], c["indicator_code"]]
    figures = {k: _num(df[c[k]]) for k in ("numerator", "denominator")}
    prov = df.assign(**{f"_{k}": v for k, v in figures.items()})[level == "province"]
    sums = prov.groupby(grp, dropna=False).agg(
        n=("_numerator", "sum"),
        d=("_denominator", "sum"),
        n_missing=("_numerator", lambda s: s.isna().any()),
        d_missing=("_denominator", lambda s: s.isna().any()),
    )
    kingdom = df[level == "kingdom"][grp].join(sums, on=grp)
    ok = pd.Series(True, index=kingdom.index)
    for k, sum_col, missing in (("numerator", "n", "n_missing"), ("denominator", "d", "d_missing")):
        fig = figures[k][kingdom.index]
        ok &= kingdom[missing].fillna(False).astype(bool) | (fig == kingdom[sum_col])
    return ok.astype(object).reindex(df.index)


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    if not set(c[k] for k in GRAIN) | {c["numerator"], c["denominator"]} <= set(df.columns):
        return df  # the missing-column failures say what is wrong
    year, quarter = _num(df[c["year_ce"]]), _num(df[c["quarter"]])
    out: dict[str, pd.Series] = {}
    if c["year_be"] in df:
        out[YEAR_BE_OK] = (_num(df[c["year_be"]]) == year + BE_OFFSET).astype(bool)
    if c["quarter_start_month"] in df:
        start = as_date_series(df[c["quarter_start_month"]])
        out[QUARTER_START_OK] = (
            (start.dt.year == year) & (start.dt.month == 3 * quarter - 2) & (start.dt.day == 1)
        ).astype(bool)
    out[AREA_LEVEL_OK] = (
        (df[c["area_level"]] == "kingdom") == df[c["province_code"]].isna()
    ).astype(bool)
    if c["value_pct"] in df:
        num, den = _num(df[c["numerator"]]), _num(df[c["denominator"]])
        expected = num * 100 / den.where(den > 0)
        out[VALUE_ERROR] = (_num(df[c["value_pct"]]) - expected).abs()
    key = _area_key(df, c)
    codes = df[c["indicator_code"]]
    # distinct indicators of the seed (an unknown code does not make up for a missing one)
    out[INDICATORS_IN_AREA] = (
        codes.where(codes.isin(kilm_codes())).groupby(key).transform("nunique")
    )
    out[INFORMALITY_IN_AREA] = (
        codes.where(codes.isin(INFORMALITY_PAIR)).groupby(key).transform("nunique")
    )
    out.update(_identities(df, c))
    out[KINGDOM_SUM_OK] = _kingdom_sums(df, c)
    provinces = df[c["province_code"]].where(df[c["area_level"]] == "province")
    out[PROVINCES_IN_QUARTER] = provinces.groupby(
        [df[c["year_ce"]], df[c["quarter"]], codes], dropna=False
    ).transform("nunique")
    return df.assign(**out)


def _true(key: str, column: str, description: str) -> Check:
    """A derived True/False column is True on every row (null: not applicable)."""
    return Check(
        key, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": [True]}, description
    )


def checks(p: Params) -> list[Check]:
    codes = list(kilm_codes())
    return [
        *not_null(
            "year_ce",
            "year_be",
            "quarter",
            "quarter_start_month",
            "area_level",
            "area_name_th",
            "area_name_en",
            "indicator_code",
            "indicator_name_th",
            "indicator_name_en",
            "definition_th",
            "definition_en",
            "definition_reference",
        ),
        # the NSO informal figures are null for a quarter whose LFS table 1 is missing
        *not_null("numerator", "denominator", "value_pct", severity="warn"),
        Check(
            "quarter_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "quarter", "value_set": [1, 2, 3, 4]},
            "`quarter` is 1-4",
        ),
        _true("year_be_is_year_ce_plus_543", YEAR_BE_OK, "`year_be` = `year_ce` + 543"),
        _true(
            "quarter_start_month_matches",
            QUARTER_START_OK,
            "`quarter_start_month` is the first day of the quarter's first month",
        ),
        Check(
            "area_level_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "area_level", "value_set": list(AREA_LEVELS)},
            "`area_level` is kingdom or province",
        ),
        _true(
            "kingdom_iff_no_province",
            AREA_LEVEL_OK,
            "kingdom rows have no province code, province rows have one",
        ),
        *province_checks(),
        Check(
            "indicator_code_in_seed",
            "ExpectColumnValuesToBeInSet",
            {"column": "indicator_code", "value_set": codes},
            "`indicator_code` is one of the seed ref_kilm_definitions",
        ),
        Check(
            "definition_th_is_thai",
            "ExpectColumnValuesToMatchRegex",
            {"column": "definition_th", "regex": THAI_TEXT},
            "`definition_th` is written in Thai",
        ),
        Check(
            "indicator_name_th_is_thai",
            "ExpectColumnValuesToMatchRegex",
            {"column": "indicator_name_th", "regex": THAI_TEXT},
            "`indicator_name_th` is written in Thai",
        ),
        Check(
            "definition_en_is_english",
            "ExpectColumnValuesToMatchRegex",
            {"column": "definition_en", "regex": ENGLISH_TEXT},
            "`definition_en` is written in English (no Thai script)",
        ),
        Check(
            "indicator_name_en_is_english",
            "ExpectColumnValuesToMatchRegex",
            {"column": "indicator_name_en", "regex": ENGLISH_TEXT},
            "`indicator_name_en` is written in English (no Thai script)",
        ),
        Check(
            "numerator_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "numerator", "min_value": 0},
            "`numerator` ≥ 0",
        ),
        Check(
            "denominator_positive",
            "ExpectColumnValuesToBeBetween",
            {"column": "denominator", "min_value": 1},
            "`denominator` ≥ 1 (a percentage of nobody is not published)",
        ),
        Check(
            "numerator_within_denominator",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "denominator",
                "column_B": "numerator",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "every indicator is a share: `numerator` ≤ `denominator`",
        ),
        Check(
            "value_pct_range",
            "ExpectColumnValuesToBeBetween",
            {"column": "value_pct", "min_value": 0, "max_value": 100},
            "`value_pct` is a percentage, 0-100",
        ),
        Check(
            "value_pct_is_ratio",
            "ExpectColumnValuesToBeBetween",
            {"column": VALUE_ERROR, "min_value": 0, "max_value": p["value_tolerance"]},
            "`value_pct` = 100 × numerator / denominator, to the hundredth",
        ),
        Check(
            "grain_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": GRAIN},
            "one row per quarter, area and indicator",
        ),
        Check(
            "all_indicators_per_area_quarter",
            "ExpectColumnValuesToBeBetween",
            {"column": INDICATORS_IN_AREA, "min_value": len(codes), "max_value": len(codes)},
            f"every quarter and area has all {len(codes)} indicators of the seed",
        ),
        Check(
            "nso_and_sdg_informality_per_area_quarter",
            "ExpectColumnValuesToBeBetween",
            {"column": INFORMALITY_IN_AREA, "min_value": 2, "max_value": 2},
            "every quarter and area has both informality measures: NSO's and ILO SDG 8.3.1",
        ),
        _true(
            "labour_force_identity",
            LABOUR_FORCE_OK,
            "participation numerator = employed + unemployed = the unemployment rate's "
            "denominator, over the same population 15+ as the employment ratio",
        ),
        _true(
            "shares_of_the_same_employed",
            EMPLOYED_OK,
            "every share of the employed has the employment ratio's numerator as denominator",
        ),
        _true(
            "sectors_add_up_to_employed",
            SECTORS_OK,
            "agriculture + industry + services = the employed",
        ),
        _true(
            "kingdom_is_sum_of_provinces",
            KINGDOM_SUM_OK,
            "the kingdom's numerator and denominator are the sums of the provinces'",
        ),
        Check(
            "77_provinces_per_quarter_indicator",
            "ExpectColumnValuesToBeBetween",
            {"column": PROVINCES_IN_QUARTER, "min_value": 77, "max_value": 77},
            "every quarter and indicator covers all 77 provinces",
            severity="warn",
        ),
    ]


SUITE = Suite(
    name="marts.mart_linked__labour_market_indicators",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
    defaults=DEFAULTS,
)
