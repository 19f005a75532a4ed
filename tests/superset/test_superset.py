"""The Superset serving layer against a real server and a pipeline-built warehouse: import,
export, the database connection, latency. Who may see what: test_access_matrix.py."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from warehouse import serving as sa

from .fixtures import VENV
from .helpers import chart_keys, mart

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


def test_every_dataset_column_exists_in_the_marts(superset_server):
    """A column the bundle lists but the mart lost breaks every Explore query that picks it
    (DuckDB: 'cannot be referenced before it is defined')."""
    for p in sorted((sa.BUNDLE / "datasets").rglob("*.yaml")):
        ds = yaml.safe_load(p.read_text())
        in_mart = {
            r[0]
            for r in mart(
                superset_server,
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [ds["schema"], ds["table_name"]],
            )
        }
        listed = {c["column_name"] for c in ds["columns"] if not c.get("expression")}
        assert listed and listed <= in_mart, (ds["table_name"], sorted(listed - in_mart))
