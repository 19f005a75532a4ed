"""Warehouse table `marts.dim_province`: the conformed province dimension, exactly 77 rows."""

from __future__ import annotations

from ..reference import PROVINCE_CODE_REGEX, PROVINCE_CODES
from ._spec import Check, Params, Suite, not_null

COLUMNS: dict[str, tuple[str, ...]] = {
    "province_code": ("province_code", "province_iso", "iso_code"),
    "name_th": ("province_name_th", "name_th", "province_th"),
    "name_en": ("province_name_en", "name_en", "province_en"),
}
OPTIONAL = frozenset({"name_th", "name_en"})


def checks(p: Params) -> list[Check]:
    return [
        Check("row_count_77", "ExpectTableRowCountToEqual", {"value": 77}, "exactly 77 provinces"),
        *not_null("province_code", "name_th", "name_en"),
        Check(
            "province_code_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": "province_code", "regex": PROVINCE_CODE_REGEX},
            "`province_code` looks like TH-dd",
        ),
        Check(
            "province_code_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": "province_code"},
            "`province_code` is unique",
        ),
        Check(
            "province_codes_are_the_77",
            "ExpectColumnDistinctValuesToEqualSet",
            {"column": "province_code", "value_set": sorted(PROVINCE_CODES)},
            "the codes are exactly the 77 ISO 3166-2:TH provinces",
        ),
        Check(
            "name_th_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": "name_th"},
            "Thai names are unique",
        ),
    ]


SUITE = Suite(name="marts.dim_province", columns=COLUMNS, checks=checks, optional=OPTIONAL)
