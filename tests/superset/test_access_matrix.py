"""Who may do what in Superset, over its real REST API: a table of (case, actor) -> outcome.

Actors: anonymous, Executive, Analyst, Provincial officer (row-level security to one province),
and Admin as the control that proves the request itself works. Outcomes:
- DENIED: 401 or 403 (a web page: a redirect away from it) and nothing that looks like data;
- ALLOWED: 200 and the case's check of the content (numbers equal to the marts, only the
  officer's province, no database URI, ...);
- REFUSED: understood, but refused for everyone who may send it (e.g. SQL reading a file):
  an error status and no rows.
Writes are aimed so that a wrongly granted permission fails the cell without changing the
server (the current title again, an id that does not exist); writes that would change it for
the control are not sent. The policy itself is docs/security.md's table.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests

from warehouse import serving as sa

from .helpers import (
    ADMIN,
    ANONYMOUS,
    chart_keys,
    chart_query,
    check_chart,
    dashboard_id,
    dashboard_ids,
    database_id,
    dataset_ids,
    dataset_query,
    mart,
    post_chart_data,
    relation,
    result_rows,
    sqllab,
    web_for,
)

pytestmark = pytest.mark.integration

EXEC, ANALYST, OFFICER = "executive", "analyst", "officer_cm"
DENIED, ALLOWED, REFUSED = "denied", "allowed", "refused"
PM = "mart_coverage__province_monthly"  # the dataset with a province on every row
NO_SUCH_ID = 987_654
DATASETS = {d["table_name"]: d for d in sa.bundle_datasets().values()}
PROVINCE_TABLES = sorted(
    DATASETS[t]["table_name"]
    for t in DATASETS
    if any(c["column_name"] == sa.PROVINCE_COLUMN for c in DATASETS[t]["columns"])
)
NATIONAL_TABLES = sorted(set(DATASETS) - set(PROVINCE_TABLES))
DASHBOARDS = [d.slug for d in sa.bundle_dashboards()]


@dataclass(frozen=True)
class Ctx:
    server: Any
    db: int
    dashboard: int  # the coverage dashboard
    dashboards: dict[str, int]  # slug -> id
    datasets: dict[str, int]
    charts: dict[str, int]  # bundle chart key -> id
    tmp: Path


@pytest.fixture(scope="module")
def ctx(superset_server, tmp_path_factory) -> Ctx:
    keys = chart_keys()
    return Ctx(
        server=superset_server,
        db=database_id(superset_server),
        dashboard=dashboard_id(superset_server),
        dashboards=dashboard_ids(superset_server),
        datasets=dataset_ids(superset_server),
        charts={keys[u]: i for u, i in superset_server.report.charts.items()},
        tmp=tmp_path_factory.mktemp("access"),
    )


Send = Callable[[Ctx, sa.WebSession], requests.Response]
Check = Callable[[Ctx, str, requests.Response], None]


@dataclass(frozen=True)
class Case:
    name: str
    send: Send
    outcomes: dict[str, str]  # actor -> outcome; an actor left out is not sent
    check: Check | None = None  # the content check of an ALLOWED answer


def everyone(outcome: str = ALLOWED) -> dict[str, str]:
    return {ANONYMOUS: DENIED, EXEC: outcome, ANALYST: outcome, OFFICER: outcome, ADMIN: outcome}


def admin_only(admin: bool = True) -> dict[str, str]:
    out = {ANONYMOUS: DENIED, EXEC: DENIED, ANALYST: DENIED, OFFICER: DENIED}
    return {**out, ADMIN: ALLOWED} if admin else out


def sql_lab_users() -> dict[str, str]:
    return {ANONYMOUS: DENIED, EXEC: DENIED, ANALYST: ALLOWED, OFFICER: DENIED, ADMIN: ALLOWED}


# -- what a response must (not) hold ------------------------------------------------------------
def _has_rows(body: Any) -> bool:
    if isinstance(body, dict):
        return any(
            (k in ("result", "data") and bool(v)) or _has_rows(v)
            for k, v in body.items()
            if isinstance(v, dict | list)
        )
    if isinstance(body, list):
        return any(_has_rows(v) for v in body)
    return False


def assert_no_data(resp: requests.Response) -> None:
    ctype = resp.headers.get("content-type", "")
    assert not ctype.startswith(("application/zip", "text/csv", "application/octet")), ctype
    if "json" in ctype:
        assert not _has_rows(resp.json()), resp.text[:300]


def assert_denied(resp: requests.Response, path: str) -> None:
    if resp.status_code in (301, 302, 303):  # a web page sends the user elsewhere
        target = urlparse(resp.headers.get("location", "")).path
        assert target.rstrip("/") != path.rstrip("/"), target
    else:
        assert resp.status_code in (401, 403), (resp.status_code, resp.text[:300])
    assert_no_data(resp)


def provinces_of(rows: list[dict], column: str = "province_code") -> set[str]:
    return {r[column] for r in rows}


def provinces_in(ctx: Ctx, table: str) -> set[str]:
    sql = f"select distinct province_code from {relation(DATASETS[table])}"
    return {r[0] for r in mart(ctx.server, sql)}


def assert_province_rows(
    ctx: Ctx, actor: str, rows: list[dict], column="province_code", table: str = PM
) -> None:
    """The officer sees exactly their province (none, where a sparse dataset has no row for
    it); everyone else every province of the dataset."""
    everywhere = provinces_in(ctx, table)
    assert everywhere, f"{table} has no rows to check"
    want = everywhere & {sa.DEMO_PROVINCE} if actor == OFFICER else everywhere
    assert provinces_of(rows, column) == want


def is_zip(_: Ctx, __: str, r: requests.Response) -> None:
    assert r.headers["content-type"].startswith("application/zip")
    assert r.content[:2] == b"PK"


# -- the cases -------------------------------------------------------------------------------------
def get(path_of: Callable[[Ctx], str]) -> Send:
    return lambda c, w: w.request("GET", path_of(c))


def chart_case(key: str) -> Case:
    def send(c: Ctx, w: sa.WebSession) -> requests.Response:
        # as the dashboard asks: the saved query context, or the map's form data through
        # /superset/explore_json/
        return chart_query(c.server, c.charts[key]).request(w)

    def check(c: Ctx, actor: str, r: requests.Response) -> None:
        try:
            assert sa.chart_rows(r, chart_query(c.server, c.charts[key]).legacy)
        except sa.ChartDataError as exc:
            # one province may have nothing to show in a sparse chart; the nation always has
            assert actor == OFFICER and str(exc) == "no rows", exc
        # the numbers equal the mart's: national, or only the officer's province
        province = sa.DEMO_PROVINCE if actor == OFFICER else None
        check_chart(c.server, web_for(c.server, actor), key, c.charts[key], province)

    return Case(f"chart data: {key}", send, everyone(), check)


def dashboard_case(slug: str) -> Case:
    def check(c: Ctx, _: str, r: requests.Response) -> None:
        assert r.json()["result"]["id"] == c.dashboards[slug]

    return Case(
        f"dashboards: {slug}", get(lambda c: f"/api/v1/dashboard/{slug}"), everyone(), check
    )


def dashboard_page_case(slug: str) -> Case:
    """The page a browser opens: anonymous users are sent to the login page."""

    def check(c: Ctx, _: str, r: requests.Response) -> None:
        assert "text/html" in r.headers["content-type"]

    return Case(
        f"dashboard page: {slug}",
        get(lambda c: f"/superset/dashboard/{slug}/"),
        everyone(),
        check,
    )


COUNT = {"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "n"}


def rows_per_province(table: str) -> Case:
    """Every dataset with a province is limited to the officer's province (row-level
    security), whatever the dashboard: rows counted per province through Superset."""

    def send(c: Ctx, w: sa.WebSession) -> requests.Response:
        qc = dataset_query(c.datasets[table], ["province_code"])
        qc["queries"][0]["metrics"] = [COUNT]
        return post_chart_data(w, qc)

    def check(c: Ctx, actor: str, r: requests.Response) -> None:
        assert_province_rows(c, actor, result_rows(r), table=table)

    return Case(f"row-level security: {table}", send, everyone(), check)


def national_rows(table: str) -> Case:
    """A dataset without a province (the fund) is national: every role sees all its rows."""

    def send(c: Ctx, w: sa.WebSession) -> requests.Response:
        qc = dataset_query(c.datasets[table], [])
        qc["queries"][0]["metrics"] = [COUNT]
        return post_chart_data(w, qc)

    def check(c: Ctx, _: str, r: requests.Response) -> None:
        want = mart(c.server, f"select count(*) from {relation(DATASETS[table])}")[0][0]
        assert result_rows(r)[0]["n"] == want > 0

    return Case(f"national dataset: {table}", send, everyone(), check)


def rows_by_province(where: str = "", result_type: str = "full") -> Send:
    def send(c: Ctx, w: sa.WebSession) -> requests.Response:
        qc = dataset_query(c.datasets[PM], ["province_code"], where=where, result_type=result_type)
        return post_chart_data(w, qc)

    return send


def check_rows_by_province(c: Ctx, actor: str, r: requests.Response) -> None:
    assert_province_rows(c, actor, result_rows(r))


def send_csv(c: Ctx, w: sa.WebSession) -> requests.Response:
    qc = dataset_query(c.datasets[PM], ["province_code"], result_format="csv")
    return post_chart_data(w, qc)


def check_csv(c: Ctx, actor: str, r: requests.Response) -> None:
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert_province_rows(c, actor, rows)


def send_country_map(c: Ctx, w: sa.WebSession) -> requests.Response:
    """The legacy path (/superset/explore_json/) the Country Map of Thailand uses."""
    form_data = {
        "datasource": f"{c.datasets[PM]}__table",
        "viz_type": "country_map",
        "select_country": "thailand",
        "entity": "province_code",
        "metric": "insured_persons",
        "adhoc_filters": [],
        "row_limit": 1000,
    }
    return w.request("POST", "/superset/explore_json/", data={"form_data": json.dumps(form_data)})


def check_country_map(c: Ctx, actor: str, r: requests.Response) -> None:
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert not body.get("error"), body.get("error")
    assert_province_rows(c, actor, body["data"], column="country_id")


def send_file_metric(c: Ctx, w: sa.WebSession) -> requests.Response:
    """An ad-hoc SQL metric (any role can write one in Explore) that reads a local file."""
    metric = {
        "expressionType": "SQL",
        "sqlExpression": "(SELECT count(*) FROM read_text('/etc/passwd'))",
        "label": "file",
    }
    qc = dataset_query(c.datasets[PM], [])
    qc["queries"][0]["metrics"] = [metric]  # an aggregate: one row, if it were allowed
    return post_chart_data(w, qc)


def send_sql_count(c: Ctx, w: sa.WebSession) -> requests.Response:
    return sqllab(w, c.db, f"select count(*) as n from marts.{PM}")


def check_sql_count(c: Ctx, _: str, r: requests.Response) -> None:
    assert r.status_code == 200, r.text[:300]
    assert r.json()["data"][0]["n"] == mart(c.server, f"select count(*) from marts.{PM}")[0][0]


MARKER = f"marker_{uuid.uuid4().hex[:12]}"


def send_query_history(c: Ctx, w: sa.WebSession) -> requests.Response:
    """Admin runs a query with a marker first: nobody else may see it in the history."""
    assert sqllab(web_for(c.server, ADMIN), c.db, f"select '{MARKER}' as m").status_code == 200
    q = "(page_size:100,order_column:changed_on,order_direction:desc)"
    return w.request("GET", f"/api/v1/query/?q={q}")


def check_query_history(c: Ctx, actor: str, r: requests.Response) -> None:
    assert r.status_code == 200, r.text[:300]
    texts = [q["sql"] for q in r.json()["result"]]
    if actor == ADMIN:
        assert any(MARKER in t for t in texts)
    else:
        me = web_for(c.server, actor).request("GET", "/api/v1/me/").json()["result"]["id"]
        assert {q["user"]["id"] for q in r.json()["result"]} <= {me}
        assert not any(MARKER in t for t in texts)


def check_no_uri(c: Ctx, _: str, r: requests.Response) -> None:
    assert r.status_code == 200, r.text[:300]
    assert "duckdb://" not in r.text and str(c.server.warehouse) not in r.text


def check_databases(c: Ctx, actor: str, r: requests.Response) -> None:
    check_no_uri(c, actor, r)
    assert sa.DATABASE_NAME in {d["database_name"] for d in r.json()["result"]}


def check_datasets(c: Ctx, actor: str, r: requests.Response) -> None:
    check_no_uri(c, actor, r)
    assert set(c.datasets) <= {d["table_name"] for d in r.json()["result"]}


def check_connection(c: Ctx, _: str, r: requests.Response) -> None:
    assert r.json()["result"]["sqlalchemy_uri"] == f"duckdb:///{c.server.warehouse}"


def check_dashboards(c: Ctx, _: str, r: requests.Response) -> None:
    """Every role that may log in sees every dashboard of the bundle."""
    assert set(DASHBOARDS) <= {d["slug"] for d in r.json()["result"]}


def check_rls_rule(c: Ctx, _: str, r: requests.Response) -> None:
    clauses = {rule["clause"] for rule in r.json()["result"]}
    assert f"province_code = '{sa.DEMO_PROVINCE}'" in clauses


def check_values(c: Ctx, actor: str, r: requests.Response) -> None:
    assert_province_rows(c, actor, [{"province_code": v} for v in r.json()["result"]])


def check_samples(c: Ctx, actor: str, r: requests.Response) -> None:
    assert_province_rows(c, actor, r.json()["result"]["data"])


def same_title(c: Ctx, w: sa.WebSession) -> requests.Response:
    title = web_for(c.server, ADMIN).request("GET", f"/api/v1/dashboard/{c.dashboard}")
    body = {"dashboard_title": title.json()["result"]["dashboard_title"]}
    return w.request("PUT", f"/api/v1/dashboard/{c.dashboard}", json=body)


def rls_rule_id(c: Ctx) -> int:
    rules = web_for(c.server, ADMIN).request("GET", "/api/v1/rowlevelsecurity/").json()["result"]
    return next(r["id"] for r in rules if r["name"].startswith("Provincial officer"))


CASES: list[Case] = [
    # dashboards
    Case(
        "dashboards: list",
        get(lambda c: "/api/v1/dashboard/?q=(page_size:100)"),
        everyone(),
        check_dashboards,
    ),
    *[dashboard_case(slug) for slug in DASHBOARDS],
    *[dashboard_page_case(slug) for slug in DASHBOARDS],
    Case(
        "dashboards: edit the coverage dashboard",
        same_title,
        admin_only(),
        lambda c, a, r: None,
    ),
    # chart data, every chart of the bundle (the officer's numbers: one province)
    *[chart_case(key) for key in sorted(chart_keys().values())],
    *[rows_per_province(table) for table in PROVINCE_TABLES],
    *[national_rows(table) for table in NATIONAL_TABLES],
    Case(
        "chart data: rows by province",
        rows_by_province(),
        everyone(),
        check_rows_by_province,
    ),
    Case(
        "chart data: a WHERE that tries to widen RLS",
        rows_by_province(where=f"province_code <> '{sa.DEMO_PROVINCE}' OR 1 = 1"),
        everyone(),
        check_rows_by_province,
    ),
    Case(
        "chart data: drill to detail",
        rows_by_province(result_type="drill_detail"),
        everyone(),
        check_rows_by_province,
    ),
    Case("chart data: CSV export", send_csv, everyone(), check_csv),
    Case(
        "legacy explore_json: country map by province",
        send_country_map,
        everyone(),
        check_country_map,
    ),
    Case(
        "chart data: ad-hoc SQL metric reading a local file",
        send_file_metric,
        everyone(REFUSED),
    ),
    Case(
        "filter values of a column (not filtered by RLS)",
        get(lambda c: f"/api/v1/datasource/table/{c.datasets[PM]}/column/province_code/values/"),
        admin_only(),
        check_values,
    ),
    Case(
        "dataset samples (Explore's 'samples' pane)",
        lambda c, w: w.request(
            "POST",
            f"/datasource/samples?datasource_id={c.datasets[PM]}&datasource_type=table",
            json={},
        ),
        admin_only(),
        check_samples,
    ),
    # datasets and databases
    Case(
        "datasets: list",
        get(lambda c: "/api/v1/dataset/?q=(page_size:100)"),
        everyone(),
        check_datasets,
    ),
    Case(
        "datasets: create a SQL dataset (outside RLS)",
        lambda c, w: w.request(
            "POST",
            "/api/v1/dataset/",
            json={"database": c.db, "schema": "marts", "table_name": "x", "sql": "select 1"},
        ),
        admin_only(admin=False),
    ),
    Case("databases: list", get(lambda c: "/api/v1/database/"), everyone(), check_databases),
    Case(
        "databases: one database",
        get(lambda c: f"/api/v1/database/{c.db}"),
        everyone(),
        check_no_uri,
    ),
    Case(
        "databases: connection details (URI)",
        get(lambda c: f"/api/v1/database/{c.db}/connection"),
        admin_only(),
        check_connection,
    ),
    Case(
        "databases: export (URI)",
        get(lambda c: f"/api/v1/database/export/?q=!({c.db})"),
        admin_only(),
        is_zip,
    ),
    Case(
        "dashboards: export YAML (holds the URI)",
        get(lambda c: f"/api/v1/dashboard/export/?q=!({c.dashboard})"),
        admin_only(),
        is_zip,
    ),
    Case(
        "charts: export YAML (holds the URI)",
        get(lambda c: f"/api/v1/chart/export/?q=!({next(iter(c.charts.values()))})"),
        admin_only(),
        is_zip,
    ),
    Case(
        "dashboards: export as example (every row, no RLS)",
        get(lambda c: f"/api/v1/dashboard/{c.dashboard}/export_as_example/"),
        admin_only(),
        is_zip,
    ),
    # SQL Lab
    Case("SQL Lab: execute", send_sql_count, sql_lab_users(), check_sql_count),
    Case(
        "SQL Lab: the page",
        get(lambda c: "/sqllab/"),
        sql_lab_users(),
        lambda c, a, r: None,
    ),
    Case(
        "SQL Lab: others' query history", send_query_history, sql_lab_users(), check_query_history
    ),
    # administration
    Case(
        "users: list",
        get(lambda c: "/api/v1/security/users/"),
        admin_only(),
        lambda c, a, r: None,
    ),
    Case(
        "users: create",
        lambda c, w: w.request("POST", "/api/v1/security/users/", json={}),
        admin_only(admin=False),
    ),
    Case(
        "roles: list",
        get(lambda c: "/api/v1/security/roles/"),
        admin_only(),
        lambda c, a, r: None,
    ),
    Case(
        "roles: grant permissions",
        lambda c, w: w.request(
            "POST",
            f"/api/v1/security/roles/{NO_SUCH_ID}/permissions",
            json={"permission_view_menu_ids": []},
        ),
        admin_only(admin=False),
    ),
    Case(
        "row-level security: list",
        get(lambda c: "/api/v1/rowlevelsecurity/"),
        admin_only(),
        check_rls_rule,
    ),
    Case(
        "row-level security: delete the officer's rule",
        lambda c, w: w.request("DELETE", f"/api/v1/rowlevelsecurity/?q=!({NO_SUCH_ID})"),
        admin_only(admin=False),
    ),
    Case("action log", get(lambda c: "/api/v1/log/"), admin_only(), lambda c, a, r: None),
]
CELLS = [
    pytest.param(case, actor, outcome, id=f"{case.name} | {actor}")
    for case in CASES
    for actor, outcome in case.outcomes.items()
]


@pytest.mark.parametrize(("case", "actor", "outcome"), CELLS)
def test_access(ctx: Ctx, case: Case, actor: str, outcome: str) -> None:
    resp = case.send(ctx, web_for(ctx.server, actor))
    path = resp.request.path_url.split("?")[0]
    if outcome == DENIED:
        assert_denied(resp, path)
    elif outcome == REFUSED:
        assert resp.status_code in (400, 403, 422, 500), (resp.status_code, resp.text[:300])
        assert_no_data(resp)
    else:
        assert resp.status_code == 200, (resp.status_code, resp.text[:300])
        assert case.check is not None
        case.check(ctx, actor, resp)


# -- the Analyst's SQL cannot reach files, the network or settings -----------------------------
DISABLED = r"disabled by configuration|disabled through configuration"
LOCKED = r"configuration has been locked"
FILE_SQL = [
    ("read_csv", "select * from read_csv('/etc/passwd')", DISABLED),
    ("read_text", "select * from read_text('/etc/hostname')", DISABLED),
    ("read_blob", "select * from read_blob('/etc/hostname')", DISABLED),
    ("read_json", "select * from read_json('/etc/hostname')", DISABLED),
    (
        "read_parquet on the lake",
        "select count(*) from read_parquet('{lake}/**/*.parquet')",
        DISABLED,
    ),
    ("replacement scan of the lake", "select count(*) from '{lake}/**/*.parquet'", DISABLED),
    ("glob", "select * from glob('/*')", DISABLED),
    ("COPY … TO", "copy (select 1) to '{out}'", DISABLED),
    ("COPY after a SELECT", "select 1; copy (select 1) to '{out}'", DISABLED),
    ("ATTACH a file", "attach '{out}.duckdb' as x", DISABLED),
    ("INSTALL", "install httpfs", DISABLED),
    ("LOAD", "load httpfs", DISABLED),
    ("SET enable_external_access", "set enable_external_access = true", LOCKED),
    ("RESET enable_external_access", "reset enable_external_access", LOCKED),
    ("CREATE SECRET", "create secret s (type s3, key_id 'k', secret 's')", DISABLED),
    ("CREATE TABLE", "create table marts.x as select 1", r"does not allow for DDL/DML"),
]


@pytest.mark.parametrize("actor", ["analyst", ADMIN])
@pytest.mark.parametrize(("what", "sql", "reason"), FILE_SQL, ids=[f[0] for f in FILE_SQL])
def test_sql_cannot_reach_files(ctx: Ctx, actor: str, what: str, sql: str, reason: str) -> None:
    """The connection itself forbids it (read_only, enable_external_access=false,
    lock_configuration=true, no DML): so the Admin cannot either."""
    lake = ctx.server.lake
    assert any(lake.rglob("*.parquet")), f"no lake at {lake} to try reading"
    out = ctx.tmp / f"{actor}-{re.sub(r'[^a-z]+', '_', what.lower())}.csv"
    r = sqllab(web_for(ctx.server, actor), ctx.db, sql.format(lake=lake, out=out))
    assert r.status_code != 200, r.text[:300]
    assert re.search(reason, r.text), r.text[:300]
    assert_no_data(r)
    assert not out.exists() and not Path(f"{out}.duckdb").exists()
