"""Sensors and schedules: RUNNING only in the processes `labour up` starts (LABOUR_AUTOMATION),
STOPPED wherever else the definitions load (this suite, `dagster definitions validate`), so
nothing ticks unless asked to; schedules keep Bangkok time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO


def loaded_statuses() -> dict:
    """Default statuses of the definitions as this process imported them."""
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    return {
        "sensors": {
            s.name: [s.default_status.value, s.minimum_interval_seconds] for s in repo.sensor_defs
        },
        "schedules": {
            s.name: [s.default_status.value, s.execution_timezone] for s in repo.schedule_defs
        },
    }


STATUSES = """
import json
from tests.unit.test_automation_defaults import loaded_statuses
print(json.dumps(loaded_statuses()))
"""


def statuses(tmp_path, **env: str) -> dict:
    """``loaded_statuses`` in a fresh process with ``env`` (statuses are set at import)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("LABOUR_")}
    full.update(LABOUR_DATA_DIR=str(tmp_path), DAGSTER_HOME=str(tmp_path), **env)
    proc = subprocess.run(
        [sys.executable, "-c", STATUSES],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_stopped_unless_labour_up_turns_them_on(tmp_path):
    assert "LABOUR_AUTOMATION" not in os.environ, "the suite runs without it"
    # both in fresh processes: statuses are fixed when the definitions are first imported, so
    # this process's copy says only which test happened to import them first, and under what env
    off = statuses(tmp_path)
    on = statuses(tmp_path, LABOUR_AUTOMATION="on", LABOUR_SENSOR_INTERVAL_S="7")
    # every file-drop sensor, the warehouse refresh after landing, the monthly schedule
    for loaded in (off, on):
        assert "refresh_warehouse_after_landing" in loaded["sensors"]
        assert "sso_efiling__contributions__file_drop" in loaded["sensors"]
        assert "lake_monthly_schedule" in loaded["schedules"]
    for name, (status, interval) in off["sensors"].items():
        assert (status, interval) == ("STOPPED", 60), name
    for name, (status, interval) in on["sensors"].items():
        assert (status, interval) == ("RUNNING", 7), name
    for loaded, status in ((off, "STOPPED"), (on, "RUNNING")):
        for name, (got, timezone) in loaded["schedules"].items():
            assert got == status, name
            assert timezone == "Asia/Bangkok", name
