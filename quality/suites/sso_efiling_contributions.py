"""Lake table `raw/sso_efiling/contributions`: one row per สปส.1-10 detail line (an insured
person's wage and contribution for one wage month at one employer branch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quality.suites._spec import digits_check, person_key_check

from ..reference import SEXES, WAGE_CEILING_STEPS, WAGE_FLOOR
from ._spec import (
    LINEAGE_COLUMNS,
    Check,
    Columns,
    Params,
    Suite,
    as_date_series,
    lineage_checks,
    month_start,
    not_null,
    satang,
)

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "employer_account": ("employer_account",),
    "branch": ("branch",),
    "wage_month": ("wage_month",),
    "payment_date": ("payment_date",),
    "contribution_rate": ("contribution_rate",),
    "person_key": ("person_key",),
    "id_non_thai": ("id_non_thai",),
    "sex": ("sex",),
    "wage": ("wage",),
    "employee_contribution": ("employee_contribution",),
    **LINEAGE_COLUMNS,
}

# wage_ceiling: None = the ceiling in force in each row's wage month (15,000; 17,500 from 2026).
# partition_month: 'YYYY-MM' of the lake partition; when given, every wage_month must be it.
DEFAULTS = {
    "wage_floor": WAGE_FLOOR,
    "wage_ceiling": None,
    "partition_month": None,
    "rate_min": 0.1,
    "rate_max": 10.0,
}

CEILING = "_dq_wage_ceiling"
WAGE_SATANG = "_dq_wage_satang"
CONTRIB_SATANG = "_dq_employee_contribution_satang"
EXPECTED_SATANG = "_dq_expected_employee_contribution_satang"
WAGE_MONTH_OK = "_dq_wage_month_is_partition_month"


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    import pandas as pd

    out = {}
    wage_month = as_date_series(df[c["wage_month"]]) if c["wage_month"] in df else None
    if c["wage"] in df:
        if p["wage_ceiling"] is not None:
            out[CEILING] = pd.Series(float(p["wage_ceiling"]), index=df.index)
        elif wage_month is not None:
            ceiling = pd.Series(float("nan"), index=df.index)
            for start, value in WAGE_CEILING_STEPS:
                ceiling = ceiling.mask(wage_month >= pd.Timestamp(start), float(value))
            out[CEILING] = ceiling
        out[WAGE_SATANG] = satang(df[c["wage"]])
    if c["wage"] in df and c["contribution_rate"] in df and c["employee_contribution"] in df:
        # rate is a percentage (5.00 = 5 %): baht = wage × rate / 100, rounded half up to whole
        # baht. In integers: satang × (rate × 100) / 10^6 baht, + 500 000 for the half-up.
        rate_h = satang(df[c["contribution_rate"]])
        baht = (out[WAGE_SATANG] * rate_h + 500_000) // 1_000_000
        out[EXPECTED_SATANG] = baht * 100
        out[CONTRIB_SATANG] = satang(df[c["employee_contribution"]])
    if p["partition_month"] is not None and wage_month is not None:
        want = pd.Timestamp(month_start(p["partition_month"]))
        out[WAGE_MONTH_OK] = (wage_month == want).astype(object).where(wage_month.notna(), None)
    return df.assign(**out)


def checks(p: Params) -> list[Check]:
    out = [
        *not_null(*[c for c in COLUMNS if not c.startswith("_")]),
        digits_check("employer_account", 10),
        digits_check("branch", 6),
        person_key_check(),
        Check(
            "sex_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "sex", "value_set": list(SEXES)},
            "`sex` is M or F",
        ),
        Check(
            "wage_at_least_floor",
            "ExpectColumnValuesToBeBetween",
            {"column": "wage", "min_value": p["wage_floor"]},
            f"`wage` is at least the floor of {p['wage_floor']:,} baht",
        ),
        Check(
            "wage_at_most_ceiling",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": CEILING,
                "column_B": "wage",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "`wage` is at most the ceiling in force in its wage month"
            + (
                f" ({p['wage_ceiling']:,} baht)"
                if p["wage_ceiling"] is not None
                else " (15,000; 17,500 from 2026)"
            ),
        ),
        Check(
            "contribution_rate_range",
            "ExpectColumnValuesToBeBetween",
            {"column": "contribution_rate", "min_value": p["rate_min"], "max_value": p["rate_max"]},
            "`contribution_rate` is a percentage (5.00 = 5 %)",
        ),
        Check(
            "employee_contribution_is_wage_x_rate",
            "ExpectColumnPairValuesToBeEqual",
            {
                "column_A": CONTRIB_SATANG,
                "column_B": EXPECTED_SATANG,
                "ignore_row_if": "either_value_is_missing",
            },
            "`employee_contribution` = wage × rate rounded half up to whole baht (in satang)",
        ),
        Check(
            "payment_not_before_wage_month",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "payment_date",
                "column_B": "wage_month",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "contributions are paid on or after the start of their wage month",
            severity="warn",
        ),
        Check(
            "line_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["employer_account", "branch", "wage_month", "person_key"]},
            "a person appears once per branch and wage month",
        ),
        *lineage_checks(),
    ]
    if p["partition_month"] is not None:
        out.append(
            Check(
                "wage_month_is_partition",
                "ExpectColumnValuesToBeInSet",
                {"column": WAGE_MONTH_OK, "value_set": [True]},
                f"every `wage_month` is the partition month {p['partition_month']}",
            )
        )
    return out


SUITE = Suite(
    name="sso_efiling.contributions",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
    defaults=DEFAULTS,
)
