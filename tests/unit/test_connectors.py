"""Connectors against real local servers: the simulator's HTTP JSON API on 127.0.0.1 (pages,
503s, slow answers) and a throw-away PostgreSQL started here with initdb/pg_ctl (Debian's
`postgresql`; `make test-deps` installs it). The helpers here are shared by the other
tests/unit/test_connectors_*.py files."""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingestion.connectors import connector_parser, pull
from ingestion.connectors.cursor import read_state
from ingestion.connectors.http_json import ConnectorError, fetch_records
from ingestion.landing import DataPaths
from ingestion.simulator.http_api import SimulatedApi
from ingestion.sources.spec import SourceSpec

KEY = b"unit-test-key-0123456789"
# 2024-01-31 20:00 UTC is 2024-02-01 03:00 in Bangkok: the pull's drop is February's
LATE_JANUARY_UTC = dt.datetime(2024, 1, 31, 20, 0, tzinfo=dt.UTC)


def records(n: int, start: int = 1) -> list[dict]:
    provinces = ["กรุงเทพฯ", "เชียงใหม่", "ขอนแก่น", "ภูเก็ต"]
    return [
        {
            "id": i,
            "province": provinces[i % 4],
            "hours": 10 + i,
            "updated_at": f"2024-01-{i:02d}T08:00:00",
        }
        for i in range(start, start + n)
    ]


def spec(reader: dict) -> SourceSpec:
    return SourceSpec.model_validate(
        {
            "system": "mol_api",
            "description": "test",
            "entities": [
                {
                    "name": "trainees",
                    "description": "test",
                    "reader": reader,
                    "columns": [
                        {"name": "id", "type": "int64"},
                        {"name": "province_code", "header": "province", "normalise": ["province"]},
                        {"name": "hours", "type": "int16"},
                        {"name": "updated_at"},
                    ],
                }
            ],
        }
    )


def http_options(url: str, **extra) -> dict:
    return {
        "url": url,
        "records": "data",
        "paging": {"style": "page", "page_param": "page", "size_param": "page_size", "size": 2},
        "cursor": {"field": "updated_at", "param": "updated_since"},
        "id": {"field": "id"},
        "timeout": 2,
        "retries": 3,
        "backoff": 0.01,
        **extra,
    }


def http_entity(url: str, **extra):
    return spec({"kind": "http_json", "options": http_options(url, **extra)}).entities[0]


def drops(root: Path) -> list[Path]:
    return sorted((root / "sources/mol_api/trainees").glob("*.jsonl"))


def test_http_pull_pages_retries_and_keeps_its_cursor(tmp_path: Path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(5), fail_first=2) as api:
        entity = http_entity(api.url)
        assert entity.files.pattern == "mol_api/trainees/trainees_*.jsonl"

        first = pull(paths, "mol_api", entity, now=LATE_JANUARY_UTC)
        assert first.records == 5 and first.cursor_after == "2024-01-05T08:00:00"
        assert sum(1 for r in api.requests if "page=" in r) == 2 + 3  # 2 x 503, then 3 pages
        # named by the Bangkok date of the pull: February, although it is January in UTC
        assert first.file.name == "trainees_202402_20240201T030000000000.jsonl"
        assert first.month == "2024-02"
        again = pull(paths, "mol_api", entity)
        # the API gives record 5 again (>= the cursor): it is skipped, not written twice
        assert (again.records, again.file, again.skipped) == (0, None, 1)
        api.add(*records(2, start=6))
        third = pull(paths, "mol_api", entity, now=LATE_JANUARY_UTC)
        assert third.records == 2 and third.cursor_before == "2024-01-05T08:00:00"
        assert "updated_since=2024-01-05T08" in api.requests[-1]
        assert third.file.name == "trainees_202402_20240201T030000000001.jsonl"  # never reused

    # the drops land like any delivery, typed and normalised by the spec
    parser = connector_parser("mol_api", entity)
    found = drops(tmp_path)
    assert found == [first.file, third.file]
    assert parser.partition_month(found[0]) == "2024-02"
    res = parser.parse(found[0], "mol_api/trainees/" + found[0].name, KEY)
    assert res.rows_in == 5 and res.quarantine.height == 0
    assert res.rows["province_code"].to_list()[:2] == ["TH-50", "TH-40"]
    assert res.rows["id"].to_list() == [1, 2, 3, 4, 5]

    # a line that is not a JSON record is quarantined, not lost
    broken = found[0].with_name("trainees_202401_broken.jsonl")
    broken.write_bytes(found[0].read_bytes() + b"{not json\n")
    res = parser.parse(broken, "x", KEY)
    assert (res.rows_in, res.rows.height, res.quarantine["field"].to_list()) == (6, 5, ["line"])
    assert res.quarantine["_source_line"].to_list() == [6]


