"""Warehouse table `marts.mart_coverage__province_monthly`: social-security coverage per
province, month and section: insured persons per 1,000 of the labour force and of the informal
workforce (the latter may be null for Section 33, which covers formal employees)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quality.suites._spec import province_checks, section_check

from ._spec import Check, Columns, Params, Suite, as_date_series, not_null

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "month_start": ("month_start", "month", "month_date"),
    "province_code": ("province_code",),
    "section": ("section",),
    "insured_persons": ("insured_persons", "insured_count", "n_insured"),
    "labour_force": ("labour_force", "labour_force_persons"),
    "informal_workforce": ("informal_workforce", "informal_workers", "informal_employment"),
    "coverage_per_1000_workforce": (
        "coverage_per_1000_workforce",
        "insured_per_1000_workforce",
        "coverage_per_1000_labour_force",
        "coverage_per_1k_workforce",
    ),
    "coverage_per_1000_informal": (
        "coverage_per_1000_informal",
        "insured_per_1000_informal_workforce",
        "coverage_per_1000_informal_workforce",
        "coverage_per_1k_informal",
    ),
}

# tolerance on the recomputed ratio (the model rounds to hundredths: decimal(18, 2))
DEFAULTS = {"coverage_tolerance": 0.05}

DAY_OF_MONTH = "_dq_month_start_day"
COVERAGE_ERROR = "_dq_coverage_per_1000_workforce_error"
PROVINCES_IN_MONTH = "_dq_provinces_in_month_section"


def _num(s: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(s.astype(object), errors="coerce").astype("float64")


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    out = {}
    if c["month_start"] in df:
        out[DAY_OF_MONTH] = as_date_series(df[c["month_start"]]).dt.day
    ratio = [c["insured_persons"], c["labour_force"], c["coverage_per_1000_workforce"]]
    if set(ratio) <= set(df.columns):
        insured, lf, cov = (_num(df[x]) for x in ratio)
        expected = (insured * 1000 / lf.where(lf > 0)).astype("float64")
        out[COVERAGE_ERROR] = (cov - expected).abs()
    grp = [c["month_start"], c["section"]]
    if set(grp) <= set(df.columns) and c["province_code"] in df:
        out[PROVINCES_IN_MONTH] = df.groupby(grp, dropna=False)[c["province_code"]].transform(
            "nunique"
        )
    return df.assign(**out)


def checks(p: Params) -> list[Check]:
    return [
        *not_null("month_start", "province_code", "section", "insured_persons"),
        *not_null(
            "labour_force", "informal_workforce", "coverage_per_1000_workforce", severity="warn"
        ),
        Check(
            "month_start_is_first_day",
            "ExpectColumnValuesToBeInSet",
            {"column": DAY_OF_MONTH, "value_set": [1]},
            "`month_start` is the first day of a month",
        ),
        *province_checks(),
        section_check(),
        Check(
            "insured_persons_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "insured_persons", "min_value": 0},
            "`insured_persons` ≥ 0",
        ),
        Check(
            "informal_workforce_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "informal_workforce", "min_value": 0},
            "`informal_workforce` ≥ 0",
        ),
        Check(
            "labour_force_at_least_informal",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "labour_force",
                "column_B": "informal_workforce",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "`labour_force` ≥ `informal_workforce`",
        ),
        Check(
            "coverage_workforce_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "coverage_per_1000_workforce", "min_value": 0},
            "`coverage_per_1000_workforce` ≥ 0",
        ),
        Check(
            "coverage_informal_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "coverage_per_1000_informal", "min_value": 0},
            "`coverage_per_1000_informal` ≥ 0 (null allowed for Section 33)",
        ),
        Check(
            "coverage_informal_for_s39_s40",
            "ExpectColumnValuesToNotBeNull",
            {"column": "coverage_per_1000_informal"},
            "Section-39/40 rows have a coverage of the informal workforce",
            severity="warn",
            row_condition=("section", "!=", 33),
        ),
        Check(
            "coverage_workforce_is_ratio",
            "ExpectColumnValuesToBeBetween",
            {"column": COVERAGE_ERROR, "min_value": 0, "max_value": p["coverage_tolerance"]},
            "`coverage_per_1000_workforce` = insured_persons × 1000 / labour_force "
            f"(± {p['coverage_tolerance']})",
        ),
        Check(
            "grain_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["month_start", "province_code", "section"]},
            "one row per month, province and section",
        ),
        Check(
            "77_provinces_per_month_section",
            "ExpectColumnValuesToBeBetween",
            {"column": PROVINCES_IN_MONTH, "min_value": 77, "max_value": 77},
            "every month and section covers all 77 provinces",
            severity="warn",
        ),
    ]


SUITE = Suite(
    name="marts.mart_coverage__province_monthly",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
    defaults=DEFAULTS,
)
