"""One set of helpers for every Superset test: sessions, chart data, the marts to compare with.

Roles are exercised through `WebSession` (what a browser does: the login form's cookie and the
CSRF header), which reaches the REST API and the legacy views alike; `admin_api` is the
superset-client JWT session used for administration.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import duckdb
import pytest
import requests
import yaml

from warehouse import serving as sa

ANONYMOUS = "anonymous"
ROLE_USERS = ("executive", "analyst", "officer_cm")  # Executive, Analyst, Provincial officer
ADMIN = "admin"
ACTORS = (ANONYMOUS, *ROLE_USERS, ADMIN)


@cache
def web(url: str, user: str, password: str) -> sa.WebSession:
    """A browser-like session per (server, user), logged in once; anonymous for ANONYMOUS."""
    if user == ANONYMOUS:
        return sa.WebSession(url=url)
    return sa.WebSession(url=url, username=user, password=password)


def web_for(server, user: str) -> sa.WebSession:
    password = "" if user == ANONYMOUS else server.credentials[user]["password"]
    return web(server.url, user, password)


def admin_api(server) -> sa.Superset:
    return sa.Superset(
        url=server.url, username=ADMIN, password=server.credentials[ADMIN]["password"]
    )


def chart_keys() -> dict[str, str]:
    """chart uuid -> bundle file stem (bn_s33, rank_province, ...)."""
    out = {}
    for p in (sa.BUNDLE / "charts").glob("*.yaml"):
        out[yaml.safe_load(p.read_text())["uuid"]] = p.stem
    return out


def dataset_ids(server) -> dict[str, int]:
    """bundle dataset table name -> id in this Superset."""
    names = {}
    for p in (sa.BUNDLE / "datasets").rglob("*.yaml"):
        d = yaml.safe_load(p.read_text())
        names[d["uuid"]] = d["table_name"]
    return {names[u]: i for u, i in server.report.datasets.items()}


def database_id(server) -> int:
    return next(iter(server.report.databases.values()))


def dashboard_id(server) -> int:
    return next(iter(server.report.dashboards.values()))


# -- chart data ------------------------------------------------------------------------------
def saved_query_context(server, chart_id: int) -> dict[str, Any]:
    chart = admin_api(server).json("GET", f"chart/{chart_id}")["result"]
    return json.loads(chart["query_context"])


def post_chart_data(w: sa.WebSession, qc: dict[str, Any]) -> requests.Response:
    return w.request("POST", "/api/v1/chart/data", json=qc)


def result_rows(resp: requests.Response) -> list[dict[str, Any]]:
    """The rows of a successful /api/v1/chart/data answer (asserts it was one)."""
    assert resp.status_code == 200, resp.text[:500]
    res = resp.json()["result"]
    assert all(not r.get("error") for r in res), res
    return res[0]["data"]


def chart_data(server, w: sa.WebSession, chart_id: int, extra_filters=()) -> list[dict]:
    qc = saved_query_context(server, chart_id)
    for q in qc["queries"]:
        q["filters"] = [*q.get("filters", []), *extra_filters]
    return result_rows(post_chart_data(w, qc))


def dataset_query(
    ds_id: int,
    columns: list[str],
    *,
    where: str = "",
    row_limit: int = 10_000,
    result_format: str = "json",
    result_type: str = "full",
) -> dict[str, Any]:
    """A query context over a whole dataset: raw records, as Explore's table in raw mode sends
    it (metrics None, not []: an empty list makes Superset GROUP BY every column)."""
    return {
        "datasource": {"id": ds_id, "type": "table"},
        "queries": [
            {
                "columns": columns,
                "metrics": None,
                "row_limit": row_limit,
                "extras": {"where": where} if where else {},
            }
        ],
        "result_format": result_format,
        "result_type": result_type,
    }


def sqllab(w: sa.WebSession, db_id: int, sql: str) -> requests.Response:
    return w.request(
        "POST",
        "/api/v1/sqllab/execute/",
        json={"database_id": db_id, "sql": sql, "runAsync": False, "schema": "marts"},
    )


# -- what the marts say ---------------------------------------------------------------------
def mart(server, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(server.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def provinces_in(server, table: str) -> set[str]:
    return {r[0] for r in mart(server, f"select distinct province_code from marts.{table}")}


def latest_label(server) -> str:
    return mart(
        server,
        "select month_label_th from marts.mart_coverage__province_monthly "
        "where is_latest_month limit 1",
    )[0][0]


def expected(server, key: str, province: str | None) -> dict:
    """What each chart must show, computed from the mart columns (one month, or per month)."""
    where = "and province_code = ?" if province else ""
    p = [province] if province else []
    pm = "marts.mart_coverage__province_monthly"
    if key.startswith("bn_s"):
        sec = int(key[4:])
        rows = mart(
            server,
            f"select month_start, sum(insured_persons) from {pm} where section = ? {where} "
            "group by 1 order by 1",
            [sec, *p],
        )
        return {"latest": rows[-1][1], "months": len(rows)}
    if key == "rank_province":
        rows = mart(
            server,
            f"select province_name_th, 1000.0 * sum(insured_persons) / max(labour_force) "
            f"from {pm} where is_latest_month and labour_force is not null {where} group by 1",
            p,
        )
        return dict(rows)
    if key == "informal_region":
        rows = mart(
            server,
            f"select region_th, 1000.0 * sum(insured_persons) / sum(informal_workforce) "
            f"from {pm} where is_latest_month and section = 40 {where} group by 1",
            p,
        )
        return dict(rows)
    if key in ("s40_net", "conversions"):
        table, metric = (
            ("section40_flows", "net_additions")
            if key == "s40_net"
            else ("conversions", "conversions")
        )
        return dict(
            mart(
                server,
                f"select month_label_th, sum({metric}) from marts.mart_coverage__{table} "
                f"where true {where} group by 1",
                p,
            )
        )
    raise AssertionError(f"no expectation for chart {key}")


def check_chart(server, w: sa.WebSession, key: str, chart_id: int, province: str | None) -> int:
    """The chart's data through Superset equals the mart's numbers (for one province when
    `province` is given); returns the number of rows compared."""
    latest = [{"col": "month_label_th", "op": "IN", "val": [latest_label(server)]}]
    want = expected(server, key, province)
    if key.startswith("bn_s"):
        data = chart_data(server, w, chart_id)
        assert len(data) == want["months"]
        assert data[-1]["insured_persons"] == pytest.approx(want["latest"])
    elif key == "rank_province":
        data = chart_data(server, w, chart_id, latest)
        got = {r["province_name_th"]: r["per_1000_workforce"] for r in data}
        assert got.keys() == want.keys()
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-9), name
    elif key == "informal_region":
        data = chart_data(server, w, chart_id, latest)
        got = {r["region_th"]: r["s40_per_1000_informal"] for r in data}
        assert got.keys() == want.keys()
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-9, nan_ok=True), name
    else:
        metric = "net_additions" if key == "s40_net" else "conversions"
        data = chart_data(server, w, chart_id)
        got = {r["month_label_th"]: r[metric] for r in data}
        assert got == pytest.approx(want)
        months = [r["month_order"] for r in data]
        assert months == sorted(months), "months must be in chronological order"
    assert data, f"chart {key} returned no rows"
    return len(data)
