"""The dbt project, built for real on a tiny hand-made lake.

The lake below follows docs/data-contracts.md §2 (hive directories ``month=YYYY-MM``). Every
expected number is worked out by hand in the comments next to the lake rows.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.unit.dbt_fixture_departments import DEPARTMENT_LAKE
from tests.unit.dbt_fixture_doe_lfs import DOE_LFS_LAKE

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "dbt_project"

A0 = ("0105500000001", "000000")  # employer A, head office (Bangkok)
A1 = ("0105500000001", "000001")  # employer A, branch 1 (Bangkok)
B0 = ("0505500000002", "000000")  # employer B (Bangkok)

META = {"_source_file": pl.String, "_source_line": pl.Int64, "_load_id": pl.String}
INSURED_SCHEMA = {
    "person_key": pl.String,
    "id_non_thai": pl.Boolean,
    "sex": pl.String,
    "birth_year": pl.Int16,
    "section": pl.Int16,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    **META,
}
EMPLOYER_SCHEMA = {
    "employer_account": pl.String,
    "branch": pl.String,
    "establishment_name": pl.String,
    "tsic_code": pl.String,
    "size_band": pl.String,
    "province_code": pl.String,
    "registered_on": pl.Date,
    **META,
}
CONTRIBUTION_SCHEMA = {
    "employer_account": pl.String,
    "branch": pl.String,
    "wage_month": pl.Date,
    "payment_date": pl.Date,
    "contribution_rate": pl.Decimal(5, 2),
    "person_key": pl.String,
    "id_non_thai": pl.Boolean,
    "sex": pl.String,
    "wage": pl.Decimal(12, 2),
    "employee_contribution": pl.Decimal(12, 2),
    "_superseded_by": pl.String,
    **META,
}
LFS_SCHEMA = {
    "year": pl.Int16,
    "quarter": pl.Int8,
    "province_code": pl.String,
    "labour_force": pl.Int64,
    "informal_workforce": pl.Int64,
    **META,
}


def _spell(person, section, province, start, end=None, employer=(None, None)):
    return (person, person == "p_nonthai", "M", 1985, section, *employer, province, start, end)


# Insured registry deliveries. January is the full extract; later months the new or changed spells.
INSURED = {
    "2024-01": [
        _spell("p1", 33, "TH-10", date(2020, 5, 1), employer=A0),  # open all quarter
        _spell("p2", 40, "TH-50", date(2023, 6, 1)),  # lapses 10 Feb (see February)
        _spell("p3", 33, "TH-10", date(2019, 1, 1), employer=A1),  # ends 20 Jan (see February)
        _spell("p4", 33, "TH-10", date(2024, 1, 15), employer=A0),  # new in January
    ],
    "2024-02": [
        _spell("p2", 40, "TH-50", date(2023, 6, 1), date(2024, 2, 10)),
        _spell("p3", 33, "TH-10", date(2019, 1, 1), date(2024, 1, 20), employer=A1),
        _spell("p5", 40, "TH-50", date(2024, 2, 5)),  # new Section 40 spell in February
    ],
    "2024-03": [
        _spell("p3", 39, "TH-10", date(2024, 3, 1)),  # S33 ended 20 Jan -> S39: a conversion
        # p6 works for two employers: two S33 spells, one person. (Two spells starting the same
        # day would share the natural key (person, section, start date) and collapse into one.)
        _spell("p6", 33, "TH-10", date(2024, 3, 1), employer=A0),
        _spell("p6", 33, "TH-10", date(2024, 3, 4), employer=B0),
    ],
}
# Expected active (distinct) persons, by (month, section, province):
#   S33 TH-10: Jan p1 p3 p4 = 3; Feb p1 p4 = 2; Mar p1 p4 p6 = 3 (p6 once)
#   S40 TH-50: Jan p2 = 1; Feb p2 p5 = 2; Mar p5 = 1
#   S39 TH-10: Mar p3 = 1

EMPLOYERS = {
    "2024-01": [
        (*A0, "บริษัท เอ จำกัด", "10712", "50-99", "TH-10", date(2001, 3, 1)),
        (*A1, "บริษัท เอ จำกัด สาขา 1", "10712", "5-9", "TH-10", date(2005, 7, 1)),
        (*B0, 'ห้างหุ้นส่วน "บี", ขนส่ง', "49231", "1-4", "TH-10", date(2010, 1, 4)),
    ],
    "2024-02": [
        (*A0, "บริษัท เอ (ประเทศไทย) จำกัด", "10712", "100-299", "TH-10", date(2001, 3, 1)),
        (*A1, "บริษัท เอ จำกัด สาขา 1", "10712", "5-9", "TH-10", date(2005, 7, 1)),
        (*B0, 'ห้างหุ้นส่วน "บี", ขนส่ง', "49231", "1-4", "TH-10", date(2010, 1, 4)),
    ],
}


def _line(employer, person, wage, contribution, month=date(2024, 1, 1), superseded_by=None):
    return (
        *employer,
        month,
        date(month.year, month.month, 15),
        Decimal("5.00"),
        person,
        False,
        "M",
        Decimal(wage),
        Decimal(contribution),
        superseded_by,
    )


CONTRIBUTIONS = {
    "2024-01": [
        # the employer's first filing, replaced by a corrected one (R2): staging drops it
        _line(A0, "p1", "9000.00", "450.00", superseded_by="SPS110_A_000000_256701_R2.txt"),
        _line(A0, "p1", "15000.00", "750.00"),
        _line(A0, "p4", "10000.00", "500.00"),
        _line(A1, "p3", "1650.00", "83.00"),
    ],
}
# Expected fct_contributions, Jan 2024, A-000000: 2 lines, wages 25,000, employee 1,250,
# employer 1,250, total 2,500.

LFS = {"2024-01": [(2024, 1, "TH-10", 5000, 1000), (2024, 1, "TH-50", 2000, 1500)]}
# Coverage: S33 TH-10 Jan = 1000 * 3 / 5000 = 0.60; S40 TH-50 Feb = 1000 * 2 / 2000 = 1.00,
# of the informal workforce 1000 * 2 / 1500 = 1.33.


# ----------------------------------------------------------------- SSO benefits (claims, S39)
CLAIM_SCHEMA = {
    "claim_id": pl.String,
    "benefit_type_code": pl.String,
    "person_key": pl.String,
    "section": pl.Int16,
    "province_code": pl.String,
    "claim_date": pl.Date,
    "decision_date": pl.Date,
    "payment_date": pl.Date,
    "amount": pl.Decimal(14, 2),
    "status": pl.String,
    "reason_code": pl.String,
    **META,
}
OK, NO = "อนุมัติ", "ไม่อนุมัติ"


def _claim(cid, code, person, section, province, claimed, decided, paid, amount, status, why=None):
    return (cid, code, person, section, province, claimed, decided, paid, Decimal(amount), status,
            why)  # fmt: skip


CLAIMS = {
    "2024-01": [
        # sickness, Section 33, Bangkok, January: paid in 3 days; paid in 10 (standard 7); rejected
        _claim("CLM-256701-0000001", "01", "p1", 33, "TH-10", date(2024, 1, 3), date(2024, 1, 4),
               date(2024, 1, 6), "500.00", OK),
        _claim("CLM-256701-0000002", "01", "p4", 33, "TH-10", date(2024, 1, 16), date(2024, 1, 20),
               date(2024, 1, 26), "1200.00", OK),  # corrected in February's file (1,250)
        _claim("CLM-256701-0000003", "01", "p1", 33, "TH-10", date(2024, 1, 20), date(2024, 1, 22),
               None, "0.00", NO, "R03"),
        # p4 gives birth (maternity) and claims child allowance 41 days later
        _claim("CLM-256701-0000004", "02", "p4", 33, "TH-10", date(2024, 1, 10), date(2024, 1, 12),
               date(2024, 1, 15), "30000.00", OK),
    ],
    "2024-02": [
        # p3's job ended 20 January: unemployment claimed 16 days later
        _claim("CLM-256702-0000001", "08", "p3", 33, "TH-10", date(2024, 2, 5), date(2024, 2, 7),
               date(2024, 2, 9), "27000.00", OK),
        _claim("CLM-256702-0000002", "05", "p4", 33, "TH-10", date(2024, 2, 20), date(2024, 2, 22),
               date(2024, 2, 27), "1600.00", OK),
        # Section 40 sickness (2 days in hospital), Chiang Mai
        _claim("CLM-256702-0000003", "01", "p5", 40, "TH-50", date(2024, 2, 10), date(2024, 2, 11),
               date(2024, 2, 12), "600.00", OK),
        _claim("CLM-256701-0000002", "01", "p4", 33, "TH-10", date(2024, 1, 16), date(2024, 1, 20),
               date(2024, 1, 26), "1250.00", OK),
    ],
    "2024-03": [
        # p1 gives birth in March and has not claimed child allowance (yet: the window is open)
        _claim("CLM-256703-0000001", "02", "p1", 33, "TH-10", date(2024, 3, 5), date(2024, 3, 6),
               date(2024, 3, 8), "28000.00", OK),
    ],
}  # fmt: skip
# Expected, January, TH-10, sickness, Section 33: 3 claims, 2 approved, 1 rejected (R03),
# 500 + 1,250 = 1,750 baht paid; days to pay 3 and 10: median 6.5, p90 3 + 0.9 x 7 = 9.3;
# 1 of 2 within the standard (7 days); 3 insured in Section 33 -> 1,000 claims per 1,000.
# Take-up: January, TH-10: one Section-33 leaver (p3), not re-employed, claimed within 30 days;
# one birth (p4), child allowance within 60 days. March: one birth (p1), no claim (window open).

REQUEST_SCHEMA = {
    "request_id": pl.String,
    "person_key": pl.String,
    "province_code": pl.String,
    "lapse_date": pl.Date,
    "request_date": pl.Date,
    "decision_date": pl.Date,
    "status": pl.String,
    "reason_code": pl.String,
    **META,
}
REQUESTS = {
    "2024-02": [
        ("S39-256702-000001", "p2", "TH-50", date(2024, 2, 10), date(2024, 2, 20),
         date(2024, 3, 1), OK, None),  # decided in 10 days
        ("S39-256702-000002", "p5", "TH-50", date(2023, 12, 1), date(2024, 2, 25),
         date(2024, 3, 5), NO, "R21"),  # 9 days
    ],
}  # fmt: skip
# Expected, February, TH-50: 2 requested, 1 approved, 1 rejected; median 9.5 days.
# ----------------------------------------------------------------- end SSO benefits


# ----------------------------------------------------------------- work injuries and the fund
INJURY_SCHEMA = {
    "case_id": pl.String,
    "person_key": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "tsic_code": pl.String,
    "province_code": pl.String,
    "injury_date": pl.Date,
    "severity": pl.String,
    "days_off": pl.Int16,
    "medical_expenses": pl.Decimal(14, 2),
    "compensation": pl.Decimal(14, 2),
    **META,
}
OVER3, UPTO3, DEATH = "หยุดงานเกิน 3 วัน", "หยุดงานไม่เกิน 3 วัน", "ตาย"
INJURIES = {
    "2024-01": [
        ("WC256701000001", "p1", *A0, "10712", "TH-10", date(2024, 1, 10), OVER3, 10,
         Decimal("5000.00"), Decimal("3500.00")),
        ("WC256701000002", "p4", *A0, "10712", "TH-10", date(2024, 1, 20), UPTO3, 2,
         Decimal("800.00"), Decimal("0.00")),
    ],
    "2024-02": [
        ("WC256702000001", "p4", *B0, "49231", "TH-10", date(2024, 2, 5), DEATH, None,
         Decimal("20000.00"), Decimal("1730000.00")),
        ("WC256702000002", "p5", *B0, "49231", "TH-50", date(2024, 2, 8), UPTO3, 1,
         Decimal("500.00"), Decimal("0.00")),
    ],
}  # fmt: skip
# Expected (S33 insured of fct_insured_monthly, TH-10: Jan 3, Feb 2; TH-50: none):
#   Jan TH-10 off work > 3 days: 1 case, 1000 x 1 / 3 = 333.33 a month, 4000.00 annualised;
#   Jan TH-10 all severities: 2 cases, 666.67; Feb TH-10 death: 1 / 2 = 500.00;
#   Feb TH-50: 1 case, no Section-33 insured: rate null.

POSITION_SCHEMA = {
    "report_month": pl.Date,
    "asset_class_code": pl.String,
    "asset_class_label": pl.String,
    "market_value_million_baht": pl.Decimal(18, 2),
    "weight_pct": pl.Decimal(7, 2),
    "monthly_return_pct": pl.Decimal(9, 4),
    **META,
}
FUND_MIX = [  # code, label, value (million baht; a 1,000 fund at the end-2024 mix)
    ("deposits", "เงินฝาก", "30"),
    ("government_bonds", "พันธบัตรรัฐบาล", "420"),
    ("state_corporate_bonds", "หุ้นกู้รัฐวิสาหกิจและหุ้นกู้เอกชน", "127"),
    ("domestic_equities", "ตราสารทุนในประเทศ", "100"),
    ("foreign_equities", "ตราสารทุนต่างประเทศ", "140"),
    ("foreign_bonds", "ตราสารหนี้ต่างประเทศ", "139"),
    ("real_assets", "อสังหาริมทรัพย์และการลงทุนทางเลือก", "44"),
]


def _positions(month: date, returns: dict[str, str]) -> list[tuple]:
    return [
        (month, code, label, Decimal(v), Decimal(v) / 10, Decimal(returns.get(code, "0")))
        for code, label, v in FUND_MIX
    ]


POSITIONS = {
    "2024-01": _positions(date(2024, 1, 1), {c: "1.0" for c, _l, _v in FUND_MIX}),
    "2024-02": _positions(date(2024, 2, 1), {"domestic_equities": "10.0"}),
}
# Expected: safe = 30 + 420 + 127 + 139 = 716 of 1,000; domestic = 30 + 420 + 127 + 100 = 677.
# Against the 2024 strategic allocation (0.72 safe, 0.66 domestic): gaps -0.40 and +1.70 points.
# Returns: January 1 %; February Σ b·r / Σ b with b = value / (1 + r): domestic equities
# b = 100 / 1.1 = 90.909, the rest b = 900: 9.0909 / 990.909 = 0.9174 %; year to date
# 1.01 x 1.009174 - 1 = 1.9266 %; the 4 % target to February: 1.04^(2/12) - 1 = 0.6558 %.

CASH_FLOW_SCHEMA = {
    "report_month": pl.Date,
    "flow_group": pl.String,
    "flow_code": pl.String,
    "item_label": pl.String,
    "amount_million_baht": pl.Decimal(18, 2),
    **META,
}
CASH_ITEMS = [  # code, group, label, January amount (million baht)
    ("contribution_s33", "contribution", "มาตรา 33", "10.00"),
    ("contribution_s39", "contribution", "มาตรา 39", "1.00"),
    ("contribution_s40", "contribution", "มาตรา 40", "0.50"),
    ("benefit_sickness", "benefit", "กรณีเจ็บป่วย", "3.00"),
    ("benefit_maternity", "benefit", "กรณีคลอดบุตร", "0.40"),
    ("benefit_invalidity", "benefit", "กรณีทุพพลภาพ", "0.10"),
    ("benefit_death", "benefit", "กรณีตาย", "0.10"),
    ("benefit_child_allowance", "benefit", "กรณีสงเคราะห์บุตร", "1.00"),
    ("benefit_old_age", "benefit", "กรณีชราภาพ", "2.40"),
    ("benefit_unemployment", "benefit", "กรณีว่างงาน", "0.50"),
]


def _cash(month: date, old_age: str) -> list[tuple]:
    return [
        (month, group, code, label, Decimal(old_age if code == "benefit_old_age" else a))
        for code, group, label, a in CASH_ITEMS
    ]


CASH_FLOWS = {
    "2024-01": _cash(date(2024, 1, 1), "2.40"),
    "2024-02": _cash(date(2024, 2, 1), "12.40"),
}
# Expected: contributions 11.50 a month; benefits 7.50 (Jan) and 17.50 (Feb); net 4.00 and -6.00,
# -2.00 year to date in February. Section 33 from the filings: 2.55 x 1,333 baht of employee
# contributions (January) = 0.00 million: a gap of 10.00, which the warn-level test flags.
# Projection base (February, 2 months annualised x 6): Section 33 120, Sections 39/40 18, old
# age 88.8, other benefits 61.2 a year; balance 1,000.
# ----------------------------------------------------------------- end work injuries and the fund

# ----------------------------------------------------------------- hotline 1506 (sso_hotline)
HOTLINE_SCHEMA = {
    "contact_id": pl.String,
    "contact_at": pl.String,
    "updated_at": pl.String,
    "menu_option": pl.Int8,
    "channel": pl.String,
    "issue_text": pl.String,
    "agent_category": pl.String,
    "answered": pl.Boolean,
    "auto_answered": pl.Boolean,
    "wait_seconds": pl.Int32,
    "handle_seconds": pl.Int32,
    "resolved_first_contact": pl.Boolean,
    "contact_type": pl.String,
    "case_status": pl.String,
    "closed_at": pl.String,
    "person_key": pl.String,
    "caller_id_status": pl.String,
    "topic_code": pl.String,
    "topic_model_version": pl.String,
    **META,
}
# The classifier version the quality seed measured (so is_current_model is true for it).
HOTLINE_MODEL = (
    pl.read_csv(PROJECT / "seeds" / "ref_hotline_classifier_quality.csv")
    .get_column("model_version")
    .item(0)
)
# fmt: off
# id, contacted (Bangkok), option, channel, topic, agent's category, answered by (agent, auto,
# abandoned), wait s, handle s, type, case status, case closed later at, record updated at, person
_C = {
    "c1": ("2024-01-10 09:00", 1, "phone", "medical", "medical", "agent", 60, 300, "inquiry", "closed", None, "2024-01-10 09:06", "p1"),  # noqa: E501
    "c2": ("2024-01-10 10:00", 1, "phone", None, None, "abandoned", 200, 0, "inquiry", "none", None, "2024-01-10 10:03", None),  # noqa: E501
    "c3": ("2024-01-20 22:00", 2, "line", "job_seeking", None, "auto", 2, 60, "inquiry", "closed", None, "2024-01-20 22:01", None),  # noqa: E501
    "c4": ("2024-02-05 09:00", 1, "phone", "contributions", "contributions", "agent", 100, 200, "inquiry", "closed", "2024-02-12 11:00", "2024-02-12 11:00", None),  # noqa: E501
    "c5": ("2024-02-06 10:00", 3, "web", "labour_protection", "labour_protection", "agent", 30, 400, "complaint", "open", None, "2024-02-06 10:10", None),  # noqa: E501
    "c6": ("2024-03-01 08:00", 1, "line", "medical", None, "auto", 1, 50, "inquiry", "closed", None, "2024-03-01 08:01", None),  # noqa: E501
    "c7": ("2024-03-02 09:00", 1, "phone", "medical", "other", "agent", 40, 100, "inquiry", "open", None, "2024-03-02 09:03", None),  # noqa: E501
    "c7 closed": ("2024-03-02 09:00", 1, "phone", "medical", "other", "agent", 40, 100, "inquiry", "closed", "2024-03-10 16:00", "2024-03-10 16:00", None),  # noqa: E501
    "c8": ("2024-04-03 09:00", 1, "phone", "unemployment", "unemployment", "agent", 20, 100, "inquiry", "closed", None, "2024-04-03 09:02", "p2"),  # noqa: E501
    "c9": ("2024-04-04 09:00", 1, "phone", "unemployment", "unemployment", "agent", 80, 100, "inquiry", "closed", None, "2024-04-04 09:03", None),  # noqa: E501
    "c10": ("2024-04-05 15:00", 3, "phone", "labour_protection", "labour_protection", "agent", 10, 600, "complaint", "open", None, "2024-04-05 15:10", None),  # noqa: E501
}
# fmt: on


def _contact(key: str) -> tuple:
    """A lake row of the contact ``key`` of _C (timestamps as landing writes them)."""
    row = _C[key]
    at, option, channel, topic, agent, how, wait, handle, kind, status, closed, updated = row[:12]
    person = row[12]

    def iso(t):
        return t.replace(" ", "T") + ":00+07:00" if t else None

    resolved = status == "closed" and closed is None  # closed within the contact itself
    return (
        key.split()[0],
        iso(at),
        iso(updated),
        option,
        channel,
        None if topic is None else f"text of {key}",
        agent if how == "agent" else None,
        how != "abandoned",
        how == "auto",
        wait,
        None if how == "abandoned" else handle,
        resolved,
        kind,
        status,
        iso(updated) if resolved else iso(closed),
        person,
        "given" if person else "absent",
        topic,
        HOTLINE_MODEL,
    )


HOTLINE = {
    # the first pull (month of the pull: 2026-11) brought January to April 2024
    "2026-11": [_contact(k) for k in ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10")],
    # a later pull: c4 again, unchanged (delivered twice: at least once), and c7 now closed
    "2026-12": [_contact("c4"), _contact("c7 closed")],
}
# Expected: 10 contacts (c4 and c7 kept once, c7 closed on 10 March: 8 days). Backlog as of
# 2024-04-05 (the latest updated_at): c5 (DLPW complaint, 59 days: 31-90) and c10 (0 days: 0-7).
# April's rising topics against January-March: unemployment 2 vs 0 (+2, rank 1),
# labour_protection 1 vs 1/3 (+0.67, rank 2), medical 0 vs 1 (-1, last). Agent labels: 7
# contacts with both, 6 agree (c7: medical vs other); macro-F1 over the 5 agent topics:
# medical 2/3, other 0, contributions, labour_protection, unemployment 1 -> 0.7333.
# ----------------------------------------------------------------- end hotline 1506


def _write(root: Path, source: str, entity: str, schema: dict, by_month: dict) -> None:
    for month, rows in by_month.items():
        rel = f"{source}/{entity}/{month}.src"
        full = [(*row, rel, line, f"load-{month}") for line, row in enumerate(rows, start=2)]
        frame = pl.DataFrame(full, schema=schema, orient="row")
        part = root / "lake" / "raw" / source / entity / f"month={month}"
        part.mkdir(parents=True)
        frame.write_parquet(part / "part-0.parquet", compression="zstd")


def _dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def _dbt(args: list[str], env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            _dbt_executable(),
            *args,
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--target-path",
            str(tmp / "target"),
            "--log-path",
            str(tmp / "logs"),
        ],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("dbt")
    data = tmp / "data"
    _write(data, "sso_registry", "insured", INSURED_SCHEMA, INSURED)
    _write(data, "sso_registry", "employers", EMPLOYER_SCHEMA, EMPLOYERS)
    _write(data, "sso_efiling", "contributions", CONTRIBUTION_SCHEMA, CONTRIBUTIONS)
    _write(data, "nso_lfs", "labour_force", LFS_SCHEMA, LFS)
    _write(data, "sso_benefits", "claims", CLAIM_SCHEMA, CLAIMS)
    _write(data, "sso_benefits", "s39_reinstatements", REQUEST_SCHEMA, REQUESTS)
    _write(data, "sso_wcf", "injuries", INJURY_SCHEMA, INJURIES)
    _write(data, "sso_fund", "positions", POSITION_SCHEMA, POSITIONS)
    _write(data, "sso_fund", "cash_flow", CASH_FLOW_SCHEMA, CASH_FLOWS)
    _write(data, "sso_hotline", "contacts", HOTLINE_SCHEMA, HOTLINE)
    # issue 9: DSD, DLPW, staff welfare; DOE and LFS tables 2-3
    for source, entity, schema, rows in [*DEPARTMENT_LAKE, *DOE_LFS_LAKE]:
        _write(data, source, entity, schema, rows)
    warehouse = tmp / "warehouse" / "labour.duckdb"
    warehouse.parent.mkdir()
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_WAREHOUSE_BUILD_PATH": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = _dbt(["build"], env, tmp)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con, tmp, result.stdout
    con.close()


def _one(con, sql: str, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_build_passes_every_test(built):
    _, _, stdout = built
    assert "ERROR=0" in stdout.replace(" ", "")


def test_schemas_are_used_as_named(built):
    con, _, _ = built
    schemas = {
        r[0]
        for r in con.execute(
            "select distinct table_schema from information_schema.tables"
        ).fetchall()
    }
    assert {"staging", "intermediate", "marts"} <= schemas
    assert not any(s.startswith("main_") for s in schemas)


def test_spell_versions_are_deduplicated(built):
    con, _, _ = built
    assert _one(
        con,
        "select count(*), max(end_date) from staging.stg_sso_registry__insured "
        "where person_key = 'p2'",
    ) == (1, date(2024, 2, 10))
    assert _one(con, "select count(*) from marts.fct_insurance_spells") == (8,)
    assert _one(
        con,
        "select is_open, start_month, end_month from marts.fct_insurance_spells "
        "where person_key = 'p3' and section = 33",
    ) == (False, date(2019, 1, 1), date(2024, 1, 1))


def _coverage(con, month, province, section):
    return _one(
        con,
        "select insured_persons, insured_per_1000_workforce, insured_per_1000_informal_workforce "
        "from marts.mart_coverage__province_monthly "
        "where month_start = ? and province_code = ? and section = ?",
        month,
        province,
        section,
    )


def test_insured_is_a_stock_counted_each_month(built):
    con, _, _ = built
    jan, feb, mar = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
    assert [_coverage(con, m, "TH-10", 33)[0] for m in (jan, feb, mar)] == [3, 2, 3]
    assert [_coverage(con, m, "TH-50", 40)[0] for m in (jan, feb, mar)] == [1, 2, 1]
    assert [_coverage(con, m, "TH-10", 39)[0] for m in (jan, feb, mar)] == [0, 0, 1]
    # rates per 1,000 workforce of the month's quarter
    assert _coverage(con, jan, "TH-10", 33)[1:] == (Decimal("0.60"), None)
    assert _coverage(con, feb, "TH-50", 40)[1:] == (Decimal("1.00"), Decimal("1.33"))


def test_mart_is_dense_over_provinces_and_labelled(built):
    con, _, _ = built
    n_provinces = _one(con, "select count(*) from marts.dim_province")[0]
    assert n_provinces == 77
    assert _one(con, "select count(*) from marts.mart_coverage__province_monthly") == (
        3 * n_provinces * 3,
    )
    assert _one(
        con,
        "select distinct month_label_th, month_label_en, month_key, fiscal_year_be, "
        "is_latest_month "
        "from marts.mart_coverage__province_monthly where month_start = date '2024-03-01'",
    ) == ("มี.ค. 2567", "Mar 2024", 202403, 2567, True)


def test_fct_insured_monthly_counts_persons_per_establishment(built):
    con, _, _ = built
    rows = con.execute(
        "select establishment_key, insured_persons, active_spells from marts.fct_insured_monthly "
        "where month_start = date '2024-03-01' and section = 33 order by 1"
    ).fetchall()
    assert rows == [("0105500000001-000000", 3, 3), ("0505500000002-000000", 1, 1)]
    # p6 has two employers: counted once in the province total
    assert _coverage(con, date(2024, 3, 1), "TH-10", 33)[0] == 3


def test_national_and_summary_marts(built):
    con, _, _ = built
    assert _one(
        con,
        "select insured_persons, labour_force from marts.mart_coverage__national_monthly "
        "where month_start = date '2024-02-01' and section = 40",
    ) == (2, 7000)
    assert _one(
        con,
        "select insured_s33, insured_s39, insured_s40, insured_informal, insured_total "
        "from marts.mart_coverage__province_summary_monthly "
        "where month_start = date '2024-03-01' and province_code = 'TH-10'",
    ) == (3, 1, 0, 1, 4)


def test_section40_flows_and_conversions(built):
    con, _, _ = built
    flows = con.execute(
        "select month_start, new_spells, lapsed_spells, net_additions, insured_persons "
        "from marts.mart_coverage__section40_flows where province_code = 'TH-50' order by 1"
    ).fetchall()
    assert flows == [
        (date(2024, 1, 1), 0, 0, 0, 1),
        (date(2024, 2, 1), 1, 1, 0, 2),
        (date(2024, 3, 1), 0, 0, 0, 1),
    ]
    conversions = con.execute(
        "select month_start, conversions, s33_exits from marts.mart_coverage__conversions "
        "where province_code = 'TH-10' order by 1"
    ).fetchall()
    assert conversions == [
        (date(2024, 1, 1), 0, 1),
        (date(2024, 2, 1), 0, 0),
        (date(2024, 3, 1), 1, 0),
    ]


def test_contributions_and_establishments(built):
    con, _, _ = built
    assert _one(
        con,
        "select insured_lines, total_wages, employee_contributions, employer_contributions, "
        "total_contributions, contribution_rate from marts.fct_contributions "
        "where wage_month = date '2024-01-01' and establishment_key = '0105500000001-000000'",
    ) == (
        2,
        Decimal("25000.00"),
        Decimal("1250.00"),
        Decimal("1250.00"),
        Decimal("2500.00"),
        Decimal("5.00"),
    )
    # the latest snapshot wins; names with quotes and commas survive
    assert _one(
        con,
        "select establishment_name, size_band, tsic_section_code, is_head_office "
        "from marts.dim_establishment where establishment_key = '0105500000001-000000'",
    ) == ("บริษัท เอ (ประเทศไทย) จำกัด", "100-299", "C", True)
    assert _one(
        con,
        "select establishment_name, tsic_section_code from marts.dim_establishment "
        "where establishment_key = '0505500000002-000000'",
    ) == ('ห้างหุ้นส่วน "บี", ขนส่ง', "H")


def test_dim_date(built):
    con, _, _ = built
    assert _one(
        con,
        "select month_start, month_key, year_be, quarter, fiscal_year_be, fiscal_quarter, "
        "month_label_th, month_label_en from marts.dim_date where date_day = date '2023-10-17'",
    ) == (date(2023, 10, 1), 202310, 2566, 4, 2567, 1, "ต.ค. 2566", "Oct 2023")
    # earliest spell start (2019-01-01) to the end of the latest data year, one row per day
    assert _one(
        con,
        "select min(date_day), max(date_day), count(*) = count(distinct date_day) "
        "from marts.dim_date",
    ) == (date(2019, 1, 1), date(2024, 12, 31), True)


def test_manifest_maps_sources_to_lake_assets(built):
    _, tmp, _ = built
    manifest = json.loads((tmp / "target" / "manifest.json").read_text())
    keys = {
        (s["source_name"], s["name"]): s["meta"]["dagster"]["asset_key"]
        for s in manifest["sources"].values()
    }
    assert keys == {
        ("sso_registry", "insured"): ["lake", "sso_registry", "insured"],
        ("sso_registry", "employers"): ["lake", "sso_registry", "employers"],
        ("sso_efiling", "contributions"): ["lake", "sso_efiling", "contributions"],
        ("nso_lfs", "labour_force"): ["lake", "nso_lfs", "labour_force"],
        ("sso_benefits", "claims"): ["lake", "sso_benefits", "claims"],
        ("sso_benefits", "s39_reinstatements"): ["lake", "sso_benefits", "s39_reinstatements"],
        ("sso_wcf", "injuries"): ["lake", "sso_wcf", "injuries"],
        ("sso_fund", "positions"): ["lake", "sso_fund", "positions"],
        ("sso_fund", "cash_flow"): ["lake", "sso_fund", "cash_flow"],
        ("sso_hotline", "contacts"): ["lake", "sso_hotline", "contacts"],
        # issue 9: every table of the departments' and LFS tables' lake rows
        **{
            (source, entity): ["lake", source, entity]
            for source, entity, _, _ in [*DEPARTMENT_LAKE, *DOE_LFS_LAKE]
        },
    }


def test_missing_lake_fails_with_a_clear_message(tmp_path):
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(tmp_path / "nowhere"),
        "LABOUR_WAREHOUSE_BUILD_PATH": str(tmp_path / "w.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = _dbt(["run", "--select", "dim_province"], env, tmp_path)
    assert result.returncode != 0
    assert "LABOUR_DATA_DIR" in result.stdout


# ----------------------------------------------------------------- SSO benefits (Guideline 2)
def _benefits(con, month, province, code, section):
    return _one(
        con,
        "select claims, approved_claims, rejected_claims, amount_paid, insured_persons, "
        "claims_per_1000_insured, days_to_pay_median, days_to_pay_p90, paid_within_standard, "
        "share_paid_within_standard, is_eligible from marts.mart_benefits__province_monthly "
        "where month_start = ? and province_code = ? and benefit_type_code = ? and section = ?",
        month,
        province,
        code,
        section,
    )


def test_benefit_claims_fact_keeps_the_latest_version(built):
    con, _, _ = built
    assert _one(con, "select count(*) from marts.fct_benefit_claims") == (8,)
    assert _one(
        con,
        "select amount_paid, claim_month, days_to_payment, is_paid_within_standard, delivery_month "
        "from marts.fct_benefit_claims where claim_id = 'CLM-256701-0000002'",
    ) == (Decimal("1250.00"), date(2024, 1, 1), 10, False, date(2024, 2, 1))
    assert _one(
        con,
        "select status, is_approved, payment_date, days_to_payment, is_paid_within_standard "
        "from marts.fct_benefit_claims where claim_id = 'CLM-256701-0000003'",
    ) == ("rejected", False, None, None, None)


def test_benefits_province_mart(built):
    con, _, _ = built
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert _benefits(con, jan, "TH-10", "01", 33) == (
        3, 2, 1, Decimal("1750.00"), 3, Decimal("1000.00"), Decimal("6.5"), Decimal("9.3"),
        1, Decimal("0.5000"), True,
    )  # fmt: skip
    # Section 40 sickness in Chiang Mai: 2 insured in February
    assert _benefits(con, feb, "TH-50", "01", 40)[:6] == (
        1, 1, 0, Decimal("600.00"), 2, Decimal("500.00"),
    )  # fmt: skip
    # dense: zeros where no one claimed, and unemployment is not a Section-40 benefit
    assert _benefits(con, feb, "TH-50", "08", 40) == (
        0, 0, 0, Decimal("0.00"), 2, Decimal("0.00"), None, None, 0, None, False,
    )  # fmt: skip
    n_provinces, n_types = _one(
        con, "select (select count(*) from marts.dim_province), (select count(*) from "
        "marts.dim_benefit_type)"
    )  # fmt: skip
    assert _one(con, "select count(*) from marts.mart_benefits__province_monthly") == (
        3 * n_provinces * n_types * 3,
    )
    assert _one(
        con,
        "select benefit_type_name_th, benefit_type_name_en, service_standard_days "
        "from marts.dim_benefit_type where benefit_type_code = '08'",
    ) == ("กรณีว่างงาน", "Unemployment", 7)


def test_benefits_rejection_reasons_mart(built):
    con, _, _ = built
    assert con.execute(
        "select month_start, province_code, benefit_type_code, section, reason_code, "
        "reason_name_en, rejected_claims, share_of_rejections "
        "from marts.mart_benefits__rejection_reasons"
    ).fetchall() == [
        (date(2024, 1, 1), "TH-10", "01", 33, "R03", "Documents incomplete", 1, Decimal("1.0000"))
    ]


def test_benefits_take_up_gap(built):
    con, _, _ = built
    rows = con.execute(
        "select month_start, s33_leavers, s33_leavers_eligible, "
        "unemployment_claimed_within_30_days, unemployment_take_up_gap, "
        "unemployment_window_complete, births_insured, child_allowance_claimed_within_60_days, "
        "child_allowance_take_up_gap, child_allowance_window_complete "
        "from marts.mart_benefits__take_up_gap where province_code = 'TH-10' order by 1"
    ).fetchall()
    assert rows == [
        (date(2024, 1, 1), 1, 1, 1, 0, True, 1, 1, 0, True),
        (date(2024, 2, 1), 0, 0, 0, 0, True, 0, 0, 0, False),
        (date(2024, 3, 1), 0, 0, 0, 0, False, 1, 0, 1, False),
    ]


def test_s39_reinstatements_mart(built):
    con, _, _ = built
    assert _one(
        con,
        "select requested, approved, rejected, approval_rate, days_to_decision_median, "
        "s39_insured_persons from marts.mart_benefits__s39_reinstatements "
        "where month_start = date '2024-02-01' and province_code = 'TH-50'",
    ) == (2, 1, 1, Decimal("0.5000"), Decimal("9.5"), 0)
    assert _one(
        con,
        "select sum(requested), count(*) from marts.mart_benefits__s39_reinstatements",
    ) == (2, 3 * 77)


# ----------------------------------------------------------------- end SSO benefits


# ----------------------------------------------------------------- work injuries and the fund
def test_work_injuries_fact(built):
    con, _, _ = built
    sql = "select count(*), count(distinct case_id) from marts.fct_work_injuries"
    assert _one(con, sql) == (4, 4)
    assert _one(
        con,
        "select severity_code, is_serious, tsic_section_code, days_off, total_paid, injury_month "
        "from marts.fct_work_injuries where case_id = 'WC256702000001'",
    ) == ("death", True, "H", None, Decimal("1750000.00"), date(2024, 2, 1))


def test_injuries_per_1000_insured(built):
    con, _, _ = built
    sql = (
        "select injuries, insured_s33, injuries_per_1000_insured, "
        "injuries_per_1000_insured_annualised from marts.mart_injuries__province_monthly "
        "where month_start = ? and province_code = ? and severity_code = ?"
    )
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert _one(con, sql, jan, "TH-10", "off_work_over_3_days") == (
        1,
        3,
        Decimal("333.33"),
        Decimal("4000.00"),
    )
    assert _one(con, sql, feb, "TH-10", "death") == (1, 2, Decimal("500.00"), Decimal("6000.00"))
    assert _one(con, sql, feb, "TH-50", "off_work_up_to_3_days")[:3] == (1, 0, None)
    # dense: 3 months x 77 provinces x 5 severities
    assert _one(con, "select count(*) from marts.mart_injuries__province_monthly") == (3 * 77 * 5,)
    assert _one(
        con,
        "select injuries, deaths, serious_injuries, injuries_per_1000_insured "
        "from marts.mart_injuries__province_summary_monthly "
        "where month_start = ? and province_code = 'TH-10'",
        jan,
    ) == (2, 0, 0, Decimal("666.67"))


def test_fund_positions_and_allocation(built):
    con, _, _ = built
    assert _one(
        con,
        "select risk_bucket, domicile, weight, fund_value_million_baht "
        "from marts.fct_fund_positions "
        "where month_start = date '2024-01-01' and asset_class_code = 'real_assets'",
    ) == ("risky", "foreign", Decimal("0.044000"), Decimal("1000.00"))
    assert _one(
        con,
        "select safe_share, domestic_share, target_safe_share, target_domestic_share, "
        "safe_gap_pp, domestic_gap_pp from marts.mart_fund__allocation_monthly "
        "where month_start = date '2024-02-01'",
    ) == (
        Decimal("0.716000"),
        Decimal("0.677000"),
        Decimal("0.720000"),
        Decimal("0.660000"),
        Decimal("-0.40"),
        Decimal("1.70"),
    )


def test_fund_returns_against_the_target(built):
    con, _, _ = built
    rows = con.execute(
        "select portfolio_return_pct, ytd_return_pct, months_in_ytd, target_ytd_return_pct, "
        "trailing_12m_return_pct from marts.mart_fund__returns_monthly order by month_start"
    ).fetchall()
    assert rows == [
        (Decimal("1.0000"), Decimal("1.0000"), 1, Decimal("0.3274"), None),
        (Decimal("0.9174"), Decimal("1.9266"), 2, Decimal("0.6558"), None),
    ]


def test_fund_net_cash_flow_and_reconciliation(built):
    con, _, _ = built
    rows = con.execute(
        "select contributions_million_baht, benefits_million_baht, net_cash_flow_million_baht, "
        "net_cash_flow_ytd_million_baht, contributions_s33_from_filings_million_baht, "
        "s33_reconciliation_gap_million_baht from marts.mart_fund__net_cash_flow_monthly "
        "order by month_start"
    ).fetchall()
    assert rows == [
        (Decimal("11.50"), Decimal("7.50"), Decimal("4.00"), Decimal("4.00"), Decimal("0.00"),
         Decimal("10.00")),
        (Decimal("11.50"), Decimal("17.50"), Decimal("-6.00"), Decimal("-2.00"), None, None),
    ]  # fmt: skip
    # the signed amounts of the fact sum to the net
    assert _one(con, "select sum(signed_amount_million_baht) from marts.fct_fund_cash_flow") == (
        Decimal("-2.00"),
    )


def test_fund_projection_and_depletion(built):
    con, _, _ = built
    base = _one(
        con,
        "select year_ce, base_month, base_months_observed, fund_balance_million_baht, "
        "contributions_million_baht, benefits_million_baht from marts.mart_fund__projection "
        "where scenario_code = 'baseline' and is_base_year",
    )
    assert base == (
        2024,
        date(2024, 2, 1),
        2,
        Decimal("1000.00"),
        Decimal("138.00"),
        Decimal("150.00"),
    )
    # one step by the documented formulas (docs/kpi-fund-projection.md), baseline parameters
    growth = (1 - 0.005) * (1 + 0.015)
    cap, n22, n32 = 7_000_000, 760_000, 2_300_000
    a = cap / n22 - 1
    g = -math.log((cap / n32 - 1) / a) / 10
    claimants = lambda t: cap / (1 + a * math.exp(-g * (t - 2022)))  # noqa: E731
    contributions = 138 * growth
    benefits = 88.8 * claimants(2025) / claimants(2024) * 1.03 + 61.2 * 1.035
    balance = 1000 * 1.04 + (contributions - benefits) * 1.04**0.5
    got = _one(
        con,
        "select contributions_million_baht, benefits_million_baht, fund_balance_million_baht "
        "from marts.mart_fund__projection where scenario_code = 'baseline' and year_ce = 2025",
    )
    assert [float(x) for x in got] == pytest.approx([contributions, benefits, balance], abs=0.006)
    assert _one(con, "select count(*), max(year_ce) from marts.mart_fund__projection") == (
        5 * (2100 - 2024 + 1),
        2100,
    )
    depletion = dict(
        con.execute(
            "select projection_code, depletion_year from marts.mart_fund__depletion"
        ).fetchall()
    )
    assert depletion["sso_ilo_2020"] == 2054 and depletion["ilo_2010"] == 2047
    assert depletion["baseline"] is not None
    for lever in ("pension_age_60", "contribution_rate_plus_2"):
        assert depletion[lever] is None or depletion[lever] > depletion["baseline"]
    assert depletion["all_levers"] is None or depletion["all_levers"] >= max(
        d for k, d in depletion.items() if k in ("pension_age_60", "contribution_rate_plus_2") and d
    )


# ----------------------------------------------------------------- end work injuries and the fund


# ----------------------------------------------------------------- hotline 1506 (sso_hotline)


def test_hotline_contacts_keep_the_latest_version(built):
    con, _, _ = built
    assert _one(con, "select count(*) from marts.fct_hotline_contacts") == (10,)
    assert _one(
        con,
        "select case_status, closed_at, days_to_close, versions, topic_agrees_with_agent "
        "from marts.fct_hotline_contacts where contact_id = 'c7'",
    ) == ("closed", datetime(2024, 3, 10, 16, 0), 8, 2, False)
    assert _one(
        con, "select versions, source_file from marts.fct_hotline_contacts where contact_id = 'c4'"
    ) == (2, "sso_hotline/contacts/2026-12.src")
    assert _one(
        con,
        "select topic_code, abandoned, has_text, handle_seconds, contacted_at, contact_hour "
        "from marts.fct_hotline_contacts where contact_id = 'c2'",
    ) == ("unknown", True, False, None, datetime(2024, 1, 10, 10, 0), 10)
    assert _one(con, "select count(*) from marts.dim_hotline_topic") == (11,)


def test_hotline_monthly_and_daily_marts(built):
    con, _, _ = built
    jan = con.execute(
        "select topic_code, contacts, answered, abandoned, wait_seconds_answered, "
        "wait_seconds_abandoned, answer_rate, avg_wait_seconds from marts.mart_hotline__monthly "
        "where month_start = date '2024-01-01' and menu_option = 1 and channel = 'phone' "
        "order by topic_code"
    ).fetchall()
    assert jan == [
        ("medical", 1, 1, 0, 60, 0, Decimal("1.0000"), Decimal("60.0")),
        ("unknown", 1, 0, 1, 0, 200, Decimal("0.0000"), None),
    ]
    totals = con.execute(
        "select month_start, sum(contacts), sum(answered), sum(auto_answered), "
        "sum(resolved_first_contact), sum(resolved_automatically), sum(complaints) "
        "from marts.mart_hotline__monthly group by 1 order by 1"
    ).fetchall()
    assert [tuple(int(x) for x in r[1:]) for r in totals] == [
        (3, 2, 1, 2, 1, 0),
        (2, 2, 0, 0, 0, 1),
        (2, 2, 1, 1, 1, 0),
        (3, 3, 0, 2, 0, 1),
    ]
    assert _one(
        con,
        "select month_label_th, month_label_en, is_latest_month, department_code, "
        "first_contact_resolution_rate from marts.mart_hotline__monthly "
        "where month_start = date '2024-04-01' and topic_code = 'unemployment'",
    ) == ("เม.ย. 2567", "Apr 2024", True, "sso", Decimal("1.0000"))
    # the daily mart adds up to the monthly one
    assert _one(
        con,
        "select sum(contacts), sum(handle_seconds) from marts.mart_hotline__daily "
        "where month_start = date '2024-04-01'",
    ) == (3, 800)


def test_hotline_backlog_by_age(built):
    con, _, _ = built
    assert _one(con, "select count(*), sum(open_cases) from marts.mart_hotline__backlog") == (24, 2)
    open_rows = con.execute(
        "select as_of_date, department_code, contact_type, age_band, open_cases, oldest_case_days "
        "from marts.mart_hotline__backlog where open_cases > 0 order by age_band_order"
    ).fetchall()
    assert open_rows == [
        (date(2024, 4, 5), "dlpw", "complaint", "0-7", 1, 0),
        (date(2024, 4, 5), "dlpw", "complaint", "31-90", 1, 59),
    ]


def test_hotline_rising_topics(built):
    con, _, _ = built
    april = con.execute(
        "select topic_code, contacts, months_compared, previous_avg_contacts, change_contacts, "
        "rising_rank from marts.mart_hotline__rising_topics where is_latest_month "
        "order by rising_rank"
    ).fetchall()
    assert len(april) == 10  # the classifier's topics, dense; 'unknown' left out
    assert april[0] == ("unemployment", 2, 3, Decimal("0.00"), Decimal("2.00"), 1)
    assert april[1] == ("labour_protection", 1, 3, Decimal("0.33"), Decimal("0.67"), 2)
    assert april[-1] == ("medical", 0, 3, Decimal("1.00"), Decimal("-1.00"), 10)
    assert _one(
        con,
        "select count(*), count(rising_rank) from marts.mart_hotline__rising_topics "
        "where month_start = date '2024-01-01'",
    ) == (10, 0)  # no earlier month to compare with


def test_hotline_classifier_quality(built):
    con, _, _ = built
    sets = dict(
        con.execute(
            "select evaluation_set, max(macro_f1) from marts.mart_hotline__classifier_quality "
            "group by 1"
        ).fetchall()
    )
    assert set(sets) == {"held_out_templates", "hand_written", "agent_labels"}
    assert sets["agent_labels"] == Decimal("0.7333")
    seed = pl.read_csv(PROJECT / "seeds" / "ref_hotline_classifier_quality.csv")
    assert float(sets["hand_written"]) == pytest.approx(
        seed.filter(pl.col("evaluation_set") == "hand_written").get_column("macro_f1").item(0)
    )
    assert _one(
        con,
        "select texts_in_set, topic_texts, precision_score, recall_score, f1_score, accuracy, "
        "is_current_model, contacts_labelled from marts.mart_hotline__classifier_quality "
        "where evaluation_set = 'agent_labels' and topic_code = 'medical'",
    ) == (7, 1, Decimal("0.5000"), Decimal("1.0000"), Decimal("0.6667"), Decimal("0.8571"), True, 9)


# ----------------------------------------------------------------- end hotline 1506


# ----------------------------------------------------- issue 9: DSD, DLPW, staff welfare
# Lake rows and the overlaps they hold by construction: tests/unit/dbt_fixture_departments.py.


def test_trainees_insured_within_6_months(built):
    con, _, _ = built
    rows = con.execute(
        "select strftime(completion_month, '%Y-%m'), province_code, completions, "
        "insured_s33_within_6_months from marts.mart_linked__trainees_insured order by 1, 2"
    ).fetchall()
    assert rows == [("2024-01", "TH-10", 2, 1), ("2024-02", "TH-50", 1, 0)]
    first = _one(
        con,
        "select first_s33_start from marts.fct_training where enrolment_id = 'DSD256701000001'",
    )
    assert first == (date(2024, 3, 1),)


def test_injuries_and_inspections_side_by_side(built):
    con, _, _ = built
    got = _one(
        con,
        "select insured_s33, injuries, establishments_inspected, inspections, violations_found "
        "from marts.mart_linked__injuries_and_inspections "
        "where month_start = date '2024-01-01' and province_code = 'TH-10' "
        "and tsic_section_code = 'C'",
    )
    # January, section C (employer A): p1, p3 (A1), p4 insured; two injuries at A0; A0 twice
    assert got == (3, 2, 1, 2, 3)
    assert _one(
        con,
        "select injuries_in_3_months from marts.fct_inspections "
        "where inspection_id = 'INS256701000001'",
    ) == (2,)


def test_staff_welfare_rates(built):
    con, _, _ = built
    got = _one(
        con,
        "select childcare_use_pct, loans_per_100_staff, health_check_coverage_fytd_pct "
        "from marts.mart_welfare__office_monthly where office_code = '0000'",
    )
    assert got == (Decimal("50.00"), Decimal("1.00"), Decimal("20.00"))


# ----------------------------------------------------------------- DOE and LFS (issue 9)
def test_unemployment_claimants_placed_within_90_days(built):
    con, _, _ = built
    # p3 claims unemployment (08) on 5 Feb 2024 in Bangkok and is placed on 1 Mar (25 days)
    assert _one(
        con,
        "select unemployment_claimants, placed_within_90_days "
        "from marts.mart_linked__benefit_claimants_placed "
        "where month_start = date '2024-02-01' and province_code = 'TH-10'",
    ) == (1, 1)
    # p7's record came in two pulls: one job seeker, the later version
    assert _one(
        con, "select education from staging.stg_mol_doe__job_seekers where person_key = 'p7'"
    ) == ("bachelor",)


def test_work_permits_in_force_by_month(built):
    con, _, _ = built
    got = con.execute(
        "select month_start, province_code, nationality_code, permit_holders "
        "from marts.mart_linked__work_permits_vs_insured where permit_holders > 0 "
        "order by month_start, province_code"
    ).fetchall()
    # w1 in force both months; w2 in January, cancelled on 10 February
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert (jan, "TH-10", "myanmar", 1) in got and (jan, "TH-50", "cambodia", 1) in got
    assert (feb, "TH-10", "myanmar", 1) in got


def test_employment_by_industry_shares(built):
    con, _, _ = built
    share = (
        "select share_pct from marts.mart_linked__employment_by_industry "
        "where year_ce = 2024 and quarter = 1 and tsic_section_code = 'C' and "
    )
    assert _one(con, share + "province_code = 'TH-10'") == (Decimal("31.25"),)  # 1,500 / 4,800
    # the kingdom: (1,500 + 400) / (4,800 + 1,900) = 28.36 %
    assert _one(con, share + "area_level = 'kingdom'") == (Decimal("28.36"),)


def test_every_mart_row_has_lineage(built):
    """The same rule as the integration test, on the hand-made lake: every mart table is in
    lineage__mart_sources with one grain key per row, and the kingdom rows of the LFS marts
    trace to every province's rows."""
    con, _, _ = built
    marts = [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_name like 'mart\\_%' escape '\\'"
        ).fetchall()
    ]
    traced = dict(
        con.execute(
            "select mart_model, count(distinct grain_key) from marts.lineage__mart_sources "
            "group by mart_model"
        ).fetchall()
    )
    assert len(marts) >= 36 and "mart_welfare__office_monthly" in traced
    for mart in marts:
        (rows,) = _one(con, f"select count(*) from marts.{mart}")
        # a mart this small lake leaves empty (no manifests, no anomalies) has no lineage rows
        assert traced.get(mart, 0) == rows, mart
    # LFS table 3 for Q1 2024 has two provinces: the kingdom's section C traces to both rows
    assert _one(
        con,
        "select sum(rows_contributed) from marts.lineage__mart_sources "
        "where mart_model = 'mart_linked__employment_by_industry' "
        "and grain_key like '%area_level=kingdom|%tsic_section_code=C'",
    ) == (2,)


def test_weighted_quantile_matches_quantile_cont_over_the_rows_it_counts(built):
    """The warehouse macro behind the days-to-payment chart gives what quantile_cont gives over
    the rows a histogram stands for: odd and even totals (interpolated), one value, repeated
    values in several rows, zero weights and null values left out, and q at both ends."""
    con, _, _ = built
    cases = {
        "odd": [(3, 1), (1, 2), (7, 2)],
        "even": [(2, 1), (9, 1), (4, 2)],
        "one value": [(5, 40)],
        "split rows": [(1, 3), (8, 2), (1, 4), (8, 1), (30, 1)],
        "zero and null": [(1, 2), (6, 0), (None, 5), (9, 2)],
    }
    for name, rows in cases.items():
        values = ", ".join(f"({'null' if v is None else v}, {w})" for v, w in rows)
        for q in (0.0, 0.1, 0.5, 0.9, 1.0):
            (got,) = _one(
                con,
                f"select marts.weighted_quantile_cont(v, w, {q}) from (values {values}) t(v, w)",
            )
            (want,) = _one(
                con,
                f"select quantile_cont(v, {q}) from (values {values}) t(v, w), range(w)",
            )
            assert got == pytest.approx(want, abs=1e-12), (name, q)
