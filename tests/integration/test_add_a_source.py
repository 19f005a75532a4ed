"""Adding a source, as docs/adding-a-source.md tells a data engineer to, in a temporary copy of
the project: `labour source new`, fill the spec for a small CSV (no Python), write the staging
model, `labour source sync-dbt`, drop a file, `labour run`; the rows are in the warehouse, the
bad ones in quarantine, and the lake asset's checks passed. No orchestration code is edited."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.conftest import SCALE, labour

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "data", "target", "logs", "node_modules", "__pycache__", ".*_cache"
)

SPEC = textwrap.dedent(
    r"""
    system: mol_ops_training
    description: >
      MOL one-stop-service labour centres (hypothetical): participants of their short
      courses, one cp874 CSV per month, landed under
      $LABOUR_DATA_DIR/lake/raw/mol_ops_training/<entity>/month=YYYY-MM/.
    entities:
      - name: trainees
        description: One row per participant who finished a course.
        reader: {kind: csv, encoding: cp874}
        files:
          pattern: mol_ops_training/trainees/trainees_*.csv
          month_regex: 'trainees_(\d{6})\.csv'
          month_format: be_yyyymm
        partition: monthly
        # this test's tiny file is mostly bad rows on purpose: allow them (default 5 %)
        quarantine_threshold: 0.7
        columns:
          - name: person_key
            header: เลขประจำตัวประชาชน
            normalise: [national_id]
            personal: pseudonymise
            description: Keyed HMAC pseudonym of the national ID.
          - {name: full_name, header: ชื่อ-นามสกุล, personal: drop}
          - name: province_code
            header: จังหวัด
            normalise: [province]
            description: Province of the training centre.
          - {name: course_code, header: รหัสหลักสูตร, regex: '^[A-Z]{2}\d{3}$', description: Course.}
          - name: finished_on
            header: วันที่จบ
            type: date
            normalise: [be_date]
            description: Day the course ended.
          - {name: hours, header: ชั่วโมง, type: int16, min: 1, max: 600, description: Hours.}
        expectations:
          - key: one_row_per_person_course
            expectation: ExpectCompoundColumnsToBeUnique
            kwargs: {column_list: [person_key, course_code, finished_on]}
            description: a participant finishes a course once on a given day
    """
)

STAGING = textwrap.dedent(
    """\
    -- Training-centre participants, typed.
    with source_rows as (
        select * from {{ source('mol_ops_training', 'trainees') }}
    )

    select
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(course_code as {{ dbt.type_string() }}) as course_code,
        cast(finished_on as date) as finished_on,
        cast(hours as integer) as hours,
        {{ partition_month('month') }} as partition_month,
        cast(_source_file as {{ dbt.type_string() }}) as source_file,
        cast(_source_line as bigint) as source_line,
        cast(_load_id as {{ dbt.type_string() }}) as load_id
    from source_rows
    """
)

DELIVERY = (
    "เลขประจำตัวประชาชน,ชื่อ-นามสกุล,จังหวัด,รหัสหลักสูตร,วันที่จบ,ชั่วโมง\r\n"
    "1101700230708,นายสมชาย ใจดี,กรุงเทพฯ,WD101,15/01/2567,30\r\n"
    "3100600123450,นางสาวสมศรี มีสุข,เชียงใหม่,CK202,๒๐/๐๑/๒๕๖๗,๑๒\r\n"
    "1101700230709,นายผิด เลขบัตร,ขอนแก่น,WD101,15/01/2567,30\r\n"  # bad check digit
    "3100600123450,นางสาวสมศรี มีสุข,ไม่มีจังหวัดนี้,CK202,21/01/2567,12\r\n"  # no such province
    "1101700230708,นายสมชาย ใจดี,ภูเก็ต,EL303,31/02/2567,18\r\n"  # impossible date
)


def _labour(repo: Path, data: Path, *args: str, timeout: int = 900) -> str:
    return labour(data, *args, timeout=timeout, repo=repo).stdout


def test_add_a_csv_source_end_to_end(tmp_path: Path) -> None:
    repo, data = tmp_path / "project", tmp_path / "data"
    shutil.copytree(REPO, repo, ignore=IGNORE)
    orchestration_before = {
        p.relative_to(repo): p.read_bytes() for p in (repo / "orchestration").rglob("*.py")
    }
    started = time.perf_counter()

    # 1. scaffold
    out = _labour(repo, data, "source", "new", "mol_ops_training", "--entity", "trainees")
    assert "Next steps" in out
    src = repo / "ingestion/sources/mol_ops_training"
    stg = repo / "dbt_project/models/staging/mol_ops_training"
    assert (src / "source.yaml").exists() and (src / "trainees.py").exists()
    assert (stg / "stg_mol_ops_training__trainees.sql").exists()
    assert (repo / "tests/unit/test_source_mol_ops_training.py").exists()

    # 2. one spec, one staging model; the scaffolded Python stub is not needed for a CSV
    (src / "source.yaml").write_text(SPEC, encoding="utf-8")
    (src / "trainees.py").unlink()
    (stg / "stg_mol_ops_training__trainees.sql").write_text(STAGING, encoding="utf-8")
    _labour(repo, data, "source", "sync-dbt")
    _labour(repo, data, "source", "sync-dbt", "--check")
    assert "person_key" in (stg / "_mol_ops_training__sources.yml").read_text(encoding="utf-8")

    # 3. deliveries: the backbone sources (one month) and the department's file
    _labour(repo, data, "generate", "--scale", SCALE, "--months", "1")
    drop = data / "sources/mol_ops_training/trainees"
    drop.mkdir(parents=True)
    (drop / "trainees_256701.csv").write_bytes(DELIVERY.encode("cp874"))

    # 4. the pipeline
    _labour(repo, data, "run")
    walkthrough = time.perf_counter() - started

    with duckdb.connect(str(data / "warehouse/labour.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select province_code, course_code, finished_on, hours, length(person_key) "
            "from staging.stg_mol_ops_training__trainees order by course_code"
        ).fetchall()
    assert [r[:2] for r in rows] == [("TH-50", "CK202"), ("TH-10", "WD101")]
    assert rows[0][3] == 12 and all(r[4] == 26 for r in rows)

    manifest = json.loads(
        (data / "lake/manifests/mol_ops_training/trainees/month=2024-01.json").read_text()
    )
    assert (manifest["rows_loaded"], manifest["rows_quarantined"]) == (2, 3)
    q = pl.read_parquet(data / "lake/quarantine/mol_ops_training/trainees/month=2024-01/*.parquet")
    assert q["field"].to_list() == ["person_key", "province_code", "finished_on"]
    assert not q["record"].str.contains("1101700230709").any()

    # the lake asset's blocking checks ran and passed (recorded in the Dagster instance)
    script = textwrap.dedent(
        """
        from dagster import AssetCheckKey, AssetKey, DagsterInstance
        inst = DagsterInstance.get()
        key = AssetKey(["lake", "mol_ops_training", "trainees"])
        for name in ("row_conservation", "expectations"):
            rec = inst.event_log_storage.get_latest_asset_check_execution_by_key(
                [AssetCheckKey(key, name)]
            )[AssetCheckKey(key, name)]
            print(name, rec.status.value)
        """
    )
    env = {**os.environ, "DAGSTER_HOME": str(data / "dagster")}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["row_conservation", "SUCCEEDED", "expectations", "SUCCEEDED"]

    # no orchestration code was edited
    assert {
        p.relative_to(repo): p.read_bytes() for p in (repo / "orchestration").rglob("*.py")
    } == orchestration_before
    print(f"walkthrough (scaffold → warehouse) took {walkthrough:.0f} s")
