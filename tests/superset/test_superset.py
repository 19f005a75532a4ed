"""The Superset serving layer against a real server and a pipeline-built warehouse."""

from __future__ import annotations

import copy
import json
import subprocess

import duckdb
import pytest
import requests
import yaml

from warehouse import serving as sa

from .fixtures import REPO, VENV

pytestmark = pytest.mark.integration


def _chart_keys() -> dict[str, str]:
    """chart uuid -> bundle file stem (bn_s33, rank_province, ...)."""
    out = {}
    for p in (sa.BUNDLE / "charts").glob("*.yaml"):
        out[yaml.safe_load(p.read_text())["uuid"]] = p.stem
    return out


def _session(server, user: str) -> sa.Superset:
    return sa.Superset(url=server.url, username=user, password=server.credentials[user]["password"])


def _chart_data(api: sa.Superset, chart_id: int, extra_filters=()) -> list[dict]:
    chart = api.json("GET", f"chart/{chart_id}")["result"]
    qc = json.loads(chart["query_context"])
    for q in qc["queries"]:
        q["filters"] = [*q.get("filters", []), *extra_filters]
    res = api.json("POST", "chart/data", json=qc)["result"]
    assert all(not r.get("error") for r in res), res
    return res[0]["data"]


def _mart(server, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(server.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _latest_label(server) -> str:
    return _mart(
        server,
        "select month_label_th from marts.mart_coverage__province_monthly "
        "where is_latest_month limit 1",
    )[0][0]


def _expected(server, key: str, province: str | None) -> dict:
    """What each chart must show, computed from the mart columns (one month, or per month)."""
    where = "and province_code = ?" if province else ""
    p = [province] if province else []
    pm = "marts.mart_coverage__province_monthly"
    if key.startswith("bn_s"):
        sec = int(key[4:])
        rows = _mart(
            server,
            f"select month_start, sum(insured_persons) from {pm} where section = ? {where} "
            "group by 1 order by 1",
            [sec, *p],
        )
        return {"latest": rows[-1][1], "months": len(rows)}
    if key == "rank_province":
        rows = _mart(
            server,
            f"select province_name_th, 1000.0 * sum(insured_persons) / max(labour_force) "
            f"from {pm} where is_latest_month and labour_force is not null {where} group by 1",
            p,
        )
        return dict(rows)
    if key == "informal_region":
        rows = _mart(
            server,
            f"select region_th, 1000.0 * sum(insured_persons) / sum(informal_workforce) "
            f"from {pm} where is_latest_month and section = 40 {where} group by 1",
            p,
        )
        return dict(rows)
    if key == "s40_net":
        return dict(
            _mart(
                server,
                "select month_label_th, sum(net_additions) from "
                f"marts.mart_coverage__section40_flows where true {where} group by 1",
                p,
            )
        )
    if key == "conversions":
        return dict(
            _mart(
                server,
                "select month_label_th, sum(conversions) from "
                f"marts.mart_coverage__conversions where true {where} group by 1",
                p,
            )
        )
    raise AssertionError(f"no expectation for chart {key}")


def _check_chart(server, api, key: str, chart_id: int, province: str | None = None) -> None:
    latest = [{"col": "month_label_th", "op": "IN", "val": [_latest_label(server)]}]
    want = _expected(server, key, province)
    if key.startswith("bn_s"):
        data = _chart_data(api, chart_id)
        assert len(data) == want["months"]
        assert data[-1]["insured_persons"] == pytest.approx(want["latest"])
    elif key == "rank_province":
        data = _chart_data(api, chart_id, latest)
        got = {r["province_name_th"]: r["per_1000_workforce"] for r in data}
        assert got.keys() == want.keys()
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-9), name
    elif key == "informal_region":
        data = _chart_data(api, chart_id, latest)
        got = {r["region_th"]: r["s40_per_1000_informal"] for r in data}
        assert got.keys() == want.keys()
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-9, nan_ok=True), name
    else:
        metric = "net_additions" if key == "s40_net" else "conversions"
        data = _chart_data(api, chart_id)
        got = {r["month_label_th"]: r[metric] for r in data}
        assert got == pytest.approx(want)
        months = [r["month_order"] for r in data]
        assert months == sorted(months), "months must be in chronological order"


def test_bundle_imports_idempotently(superset_server):
    api = sa.admin_session()
    first = superset_server.report
    again = sa.import_bundle(api)
    assert (again.charts, again.datasets, again.dashboards) == (
        first.charts,
        first.datasets,
        first.dashboards,
    )
    # an export right after an import reproduces the bundle in git byte for byte
    assert sa.export_bundle(api, write=False) == sa.bundle_files()


def test_database_points_at_published_warehouse_read_only(superset_server):
    api = sa.admin_session()
    db_id = next(iter(superset_server.report.databases.values()))
    db = api.json("GET", f"database/{db_id}/connection")["result"]
    assert db["sqlalchemy_uri"] == f"duckdb:///{superset_server.warehouse}"
    extra = json.loads(db["extra"])
    args = extra["engine_params"]["connect_args"]
    assert args["read_only"] is True
    assert args["config"] == {"enable_external_access": False, "lock_configuration": True}
    assert db["allow_dml"] is False


