"""Reference values the quality checks share.

Province codes are ISO 3166-2:TH, the 77 provinces of :func:`ingestion.thai.provinces` (their one
home: pycountry with the documented corrections; the special city of Pattaya, ``TH-S``, is not a
province and never appears in the data).
"""

from __future__ import annotations

import datetime as dt

from ingestion.sources.sso_registry.employers import SIZE_BANDS  # the SSO's size bands
from ingestion.thai import provinces

PROVINCE_CODES: frozenset[str] = frozenset(p.code for p in provinces())

__all__ = [
    "PERSON_KEY_REGEX",
    "PROVINCE_CODES",
    "PROVINCE_CODE_REGEX",
    "SECTIONS",
    "SEXES",
    "SIZE_BANDS",
    "WAGE_CEILING_STEPS",
    "WAGE_FLOOR",
    "wage_ceiling_for",
]

PROVINCE_CODE_REGEX = r"^TH-\d{2}$"
PERSON_KEY_REGEX = r"^[a-z2-7]{26}$"
SECTIONS = (33, 39, 40)
SEXES = ("M", "F")

# Section 33 wage subject to contribution: floor and ceiling (baht a month).
WAGE_FLOOR = 1650
# The ceiling rises from 15,000 to 17,500 baht from January 2026 (ministerial regulation).
WAGE_CEILING_STEPS: tuple[tuple[dt.date, int], ...] = (
    (dt.date(1900, 1, 1), 15000),
    (dt.date(2026, 1, 1), 17500),
)


def wage_ceiling_for(month: dt.date) -> int:
    """The Section-33 wage ceiling in force in `month` (any date in the month)."""
    ceiling = WAGE_CEILING_STEPS[0][1]
    for start, value in WAGE_CEILING_STEPS:
        if month >= start:
            ceiling = value
    return ceiling
