"""Warehouse table `marts.fct_insured_monthly`: insured persons (distinct, a stock) per month,
section, province and establishment (null for Sections 39 and 40), with the active spells.

The grain is a parameter (`grain`, logical names); optional columns that are absent skip the
checks that use them (so the grain check needs `establishment_key` unless `grain` is given).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quality.suites._spec import person_key_check, province_checks, section_check

from ._spec import Check, Columns, Params, Suite, as_date_series, not_null

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "month_start": ("month_start", "month", "month_date", "wage_month"),
    "province_code": ("province_code",),
    "section": ("section",),
    "establishment_key": ("establishment_key",),
    "insured_persons": ("insured_persons", "insured_count", "n_insured"),
    "active_spells": ("active_spells", "spells"),
    "person_key": ("person_key",),
}
OPTIONAL = frozenset({"establishment_key", "active_spells", "person_key"})
DEFAULTS = {"grain": ("month_start", "province_code", "section", "establishment_key")}

DAY_OF_MONTH = "_dq_month_start_day"


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    if c["month_start"] not in df:
        return df
    return df.assign(**{DAY_OF_MONTH: as_date_series(df[c["month_start"]]).dt.day})


def checks(p: Params) -> list[Check]:
    return [
        *not_null("month_start", "province_code", "section", "insured_persons"),
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
            "spells_at_least_persons",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "active_spells",
                "column_B": "insured_persons",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "`active_spells` ≥ `insured_persons` (a person may hold two spells)",
        ),
        Check(
            "establishment_key_for_s33",
            "ExpectColumnValuesToNotBeNull",
            {"column": "establishment_key"},
            "Section-33 rows name an establishment",
            row_condition=("section", "==", 33),
        ),
        Check(
            "no_establishment_for_s39_s40",
            "ExpectColumnValuesToBeNull",
            {"column": "establishment_key"},
            "Section-39/40 rows have no establishment",
            row_condition=("section", "!=", 33),
        ),
        person_key_check(),
        Check(
            "grain_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": list(p["grain"])},
            f"one row per {', '.join(p['grain'])}",
        ),
    ]


SUITE = Suite(
    name="marts.fct_insured_monthly",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
    optional=OPTIONAL,
    defaults=DEFAULTS,
)
