"""`labour run` and the pseudonymisation key: no silent fall-back to the public demo key, no
second key in one lake, and the key itself never printed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

SECRET = "a-real-secret-key-for-this-test-42"


def invoke(tmp_path, *args: str, key: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LABOUR_DEMO", "LABOUR_FAULT")}
    env.update(
        LABOUR_DATA_DIR=str(tmp_path),
        LABOUR_PSEUDONYM_KEY=key,
        DAGSTER_HOME=str(tmp_path / "dagster"),
        COLUMNS="200",
    )
    return subprocess.run(
        [sys.executable, "-m", "labour_cli.main", "run", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_run_refuses_to_start_without_a_key(tmp_path):
    result = invoke(tmp_path)
    assert result.returncode == 2
    assert "LABOUR_PSEUDONYM_KEY is not set" in result.stdout and "--demo" in result.stdout
    assert not (tmp_path / "lake").exists()  # nothing was landed


def test_run_refuses_a_key_other_than_the_lakes(tmp_path):
    from ingestion.landing import DataPaths, claim_lake

    claim_lake(DataPaths(tmp_path), b"the-key-the-lake-was-landed-under")
    result = invoke(tmp_path, key=SECRET)
    assert result.returncode == 2
    assert "labour run --rekey" in result.stdout
    assert SECRET not in result.stdout + result.stderr
