"""Hand-made lake rows of the Department of Employment (job seekers, vacancies and placements
pulled from its API; the monthly migrant work-permit workbook) and of the LFS tables 2 and 3
(labour status, employment by industry) for the dbt build of `test_dbt_project.py` (issue 9),
with overlaps known by construction (persons, establishments and the LFS table 1 of that module):

- DOE: p3, whose unemployment claim (type 08, Bangkok) is dated 5 Feb 2024, registers as a job
  seeker on 6 Feb and is placed at establishment A0 on 1 Mar (25 days after the claim: placed
  within 90 days); p7 registers and is never placed. One vacancy of A0 (2 positions). The first
  pull (2026-11) brings them; a later pull (2026-12) brings p7's record again, updated (one
  version kept). Expected: mart_linked__benefit_claimants_placed 2024-02 TH-10: 1 claimant,
  1 placed within 90 days.
- Work permits: January's workbook (the stock) has w1 (Myanmar, A0, Bangkok) and w2 (Cambodia,
  unregistered employer, Chiang Mai); February's has w2 cancelled on 10 Feb. Neither holder is
  insured. Expected: 2024-01 TH-10 myanmar 1 holder, TH-50 cambodia 1 holder.
- LFS 2024 Q1 (table 2 agrees with table 1 in `LFS`: employed + unemployed + seasonally
  inactive = its labour force, 5,000 in Bangkok and 2,000 in Chiang Mai; informal within the
  employed). Table 3 splits the employed by TSIC section: Bangkok C 1,500 of 4,800 = 31.25 %.
"""

from __future__ import annotations

from datetime import date

import polars as pl

META = {"_source_file": pl.String, "_source_line": pl.Int64, "_load_id": pl.String}
A0 = ("0105500000001", "000000")

SEEKER_SCHEMA = {
    "seeker_id": pl.String,
    "person_key": pl.String,
    "sex": pl.String,
    "birth_year": pl.Int16,
    "province_code": pl.String,
    "education": pl.String,
    "insured": pl.Boolean,
    "reason": pl.String,
    "registered_at": pl.String,
    "updated_at": pl.String,
    **META,
}
SEEKERS = {
    "2026-11": [
        ("JS2567020000001", "p3", "M", 1985, "TH-10", "bachelor", True, "dismissed",
         "2024-02-06T10:00:00+07:00", "2024-02-06T10:00:00+07:00"),
        ("JS2567020000002", "p7", "F", 1990, "TH-50", "upper_secondary", False, "new_entrant",
         "2024-02-20T09:00:00+07:00", "2024-02-20T09:00:00+07:00"),
    ],
    "2026-12": [
        ("JS2567020000002", "p7", "F", 1990, "TH-50", "bachelor", False, "new_entrant",
         "2024-02-20T09:00:00+07:00", "2024-03-15T11:00:00+07:00"),
    ],
}  # fmt: skip
VACANCY_SCHEMA = {
    "vacancy_id": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "tsic_code": pl.String,
    "isco_major_group": pl.Int8,
    "positions": pl.Int16,
    "wage_offered": pl.Int32,
    "posted_on": pl.Date,
    "updated_at": pl.String,
    **META,
}
VACANCIES = {
    "2026-11": [
        ("VC256702000001", *A0, "TH-10", "10712", 8, 2, 12000, date(2024, 2, 12),
         "2024-02-12T08:30:00+07:00"),
    ],
}  # fmt: skip
PLACEMENT_SCHEMA = {
    "placement_id": pl.String,
    "seeker_id": pl.String,
    "vacancy_id": pl.String,
    "person_key": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "isco_major_group": pl.Int8,
    "wage_agreed": pl.Int32,
    "placed_on": pl.Date,
    "updated_at": pl.String,
    **META,
}
PLACEMENTS = {
    "2026-11": [
        ("PL2567030000001", "JS2567020000001", "VC256702000001", "p3", *A0, "TH-10", 8, 12000,
         date(2024, 3, 1), "2024-03-01T14:00:00+07:00"),
    ],
}  # fmt: skip
PERMIT_SCHEMA = {
    "permit_no": pl.String,
    "person_key": pl.String,
    "id_non_thai": pl.Boolean,
    "sex": pl.String,
    "birth_year": pl.Int16,
    "nationality_code": pl.String,
    "permit_type": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "issue_date": pl.Date,
    "expiry_date": pl.Date,
    "record_type": pl.String,
    "cancel_date": pl.Date,
    **META,
}
PERMITS = {
    "2024-01": [
        ("WP-000000001", "w1", True, "M", 1990, "myanmar", "mou", *A0, "TH-10",
         date(2023, 6, 1), date(2025, 5, 31), "in_force", None),
        ("WP-000000002", "w2", True, "F", 1994, "cambodia", "border_s64", None, None, "TH-50",
         date(2023, 9, 1), date(2025, 8, 31), "in_force", None),
    ],
    "2024-02": [
        ("WP-000000002", "w2", True, "F", 1994, "cambodia", "border_s64", None, None, "TH-50",
         date(2023, 9, 1), date(2025, 8, 31), "cancelled", date(2024, 2, 10)),
    ],
}  # fmt: skip

