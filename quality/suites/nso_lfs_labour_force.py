"""Lake table `raw/nso_lfs/labour_force`: labour force and informal workforce per province and
quarter (NSO Labour Force Survey, table 1), 77 provinces a quarter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quality.suites._spec import province_checks

from ._spec import (
    LINEAGE_COLUMNS,
    Check,
    Columns,
    Params,
    Suite,
    lineage_checks,
    month_start,
    not_null,
)

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("year",),
    "quarter": ("quarter",),
    "province_code": ("province_code",),
    "labour_force": ("labour_force",),
    "informal_workforce": ("informal_workforce",),
    **LINEAGE_COLUMNS,
}

# partition_month: 'YYYY-MM' of the lake partition (the quarter's first month); when given,
# every row's (year, quarter) must be that quarter.
DEFAULTS = {"year_min": 2000, "year_max": 2100, "partition_month": None}

PROVINCES_IN_QUARTER = "_dq_provinces_in_quarter"
QUARTER_OK = "_dq_quarter_is_partition_quarter"


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    y, q, prov = c["year"], c["quarter"], c["province_code"]
    if not {y, q, prov} <= set(df.columns):
        return df
    out = {PROVINCES_IN_QUARTER: df.groupby([y, q], dropna=False)[prov].transform("nunique")}
    if p["partition_month"] is not None:
        m = month_start(p["partition_month"])
        out[QUARTER_OK] = (df[y] == m.year) & (df[q] == (m.month - 1) // 3 + 1)
    return df.assign(**out)


def checks(p: Params) -> list[Check]:
    out = [
        *not_null(*[c for c in COLUMNS if not c.startswith("_")]),
        Check(
            "year_range",
            "ExpectColumnValuesToBeBetween",
            {"column": "year", "min_value": p["year_min"], "max_value": p["year_max"]},
            "`year` is a CE year",
        ),
        Check(
            "quarter_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "quarter", "value_set": [1, 2, 3, 4]},
            "`quarter` is 1–4",
        ),
        *province_checks(),
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
            "province_quarter_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["year", "quarter", "province_code"]},
            "one row per province and quarter",
        ),
        Check(
            "77_provinces_per_quarter",
            "ExpectColumnValuesToBeBetween",
            {"column": PROVINCES_IN_QUARTER, "min_value": 77, "max_value": 77},
            "every quarter has all 77 provinces",
        ),
        *lineage_checks(),
    ]
    if p["partition_month"] is not None:
        out.append(
            Check(
                "quarter_is_partition",
                "ExpectColumnValuesToBeInSet",
                {"column": QUARTER_OK, "value_set": [True]},
                f"every row is the quarter of partition {p['partition_month']}",
            )
        )
    return out


SUITE = Suite(
    name="nso_lfs.labour_force", columns=COLUMNS, checks=checks, derive=derive, defaults=DEFAULTS
)
