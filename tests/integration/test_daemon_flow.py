"""Months that flow by themselves: a real dagster-daemon over a data root where the pipeline has
run; a new month of สปส.1-10 deliveries is dropped under data/sources/, and, with nobody typing
a command, its file-drop sensor lands the month and the refresh sensor republishes the
warehouse with its rows, which equal the simulator's truth. Nothing already landed is landed
again, and the months already published do not change. Then a backfill of the warehouse over
a range of months, launched as the Dagster UI launches one, is one run over those months."""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingestion.landing import DataPaths
from labour_cli import daemon
from tests.conftest import MONTHS, SCALE, TEST_KEY, labour

pytestmark = pytest.mark.integration

NEW_MONTH, NEW_FOLDER = "2024-04", "256704"  # BE 2567 = CE 2024
DROP_SENSOR = "sso_efiling__contributions__file_drop"
REFRESH_SENSOR = "refresh_warehouse_after_landing"
#: bounded wait; the flow itself takes about two sensor ticks, a landing run and a dbt build
TIMEOUT_S = 600

MONTHLY = (
    "select left(cast(wage_month as varchar), 7) as month, sum(total_wages) as wages, "
    "sum(insured_lines) as lines from marts.fct_contributions group by 1 order by 1"
)


def published_months(warehouse: Path) -> dict[str, tuple[float, int]]:
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {m: (float(w), int(n)) for m, w, n in con.execute(MONTHLY).fetchall()}


def sensor_runs(home: Path, since: float) -> list[tuple[str, str | None, str]]:
    """(sensor, partition, status) of every run a sensor launched after ``since``."""
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(home)) as instance:
        return sorted(
            (
                r.dagster_run.tags.get("dagster/sensor_name", ""),
                r.dagster_run.tags.get("dagster/partition"),
                r.dagster_run.status.value,
            )
            for r in instance.get_run_records()
            if "dagster/sensor_name" in r.dagster_run.tags
            and r.create_timestamp.timestamp() > since
        )


def wait_for_backfill(home: Path, backfill_id: str) -> list[tuple[dict, str]]:
    """(tags, status) of the runs of a backfill, once it is done (bounded wait)."""
    from dagster import DagsterInstance, RunsFilter
    from dagster._core.execution.backfill import BulkActionStatus

    deadline = time.monotonic() + TIMEOUT_S
    with DagsterInstance.from_config(str(home)) as instance:
        while time.monotonic() < deadline:
            backfill = instance.get_backfill(backfill_id)
            if backfill.status != BulkActionStatus.REQUESTED:
                break
            time.sleep(3)
        assert backfill.status == BulkActionStatus.COMPLETED_SUCCESS, backfill.status
        records = instance.get_run_records(RunsFilter(tags={"dagster/backfill": backfill_id}))
        return [(dict(r.dagster_run.tags), r.dagster_run.status.value) for r in records]


