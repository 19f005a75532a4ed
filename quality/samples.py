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


# ---- issue 9 marts: the linked KILM indicators and the governance anomalies -----------------

#: indicator code -> (group, name in Thai, name in English, definition reference)
KILM_INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "labour_force_participation_rate": (
        "participation", "อัตราการมีส่วนร่วมในกำลังแรงงาน", "Labour force participation rate",
        "ILO KILM 1",
    ),
    "employment_to_population_ratio": (
        "participation", "อัตราส่วนการมีงานทำต่อประชากร", "Employment-to-population ratio",
        "ILO KILM 2",
    ),
    "unemployment_rate": ("unemployment", "อัตราการว่างงาน", "Unemployment rate", "ILO KILM 9"),
    "informal_employment_share_nso": (
        "informality", "สัดส่วนแรงงานนอกระบบ (นิยาม สสช.)", "Informal employment share (NSO)",
        "NSO informal employment survey",
    ),
    "informal_employment_share_sdg_8_3_1": (
        "informality", "สัดส่วนการจ้างงานนอกระบบ (SDG 8.3.1)", "Informal employment share (SDG)",
        "ILO SDG 8.3.1",
    ),
    "informal_in_agriculture_share_nso": (
        "informality", "สัดส่วนแรงงานนอกระบบในภาคเกษตรกรรม", "Informal workers in agriculture",
        "NSO informal employment survey",
    ),
    "employment_share_agriculture": (
        "sector", "สัดส่วนผู้มีงานทำภาคเกษตรกรรม", "Employment share of agriculture", "ILO KILM 4",
    ),
    "employment_share_industry": (
        "sector", "สัดส่วนผู้มีงานทำภาคอุตสาหกรรม", "Employment share of industry", "ILO KILM 4",
    ),
    "employment_share_services": (
        "sector", "สัดส่วนผู้มีงานทำภาคบริการ", "Employment share of services", "ILO KILM 4",
    ),
}  # fmt: skip


def _kilm_components(i: int) -> dict[str, int]:
    """Labour-force figures of the i-th province: a population 15+ split consistently."""
    agriculture, industry, services = 3_000 + 7 * i, 2_000 + 11 * i, 4_000 + 13 * i
    employed = agriculture + industry + services
    informal = employed // 2 + i
    return {
        "population": employed * 3 // 2 + 500,
        "employed": employed,
        "unemployed": 90 + i,
        "agriculture": agriculture,
        "industry": industry,
        "services": services,
        "informal_nso": informal,
        "informal_sdg": informal + 300,
        "informal_agriculture": agriculture * 9 // 10,
    }


def _kilm_pairs(f: dict[str, int]) -> dict[str, tuple[int, int]]:
    """indicator code -> (numerator, denominator) from the components."""
    labour_force = f["employed"] + f["unemployed"]
    return {
        "labour_force_participation_rate": (labour_force, f["population"]),
        "employment_to_population_ratio": (f["employed"], f["population"]),
        "unemployment_rate": (f["unemployed"], labour_force),
        "informal_employment_share_nso": (f["informal_nso"], f["employed"]),
        "informal_employment_share_sdg_8_3_1": (f["informal_sdg"], f["employed"]),
        "informal_in_agriculture_share_nso": (f["informal_agriculture"], f["informal_nso"]),
        "employment_share_agriculture": (f["agriculture"], f["employed"]),
        "employment_share_industry": (f["industry"], f["employed"]),
        "employment_share_services": (f["services"], f["employed"]),
    }


def labour_market_indicators(year: int = 2024, quarter: int = 1) -> pl.DataFrame:
    """One quarter of the KILM mart: the kingdom (sums of the provinces) and the 77 provinces,
    nine indicators each, as the dbt model writes them."""
    areas: list[tuple[str | None, dict[str, int]]] = [
        (code, _kilm_components(i)) for i, code in enumerate(PROVINCES)
    ]
    kingdom = {k: sum(f[k] for _, f in areas) for k in areas[0][1]}
    rows = []
    for province, figures in [(None, kingdom), *areas]:
        for order, (code, (num, den)) in enumerate(_kilm_pairs(figures).items(), start=1):
            group, name_th, name_en, reference = KILM_INDICATORS[code]
            rows.append(
                {
                    "year_ce": year,
                    "year_be": year + 543,
                    "quarter": quarter,
                    "quarter_start_month": dt.date(year, 3 * quarter - 2, 1),
                    "quarter_label_th": f"ไตรมาส {quarter}/{year + 543}",
                    "quarter_label_en": f"{year} Q{quarter}",
                    "area_level": "kingdom" if province is None else "province",
                    "province_code": province,
                    "area_name_th": "ทั่วราชอาณาจักร" if province is None else f"จังหวัด {province}",
                    "area_name_en": "Whole Kingdom" if province is None else f"Province {province}",
                    "indicator_code": code,
                    "indicator_group": group,
                    "indicator_name_th": name_th,
                    "indicator_name_en": name_en,
                    "numerator": num,
                    "denominator": den,
                    "value_pct": Decimal(num * 100 / den).quantize(Decimal("0.01")),
                    "definition_th": f"{name_th} ร้อยละ",
                    "definition_en": f"{name_en}, as a percentage",
                    "definition_reference": reference,
                    "indicator_order": order,
                }
            )
    return pl.DataFrame(
        rows,
        schema_overrides={
            "year_ce": pl.Int32,
            "year_be": pl.Int32,
            "quarter": pl.Int32,
            "numerator": pl.Int64,
            "denominator": pl.Int64,
            "value_pct": pl.Decimal(7, 2),
            "indicator_order": pl.Int32,
        },
    )


