"""Warehouse table `marts.dim_person`: one row per keyed pseudonym, conformed across the SSO
registry, the DOE (job seekers, work permits) and the DSD (trainees), with no clear personal
data: a ten-year birth band, sex, a nationality group and a home province."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reference import SEXES
from ._spec import Check, Columns, Params, Suite, not_null, person_key_check, province_checks

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "person_key": ("person_key",),
    "sex": ("sex",),
    "birth_year_band": ("birth_year_band",),
    "nationality_group": ("nationality_group",),
    "home_province_code": ("home_province_code", "province_code"),
    "in_sso_registry": ("in_sso_registry",),
    "in_doe_job_seekers": ("in_doe_job_seekers",),
    "in_doe_work_permits": ("in_doe_work_permits",),
    "in_dsd_training": ("in_dsd_training",),
}
#: the work permit's nationality, else thai / non_thai from the ID (dim_person.sql)
NATIONALITY_GROUPS = ("thai", "non_thai", "myanmar", "cambodia", "laos", "vietnam", "other")
SOURCE_FLAGS = ("in_sso_registry", "in_doe_job_seekers", "in_doe_work_permits", "in_dsd_training")
SOURCES_SEEN = "_dq_sources_seen_in"


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    """How many of the four sources hold the person (a person comes from at least one)."""
    flags = [c[f] for f in SOURCE_FLAGS if c[f] in df]
    if len(flags) < len(SOURCE_FLAGS):
        return df
    seen = sum(df[f].fillna(False).astype("int64") for f in flags)
    return df.assign(**{SOURCES_SEEN: seen})


def checks(p: Params) -> list[Check]:
    return [
        *not_null("person_key", "nationality_group"),
        person_key_check(),
        Check(
            "person_key_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": "person_key"},
            "one row per person",
        ),
        Check(
            "sex_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "sex", "value_set": list(SEXES)},
            "`sex` is M or F",
        ),
        Check(
            "birth_year_band_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": "birth_year_band", "regex": r"^\d{3}0-\d{3}9$"},
            "`birth_year_band` is a ten-year band such as 1980-1989 (never a birth date)",
        ),
        Check(
            "nationality_group_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "nationality_group", "value_set": list(NATIONALITY_GROUPS)},
            "`nationality_group` is a permit nationality, thai or non_thai",
        ),
        *province_checks("home_province_code"),
        Check(
            "held_by_some_source",
            "ExpectColumnValuesToBeBetween",
            {"column": SOURCES_SEEN, "min_value": 1, "max_value": len(SOURCE_FLAGS)},
            "every person comes from at least one source",
        ),
    ]


SUITE = Suite(
    name="marts.dim_person",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
)