def test_superset_duckdb_reads_the_pipeline_file(superset_server):
    sql = "select count(*) from marts.mart_coverage__province_monthly"
    want = _mart(superset_server, sql)[0][0]
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        f"print(con.execute({sql!r}).fetchone()[0])"
    )
    out = subprocess.run(
        [str(VENV / "bin/python"), "-c", code, str(superset_server.warehouse)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(out.stdout) == want > 0


def test_every_chart_answers_with_the_marts_numbers(superset_server):
    api = sa.admin_session()
    keys = _chart_keys()
    assert set(superset_server.report.charts) == set(keys)
    for uuid, chart_id in superset_server.report.charts.items():
        _check_chart(superset_server, api, keys[uuid], chart_id)


def test_anonymous_api_requests_get_401(superset_server):
    chart_id = next(iter(superset_server.report.charts.values()))
    for path in ("chart/", "dashboard/", "database/", "dataset/", f"chart/{chart_id}/data/"):
        r = requests.get(f"{superset_server.url}/api/v1/{path}", timeout=30)
        assert r.status_code == 401, (path, r.status_code)


def test_executive_sees_dashboards_but_not_sql_lab(superset_server):
    api = _session(superset_server, "executive")
    dash_id = next(iter(superset_server.report.dashboards.values()))
    assert api.request("GET", f"dashboard/{dash_id}").status_code == 200
    db_id = next(iter(superset_server.report.databases.values()))
    r = api.request("POST", "sqllab/execute/", json={"database_id": db_id, "sql": "select 1"})
    assert r.status_code in (401, 403), r.text[:300]
    page = api.session.get(f"{superset_server.url}/sqllab/", allow_redirects=False)
    assert page.status_code in (302, 401, 403), page.status_code
    # and the charts still answer for the executive
    keys = _chart_keys()
    for uuid, chart_id in superset_server.report.charts.items():
        _check_chart(superset_server, api, keys[uuid], chart_id)


def test_provincial_officer_sees_one_province(superset_server):
    api = _session(superset_server, "officer_cm")
    keys = _chart_keys()
    for uuid, chart_id in superset_server.report.charts.items():
        _check_chart(superset_server, api, keys[uuid], chart_id, province=sa.DEMO_PROVINCE)
    # every warehouse dataset, grouped by province, holds only that province
    for ds_id in superset_server.report.datasets.values():
        qc = {
            "datasource": {"id": ds_id, "type": "table"},
            "queries": [{"columns": ["province_code"], "metrics": [], "row_limit": 1000}],
            "result_format": "json",
            "result_type": "full",
        }
        rows = api.json("POST", "chart/data", json=qc)["result"][0]["data"]
        assert {r["province_code"] for r in rows} == {sa.DEMO_PROVINCE}


def _sqllab(api: sa.Superset, db_id: int, sql: str) -> requests.Response:
    return api.request(
        "POST",
        "sqllab/execute/",
        json={"database_id": db_id, "sql": sql, "runAsync": False, "schema": "marts"},
    )


def test_analyst_runs_read_only_sql_but_cannot_read_files(superset_server):
    api = _session(superset_server, "analyst")
    db_id = next(iter(superset_server.report.databases.values()))
    ok = _sqllab(api, db_id, "select count(*) as n from marts.mart_coverage__province_monthly")
    assert ok.status_code == 200, ok.text[:500]
    assert ok.json()["data"][0]["n"] > 0
    for sql in (
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/*')",
    ):
        r = _sqllab(api, db_id, sql)
        assert r.status_code != 200, sql
        assert "disabled by configuration" in r.text or "Permission Error" in r.text, r.text[:500]
    for sql in ("create table marts.x as select 1", "set enable_external_access = true"):
        assert _sqllab(api, db_id, sql).status_code != 200, sql


def test_chart_data_latency(superset_server):
    """Median / p95 over 20 requests per chart; recorded in docs/dashboards.md."""
    stats = sa.measure_chart_latency(sa.admin_session(), superset_server.warehouse, n=20)
    for key, s in stats.items():
        assert s["median_ms"] < 5000, (key, s)
    print(json.dumps(stats, indent=1))


def test_bundle_has_fixed_uuids_and_query_contexts():
    charts = [yaml.safe_load(p.read_text()) for p in (sa.BUNDLE / "charts").glob("*.yaml")]
    assert charts and all(c["query_context"] for c in charts)
    dash = yaml.safe_load((sa.BUNDLE / "dashboards/social_security_coverage.yaml").read_text())
    nodes = [
        n for n in dash["position"].values() if isinstance(n, dict) and n.get("type") == "CHART"
    ]
    assert {n["meta"]["uuid"] for n in nodes} == {c["uuid"] for c in charts}
    names = {f["name"] for f in dash["metadata"]["native_filter_configuration"]}
    assert names == {"เดือน / Month", "ภาค / Region", "จังหวัด / Province", "มาตรา / Section"}
    db = yaml.safe_load((sa.BUNDLE / "databases/labour_warehouse.yaml").read_text())
    assert db["sqlalchemy_uri"] == sa.URI_PLACEHOLDER
    _ = copy, REPO