STATUS_SCHEMA = {
    "year": pl.Int16,
    "quarter": pl.Int8,
    "province_code": pl.String,
    "population_15_plus": pl.Int64,
    "employed": pl.Int64,
    "unemployed": pl.Int64,
    "seasonally_inactive": pl.Int64,
    "not_in_labour_force": pl.Int64,
    "employed_agriculture": pl.Int64,
    "employed_industry": pl.Int64,
    "employed_services": pl.Int64,
    "informal_agriculture": pl.Int64,
    "employees_without_social_security": pl.Int64,
    "own_account_informal_sector": pl.Int64,
    "contributing_family_workers": pl.Int64,
    **META,
}
# employed + unemployed + seasonally inactive = LFS table 1's labour force (5,000; 2,000)
STATUS = {
    "2024-01": [
        (2024, 1, "TH-10", 8000, 4800, 150, 50, 3000, 300, 1500, 3000, 250, 400, 300, 100),
        (2024, 1, "TH-50", 3000, 1900, 80, 20, 1000, 900, 400, 600, 800, 200, 400, 200),
    ],
}
SECTIONS = "abcdefghijklmnopqrstu"
INDUSTRY_SCHEMA = {
    "year": pl.Int16,
    "quarter": pl.Int8,
    "province_code": pl.String,
    "employed": pl.Int64,
    **{f"section_{s}": pl.Int64 for s in SECTIONS},
    **META,
}


def _by_section(province: str, employed: int, **sections: int) -> tuple:
    """A table-3 row: the employed and each section's share of them (0 where not given)."""
    assert sum(sections.values()) == employed
    return (2024, 1, province, employed, *(sections.get(s, 0) for s in SECTIONS))


INDUSTRY = {
    "2024-01": [
        _by_section("TH-10", 4800, a=300, c=1500, g=3000),
        _by_section("TH-50", 1900, a=900, c=400, g=600),
    ],
}

#: (source, entity, schema, rows by month) for test_dbt_project's lake
DOE_LFS_LAKE = [
    ("mol_doe", "job_seekers", SEEKER_SCHEMA, SEEKERS),
    ("mol_doe", "vacancies", VACANCY_SCHEMA, VACANCIES),
    ("mol_doe", "placements", PLACEMENT_SCHEMA, PLACEMENTS),
    ("mol_doe", "work_permits", PERMIT_SCHEMA, PERMITS),
    ("nso_lfs", "labour_status", STATUS_SCHEMA, STATUS),
    ("nso_lfs", "employment_by_industry", INDUSTRY_SCHEMA, INDUSTRY),
]
