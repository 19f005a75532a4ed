"""Every chart of the bundle's dashboards, and how a browser asks for its data.

Most charts are served by /api/v1/chart/data with the chart's saved `query_context`; the
legacy visualisations (the Country Map of Thailand among them) only by /superset/explore_json/
with the chart's form data. One helper asks the right one and says what came back, so the
tests, the latency measurement and the soak all request chart data the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from warehouse.serving.api import Superset, WebSession

# Visualisations still served by superset/viz.py (the `viz_type` of its BaseViz classes).
LEGACY_VIZ_TYPES = frozenset(
    {
        "bubble",
        "bullet",
        "cal_heatmap",
        "chord",
        "compare",
        "country_map",
        "deck_arc",
        "deck_contour",
        "deck_geojson",
        "deck_grid",
        "deck_heatmap",
        "deck_hex",
        "deck_multi",
        "deck_path",
        "deck_polygon",
        "deck_scatter",
        "deck_screengrid",
        "event_flow",
        "horizon",
        "line",
        "mapbox",
        "paired_ttest",
        "para",
        "partition",
        "rose",
        "time_pivot",
        "time_table",
        "world_map",
    }
)


class ChartDataError(RuntimeError):
    pass


@dataclass(frozen=True)
class ChartQuery:
    """One chart as a dashboard asks for it."""

    id: int
    name: str
    viz_type: str
    dashboard_id: int
    form_data: dict[str, Any]
    query_context: dict[str, Any] | None

    @property
    def legacy(self) -> bool:
        return self.viz_type in LEGACY_VIZ_TYPES

    def request(self, web: WebSession, fmt: str = "json") -> requests.Response:
        """Ask Superset for this chart's data, as the dashboard does."""
        if self.legacy:
            form_data = {**self.form_data, "slice_id": self.id}
            flag = {} if fmt == "json" else {fmt: "true"}
            return web.request(
                "POST",
                "/superset/explore_json/",
                params=flag,
                data={"form_data": json.dumps(form_data)},
            )
        if not self.query_context:
            raise ChartDataError(f"chart {self.id} ({self.name}) has no saved query_context")
        body = {**self.query_context, "result_format": fmt}
        return web.request("POST", "/api/v1/chart/data", json=body)


def dashboard_charts(api: Superset, dashboard_ids: list[int] | tuple[int, ...]) -> list[ChartQuery]:
    """Every chart on these dashboards, with what it takes to request its data."""
    out: list[ChartQuery] = []
    seen: set[int] = set()
    for dash_id in dashboard_ids:
        for c in api.json("GET", f"dashboard/{dash_id}/charts")["result"]:
            chart_id = int(c["id"])
            if chart_id in seen:
                continue
            seen.add(chart_id)
            chart = api.json("GET", f"chart/{chart_id}")["result"]
            qc = chart.get("query_context")
            out.append(
                ChartQuery(
                    id=chart_id,
                    name=chart["slice_name"],
                    viz_type=chart["viz_type"],
                    dashboard_id=dash_id,
                    form_data=json.loads(chart.get("params") or "{}"),
                    query_context=json.loads(qc) if qc else None,
                )
            )
    return sorted(out, key=lambda q: q.id)


def _rows_in(data: Any) -> int:
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):  # some legacy charts nest their records
        return sum(_rows_in(v) for v in data.values() if isinstance(v, list | dict))
    return 0


def chart_rows(resp: requests.Response, legacy: bool) -> int:
    """Rows in a successful chart-data answer; ChartDataError says what went wrong otherwise
    (an HTTP error, an error inside a 200, or an answer without rows)."""
    if resp.status_code != 200:
        raise ChartDataError(f"HTTP {resp.status_code}: {resp.text[:300]}")
    try:
        payload = resp.json()
    except ValueError as exc:
        raise ChartDataError(f"not JSON: {resp.text[:200]}") from exc
    if legacy:
        if payload.get("error") or payload.get("status") == "failed":
            raise ChartDataError(f"explore_json error: {payload.get('error')}")
        rows = _rows_in(payload.get("data"))
    else:
        results = payload.get("result") or []
        errors = [r.get("error") for r in results if r.get("error") or r.get("status") == "failed"]
        if errors or not results:
            raise ChartDataError(f"chart/data error: {errors or 'no result'}")
        rows = sum(len(r.get("data") or []) for r in results)
    if rows == 0:
        raise ChartDataError("no rows")
    return rows