def test_http_next_links_timeouts_and_client_errors():
    with SimulatedApi(records(3)) as api:
        opts = http_options(api.url, paging={"style": "next", "next": "links.next"})
        opts["url"] = api.url + "?page_size=1"
        assert [r["id"] for r in fetch_records(opts)] == [1, 2, 3]
        with pytest.raises(ConnectorError, match="HTTP 404"):
            list(fetch_records(http_options(api.url.replace("/api/", "/nope/"))))
    with SimulatedApi(records(1), delay=0.5) as slow:
        opts = http_options(slow.url, timeout=0.1, retries=1)
        with pytest.raises(ConnectorError, match=r"timeout of 0\.1 s; gave up after 2 attempts"):
            list(fetch_records(opts))


# ---- PostgreSQL ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.fail(
            "PostgreSQL is not installed: run `make test-deps` (apt-get install postgresql)"
        )
    bin_dir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="labour-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as an unprivileged user
        nobody = pwd.getpwnam("nobody")
        os.chown(base, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = base / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "labour", "--no-sync")
    run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(base / "server.log"),
        "-o",
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
        "-w",
        "start",
    )
    try:
        yield f"host=127.0.0.1 port={port} user=labour dbname=postgres"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _insert(dsn: str, *rows: dict) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as con:
        for r in rows:
            con.execute(
                "insert into trainees values (%s, %s, %s, %s)",
                (r["id"], r["province"], r["hours"], r["updated_at"]),
            )


def _sql_entity(**extra):
    options = {
        "dsn_env": "MOL_DB_DSN",
        "query": "select id, province, hours, updated_at from trainees",
        "cursor": {"column": "updated_at"},
        "id": {"column": "id"},
        "batch_rows": 2,
        **extra,
    }
    return spec({"kind": "sql", "options": options}).entities[0]


@pytest.fixture
def trainees_table(postgres: str, monkeypatch) -> Iterator[str]:
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as con:
        con.execute(
            "create table trainees (id bigint primary key, province text, hours int, "
            "updated_at timestamp)"
        )
        con.execute("create sequence trainee_ids")
    monkeypatch.setenv("MOL_DB_DSN", postgres)
    try:
        yield postgres
    finally:
        with psycopg.connect(postgres, autocommit=True) as con:
            con.execute("drop table trainees")
            con.execute("drop sequence trainee_ids")