def governance_anomalies() -> pl.DataFrame:
    """One flagged case of each of the five kinds (seed ref_anomaly_kinds), plus a second
    duplicate, as mart_governance__anomalies writes them."""
    claims = "sso_benefits/claims/claims_256702.csv"
    line_file = "sso_efiling/256702/SPS110_1000000001_000000_256702.txt"
    rows = [
        # kind, order, names, event date, claim, related, benefit type, establishment,
        # province, amount, reason (en), file, line
        ("paid_after_death", 1, "จ่ายประโยชน์ทดแทนหลังผู้ประกันตนเสียชีวิต",
         "Benefit paid after the insured's death", dt.date(2024, 2, 5), "CLM-256702-0001733",
         "CLM-256702-0000225", "01", None, "TH-41", Decimal("1200.00"),
         "Dated 2024-02-05, after death claim CLM-256702-0000225 (2024-02-01)", claims, 1743),
        ("duplicate_claim", 2, "คำขอซ้ำ", "Duplicate claim", dt.date(2024, 2, 27),
         "CLM-256702-0001734", "CLM-256702-0001576", "01", None, "TH-74", Decimal("475.00"),
         "Repeats claim CLM-256702-0001576 (same person, benefit and claim date, both paid)",
         claims, 1744),
        ("duplicate_claim", 2, "คำขอซ้ำ", "Duplicate claim", dt.date(2024, 2, 12),
         "CLM-256702-0001740", "CLM-256702-0000031", "05", None, "TH-10", Decimal("800.00"),
         "Repeats claim CLM-256702-0000031 (same person, benefit and claim date, both paid)",
         claims, 1750),
        ("contribution_not_in_registry", 3, "นำส่งเงินสมทบให้ผู้ที่ไม่มีในทะเบียน",
         "Contribution for a person not in the registry", dt.date(2024, 2, 1), None, None, None,
         "1000000001-000000", "TH-80", Decimal("622.00"),
         "Contribution for 2024-02-01 from establishment 1000000001-000000 for a person the "
         "insured registry never lists", line_file, 45),
        ("claim_outside_insurance", 4, "ยื่นคำขอในเดือนที่ไม่มีความคุ้มครอง",
         "Claim in a month without cover", dt.date(2024, 2, 10), "CLM-256702-0001735", None, "02",
         None, "TH-43", Decimal("1007.00"),
         "Claimed in 2024-02-01, a month with no insured spell in the registry", claims, 1745),
        ("unemployment_without_s33_end", 5, "ว่างงานโดยไม่มีการสิ้นสภาพมาตรา 33",
         "Unemployment claim without a Section-33 end", dt.date(2024, 2, 10),
         "CLM-256702-0001736", None, "08", None, "TH-21", Decimal("13500.00"),
         "No Section-33 spell ended by 2024-02-10", claims, 1746),
    ]  # fmt: skip
    out = []
    for i, (kind, order, name_th, name_en, event, claim, related, btype, estab, province,
            amount, reason_en, source_file, line) in enumerate(rows):  # fmt: skip
        out.append(
            {
                "anomaly_key": f"{kind}:{claim if claim else f'{source_file}:{line}'}",
                "anomaly_kind": kind,
                "anomaly_name_th": name_th,
                "anomaly_name_en": name_en,
                "anomaly_sort_order": order,
                "anomaly_month": event.replace(day=1),
                "event_date": event,
                "claim_id": claim,
                "related_claim_id": related,
                "benefit_type_code": btype,
                "establishment_key": estab,
                "person_key": pseudonym(f"anomaly-{i}"),
                "province_code": province,
                "amount": amount,
                "reason_th": f"กรณี {name_th}",
                "reason_en": reason_en,
                "source_file": source_file,
                "source_line": line,
            }
        )
    return pl.DataFrame(
        out,
        schema_overrides={
            "anomaly_sort_order": pl.Int32,
            "amount": pl.Decimal(14, 2),
            "source_line": pl.Int64,
        },
    )
