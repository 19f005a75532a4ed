"""What a build starts from and when a refresh has nothing to do: the lake fingerprint, the
project hash, the publish record, the copy of the published warehouse, and the run options
that force a rebuild (warehouse/publish.py, orchestration/runner.py, orchestration/dbt.py)."""

from __future__ import annotations

import json
import os

import duckdb
import pytest

import warehouse.publish as publish_module
from ingestion.landing import DataPaths
from orchestration.runner import month_range
from tests.unit.test_publish import make_build
from warehouse.publish import building, lake_fingerprint, project_hash, publish, up_to_date


def _land(paths: DataPaths, source: str, entity: str, month: str, version: str) -> None:
    """Point a partition's ``current`` link at ``version``, as a landing commit does."""
    base = paths.lake / "versions" / source / entity / f"month={month}"
    (base / version).mkdir(parents=True, exist_ok=True)
    link = base / "current"
    if link.is_symlink():
        link.unlink()
    os.symlink(version, link)


def _publish_build(paths: DataPaths, run_id: str, rows: int = 10, **kw) -> dict:
    with building(paths, run_id, **kw) as build:
        if not build.exists():
            make_build(build, rows=rows)
    assert publish(build, paths.warehouse).published
    return json.loads((paths.warehouse_dir / "published.json").read_text())


def test_lake_fingerprint_follows_the_current_versions(tmp_path):
    paths = DataPaths(tmp_path)
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    _land(paths, "sso_efiling", "contributions", "2024-02", "v1")
    first = lake_fingerprint(paths)
    assert lake_fingerprint(paths) == first
    # a rejected or older version beside the current one changes nothing readers see
    (paths.lake / "versions/sso_efiling/contributions/month=2024-01/v0.rejected").mkdir()
    assert lake_fingerprint(paths) == first
    _land(paths, "sso_efiling", "contributions", "2024-01", "v2")  # a superseding landing
    assert lake_fingerprint(paths) != first
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    assert lake_fingerprint(paths) == first
    _land(paths, "sso_registry", "events", "2024-03", "v1")  # a new partition
    assert lake_fingerprint(paths) != first


def test_project_hash_follows_the_dbt_project(tmp_path):
    project = tmp_path / "dbt_project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    model = project / "models/m.sql"
    model.write_text("select 1")
    first = project_hash(project)
    (project / "target").mkdir()
    (project / "target/manifest.json").write_text("{}")  # dbt's output is not an input
    assert project_hash(project) == first
    model.write_text("select 2")
    assert project_hash(project) != first


def test_up_to_date_only_when_lake_and_project_are_those_of_the_published_build(
    tmp_path, monkeypatch
):
    paths = DataPaths(tmp_path)
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    assert up_to_date(paths) is None  # nothing published
    record = _publish_build(paths, "run-a")
    assert record["lake_fingerprint"] == lake_fingerprint(paths)
    assert up_to_date(paths) == record["sequence"] == 1
    _land(paths, "sso_efiling", "contributions", "2024-02", "v1")
    assert up_to_date(paths) is None
    record = _publish_build(paths, "run-b")
    assert up_to_date(paths) == record["sequence"] == 2
    monkeypatch.setattr(publish_module, "project_hash", lambda: "another project")
    assert up_to_date(paths) is None


def test_a_landing_during_the_build_makes_the_next_refresh_build_again(tmp_path):
    paths = DataPaths(tmp_path)
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    with building(paths, "run-a") as build:
        make_build(build)
        _land(paths, "sso_efiling", "contributions", "2024-01", "v2")  # while dbt reads
    publish(build, paths.warehouse)
    assert up_to_date(paths) is None


def test_a_build_starts_from_a_copy_of_the_published_warehouse(tmp_path, monkeypatch):
    paths = DataPaths(tmp_path)
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    first = _publish_build(paths, "run-a", rows=7)
    assert first["incremental_from"] is None  # nothing to start from
    published_inode = paths.warehouse.stat().st_ino

    with building(paths, "run-b") as build, duckdb.connect(str(build)) as con:
        # the published tables are there to build on
        assert con.execute("select count(*) from marts.dim_date").fetchone()[0] == 7
        con.execute("insert into marts.dim_date select 99, 'TH-10'")
    assert paths.warehouse.stat().st_ino == published_inode  # a copy, never the published file
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_date").fetchone()[0] == 7
    assert json.loads((build.parent / "build_sequence.json").read_text())["incremental_from"] == 1

    with building(paths, "run-c", full=True) as build:
        assert not build.exists()
    monkeypatch.setattr(publish_module, "project_hash", lambda: "another project")
    with building(paths, "run-d") as build:
        assert not build.exists(), "a warehouse of another dbt project is no base"


def test_month_range():
    assert month_range("2024-11:2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert month_range("2024-05") == ["2024-05"]
    for bad in ("2024-03:2024-01", "2024-13", "March"):
        with pytest.raises(ValueError):
            month_range(bad)


def test_a_refresh_passes_its_months_to_dbt_as_vars():
    from orchestration.dbt import build_args

    args = build_args(["2024-02", "2024-01"])
    assert args[:2] == ["build", "--vars"] and len(args) == 3
    assert json.loads(args[2]) == {"rebuild_months": ["2024-01", "2024-02"]}
    assert build_args(["2024-01"], full_refresh=True)[3:] == ["--full-refresh"]


def test_the_warehouse_is_partitioned_by_month_and_a_range_is_one_run():
    from dagster import BackfillPolicy

    from orchestration.dbt import warehouse_models
    from orchestration.partitions import monthly

    assert warehouse_models.partitions_def == monthly
    assert warehouse_models.backfill_policy == BackfillPolicy.single_run()


def test_run_tags_for_months():
    from orchestration.partitions import run_tags_for_months

    assert run_tags_for_months(["2024-02"]) == {"dagster/partition": "2024-02"}
    assert run_tags_for_months(["2024-03", "2024-01", "2024-03"]) == {
        "dagster/asset_partition_range_start": "2024-01",
        "dagster/asset_partition_range_end": "2024-03",
    }
    for bad in ([], ["2019-12"], ["2024-1"]):
        with pytest.raises(ValueError):
            run_tags_for_months(bad)


def test_refresh_months():
    from orchestration.runner import refresh_months

    delivered = ["2024-01", "2024-02", "2024-03"]
    # what landed (a quarter by its first month), and what was asked for
    assert refresh_months(["2024-03", "2024-01"], delivered) == ["2024-01", "2024-03"]
    assert refresh_months([], delivered, ["2024-02"]) == ["2024-02"]
    # a full refresh is for every delivered month
    assert refresh_months(["2024-03"], delivered, full_refresh=True) == delivered
    # nothing landed or asked (the dbt project changed): the newest month
    assert refresh_months([], delivered) == ["2024-03"]


def test_published_record_keeps_the_sequence_when_an_older_build_is_refused(tmp_path):
    paths = DataPaths(tmp_path)
    _land(paths, "sso_efiling", "contributions", "2024-01", "v1")
    with building(paths, "run-a") as a:
        make_build(a)
    newer = _publish_build(paths, "run-b")
    assert not publish(a, paths.warehouse).published
    assert json.loads((paths.warehouse_dir / "published.json").read_text()) == newer
