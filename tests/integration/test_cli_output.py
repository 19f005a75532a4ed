"""`labour run` shows progress and the summary on the terminal; Dagster's event log, its DEBUG
lines and dbt's output go to the run's log file under the data root. An unchanged rerun (the
lake recognised by size and modification time) lands nothing again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, TEST_KEY

pytestmark = pytest.mark.integration

#: what Dagster's loggers and dbt write: "<time> - dagster - DEBUG - <job> - <run id> - …"
EVENT_LOG = re.compile(r" - dagster - (DEBUG|INFO|WARNING|ERROR) - |STEP_START|RUN_SUCCESS")


def test_the_terminal_gets_progress_and_summary_the_log_file_gets_the_rest(
    small_pipeline: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_pipeline, data, symlinks=True)
    manifests = {p: p.read_bytes() for p in (data / "lake/manifests").rglob("*.json")}
    env = {k: v for k, v in os.environ.items() if k not in ("LABOUR_DEMO", "LABOUR_FAULT")}
    env.update(
        LABOUR_DATA_DIR=str(data),
        LABOUR_PSEUDONYM_KEY=TEST_KEY,
        DAGSTER_HOME=str(data / "dagster"),
        COLUMNS="160",
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "labour_cli.main", "run"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    terminal = proc.stdout + proc.stderr

    assert not [ln for ln in terminal.splitlines() if EVENT_LOG.search(ln) or "DEBUG" in ln], (
        "Dagster's event log reached the terminal"
    )
    assert "pipeline done" in proc.stdout and "Lake" in proc.stdout and "Warehouse" in proc.stdout
    assert len(terminal.splitlines()) < 120, "the terminal is for progress and the summary"
    (named,) = re.findall(r"Dagster and dbt logs: (\S+\.log)", proc.stdout)
    log = Path(named)
    assert log.parent == data / "logs" and log.is_file()
    text = log.read_text(errors="replace")
    assert " - dagster - DEBUG - " in text and "RUN_SUCCESS" in text and "STEP_START" in text
    # nothing was landed again: every partition's manifest is the same file, byte for byte
    assert {p: p.read_bytes() for p in (data / "lake/manifests").rglob("*.json")} == manifests
    print(f"unchanged rerun of `labour run`: {seconds:.0f} s")
