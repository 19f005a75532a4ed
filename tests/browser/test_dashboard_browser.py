"""A real headless Chromium logs in as the Executive and opens every dashboard of the bundle:
every chart draws with data and no error, each map of Thailand colours its provinces, and the
filters that start on a default (the latest month) are applied to the charts.

`LABOUR_SAVE_SCREENSHOTS=docs/img` refreshes the pictures of docs/dashboards.md
(<slug>-dashboard.png)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from warehouse import serving as sa

pytestmark = [pytest.mark.browser, pytest.mark.integration]
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DASHBOARDS = sa.bundle_dashboards()


def default_filter_columns(dash: sa.BundleDashboard) -> list[str]:
    """The columns of the native filters that start on their first value, as dashboard.mjs
    reports them: `col` for /api/v1/chart/data, `col (map)` for a legacy chart in scope."""
    spec = yaml.safe_load((sa.BUNDLE / dash.file).read_text(encoding="utf-8"))
    charts = {
        n["meta"]["chartId"]: n["meta"]["uuid"]
        for n in spec["position"].values()
        if isinstance(n, dict) and n.get("type") == "CHART"
    }
    legacy = {
        c["uuid"]
        for p in (sa.BUNDLE / "charts").glob("*.yaml")
        if (c := yaml.safe_load(p.read_text()))["viz_type"] in sa.LEGACY_VIZ_TYPES
    }
    out = []
    for nf in spec["metadata"]["native_filter_configuration"]:
        if not nf["controlValues"].get("defaultToFirstItem"):
            continue
        in_scope = {u for i, u in charts.items() if i not in nf["scope"].get("excluded", [])}
        column = nf["targets"][0]["column"]["name"]
        if in_scope - legacy:
            out.append(column)
        if in_scope & legacy:
            out.append(f"{column} (map)")
    return out


@pytest.mark.parametrize("dash", DASHBOARDS, ids=[d.slug for d in DASHBOARDS])
def test_executive_sees_every_chart_with_data(superset_server, tmp_path, dash):
    if not Path(CHROMIUM).exists() or not (HERE / "node_modules" / "playwright-core").exists():
        pytest.fail("browser deps missing: run `make browser-deps`", pytrace=False)
    shot = tmp_path / f"{dash.slug}-dashboard.png"
    env = {
        **os.environ,
        "SUPERSET_URL": superset_server.url,
        "SUPERSET_USER": "executive",
        "SUPERSET_PASSWORD": superset_server.credentials["executive"]["password"],
        "DASHBOARD": dash.slug,
        "EXPECTED_CHARTS": str(len(dash.chart_uuids)),
        "DEFAULT_FILTER_COLUMNS": ",".join(default_filter_columns(dash)),
        "SCREENSHOT": str(shot),
        "CHROMIUM": CHROMIUM,
    }
    proc = subprocess.run(
        ["node", "dashboard.mjs"], cwd=HERE, env=env, capture_output=True, text=True, timeout=300
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    assert proc.returncode == 0, f"{result.get('problems')}\n{proc.stderr[-2000:]}"
    assert shot.stat().st_size > 50_000
    assert len(result["charts"]) == len(dash.chart_uuids)
    if os.environ.get("LABOUR_SAVE_SCREENSHOTS"):  # refresh docs/img/ on demand
        shutil.copyfile(shot, Path(os.environ["LABOUR_SAVE_SCREENSHOTS"]) / shot.name)
