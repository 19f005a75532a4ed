"""Chart-data latency: what Superset adds on top of DuckDB, per chart."""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from warehouse.serving.api import Superset, WebSession
from warehouse.serving.bundle import verify_import
from warehouse.serving.charts import ChartDataError, ChartQuery, chart_rows, dashboard_charts
from warehouse.serving.config import BUNDLE, warehouse_path


def _chart_sql(query: ChartQuery, web: WebSession) -> str:
    """The SQL Superset runs for the chart (its own answer says)."""
    if query.legacy:
        return query.request(web).json()["query"]
    assert query.query_context is not None
    body = {**query.query_context, "result_type": "query"}
    return web.request("POST", "/api/v1/chart/data", json=body).json()["result"][0]["query"]


def measure_chart_latency(
    api: Superset, warehouse: Path | None = None, n: int = 20
) -> dict[str, Any]:
    """Per chart of every dashboard: median and p95 over n requests of its data as a dashboard
    asks for it (/api/v1/chart/data, or /superset/explore_json/ for the map), and the same SQL
    run directly on the warehouse with DuckDB (what Superset adds = the difference)."""
    import duckdb

    warehouse = warehouse or warehouse_path()
    keys = {
        yaml.safe_load(p.read_text())["uuid"]: p.stem for p in (BUNDLE / "charts").glob("*.yaml")
    }
    report = verify_import(api)
    key_of = {chart_id: keys[uuid] for uuid, chart_id in report.charts.items()}
    web = WebSession(url=api.url, username=api.username, password=api.password)
    out: dict[str, Any] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        charts = dashboard_charts(api, sorted(report.dashboards.values()))
        for query in sorted(charts, key=lambda q: key_of[q.id]):
            if query.query_context is not None:  # not from a cache
                query = replace(query, query_context={**query.query_context, "force": True})
            api_ms = []
            empty = False
            for _ in range(n):
                t0 = time.perf_counter()
                try:
                    chart_rows(query.request(web), query.legacy)
                except ChartDataError as err:
                    # an answer with no rows is still an answer to time (a chart of a month
                    # the data does not reach yet); any other error is the chart's, not latency
                    if str(err) != "no rows":
                        raise
                    empty = True
                api_ms.append((time.perf_counter() - t0) * 1000)
            sql = _chart_sql(query, web)
            db_ms = []
            for _ in range(n):
                t0 = time.perf_counter()
                con.execute(sql).fetchall()
                db_ms.append((time.perf_counter() - t0) * 1000)
            api_ms.sort()
            db_ms.sort()
            p95 = api_ms[max(0, round(0.95 * n) - 1)]
            out[key_of[query.id]] = {
                "endpoint": "explore_json" if query.legacy else "chart/data",
                "median_ms": round(statistics.median(api_ms), 1),
                "p95_ms": round(p95, 1),
                "duckdb_median_ms": round(statistics.median(db_ms), 1),
                "superset_adds_ms": round(statistics.median(api_ms) - statistics.median(db_ms), 1),
                **({"rows": 0} if empty else {}),
            }
    return out
