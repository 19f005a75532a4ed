"""Incremental refreshes, through the CLI as a user runs them (issue 10, items 4 and 5).

Two months are delivered and run; an unchanged rerun must not build or publish anything; a
third month arrives, a corrected filing of the first month is delivered later, and then the
registry's first extract again without two spells: each time the warehouse, built from a copy
of the published one with incremental facts (by month, and the registry's spells by spell key),
must equal a full rebuild of the same lake table by table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from labour_cli.bench import _hold_back_last_month
from tests.conftest import REPO, SCALE, TEST_KEY, labour, warehouse_digest

pytestmark = pytest.mark.integration

NEW_MONTH = "2024-03"


def _published(data: Path) -> dict:
    return json.loads((data / "warehouse/published.json").read_text())


def _build_sequence(data: Path) -> int:
    return json.loads((data / "warehouse/build_sequence.json").read_text())["sequence"]


def _full_rebuild(data: Path, target: Path) -> Path:
    """`dbt build` of the whole project from the lake into an empty file: the reference."""
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_PSEUDONYM_KEY": TEST_KEY,
        "LABOUR_WAREHOUSE_BUILD_PATH": str(target),
    }
    dbt = Path(sys.executable).parent / "dbt"
    proc = subprocess.run(
        [str(dbt), "build", "--project-dir", "dbt_project", "--profiles-dir", "dbt_project",
         "--target-path", str(target.parent / "dbt_target"), "--quiet"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert proc.returncode == 0, f"full dbt build failed:\n{proc.stdout[-4000:]}{proc.stderr}"
    return target


def _assert_equals_full_rebuild(data: Path, name: str) -> None:
    full = _full_rebuild(data, data / f"reference-{name}" / "labour.duckdb")
    incremental = warehouse_digest(data / "warehouse/labour.duckdb")
    reference = warehouse_digest(full)
    assert incremental.keys() == reference.keys()
    differing = [t for t in reference if incremental[t] != reference[t]]
    assert not differing, f"incremental warehouse differs from a full rebuild in {differing}"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three months generated, the third held back; the first two run and published."""
    root = tmp_path_factory.mktemp("incremental")
    labour(root, "generate", "--scale", SCALE, "--months", "3")
    held = _hold_back_last_month(root, NEW_MONTH)
    assert held, "nothing delivered for the new month"
    labour(root, "run")
    return root


def test_unchanged_rerun_does_not_build(data: Path) -> None:
    before = _published(data)
    inode = (data / "warehouse/labour.duckdb").stat().st_ino
    sequence = _build_sequence(data)
    builds = sorted((data / "warehouse/build").iterdir())
    assert before.get("lake_fingerprint") and before.get("project_hash")

    out = labour(data, "run").stdout
    assert "warehouse up to date" in out and f"since build {before['sequence']}" in out
    assert "not landed again" in out
    assert _published(data) == before
    assert (data / "warehouse/labour.duckdb").stat().st_ino == inode, "republished"
    # dbt only ever runs inside warehouse.publish.building, which numbers the build first
    assert _build_sequence(data) == sequence, "a warehouse build was started"
    assert sorted((data / "warehouse/build").iterdir()) == builds


def test_a_new_month_equals_a_full_rebuild(data: Path) -> None:
    first = _published(data)
    for held in sorted(p for p in (data / "held_back").rglob("*") if p.is_file()):
        target = data / "sources" / held.relative_to(data / "held_back")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(held, target)
    labour(data, "run")
    second = _published(data)
    assert second["sequence"] > first["sequence"]
    assert second["incremental_from"] == first["sequence"], "not built on the published one"
    with duckdb.connect(str(data / "warehouse/labour.duckdb"), read_only=True) as con:
        months = con.execute(
            "select distinct strftime(wage_month, '%Y-%m') from marts.fct_contributions order by 1"
        ).fetchall()
    assert [m for (m,) in months][-1] == NEW_MONTH
    _assert_equals_full_rebuild(data, "new-month")


