"""The dbt project, built for real on a tiny hand-made lake.

The lake below follows docs/data-contracts.md §2 (hive directories ``month=YYYY-MM``). Every
expected number is worked out by hand in the comments next to the lake rows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

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
