"""Publishing the warehouse: validated, swapped in atomically, serialised, never over a newer
build, and a reader during publishing always opens a whole warehouse."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from ingestion.landing import DataPaths
from warehouse.publish import REQUIRED, PublishError, build_path, building, publish


def make_build(path: Path, rows: int = 50, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        for table in REQUIRED:
            schema, _name = table.split(".")
            con.execute(f"create schema if not exists {schema}")
            con.execute(
                f"create table {table} as select range as id, 'TH-' || (10 + range % 80) "
                f"as province_code from range({rows})"
            )
        if extra:
            con.execute(extra)
    return path


def test_a_reader_during_publishing_always_sees_a_whole_warehouse(tmp_path):
    published = tmp_path / "labour.duckdb"
    builds = [make_build(tmp_path / f"b{i}/labour.duckdb", rows=100 + i) for i in range(2)]
    publish(builds[0], published, keep_build=True)
    errors: list[str] = []
    reads = 0
    stop = threading.Event()

    def reader() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                with duckdb.connect(str(published), read_only=True) as con:
                    n = con.execute("select count(*) from marts.fct_contributions").fetchone()[0]
                    assert n in (100, 101), n
                reads += 1
            except Exception as exc:  # any error is a reader seeing a broken file
                errors.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(30):
        publish(builds[i % 2], published, keep_build=True)
    stop.set()
    for t in threads:
        t.join()
    assert errors == [] and reads > 0


def test_an_older_build_never_replaces_a_newer_one(tmp_path):
    paths = DataPaths(tmp_path)
    with building(paths, "run-a") as a:
        make_build(a, rows=10)
    with building(paths, "run-b") as b:
        make_build(b, rows=20)
    assert publish(b, paths.warehouse).published
    late = publish(a, paths.warehouse)
    assert not late.published
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_date").fetchone()[0] == 20
    assert build_path(paths, "run-b") == b and not b.exists()  # moved, not copied


def test_personal_data_stops_publishing(tmp_path):
    build = make_build(
        tmp_path / "b/labour.duckdb",
        extra="create table marts.leak as select '1-1017-00230-70-8' as note",
    )
    published = tmp_path / "labour.duckdb"
    with pytest.raises(PublishError, match=r"marts\.leak"):
        publish(build, published)
    assert not published.exists()


def test_a_missing_table_stops_publishing(tmp_path):
    build = make_build(tmp_path / "b/labour.duckdb", extra="drop table marts.dim_date")
    with pytest.raises(PublishError, match=r"marts\.dim_date"):
        publish(build, tmp_path / "labour.duckdb")