def test_an_old_month_redelivered_equals_a_full_rebuild(data: Path) -> None:
    second = _published(data)
    # A corrected filing (revision R1) of a January file, delivered after March: January's
    # partition is landed again (a new load id), its old file superseded.
    january = sorted((data / "sources/sso_efiling/256701").glob("SPS110_*_256701.txt"))[0]
    lines = january.read_bytes().split(b"\n")
    first_name = 17  # a detail line: record type, 13-digit ID, title code, then the name
    changed = 0xA2 if lines[1][first_name] == 0xA1 else 0xA1  # another Thai letter (cp874)
    lines[1] = lines[1][:first_name] + bytes([changed]) + lines[1][first_name + 1 :]
    revision = january.with_name(january.stem + "_R1.txt")
    revision.write_bytes(b"\n".join(lines))
    labour(data, "run")
    third = _published(data)
    assert third["incremental_from"] == second["sequence"]
    with duckdb.connect(str(data / "warehouse/labour.duckdb"), read_only=True) as con:
        files = con.execute(
            "select distinct source_file from marts.fct_contributions "
            "where wage_month = date '2024-01-01' and source_file like ?",
            [f"%{january.stem}%"],
        ).fetchall()
    assert [f for (f,) in files] == [str(revision.relative_to(data / "sources"))], (
        "January was not rebuilt from the corrected filing"
    )
    _assert_equals_full_rebuild(data, "redelivery")


def test_an_old_registry_month_redelivered_equals_a_full_rebuild(data: Path) -> None:
    """The registry's January extract delivered again without two spells: one delivered again
    in a later month (its version count drops, its latest version stays) and one delivered
    only in January (it leaves the spells, and the months that counted it change)."""
    before = _published(data)
    folder = data / "sources/sso_registry/insured"
    january = folder / "insured_256701.csv"
    header, *rows = [line for line in january.read_bytes().split(b"\n") if line.strip()]

    def spell(row: bytes) -> tuple[bytes, ...]:  # ID, section, account, branch, start date
        fields = row.split(b",")
        return fields[0], fields[5], fields[6], fields[7], fields[9]

    later = {
        spell(row)
        for f in folder.glob("insured_*.csv")
        if f != january
        for row in f.read_bytes().split(b"\n")[1:]
        if row.strip()
    }
    again = next(row for row in rows if spell(row) in later)
    only = next(row for row in rows if spell(row) not in later and spell(row)[1] == b"40")
    january.write_bytes(b"\n".join([header, *(r for r in rows if r not in (again, only)), b""]))
    labour(data, "run")
    after = _published(data)
    assert after["incremental_from"] == before["sequence"], "not built on the published one"
    _assert_equals_full_rebuild(data, "registry-redelivery")


def test_a_backfill_over_a_range_from_the_cli(data: Path) -> None:
    """`labour run --rebuild-months 2024-01:2024-02`: one refresh run over that range of the
    warehouse's monthly partitions, which reach dbt as its var; the inputs did not change,
    so the months rebuilt are what they were."""
    from dagster import DagsterInstance

    before = _published(data)
    tables = warehouse_digest(data / "warehouse/labour.duckdb")
    labour(data, "run", "--rebuild-months", "2024-01:2024-02")
    after = _published(data)
    assert after["incremental_from"] == before["sequence"], "not built on the published one"
    with DagsterInstance.from_config(str(data / "dagster")) as instance:
        (run,) = [
            r.dagster_run
            for r in instance.get_run_records(limit=1)
            if r.dagster_run.job_name == "refresh_warehouse"
        ]
        commands = [
            e.user_message for e in instance.all_logs(run.run_id) if "dbt build" in e.user_message
        ]
    assert run.tags["dagster/asset_partition_range_start"] == "2024-01"
    assert run.tags["dagster/asset_partition_range_end"] == "2024-02"
    assert commands and '"rebuild_months": ["2024-01", "2024-02"]' in commands[0], commands
    assert warehouse_digest(data / "warehouse/labour.duckdb") == tables
