"""Connectors against real local servers: the simulator's HTTP JSON API (pages, 503s, slow
answers) and a throw-away PostgreSQL started here with initdb/pg_ctl (Debian's `postgresql`;
`make test-deps` installs it)."""

from __future__ import annotations

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
from ingestion.connectors.http_json import ConnectorError, fetch_records
from ingestion.landing import DataPaths
from ingestion.simulator.http_api import SimulatedApi
from ingestion.sources.spec import SourceSpec

KEY = b"unit-test-key-0123456789"


def _records(n: int, start: int = 1) -> list[dict]:
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


def _spec(reader: dict) -> SourceSpec:
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


def _http_options(url: str, **extra) -> dict:
    return {
        "url": url,
        "records": "data",
        "paging": {"style": "page", "page_param": "page", "size_param": "page_size", "size": 2},
        "cursor": {"field": "updated_at", "param": "updated_since"},
        "timeout": 2,
        "retries": 3,
        "backoff": 0.01,
        **extra,
    }


def test_http_pull_pages_retries_and_keeps_its_cursor(tmp_path: Path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(_records(5), fail_first=2) as api:
        spec = _spec({"kind": "http_json", "options": _http_options(api.url)})
        entity = spec.entities[0]
        assert entity.files.pattern == "mol_api/trainees/trainees_*.jsonl"

        first = pull(paths, "mol_api", entity)
        assert first.records == 5 and first.cursor_after == "2024-01-05T08:00:00"
        assert sum(1 for r in api.requests if "page=" in r) == 2 + 3  # 2 x 503, then 3 pages
        again = pull(paths, "mol_api", entity)
        assert again.records == 0 and again.file is None
        api.add(*_records(2, start=6))
        third = pull(paths, "mol_api", entity)
        assert third.records == 2 and third.cursor_before == "2024-01-05T08:00:00"
        assert "updated_since=2024-01-05T08" in api.requests[-1]

    # the drops land like any delivery, typed and normalised by the spec
    parser = connector_parser("mol_api", entity)
    drops = sorted((tmp_path / "sources/mol_api/trainees").glob("*.jsonl"))
    assert len(drops) == 2
    assert (
        parser.partition_month(drops[0])
        == drops[0].name.split("_")[1][:4] + "-" + (drops[0].name.split("_")[1][4:6])
    )
    res = parser.parse(drops[0], "mol_api/trainees/" + drops[0].name, KEY)
    assert res.rows_in == 5 and res.quarantine.height == 0
    assert res.rows["province_code"].to_list()[:2] == ["TH-50", "TH-40"]

    # a line that is not a JSON record is quarantined, not lost
    broken = drops[0].with_name("trainees_202401_broken.jsonl")
    broken.write_bytes(drops[0].read_bytes() + b"{not json\n")
    res = parser.parse(broken, "x", KEY)
    assert (res.rows_in, res.rows.height, res.quarantine["field"].to_list()) == (6, 5, ["line"])


def test_http_next_links_timeouts_and_client_errors():
    with SimulatedApi(_records(3)) as api:
        opts = _http_options(api.url, paging={"style": "next", "next": "links.next"})
        opts["url"] = api.url + "?page_size=1"
        assert [r["id"] for r in fetch_records(opts)] == [1, 2, 3]
        with pytest.raises(ConnectorError, match="HTTP 404"):
            list(fetch_records(_http_options(api.url.replace("/api/", "/nope/"))))
    with SimulatedApi(_records(1), delay=0.5) as slow:
        opts = _http_options(slow.url, timeout=0.1, retries=1)
        with pytest.raises(ConnectorError, match="failed after 2 attempts"):
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


def test_sql_pull_is_read_only_and_incremental(tmp_path: Path, postgres: str, monkeypatch):
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as con:
        con.execute(
            "create table trainees (id bigint primary key, province text, hours int, "
            "updated_at timestamp)"
        )
        con.execute("create sequence trainee_ids")
        for r in _records(4):
            con.execute(
                "insert into trainees values (%s, %s, %s, %s)",
                (r["id"], r["province"], r["hours"], r["updated_at"]),
            )
    monkeypatch.setenv("MOL_DB_DSN", postgres)
    paths = DataPaths(tmp_path)
    options = {
        "dsn_env": "MOL_DB_DSN",
        "query": "select id, province, hours, updated_at from trainees",
        "cursor": {"column": "updated_at"},
        "batch_rows": 2,
    }
    entity = _spec({"kind": "sql", "options": options}).entities[0]
    first = pull(paths, "mol_api", entity)
    assert first.records == 4 and first.cursor_after == "2024-01-04T08:00:00"
    assert pull(paths, "mol_api", entity).records == 0
    with psycopg.connect(postgres, autocommit=True) as con:
        con.execute("insert into trainees values (5, 'ภูเก็ต', 15, '2024-01-05T08:00:00')")
    second = pull(paths, "mol_api", entity)
    assert second.records == 1
    line = json.loads(second.file.read_text(encoding="utf-8"))
    assert line == {"id": 5, "province": "ภูเก็ต", "hours": 15, "updated_at": "2024-01-05T08:00:00"}
    res = connector_parser("mol_api", entity).parse(first.file, "x", KEY)
    assert res.rows.height == 4 and res.rows["hours"].to_list() == [11, 12, 13, 14]

    # read-only: a query that writes fails in the database, and nothing changed
    writing = {**options, "query": "select nextval('trainee_ids') as id", "cursor": {}}
    entity = _spec({"kind": "sql", "options": writing}).entities[0]
    with pytest.raises(ConnectorError, match="read-only transaction"):
        pull(DataPaths(tmp_path / "other"), "mol_api", entity)
    with psycopg.connect(postgres) as con:
        assert con.execute("select count(*) from trainees").fetchone()[0] == 5
        assert con.execute("select last_value, is_called from trainee_ids").fetchone() == (1, False)