def launch_backfill_as_the_ui_does(home: Path, months: list[str]) -> str:
    """The Dagster UI's "Launch backfill" of the ``refresh_warehouse`` assets over ``months``:
    its GraphQL mutation, against the code location the daemon serves; the backfill id."""
    from dagster import DagsterInstance
    from dagster_graphql.client.query import LAUNCH_PARTITION_BACKFILL_MUTATION
    from dagster_graphql.test.utils import define_out_of_process_context, execute_dagster_graphql

    # imported here, not at collection: importing the definitions registers every source's
    # suite in quality.suites.SUITES, which test_quality_suites parametrizes over
    from orchestration.definitions import refresh_warehouse

    workspace = home / "workspace-test.yaml"
    workspace.write_text("load_from:\n  - python_module: orchestration.definitions\n")
    with (
        DagsterInstance.from_config(str(home)) as instance,
        define_out_of_process_context(str(workspace), None, instance) as context,
    ):
        keys = refresh_warehouse.selection.resolve(context.asset_graph)
        result = execute_dagster_graphql(
            context,
            LAUNCH_PARTITION_BACKFILL_MUTATION,
            variables={
                "backfillParams": {
                    "assetSelection": [{"path": k.path} for k in sorted(keys)],
                    "partitionNames": months,
                }
            },
        )
    launched = result.data["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    return launched["backfillId"]


def test_a_dropped_month_lands_and_is_published_by_itself(small_pipeline, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(small_pipeline, data, symlinks=True)  # the lake's links are relative
    paths = DataPaths(data)
    # The next month as the simulator writes it: the same world over one month more (the
    # months already delivered are the same bytes, so April belongs to what was landed).
    nxt = tmp_path / "next"
    months = str(int(MONTHS) + 1)
    labour(tmp_path / "gen", "generate", "--scale", SCALE, "--months", months, "--out", str(nxt))
    last = f"{NEW_FOLDER[:4]}{int(NEW_FOLDER[4:]) - 1:02d}"
    same = filecmp.dircmp(paths.sources / "sso_efiling" / last, nxt / "sso_efiling" / last)
    assert not same.diff_files and not same.left_only and not same.right_only
    truth = pl.read_csv(nxt / "_truth/contributions_by_month.csv").filter(
        pl.col("month") == NEW_MONTH
    )
    before = published_months(paths.warehouse)
    assert NEW_MONTH not in before and len(before) == int(MONTHS)

    for name in ("LABOUR_DEMO", "LABOUR_FAULT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LABOUR_DATA_DIR", str(data))
    monkeypatch.setenv("DAGSTER_HOME", str(data / "dagster"))
    monkeypatch.setenv("LABOUR_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("LABOUR_AUTOMATION", "on")  # as `labour up` starts it
    monkeypatch.setenv("LABOUR_SENSOR_INTERVAL_S", "5")

    started = time.time()
    daemon.start(paths)
    try:
        # the delivery arrives whole: staged beside the drop folder, then renamed into it
        staging = tmp_path / "staging" / NEW_FOLDER
        shutil.copytree(nxt / "sso_efiling" / NEW_FOLDER, staging)
        os.rename(staging, paths.sources / "sso_efiling" / NEW_FOLDER)
        dropped = time.monotonic()
        published: dict[str, tuple[float, int]] = {}
        while time.monotonic() - dropped < TIMEOUT_S:
            published = published_months(paths.warehouse)
            if NEW_MONTH in published:
                break
            time.sleep(3)
        waited = time.monotonic() - dropped
        runs = sensor_runs(data / "dagster", started)
        if NEW_MONTH in published:
            backfill = launch_backfill_as_the_ui_does(
                data / "dagster", ["2024-02", "2024-03", NEW_MONTH]
            )
            backfill_runs = wait_for_backfill(data / "dagster", backfill)
        log = daemon.log_file(paths)
        assert NEW_MONTH in published, (
            f"{NEW_MONTH} was not published {TIMEOUT_S} s after its delivery was dropped.\n"
            f"lake manifest there: {paths.manifest('sso_efiling', 'contributions', NEW_MONTH).exists()}; "  # noqa: E501
            f"sensor runs (sensor, partition, status): {runs}\n"
            f"daemon log {log}:\n{log.read_text(errors='replace')[-4000:]}"
        )
    finally:
        daemon.stop(paths)
    assert daemon.running(paths) is None

    print(f"dropped → published in {waited:.0f} s")
    (row,) = truth.iter_rows(named=True)
    wages, lines = published[NEW_MONTH]
    assert wages == pytest.approx(float(row["wages_loaded"]), abs=0.005)
    assert lines == int(row["insured_lines_loaded"])
    # the months published before are unchanged
    assert {m: v for m, v in published.items() if m != NEW_MONTH} == before
    # one landing of the new month and one refresh: nothing already landed was landed again
    # (the refresh may still be finishing its bookkeeping when the warehouse is swapped in)
    # the refresh ran for the month that landed: the partition reaches dbt as its var
    assert [(s, p) for s, p, _ in runs] == [
        (REFRESH_SENSOR, NEW_MONTH),
        (DROP_SENSOR, NEW_MONTH),
    ]
    assert runs[1][2] == "SUCCESS"
    # the backfill over 2024-02…2024-04 was one run over that range, and it published again
    ((tags, status),) = backfill_runs
    assert status == "SUCCESS"
    assert tags["dagster/asset_partition_range_start"] == "2024-02"
    assert tags["dagster/asset_partition_range_end"] == NEW_MONTH
    assert published_months(paths.warehouse) == published
