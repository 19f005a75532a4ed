"""Reference values the quality checks share (kept here so `quality/` depends on nothing else).

Province codes are ISO 3166-2:TH: the 76 provinces and Bangkok, 77 codes of the form `TH-dd`
(the special city of Pattaya, `TH-S`, is not a province and never appears in the data).
"""

from __future__ import annotations

import datetime as dt

PROVINCE_CODES: frozenset[str] = frozenset(
    f"TH-{n}"
    for n in [
        *range(10, 20),  # Bangkok, Samut Prakan … Sa Kaeo (Central / East)
        *range(20, 28),  # East
        *range(30, 50),  # Northeast (TH-38 Bueng Kan, 2011)
        *range(50, 59),  # North (upper)
        *range(60, 68),  # North (lower)
        *range(70, 78),  # West / Central
        *range(80, 87),  # South (Gulf / Andaman)
        *range(90, 97),  # South
    ]
)
assert len(PROVINCE_CODES) == 77

PROVINCE_CODE_REGEX = r"^TH-\d{2}$"
PERSON_KEY_REGEX = r"^[a-z2-7]{26}$"
SECTIONS = (33, 39, 40)
SEXES = ("M", "F")
SIZE_BANDS = ("1-4", "5-9", "10-19", "20-49", "50-99", "100-299", "300-499", "500-999", "1000+")

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
