"""Small, valid frames for every suite (data-contracts §2 schemas), for tests and examples.

Each builder returns a polars DataFrame that passes its suite; tests break one thing at a time
to show that each expectation can fail.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from decimal import Decimal

import polars as pl

from .reference import PROVINCE_CODES

PROVINCES = sorted(PROVINCE_CODES)


def pseudonym(seed: str) -> str:
    """A person_key-shaped pseudonym (26 base32 characters, lowercase)."""
    return base64.b32encode(hashlib.sha256(seed.encode()).digest()).decode().lower()[:26]


def _lineage(n: int, source_file: str, load_id: str = "load-2024-01") -> dict[str, pl.Series]:
    return {
        "_source_file": pl.Series([source_file] * n, dtype=pl.String),
        "_source_line": pl.Series(range(2, n + 2), dtype=pl.Int64),
        "_load_id": pl.Series([load_id] * n, dtype=pl.String),
    }


def insured(source_file: str = "sso_registry/insured/insured_256701.csv") -> pl.DataFrame:
    rows = [
        # person, non-Thai, sex, birth, section, employer, branch, province, start, end
        ("p1", False, "M", 1985, 33, "1000000001", "000000", "TH-10", dt.date(2020, 5, 1), None),
        ("p2", False, "F", 1990, 33, "1000000002", "000001", "TH-50", dt.date(2023, 1, 1),
         dt.date(2024, 1, 20)),
        ("p3", True, "F", 1979, 39, None, None, "TH-30", dt.date(2019, 3, 1), None),
        ("p4", False, "M", 2001, 40, None, None, "TH-90", dt.date(2024, 1, 2),
         dt.date(2024, 1, 2)),
    ]  # fmt: skip
    cols = list(zip(*rows, strict=True))
    return pl.DataFrame(
        {
            "person_key": [pseudonym(s) for s in cols[0]],
            "id_non_thai": pl.Series(cols[1], dtype=pl.Boolean),
            "sex": list(cols[2]),
            "birth_year": pl.Series(cols[3], dtype=pl.Int16),
            "section": pl.Series(cols[4], dtype=pl.Int16),
            "employer_account": pl.Series(cols[5], dtype=pl.String),
            "branch": pl.Series(cols[6], dtype=pl.String),
            "province_code": list(cols[7]),
            "start_date": pl.Series(cols[8], dtype=pl.Date),
            "end_date": pl.Series(cols[9], dtype=pl.Date),
            **_lineage(len(rows), source_file),
        }
    )


def employers(source_file: str = "sso_registry/employers/employers_256701.csv") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "employer_account": ["1000000001", "1000000002", "1000000002"],
            "branch": ["000000", "000000", "000001"],
            "establishment_name": ["บริษัท ตัวอย่าง จำกัด", 'ห้าง "ทดสอบ", สาขา 1', "ร้านค้า"],
            "tsic_code": ["10711", "47190", "47190"],
            "size_band": ["50-99", "1-4", "1000+"],
            "province_code": ["TH-10", "TH-50", "TH-51"],
            "registered_on": pl.Series(
                [dt.date(1995, 4, 1), dt.date(2010, 7, 15), dt.date(2023, 12, 1)], dtype=pl.Date
            ),
            **_lineage(3, source_file),
        }
    )


def contributions(
    source_file: str = "sso_efiling/256701/SPS110_1000000001_000000_256701.txt",
    wage_month: dt.date = dt.date(2024, 1, 1),
) -> pl.DataFrame:
    wages = ["15000.00", "1650.00", "9999.99", "10010.00"]
    # 5 % of each, rounded half up to whole baht: 750, 82.50 -> 83, 499.9995 -> 500, 500.50 -> 501
    contribs = ["750.00", "83.00", "500.00", "501.00"]
    n = len(wages)
    return pl.DataFrame(
        {
            "employer_account": ["1000000001"] * n,
            "branch": ["000000"] * n,
            "wage_month": pl.Series([wage_month] * n, dtype=pl.Date),
            "payment_date": pl.Series([wage_month.replace(day=28) + dt.timedelta(days=18)] * n),
            "contribution_rate": pl.Series([Decimal("5.00")] * n, dtype=pl.Decimal(5, 2)),
            "person_key": [pseudonym(f"c{i}") for i in range(n)],
            "id_non_thai": [False, False, True, False],
            "sex": ["M", "F", "F", "M"],
            "wage": pl.Series([Decimal(w) for w in wages], dtype=pl.Decimal(12, 2)),
            "employee_contribution": pl.Series(
                [Decimal(c) for c in contribs], dtype=pl.Decimal(12, 2)
            ),
            **_lineage(n, source_file),
        }
    )


def labour_force(year: int = 2024, quarter: int = 1) -> pl.DataFrame:
    n = len(PROVINCES)
    lf = [200_000 + 10_000 * i for i in range(n)]
    return pl.DataFrame(
        {
            "year": pl.Series([year] * n, dtype=pl.Int16),
            "quarter": pl.Series([quarter] * n, dtype=pl.Int8),
            "province_code": PROVINCES,
            "labour_force": pl.Series(lf, dtype=pl.Int64),
            "informal_workforce": pl.Series([x // 2 for x in lf], dtype=pl.Int64),
            **_lineage(n, f"nso_lfs/lfs_{year + 543}_q{quarter}.xlsx", "load-lfs"),
        }
    )


def dim_province() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "province_code": PROVINCES,
            "province_name_th": [f"จังหวัด {c}" for c in PROVINCES],
            "province_name_en": [f"Province {c}" for c in PROVINCES],
        }
    )


def fct_insured_monthly(month: dt.date = dt.date(2024, 1, 1)) -> pl.DataFrame:
    keys = [(p, s) for p in PROVINCES for s in (33, 39, 40)]
    return pl.DataFrame(
        {
            "month_start": pl.Series([month] * len(keys), dtype=pl.Date),
            "province_code": [p for p, _ in keys],
            "section": pl.Series([s for _, s in keys], dtype=pl.Int16),
            "establishment_key": [
                f"10000000{i % 100:02d}-000000" if s == 33 else None
                for i, (_, s) in enumerate(keys)
            ],
            "insured_persons": pl.Series([1000 + i for i in range(len(keys))], dtype=pl.Int64),
            "active_spells": pl.Series(
                [1000 + i + i % 3 for i in range(len(keys))], dtype=pl.Int64
            ),
        }
    )


def coverage_province_monthly(month: dt.date = dt.date(2024, 1, 1)) -> pl.DataFrame:
    """Column names as the dbt model writes them (insured_per_1000_*)."""
    fct = fct_insured_monthly(month).drop("establishment_key", "active_spells")
    lf = labour_force(month.year, (month.month - 1) // 3 + 1).select(
        "province_code", "labour_force", "informal_workforce"
    )
    return (
        fct.join(lf, on="province_code", how="left")
        .with_columns(
            insured_per_1000_workforce=(
                pl.col("insured_persons") * 1000 / pl.col("labour_force")
            ).round(2),
            insured_per_1000_informal_workforce=pl.when(pl.col("section") != 33).then(
                (pl.col("insured_persons") * 1000 / pl.col("informal_workforce")).round(2)
            ),
        )
        .sort("month_start", "province_code", "section")
    )


def dim_person() -> pl.DataFrame:
    """Four persons, each held by a different set of sources."""
    return pl.DataFrame(
        {
            "person_key": [pseudonym(f"dim-person-{i}") for i in range(4)],
            "sex": ["M", "F", "F", "M"],
            "birth_year_band": ["1980-1989", "1990-1999", "1970-1979", "2000-2009"],
            "nationality_group": ["thai", "myanmar", "non_thai", "thai"],
            "home_province_code": ["TH-10", "TH-74", "TH-50", "TH-10"],
            "in_sso_registry": [True, True, True, False],
            "in_doe_job_seekers": [True, False, False, False],
            "in_doe_work_permits": [False, True, False, False],
            "in_dsd_training": [False, False, False, True],
        }
    )


def fct_work_permits(month: dt.date = dt.date(2024, 1, 1)) -> pl.DataFrame:
    """Three permits in force in ``month`` (one issued that month)."""
    return pl.DataFrame(
        {
            "month_start": pl.Series([month] * 3, dtype=pl.Date),
            "permit_no": ["WP-000000001", "WP-000000002", "WP-000000003"],
            "person_key": [pseudonym(f"permit-holder-{i}") for i in range(3)],
            "id_non_thai": [True, True, True],
            "nationality_code": ["myanmar", "cambodia", "laos"],
            "permit_type": ["mou", "border_s64", "cabinet_resolution"],
            "province_code": ["TH-10", "TH-11", "TH-74"],
            "establishment_key": ["1000000001-000000", None, "1000000002-000000"],
            "issue_date": pl.Series(
                [dt.date(2023, 6, 1), dt.date(2023, 9, 1), month.replace(day=20)], dtype=pl.Date
            ),
            "expiry_date": pl.Series(
                [dt.date(2025, 5, 31), dt.date(2025, 8, 31), dt.date(2026, 1, 19)], dtype=pl.Date
            ),
            "record_type": ["in_force", "in_force", "new"],
        }
    )
