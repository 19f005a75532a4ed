"""The Superset serving layer against a real server and a pipeline-built warehouse: import,
export, the database connection, the bundle's consistency, latency. Who may see what, and every
chart's numbers: test_access_matrix.py."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from warehouse import serving as sa

from .fixtures import VENV
from .helpers import chart_keys, expectations, mart, relation

pytestmark = pytest.mark.integration


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
    want = mart(superset_server, sql)[0][0]
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


def test_chart_data_latency(superset_server):
    """Median / p95 over 20 requests per chart, printed for docs/dashboards.md (measured, not
    asserted: the machine is shared)."""
    stats = sa.measure_chart_latency(sa.admin_session(), superset_server.warehouse, n=20)
    assert set(stats) == set(chart_keys().values())
    print(json.dumps(stats, indent=1))


def test_bundle_is_complete_and_consistent():
    """Every dashboard of the bundle: fixed UUIDs, charts that exist (with a query context
    unless legacy), layout nodes with their chart's UUID (or an export duplicates them),
    native filters on columns of their datasets, a stated expectation for every chart."""
    charts = {p.stem: yaml.safe_load(p.read_text()) for p in (sa.BUNDLE / "charts").glob("*.yaml")}
    datasets = sa.bundle_datasets()
    dashboards = sa.bundle_dashboards()
    assert len(dashboards) >= 4, [d.slug for d in dashboards]
    uuids = [yaml.safe_load(t)["uuid"] for n, t in sa.bundle_files().items() if "/" in n]
    assert len(uuids) == len(set(uuids)), "a UUID is used twice"
    for key, chart in charts.items():
        assert chart["dataset_uuid"] in datasets, key
        assert chart["query_context"] or chart["viz_type"] in sa.LEGACY_VIZ_TYPES, key
    on_dashboards = [u for d in dashboards for u in d.chart_uuids]
    assert sorted(on_dashboards) == sorted(c["uuid"] for c in charts.values()), (
        "every chart on exactly one dashboard"
    )
    by_uuid = {c["uuid"]: c for c in charts.values()}
    for dash in dashboards:
        spec = yaml.safe_load((sa.BUNDLE / dash.file).read_text())
        assert " / " in dash.title and spec["published"], dash.slug  # ไทย / English
        on_dash = {
            n["meta"]["chartId"]: by_uuid[n["meta"]["uuid"]]
            for n in spec["position"].values()
            if isinstance(n, dict) and n.get("type") == "CHART"
        }
        filters = spec["metadata"]["native_filter_configuration"]
        assert any("Month" in f["name"] for f in filters), dash.slug
        for f in filters:
            target = f["targets"][0]
            column = target["column"]["name"]
            columns = {c["column_name"] for c in datasets[target["datasetUuid"]]["columns"]}
            assert column in columns, (dash.slug, f["name"])
            # a chart in the filter's scope whose dataset lacks the column is silently not
            # filtered: keep it out of the scope instead
            for chart_id, chart in on_dash.items():
                if chart_id not in f["scope"].get("excluded", []):
                    ds_columns = {
                        c["column_name"] for c in datasets[chart["dataset_uuid"]]["columns"]
                    }
                    assert column in ds_columns, (dash.slug, f["name"], chart["slice_name"])
            if f["controlValues"].get("defaultToFirstItem"):
                # without it Superset 6.1 shows the first value but never applies it
                assert f.get("requiredFirst") is True, (dash.slug, f["name"])
    db = yaml.safe_load((sa.BUNDLE / "databases/labour_warehouse.yaml").read_text())
    assert db["sqlalchemy_uri"] == sa.URI_PLACEHOLDER
    assert set(expectations()) == set(charts), "tests/superset/chart_expectations.yaml"


def test_every_dataset_column_exists_in_the_marts(superset_server):
    """A column the bundle lists but the mart lost breaks every Explore query that picks it
    (DuckDB: 'cannot be referenced before it is defined'). A virtual dataset: its SQL's
    columns."""
    for ds in sa.bundle_datasets().values():
        in_mart = {r[0] for r in mart(superset_server, f"describe select * from {relation(ds)}")}
        listed = {c["column_name"] for c in ds["columns"] if not c.get("expression")}
        assert listed and listed <= in_mart, (ds["table_name"], sorted(listed - in_mart))