def test_sql_pull_is_read_only_and_incremental(tmp_path: Path, trainees_table: str):
    import psycopg

    postgres = trainees_table
    _insert(postgres, *records(4))
    paths = DataPaths(tmp_path)
    entity = _sql_entity()
    first = pull(paths, "mol_api", entity)
    assert first.records == 4 and first.cursor_after == "2024-01-04T08:00:00"
    again = pull(paths, "mol_api", entity)
    assert (again.records, again.skipped) == (0, 1)  # row 4 is at the cursor: seen, skipped
    _insert(postgres, {"id": 5, "province": "ภูเก็ต", "hours": 15, "updated_at": "2024-01-05T08:00"})
    second = pull(paths, "mol_api", entity)
    assert second.records == 1
    line = json.loads(second.file.read_text(encoding="utf-8"))
    assert line == {"id": 5, "province": "ภูเก็ต", "hours": 15, "updated_at": "2024-01-05T08:00:00"}
    res = connector_parser("mol_api", entity).parse(first.file, "x", KEY)
    assert res.rows.height == 4 and res.rows["hours"].to_list() == [11, 12, 13, 14]

    # read-only: a query that writes fails in the database, and nothing changed
    writing = _sql_entity(query="select nextval('trainee_ids') as id", cursor={})
    with pytest.raises(ConnectorError, match="read-only transaction"):
        pull(DataPaths(tmp_path / "other"), "mol_api", writing)
    with psycopg.connect(postgres) as con:
        assert con.execute("select count(*) from trainees").fetchone()[0] == 5
        assert con.execute("select last_value, is_called from trainee_ids").fetchone() == (1, False)


def test_sql_rows_sharing_the_cursor_timestamp_are_pulled_once_each(
    tmp_path: Path, trainees_table: str
):
    """Row 2 commits after the first pull with the same updated_at as row 1: a `>` cursor
    would never see it. A later version of row 1 (newer updated_at) is a new version."""
    paths, entity = DataPaths(tmp_path), _sql_entity()
    same = "2024-01-09T08:00:00"
    _insert(trainees_table, {"id": 1, "province": "ขอนแก่น", "hours": 1, "updated_at": same})
    assert pull(paths, "mol_api", entity).records == 1
    _insert(trainees_table, {"id": 2, "province": "ขอนแก่น", "hours": 2, "updated_at": same})
    second = pull(paths, "mol_api", entity)
    assert (second.records, second.skipped) == (1, 1)
    assert json.loads(second.file.read_bytes())["id"] == 2
    assert read_state(paths, "mol_api", "trainees").at_cursor.keys() == {"1", "2"}
    third = pull(paths, "mol_api", entity)
    assert (third.records, third.skipped) == (0, 2)

    import psycopg

    with psycopg.connect(trainees_table, autocommit=True) as con:
        con.execute("update trainees set hours = 3, updated_at = '2024-01-10T08:00' where id = 1")
    fourth = pull(paths, "mol_api", entity)
    assert fourth.records == 1 and fourth.cursor_after == "2024-01-10T08:00:00"
    assert json.loads(fourth.file.read_bytes())["hours"] == 3
    every = [json.loads(line) for d in drops(tmp_path) for line in d.read_bytes().splitlines()]
    assert sorted((r["id"], r["hours"]) for r in every) == [(1, 1), (1, 3), (2, 2)]


def test_sql_long_pull_saves_its_progress_drop_by_drop(tmp_path: Path, trainees_table: str):
    """A pull in cursor order is cut into drops of `drop_records`; each drop is complete and
    the state accounts for it, so the next pull goes on from the last one."""
    rows = records(5)
    rows[2]["updated_at"] = rows[1]["updated_at"]  # rows 2 and 3 share a timestamp
    _insert(trainees_table, *rows)
    paths = DataPaths(tmp_path)
    result = pull(paths, "mol_api", _sql_entity(drop_records=2), now=LATE_JANUARY_UTC)
    assert result.records == 5 and len(result.files) == 3
    assert [len(f.read_bytes().splitlines()) for f in result.files] == [2, 2, 1]
    assert read_state(paths, "mol_api", "trainees").file == result.files[-1].name
    assert pull(paths, "mol_api", _sql_entity(drop_records=2)).records == 0


def test_sql_rows_without_a_cursor_value_fail_loudly(tmp_path: Path, trainees_table: str):
    _insert(trainees_table, *records(2))
    _insert(trainees_table, {"id": 9, "province": "ภูเก็ต", "hours": 1, "updated_at": None})
    with pytest.raises(ConnectorError, match="record 9 has no updated_at"):
        pull(DataPaths(tmp_path), "mol_api", _sql_entity())
    assert drops(tmp_path) == []
    assert read_state(DataPaths(tmp_path), "mol_api", "trainees") is None
