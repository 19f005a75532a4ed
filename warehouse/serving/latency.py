"""Chart-data latency: what Superset adds on top of DuckDB, per chart."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import yaml

from warehouse.serving.api import Superset
from warehouse.serving.bundle import verify_import
from warehouse.serving.config import BUNDLE, warehouse_path


def measure_chart_latency(
    api: Superset, warehouse: Path | None = None, n: int = 20
) -> dict[str, Any]:
    """Per chart: /api/v1/chart/data median and p95 over n requests, and the same SQL run
    directly on the warehouse with DuckDB (what Superset adds = the difference)."""
    import statistics

    import duckdb

    warehouse = warehouse or warehouse_path()
    keys = {}
    for p in (BUNDLE / "charts").glob("*.yaml"):
        keys[yaml.safe_load(p.read_text())["uuid"]] = p.stem
    report = verify_import(api)
    out: dict[str, Any] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for uuid, chart_id in sorted(report.charts.items(), key=lambda kv: keys[kv[0]]):
            qc = json.loads(api.json("GET", f"chart/{chart_id}")["result"]["query_context"])
            qc["force"] = True
            api_ms = []
            for _ in range(n):
                t0 = time.perf_counter()
                api.json("POST", "chart/data", json=qc)
                api_ms.append((time.perf_counter() - t0) * 1000)
            sql = api.json("POST", "chart/data", json={**qc, "result_type": "query"})["result"][0][
                "query"
            ]
            db_ms = []
            for _ in range(n):
                t0 = time.perf_counter()
                con.execute(sql).fetchall()
                db_ms.append((time.perf_counter() - t0) * 1000)
            api_ms.sort()
            db_ms.sort()
            p95 = api_ms[max(0, round(0.95 * n) - 1)]
            out[keys[uuid]] = {
                "median_ms": round(statistics.median(api_ms), 1),
                "p95_ms": round(p95, 1),
                "duckdb_median_ms": round(statistics.median(db_ms), 1),
                "superset_adds_ms": round(statistics.median(api_ms) - statistics.median(db_ms), 1),
            }
    return out
