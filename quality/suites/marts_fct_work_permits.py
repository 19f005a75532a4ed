"""Warehouse table `marts.fct_work_permits`: migrant work permits in force, one row per month
and permit (the latest version delivered by that month), from the DOE's monthly workbooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._spec import (
    Check,
    Columns,
    Params,
    Suite,
    as_date_series,
    not_null,
    person_key_check,
    province_checks,
)

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "month_start": ("month_start",),
    "permit_no": ("permit_no",),
    "person_key": ("person_key",),
    "nationality_code": ("nationality_code",),
    "permit_type": ("permit_type",),
    "province_code": ("province_code",),
    "issue_date": ("issue_date",),
    "expiry_date": ("expiry_date",),
}
NATIONALITIES = ("myanmar", "cambodia", "laos", "vietnam", "other")
PERMIT_TYPES = ("mou", "cabinet_resolution", "border_s64", "general")
DAY_OF_MONTH = "_dq_month_start_day"
ISSUED_BY_MONTH_END = "_dq_issued_by_month_end"


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    if c["month_start"] not in df or c["issue_date"] not in df:
        return df
    import pandas as pd

    month = as_date_series(df[c["month_start"]])
    issued = as_date_series(df[c["issue_date"]])
    month_end = month + pd.offsets.MonthEnd(0)
    return df.assign(
        **{DAY_OF_MONTH: month.dt.day, ISSUED_BY_MONTH_END: (issued <= month_end).astype(bool)}
    )


def checks(p: Params) -> list[Check]:
    return [
        *not_null("month_start", "permit_no", "person_key", "nationality_code", "province_code"),
        Check(
            "month_start_is_first_day",
            "ExpectColumnValuesToBeInSet",
            {"column": DAY_OF_MONTH, "value_set": [1]},
            "`month_start` is the first day of a month",
        ),
        person_key_check(),
        Check(
            "nationality_code_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "nationality_code", "value_set": list(NATIONALITIES)},
            "`nationality_code` is myanmar, cambodia, laos, vietnam or other",
        ),
        Check(
            "permit_type_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "permit_type", "value_set": list(PERMIT_TYPES)},
            "`permit_type` is mou, cabinet_resolution, border_s64 or general",
        ),
        *province_checks(),
        Check(
            "expiry_not_before_issue",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "expiry_date",
                "column_B": "issue_date",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "a permit does not expire before it is issued",
        ),
        Check(
            "issued_by_month_end",
            "ExpectColumnValuesToBeInSet",
            {"column": ISSUED_BY_MONTH_END, "value_set": [True]},
            "a permit counts in a month only once issued",
        ),
        Check(
            "grain_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["month_start", "permit_no"]},
            "one row per month and permit",
        ),
    ]


SUITE = Suite(
    name="marts.fct_work_permits",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
)
