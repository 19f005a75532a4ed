"""The HTTP connector against the simulator's API on 127.0.0.1: `>=` cursors with
de-duplication by id, and every way a page can fail ends in a ConnectorError naming the URL,
with no drop written and the cursor where it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.connectors import ConnectorError, pull
from ingestion.connectors.cursor import read_state
from ingestion.connectors.http_json import fetch_records
from ingestion.landing import DataPaths
from ingestion.simulator.http_api import BROKEN_PAGES, SimulatedApi
from tests.unit.test_connectors import drops, http_entity, http_options, records

T = "2024-03-01T09:00:00"


def _record(rid: int, updated_at: str = T, hours: int = 1) -> dict:
    return {"id": rid, "province": "ภูเก็ต", "hours": hours, "updated_at": updated_at}


def _pulled(root: Path) -> list[tuple[int, int, str]]:
    lines = [json.loads(x) for d in drops(root) for x in d.read_bytes().splitlines()]
    return sorted((r["id"], r["hours"], r["updated_at"]) for r in lines)


def test_a_record_sharing_the_cursor_timestamp_that_arrives_later_is_pulled_once(tmp_path):
    """Record 2 appears between two pulls with the same updated_at as record 1, the last one
    pulled. A `>` cursor skips it for ever; `>=` + ids seen at the cursor pulls it, once."""
    paths = DataPaths(tmp_path)
    with SimulatedApi([_record(1)]) as api:
        entity = http_entity(api.url)
        assert pull(paths, "mol_api", entity).records == 1
        api.add(_record(2))
        second = pull(paths, "mol_api", entity)
        assert (second.records, second.skipped) == (1, 1)
        assert f"updated_since={T.replace(':', '%3A')}" in api.requests[-1]
        state = read_state(paths, "mol_api", "trainees")
        assert state.cursor == T and set(state.at_cursor) == {"1", "2"}
        assert pull(paths, "mol_api", entity).records == 0  # both are at the cursor: seen

        # the same id and timestamp with other content is a new version, not a repeat
        api.records[0] = _record(1, hours=5)
        assert pull(paths, "mol_api", entity).records == 1
        # a later version of record 2 (newer cursor value) is a new record version
        api.records[1] = _record(2, "2024-03-02T09:00:00", hours=7)
        last = pull(paths, "mol_api", entity)
        assert last.records == 1 and last.cursor_after == "2024-03-02T09:00:00"
        assert read_state(paths, "mol_api", "trainees").at_cursor.keys() == {"2"}
    assert _pulled(tmp_path) == [
        (1, 1, T),
        (1, 5, T),
        (2, 1, T),
        (2, 7, "2024-03-02T09:00:00"),
    ]


def test_an_api_that_ignores_the_cursor_parameter_still_gives_each_record_once(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(3)) as api:
        opts = {"cursor": {"field": "updated_at", "param": "not_a_filter"}}
        entity = http_entity(api.url, **opts)
        assert pull(paths, "mol_api", entity).records == 3
        api.add(*records(1, start=4))
        again = pull(paths, "mol_api", entity)
        assert (again.records, again.skipped) == (1, 3)  # 1-2 before, 3 at the cursor
    assert [r[0] for r in _pulled(tmp_path)] == [1, 2, 3, 4]


def test_keyset_paging_across_a_shared_timestamp(tmp_path):
    """Pages start at the highest cursor value of the page before; records at it that the
    page before already had are de-duplicated, none is skipped."""
    rows = [_record(i, f"2024-03-0{1 + i // 2}T09:00:00") for i in range(1, 8)]  # pairs
    paging = {"style": "keyset", "size_param": "page_size", "size": 3}
    with SimulatedApi(rows) as api:
        result = pull(DataPaths(tmp_path), "mol_api", http_entity(api.url, paging=paging))
        assert (result.records, result.repeated) == (7, 4)  # 2, 3, 4, 6 twice
        assert all("page=" not in r for r in api.requests)

    crowded = [_record(i) for i in range(1, 5)]  # 4 share a timestamp, pages of 3
    with (
        SimulatedApi(crowded) as api,
        pytest.raises(ConnectorError, match="more than 3 records share updated_at"),
    ):
        pull(DataPaths(tmp_path / "b"), "mol_api", http_entity(api.url, paging=paging))


def test_page_paging_that_the_api_ignores_is_caught(tmp_path):
    paging = {"style": "page", "page_param": "p", "size_param": "page_size", "size": 2}
    with SimulatedApi(records(4)) as api, pytest.raises(ConnectorError, match="ignore 'p'"):
        pull(DataPaths(tmp_path), "mol_api", http_entity(api.url, paging=paging))
    assert drops(tmp_path) == []


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("error", r"HTTP 500 Internal Server Error; gave up after 4 attempts"),
        ("html", r"the answer is not JSON \(Expecting value at character 1; Content-Type"),
        ("no_records", r"the page has no 'data' \(its keys: message, page\)"),
        ("not_objects", r"record 1 of the page is a str, not a JSON object"),
        ("not_utf8", r"the answer is not UTF-8 \(byte 0x"),
        ("cut_off", r"the answer was cut off"),
    ],
)
def test_a_broken_page_after_good_ones_writes_nothing_and_keeps_the_cursor(tmp_path, fault, says):
    assert fault in BROKEN_PAGES
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(3)) as api:
        entity = http_entity(api.url)
        first = pull(paths, "mol_api", entity)
        state = read_state(paths, "mol_api", "trainees")
        api.add(*records(4, start=4))  # pages now: [3, 4] [5, 6] [7]
        api.broken = {2: fault}
        with pytest.raises(ConnectorError, match=says) as err:
            pull(paths, "mol_api", entity)
        assert "GET http://127.0.0.1:" in str(err.value) and "page=2" in str(err.value)
        assert any("page=1" in r for r in api.requests[-6:])  # the first page was read
        assert drops(tmp_path) == [first.file]  # no partial drop
        assert read_state(paths, "mol_api", "trainees") == state  # the cursor did not move

        api.broken = {}
        retry = pull(paths, "mol_api", entity)
        assert (retry.records, retry.cursor_after) == (4, "2024-01-07T08:00:00")
    assert [r[0] for r in _pulled(tmp_path)] == [1, 2, 3, 4, 5, 6, 7]


def test_a_timeout_fails_the_pull_and_keeps_the_cursor(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(2), delay=0.3) as api:
        entity = http_entity(api.url, timeout=0.05, retries=1)
        with pytest.raises(ConnectorError, match=r"GET http://127\.0\.0\.1:\d+/.*timeout"):
            pull(paths, "mol_api", entity)
    assert drops(tmp_path) == [] and read_state(paths, "mol_api", "trainees") is None


def test_records_without_id_or_cursor_value_and_specs_without_id_are_refused(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi([{"province": "ภูเก็ต", "updated_at": T}]) as api:
        with pytest.raises(ConnectorError, match="a record has no id"):
            pull(paths, "mol_api", http_entity(api.url))
        no_id = http_options(api.url)
        del no_id["id"]
        from tests.unit.test_connectors import spec

        entity = spec({"kind": "http_json", "options": no_id}).entities[0]
        with pytest.raises(ConnectorError, match=r"needs reader\.options\.id"):
            pull(paths, "mol_api", entity)
    assert drops(tmp_path) == []


def test_fetch_records_reports_a_next_link_loop():
    with SimulatedApi(records(2)) as api:
        opts = http_options(api.url, paging={"style": "next", "next": "page"})
        # `page` is the page number (1), not a URL of another page
        with pytest.raises(ConnectorError, match="not a URL"):
            list(fetch_records(opts))
        opts = http_options(api.url + "?page=1", paging={"style": "next", "next": "self"})
        assert [r["id"] for r in fetch_records(opts)] == [1, 2]  # no `self`: one page


def test_without_a_cursor_every_pull_is_a_full_snapshot_and_keeps_no_state(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(2)) as api:
        entity = http_entity(api.url, cursor=None, paging={"style": "none"})
        assert [pull(paths, "mol_api", entity).records for _ in range(2)] == [2, 2]
    assert len(drops(tmp_path)) == 2 and read_state(paths, "mol_api", "trainees") is None
