"""One set of helpers for every Superset test: sessions, chart data, the marts to compare with.

Roles are exercised through `WebSession` (what a browser does: the login form's cookie and the
CSRF header), which reaches the REST API and the legacy views alike; `admin_api` is the
superset-client JWT session used for administration.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import json
from dataclasses import replace
from functools import cache
from pathlib import Path
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


def chart_datasets() -> dict[str, dict[str, Any]]:
    """chart key -> the YAML of the dataset it reads."""
    datasets = sa.bundle_datasets()
    out = {}
    for p in (sa.BUNDLE / "charts").glob("*.yaml"):
        out[p.stem] = datasets[yaml.safe_load(p.read_text())["dataset_uuid"]]
    return out


def dataset_ids(server) -> dict[str, int]:
    """bundle dataset table name -> id in this Superset."""
    names = {u: d["table_name"] for u, d in sa.bundle_datasets().items()}
    return {names[u]: i for u, i in server.report.datasets.items()}


def relation(dataset: dict[str, Any]) -> str:
    """What to select from to read a dataset straight from the warehouse (a virtual dataset:
    its SQL)."""
    if dataset.get("sql"):
        return f"({dataset['sql']}) as ds"
    return f"{dataset['schema']}.{dataset['table_name']}"


def database_id(server) -> int:
    return next(iter(server.report.databases.values()))


def dashboard_ids(server) -> dict[str, int]:
    """bundle dashboard slug -> id in this Superset."""
    return {d.slug: server.report.dashboards[d.uuid] for d in sa.bundle_dashboards()}


def dashboard_id(server) -> int:
    """The coverage dashboard (guideline 1): the one the single-dashboard cases use."""
    return dashboard_ids(server)[sa.DASHBOARD_SLUG]


# -- chart data ------------------------------------------------------------------------------


def post_chart_data(w: sa.WebSession, qc: dict[str, Any]) -> requests.Response:
    return w.request("POST", "/api/v1/chart/data", json=qc)


def result_rows(resp: requests.Response) -> list[dict[str, Any]]:
    """The rows of a successful /api/v1/chart/data answer (asserts it was one)."""
    assert resp.status_code == 200, resp.text[:500]
    res = resp.json()["result"]
    assert all(not r.get("error") for r in res), res
    return res[0]["data"]


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


# -- every chart's data equals the marts ------------------------------------------------------
# tests/superset/chart_expectations.yaml: for each chart of the bundle (by file stem), the SQL
# on the marts that gives what it must show, written from the marts' columns independently of
# the dataset's saved metrics; `key` names the columns that identify a row, every other column
# of the SQL is a value to compare. `{province}` is the row-level-security predicate (`true`,
# or the officer's province). The dashboard's native filters that start on their first value
# (the latest month) are applied as the dashboard applies them. The chart's own query is sent
# as the dashboard sends it, without the post-processing (pivot, sort) that only reshapes rows;
# a legacy chart (the map) through /superset/explore_json/.
EXPECTATIONS = Path(__file__).with_name("chart_expectations.yaml")


@cache
def expectations() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))


_CHARTS: dict[tuple[str, int], sa.ChartQuery] = {}


def chart_query(server, chart_id: int) -> sa.ChartQuery:
    """The chart as a dashboard requests it (its saved query context, or its form data)."""
    if (server.url, chart_id) not in _CHARTS:
        chart = admin_api(server).json("GET", f"chart/{chart_id}")["result"]
        qc = chart.get("query_context")
        _CHARTS[server.url, chart_id] = sa.ChartQuery(
            id=chart_id,
            name=chart["slice_name"],
            viz_type=chart["viz_type"],
            dashboard_id=0,
            form_data=json.loads(chart.get("params") or "{}"),
            query_context=json.loads(qc) if qc else None,
        )
    return _CHARTS[server.url, chart_id]


def _first_item(server, nf: dict[str, Any]) -> Any:
    """The value a native filter with "select first filter value by default" starts with: its
    target column's first value, ordered by the filter's sort metric (as Superset lists them)."""
    target = nf["targets"][0]
    dataset = sa.bundle_datasets()[target["datasetUuid"]]
    column = target["column"]["name"]
    ascending = nf["controlValues"].get("sortAscending", True)
    order = column
    if nf.get("sortMetric"):
        order = next(
            m["expression"] for m in dataset["metrics"] if m["metric_name"] == nf["sortMetric"]
        )
    sql = (
        f"select {column} from {relation(dataset)} where {column} is not null group by {column} "
        f"order by {order} {'asc' if ascending else 'desc'} limit 1"
    )
    return mart(server, sql)[0][0]


def dashboard_filters(server, key: str) -> list[dict[str, Any]]:
    """The native filters a dashboard applies to chart `key` when it opens (those that select
    their first value by default, with the chart in their scope)."""
    chart_uuid = next(u for u, k in chart_keys().items() if k == key)
    out = []
    for dash in sa.bundle_dashboards():
        if chart_uuid not in dash.chart_uuids:
            continue
        spec = yaml.safe_load((sa.BUNDLE / dash.file).read_text(encoding="utf-8"))
        chart_id = next(
            n["meta"]["chartId"]
            for n in spec["position"].values()
            if isinstance(n, dict) and n.get("type") == "CHART" and n["meta"]["uuid"] == chart_uuid
        )
        for nf in spec["metadata"]["native_filter_configuration"]:
            if nf["controlValues"].get("defaultToFirstItem") and chart_id not in nf["scope"].get(
                "excluded", []
            ):
                column = nf["targets"][0]["column"]["name"]
                out.append({"col": column, "op": "IN", "val": [_first_item(server, nf)]})
    return out


def served_rows(
    server, w: sa.WebSession, chart_id: int, filters: list[dict[str, Any]], *, raw: bool = True
) -> list[dict[str, Any]]:
    """The chart's rows as Superset serves them to `w`, with `filters` added (`raw`: without
    the post-processing)."""
    q = chart_query(server, chart_id)
    if q.legacy:
        adhoc = [
            {
                "clause": "WHERE",
                "expressionType": "SIMPLE",
                "subject": f["col"],
                "operator": f["op"],
                "comparator": f["val"],
            }
            for f in filters
        ]
        fd = {**q.form_data, "adhoc_filters": [*q.form_data.get("adhoc_filters", []), *adhoc]}
        resp = replace(q, form_data=fd).request(w)
        assert resp.status_code == 200, resp.text[:500]
        body = resp.json()
        assert not body.get("error") and body.get("status") != "failed", body.get("error")
        return body["data"] or []
    qc = copy.deepcopy(q.query_context)
    assert qc is not None, f"chart {q.name} has no saved query_context"
    for query in qc["queries"]:
        query["filters"] = [*query.get("filters", []), *filters]
        if raw:
            query.pop("post_processing", None)
    return result_rows(post_chart_data(w, qc))


def _plain(value: Any) -> Any:
    """DuckDB's Python values as Superset's JSON gives them (dates: epoch milliseconds)."""
    if isinstance(value, datetime.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        return int(stamp.timestamp() * 1000)
    if isinstance(value, datetime.date):
        return _plain(datetime.datetime(value.year, value.month, value.day))
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def expected_rows(server, key: str, province: str | None) -> tuple[list[str], list[dict]]:
    """(key columns, rows) that chart `key` must show: all provinces, or one."""
    exp = expectations()[key]
    has_province = any(
        c["column_name"] == sa.PROVINCE_COLUMN for c in chart_datasets()[key]["columns"]
    )
    if has_province:
        assert "{province}" in exp["sql"], f"{key}: the expectation must filter by {{province}}"
    where = f"{sa.PROVINCE_COLUMN} = '{province}'" if province and has_province else "true"
    with duckdb.connect(str(server.warehouse), read_only=True) as con:
        cur = con.execute(exp["sql"].format(province=where))
        cols = [d[0] for d in cur.description]
        rows = [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in cur.fetchall()]
    return list(exp["key"]), rows


def _by_key(rows: list[dict], keys: list[str], columns: list[str]) -> dict[tuple, dict]:
    out = {}
    for r in rows:
        k = tuple(r[c] for c in keys)
        assert k not in out, f"two rows for {k}"
        out[k] = {c: r.get(c) for c in columns}
    return out


def check_chart(server, w: sa.WebSession, key: str, chart_id: int, province: str | None) -> int:
    """The chart's data through Superset equals the marts' numbers (for one province when
    `province` is given); returns the number of rows compared."""
    keys, want_rows = expected_rows(server, key, province)
    filters = dashboard_filters(server, key)
    got_rows = served_rows(server, w, chart_id, filters)
    # the nation always has something to show; one province may not, in a sparse chart
    assert got_rows or (province and not want_rows), f"chart {key} returned no rows"
    values = [c for c in (want_rows[0] if want_rows else {}) if c not in keys]
    missing = [c for c in [*keys, *values] if got_rows and c not in got_rows[0]]
    assert not missing, f"{key}: Superset's answer lacks {missing}: {sorted(got_rows[0])}"
    want = _by_key(want_rows, keys, values)
    got = _by_key(got_rows, keys, values)
    assert got.keys() == want.keys(), (key, sorted(got.keys() ^ want.keys(), key=str)[:10])
    for k, row in want.items():
        for c, v in row.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                assert got[k][c] == pytest.approx(v, rel=1e-9, abs=1e-9), (key, k, c)
            else:
                assert got[k][c] == v, (key, k, c, got[k][c])
    order = expectations()[key].get("order")
    if order:  # the dashboard's rows (post-processed) read in this column's order
        full = served_rows(server, w, chart_id, filters, raw=False)
        seen = [r[order] for r in full]
        assert seen == sorted(seen), f"{key}: rows must be in {order} order"
    return len(got_rows)
