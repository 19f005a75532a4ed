"""The connector pull as its own Dagster asset (orchestration/defs/connectors): one
unpartitioned asset per connector table, materialised against a real local API, and the
wiring the lake asset uses (a partitioned lake asset that depends on it)."""

from __future__ import annotations

import json

from dagster import (
    AssetKey,
    AssetSelection,
    Definitions,
    MonthlyPartitionsDefinition,
    asset,
    define_asset_job,
    materialize,
)

from ingestion.simulator.http_api import SimulatedApi
from ingestion.sources import ENTITIES, EntitySpec
from orchestration.defs.connectors.definitions import (
    PULL_JOB,
    build_defs,
    connector_tables,
    pull_asset,
    pull_key,
)
from tests.unit.test_connectors import http_entity, records, spec


def _tables(url: str) -> list[EntitySpec]:
    api = http_entity(url)
    db = spec({"kind": "sql", "options": {"query": "select 1", "id": "id"}}).entities[0]
    db = db.model_copy(update={"name": "courses"})
    return [
        EntitySpec("mol_api", e.name, e.files.pattern, e.reader.batch_bytes, e) for e in (api, db)
    ] + [t for t in ENTITIES if t.spec.reader.kind == "csv"][:1]


def test_one_unpartitioned_pull_asset_per_connector_table_and_a_bangkok_schedule():
    tables = _tables("http://127.0.0.1:9/unused")
    assert [t.entity for t in connector_tables(tables)] == ["trainees", "courses"]
    defs = build_defs(tables)
    graph = defs.resolve_asset_graph()
    api, db = pull_key("mol_api", "trainees"), pull_key("mol_api", "courses")
    assert set(graph.get_all_asset_keys()) == {api, db}
    for key, kind in [(api, "api"), (db, "postgres")]:
        node = graph.get(key)
        assert node.partitions_def is None and node.group_name == "mol_api"
        assert f"dagster/kind/{kind}" in node.tags
    schedule = defs.resolve_schedule_def(f"{PULL_JOB}_daily")
    assert schedule.execution_timezone == "Asia/Bangkok"
    assert defs.resolve_job_def(PULL_JOB) is not None
    assert build_defs([]).resolve_asset_graph().get_all_asset_keys() == set()


def test_materialising_the_pull_asset_writes_a_drop_once(tmp_path, monkeypatch):
    monkeypatch.setenv("LABOUR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))  # configure() sets these:
    monkeypatch.setenv("LABOUR_WAREHOUSE_BUILD_PATH", str(tmp_path / "build.duckdb"))
    with SimulatedApi(records(3)) as api:
        (table,) = connector_tables(_tables(api.url))[:1]
        result = materialize([pull_asset(table)])
        assert result.success
        (event,) = result.get_asset_materialization_events()
        meta = event.materialization.metadata
        assert meta["records"].value == 3 and meta["skipped_already_pulled"].value == 0
        assert materialize([pull_asset(table)]).success
    drops = sorted((tmp_path / "sources/mol_api/trainees").glob("*.jsonl"))
    lines = [json.loads(x) for d in drops for x in d.read_bytes().splitlines()]
    assert len(drops) == 1 and [r["id"] for r in lines] == [1, 2, 3]


def test_a_partitioned_lake_asset_can_depend_on_the_pull_asset():
    """The wiring orchestration/lake.py needs: `deps=[pull_key(...)]` on the lake asset, the
    pull in its own unpartitioned job, the lake job selecting only lake assets."""
    tables = _tables("http://127.0.0.1:9/unused")
    monthly = MonthlyPartitionsDefinition(start_date="2024-01", fmt="%Y-%m")
    lake_key = AssetKey(["lake", "mol_api", "trainees"])

    @asset(key=lake_key, deps=[pull_key("mol_api", "trainees")], partitions_def=monthly)
    def lake() -> None:
        return None

    lake_job = define_asset_job("lake_monthly", selection=AssetSelection.assets(lake_key))
    defs = Definitions.merge(build_defs(tables), Definitions(assets=[lake], jobs=[lake_job]))
    graph = defs.resolve_asset_graph()
    assert pull_key("mol_api", "trainees") in graph.get(lake_key).parent_keys
    assert defs.resolve_job_def("lake_monthly") is not None
    assert defs.resolve_job_def(PULL_JOB) is not None
