"""A real headless Chromium logs in as the Executive and opens the coverage dashboard."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from warehouse import serving as sa

pytestmark = [pytest.mark.browser, pytest.mark.integration]
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def test_executive_sees_every_chart_with_data(superset_server, tmp_path):
    if not Path(CHROMIUM).exists() or not (HERE / "node_modules" / "playwright-core").exists():
        pytest.fail("browser deps missing: run `make browser-deps`", pytrace=False)
    shot = tmp_path / "coverage.png"
    env = {
        **os.environ,
        "SUPERSET_URL": superset_server.url,
        "SUPERSET_USER": "executive",
        "SUPERSET_PASSWORD": superset_server.credentials["executive"]["password"],
        "DASHBOARD": sa.DASHBOARD_SLUG,
        "EXPECTED_CHARTS": str(len(superset_server.report.charts)),
        "SCREENSHOT": str(shot),
        "CHROMIUM": CHROMIUM,
    }
    proc = subprocess.run(
        ["node", "dashboard.mjs"], cwd=HERE, env=env, capture_output=True, text=True, timeout=300
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    assert proc.returncode == 0, f"{result.get('problems')}\n{proc.stderr[-2000:]}"
    assert shot.stat().st_size > 50_000
    assert len(result["charts"]) == len(superset_server.report.charts)
    if os.environ.get("LABOUR_SAVE_SCREENSHOT"):  # refresh docs/img/ on demand
        shutil.copyfile(shot, os.environ["LABOUR_SAVE_SCREENSHOT"])
