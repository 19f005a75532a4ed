"""Lake table `raw/sso_registry/insured`: one row per insured-person spell (data-contracts §2)."""

from __future__ import annotations

from quality.suites._spec import digits_check, person_key_check, province_checks, section_check

from ..reference import SEXES
from ._spec import LINEAGE_COLUMNS, Check, Params, Suite, lineage_checks, not_null

# The table's columns, in one place: logical name -> accepted column names.
COLUMNS: dict[str, tuple[str, ...]] = {
    "person_key": ("person_key",),
    "id_non_thai": ("id_non_thai",),
    "sex": ("sex",),
    "birth_year": ("birth_year",),
    "section": ("section",),
    "employer_account": ("employer_account",),
    "branch": ("branch",),
    "province_code": ("province_code",),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
    **LINEAGE_COLUMNS,
}

DEFAULTS = {"birth_year_min": 1920, "birth_year_max": 2015}


def checks(p: Params) -> list[Check]:
    return [
        *not_null(
            "person_key",
            "id_non_thai",
            "sex",
            "birth_year",
            "section",
            "province_code",
            "start_date",
        ),
        person_key_check(),
        Check(
            "sex_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "sex", "value_set": list(SEXES)},
            "`sex` is M or F",
        ),
        section_check(),
        *province_checks(),
        Check(
            "end_not_before_start",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "end_date",
                "column_B": "start_date",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            "a spell's `end_date` is on or after its `start_date`",
        ),
        Check(
            "employer_account_for_s33",
            "ExpectColumnValuesToNotBeNull",
            {"column": "employer_account"},
            "Section-33 spells name an employer account",
            row_condition=("section", "==", 33),
        ),
        Check(
            "branch_for_s33",
            "ExpectColumnValuesToNotBeNull",
            {"column": "branch"},
            "Section-33 spells name a branch",
            row_condition=("section", "==", 33),
        ),
        Check(
            "no_employer_for_s39_s40",
            "ExpectColumnValuesToBeNull",
            {"column": "employer_account"},
            "Section-39/40 spells have no employer account",
            row_condition=("section", "!=", 33),
        ),
        digits_check("employer_account", 10),
        digits_check("branch", 6),
        Check(
            "birth_year_plausible",
            "ExpectColumnValuesToBeBetween",
            {
                "column": "birth_year",
                "min_value": p["birth_year_min"],
                "max_value": p["birth_year_max"],
            },
            "`birth_year` is plausible for a worker",
            severity="warn",
        ),
        Check(
            "spell_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["person_key", "section", "start_date", "employer_account", "branch"]},
            "a spell (person, section, start date, employer, branch) appears once per partition",
        ),
        *lineage_checks(),
    ]


SUITE = Suite(name="sso_registry.insured", columns=COLUMNS, checks=checks, defaults=DEFAULTS)
