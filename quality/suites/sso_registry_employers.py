"""Lake table `raw/sso_registry/employers`: one row per employer branch per monthly snapshot."""

from __future__ import annotations

from quality.suites._spec import digits_check, province_checks

from ..reference import SIZE_BANDS
from ._spec import LINEAGE_COLUMNS, Check, Params, Suite, lineage_checks, not_null

COLUMNS: dict[str, tuple[str, ...]] = {
    "employer_account": ("employer_account",),
    "branch": ("branch",),
    "establishment_name": ("establishment_name",),
    "tsic_code": ("tsic_code",),
    "size_band": ("size_band",),
    "province_code": ("province_code",),
    "registered_on": ("registered_on",),
    **LINEAGE_COLUMNS,
}


def checks(p: Params) -> list[Check]:
    return [
        *not_null(*[c for c in COLUMNS if not c.startswith("_")]),
        digits_check("employer_account", 10),
        digits_check("branch", 6),
        Check(
            "tsic_code_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": "tsic_code", "regex": r"^\d{5}$"},
            "`tsic_code` is a 5-digit TSIC code",
        ),
        Check(
            "size_band_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "size_band", "value_set": list(SIZE_BANDS)},
            "`size_band` is one of the nine SSO bands",
        ),
        *province_checks(),
        Check(
            "branch_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["employer_account", "branch"]},
            "each employer branch appears once per snapshot",
        ),
        *lineage_checks(),
    ]


SUITE = Suite(name="sso_registry.employers", columns=COLUMNS, checks=checks)
