"""Hand-made lake rows of the Department of Skill Development, the Department of Labour
Protection and Welfare and the SSO's staff welfare (issue 9) for the dbt build of
`test_dbt_project.py`, with overlaps known by construction (persons and establishments of that
module's insured registry and injuries):

- enrolments: p6 completes on 10 Jan and starts a Section-33 job on 1 Mar (51 days: insured
  within 6 months); p4 completes on 15 Jan, the day their Section-33 spell starts (not after it:
  not counted); p5 completes in February and only has Section 40; p6 drops out of a second
  course. Expected: 2024-01 TH-10 2 completions, 1 insured; 2024-02 TH-50 1 completion, 0.
- inspections: establishment A0 (TSIC 10712, section C, two injuries in January) inspected
  twice in January (3 and 0 violations), B0 (49231, section H) once in February.
- staff welfare: two offices in January (the head office: 10 of 20 childcare places used).
"""

from __future__ import annotations

from datetime import date

import polars as pl

META = {"_source_file": pl.String, "_source_line": pl.Int64, "_load_id": pl.String}
A0 = ("0105500000001", "000000")
B0 = ("0505500000002", "000000")
DSD, EMPLOYER = "กรมพัฒนาฝีมือแรงงาน", "สถานประกอบกิจการ"
PRE, UP = "ฝึกเตรียมเข้าทำงาน", "ฝึกยกระดับฝีมือ"
DONE, NOT_DONE = "จบหลักสูตร", "ไม่จบหลักสูตร"

ENROLMENT_SCHEMA = {
    "enrolment_id": pl.String,
    "course_code": pl.String,
    "course_type": pl.String,
    "provider": pl.String,
    "employer_account": pl.String,
    "person_key": pl.String,
    "sex": pl.String,
    "birth_year_be": pl.Int16,
    "province_code": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "result": pl.String,
    **META,
}
ENROLMENTS = {
    "2024-01": [
        ("DSD256701000001", "PE0001", PRE, DSD, None, "p6", "ชาย", 2530, "TH-10",
         date(2023, 11, 20), date(2024, 1, 10), DONE),
        ("DSD256701000002", "UP0002", UP, EMPLOYER, A0[0], "p4", "ชาย", 2528, "TH-10",
         date(2024, 1, 12), date(2024, 1, 15), DONE),
    ],
    "2024-02": [
        ("DSD256702000001", "PE0001", PRE, DSD, None, "p5", "หญิง", 2535, "TH-50",
         date(2023, 12, 20), date(2024, 2, 1), DONE),
        ("DSD256702000002", "UP0003", UP, DSD, None, "p6", "ชาย", 2530, "TH-10",
         date(2024, 2, 12), date(2024, 2, 20), NOT_DONE),
    ],
}  # fmt: skip
CERTIFICATION_SCHEMA = {
    "test_id": pl.String,
    "person_key": pl.String,
    "standard_code": pl.String,
    "level": pl.Int8,
    "province_code": pl.String,
    "test_date": pl.Date,
    "result": pl.String,
    **META,
}
CERTIFICATIONS = {
    "2024-01": [("CT256701000001", "p6", "S0101", 1, "TH-10", date(2024, 1, 25), "ผ่าน")],
}
INSPECTION_SCHEMA = {
    "inspection_id": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "inspection_date": pl.Date,
    "inspection_kind": pl.String,
    "workers_covered": pl.Int32,
    "violations_found": pl.Int16,
    "main_violation_code": pl.String,
    "orders_issued": pl.Int16,
    **META,
}
INSPECTIONS = {
    "2024-01": [
        ("INS256701000001", *A0, "TH-10", date(2024, 1, 22), "ตรวจความปลอดภัย", 60, 3, "V05", 2),
        ("INS256701000002", *A0, "TH-10", date(2024, 1, 30), "ตรวจติดตาม", 60, 0, None, 0),
    ],
    "2024-02": [
        ("INS256702000001", *B0, "TH-10", date(2024, 2, 9), "ตรวจตามคำร้อง", 4, 1, "V01", 1),
    ],
}
CASE_SCHEMA = {
    "case_id": pl.String,
    "employer_account": pl.String,
    "branch": pl.String,
    "province_code": pl.String,
    "case_kind": pl.String,
    "subject_code": pl.String,
    "filed_date": pl.Date,
    "closed_date": pl.Date,
    "outcome": pl.String,
    **META,
}
CASES = {
    "2024-01": [
        ("LC256701000001", *B0, "TH-10", "คำร้องทุกข์", "S01", date(2024, 1, 5),
         date(2024, 2, 4), "ยุติ ลูกจ้างได้รับเงิน"),
        ("LC256701000002", *A0, "TH-10", "ข้อพิพาทแรงงาน", "S08", date(2024, 1, 9), None,
         "ระหว่างดำเนินการ"),
    ],
}  # fmt: skip
WELFARE_SCHEMA = {
    "report_month": pl.Date,
    "office_code": pl.String,
    "office_name": pl.String,
    "office_kind": pl.String,
    "province_code": pl.String,
    "headcount": pl.Int32,
    "childcare_places": pl.Int32,
    "childcare_children": pl.Int32,
    "health_checks": pl.Int32,
    "welfare_loans": pl.Int32,
    "welfare_loan_baht": pl.Int64,
    "fitness_visits": pl.Int32,
    "clinic_visits": pl.Int32,
    **META,
}
WELFARE = {
    "2024-01": [
        (date(2024, 1, 1), "0000", "สำนักงานประกันสังคม (ส่วนกลาง)", "head_office", "TH-12",
         1400, 20, 10, 280, 14, 700000, 3500, 420),
        (date(2024, 1, 1), "5000", "สำนักงานประกันสังคมจังหวัดเชียงใหม่", "provincial", "TH-50",
         50, 0, 0, 9, 1, 40000, 100, 5),
    ],
}  # fmt: skip

#: (source, entity, schema, rows by month) for test_dbt_project's lake
DEPARTMENT_LAKE = [
    ("mol_dsd", "enrolments", ENROLMENT_SCHEMA, ENROLMENTS),
    ("mol_dsd", "certifications", CERTIFICATION_SCHEMA, CERTIFICATIONS),
    ("mol_dlpw", "inspections", INSPECTION_SCHEMA, INSPECTIONS),
    ("mol_dlpw", "cases", CASE_SCHEMA, CASES),
    ("sso_hr", "welfare", WELFARE_SCHEMA, WELFARE),
]
