"""Kill the pipeline with SIGKILL at named points, rerun it, and get exactly what an
uninterrupted run gives.

The points are placed deterministically (ingestion.faults: ``LABOUR_FAULT=<point>[@n]`` makes
the process kill itself the n-th time it reaches the point), not by timing, so every test kills
the run where it says and fails if the point is never reached. Points are chained: the rerun
after a kill is itself killed at a later point. After each kill the test checks what a reader
could see at that moment (no partition without its manifest, no half-published warehouse),
then reruns without a fault and compares every table of the published warehouse with the
uninterrupted run's, by content.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from quality import check_lake_conservation
from tests.conftest import LINEAGE_COLUMNS, REPO, TEST_KEY, labour, warehouse_digest
from warehouse.publish import REQUIRED

pytestmark = pytest.mark.integration

#: Chains of (point, occurrence), each one a moment where a crash would hurt most. A chain kills
#: a run at its first point, then kills the rerun at the next, and so on, then lets a last run
#: finish: a crash while recovering from a crash must heal too, and eleven points cost six
#: complete runs instead of eleven.
CHAINS: list[list[tuple[str, int]]] = [
    [
        ("landing.parquet_part", 1),  # first Parquet part of the first partition written
        ("dbt.event", 5),  # while dbt builds
        ("publish.before_rename", 1),  # while publishing: validated, not yet renamed
    ],
    [
        ("landing.parquet_part", 4),  # in the middle of a later partition
        ("dbt.event", 40),  # later in the dbt build
        ("publish.after_rename", 1),  # renamed, the published sequence not yet recorded
    ],
    [
        ("landing.staged", 2),  # a version staged, not checked
        ("check.mart_expectations", 1),  # during the checks of the marts
    ],
    [("check.conservation", 3)],  # during a partition's blocking checks
    [("landing.before_swap", 1)],  # checked, the new pointer made, not yet renamed
    [("landing.after_swap", 2)],  # pointer swapped, links not yet made
]


def _chain_id(chain: list[tuple[str, int]]) -> str:
    return "+".join(f"{p}@{n}" for p, n in chain)


@pytest.fixture(scope="module", autouse=True)
def _no_docs() -> Iterator[None]:
    """No dbt docs after each of these dozens of runs (they are tested in test_lineage.py)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LABOUR_DOCS", "off")
        yield


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Deliveries, generated once (the same bytes for every run below)."""
    data = tmp_path_factory.mktemp("fault-sources")
    labour(data, "generate", "--scale", "0.0002", "--months", "1")
    return data / "sources"


@pytest.fixture(scope="module")
def uninterrupted(delivered: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    data = tmp_path_factory.mktemp("fault-baseline")
    shutil.copytree(delivered, data / "sources")
    labour(data, "run")
    digest = warehouse_digest(data / "warehouse/labour.duckdb", LINEAGE_COLUMNS)
    assert digest["marts.fct_contributions"][0] > 0
    return digest


def _killed_run(data: Path, fault: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_PSEUDONYM_KEY": TEST_KEY,
        "DAGSTER_HOME": str(data / "dagster"),
        "LABOUR_FAULT": fault,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "labour_cli.main", "run"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its dbt subprocess, orphaned by the kill, is ended below
    )
    out, _ = proc.communicate(timeout=900)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, "")


def _what_a_reader_sees_is_whole(data: Path) -> None:
    lake = data / "lake"
    if lake.exists():
        # every visible partition has its manifest and conserves its rows: no half partition
        result = check_lake_conservation(lake)
        assert result.success, result.summary()
        for link in (lake / "raw").glob("*/*/month=*"):
            assert link.exists(), f"dangling partition link {link}"
    warehouse = data / "warehouse/labour.duckdb"
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            for table in REQUIRED:
                assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0


@pytest.mark.parametrize("chain", CHAINS, ids=[_chain_id(c) for c in CHAINS])
def test_killed_runs_then_rerun_equal_an_uninterrupted_run(
    chain: list[tuple[str, int]], delivered: Path, uninterrupted: dict, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(delivered, data / "sources")
    for point, nth in chain:
        killed = _killed_run(data, f"{point}@{nth}")
        assert killed.returncode == -signal.SIGKILL, (
            f"the run was not killed at {point}@{nth} (exit {killed.returncode}):\n"
            f"{killed.stdout[-3000:]}"
        )
        _what_a_reader_sees_is_whole(data)

    labour(data, "run")
    # every table's content equals the uninterrupted run's; lineage columns are left out, as
    # the hotline's drops are named by the time of their pull
    assert warehouse_digest(data / "warehouse/labour.duckdb", LINEAGE_COLUMNS) == uninterrupted
    _what_a_reader_sees_is_whole(data)
    leftovers = [p.name for p in (data / "warehouse").glob(".*publishing")]
    assert not leftovers, f"half-published files left behind: {leftovers}"
