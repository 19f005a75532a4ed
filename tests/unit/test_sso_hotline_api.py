"""The hotline 1506 API as the pipeline pulls it: the simulator's StoreApi over a simulated
store, the real connector (ingestion.connectors.pull with the hotline spec), and landing.
Also runs the API's bad-input cases (tests/bad_inputs/sso_hotline__api/cases.yaml)."""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

import polars as pl
import pytest
import yaml

from ingestion.connectors import ConnectorError, pull
from ingestion.connectors.cursor import read_state
from ingestion.landing import DataPaths
from ingestion.simulator import generate
from ingestion.simulator import sso_hotline as hl
from ingestion.simulator.http_api import SIMULATED_APIS, StoreApi, serve_simulated_apis
from ingestion.sources.spec import get_entity_spec
from ingestion.sources.sso_hotline import contacts

KEY = b"hotline-api-test-key-0123456789ab"
CASES = Path(__file__).resolve().parents[1] / "bad_inputs" / "sso_hotline__api" / "cases.yaml"
HOTLINE = SIMULATED_APIS["sso_hotline"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("data") / "sources"
    generate(sources, scale=0.002, months=2, start="2024-01", seed=3, sources=(hl.Simulator,))
    return sources / HOTLINE.store


def _records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def _entity(url: str, **options: object):
    spec = get_entity_spec("sso_hotline", "contacts")
    merged = {**spec.reader.options, "url": url, **options}
    return spec.model_copy(update={"reader": spec.reader.model_copy(update={"options": merged})})


def _pulled(root: Path) -> list[dict]:
    drops = sorted((root / "sources" / "sso_hotline" / "contacts").glob("*.jsonl"))
    return [r for d in drops for r in _records(d)]


def test_the_connector_pulls_the_whole_store_once_then_only_what_changed(store, tmp_path):
    paths = DataPaths(tmp_path)
    records = _records(store)
    with StoreApi(store, HOTLINE) as api:
        entity = _entity(api.url, paging={"style": "keyset", "size_param": "page_size", "size": 40})
        first = pull(paths, "sso_hotline", entity)
        assert first.records == len(records) and len(api.requests) > len(records) // 40
        assert first.cursor_after == max(r["updated_at"] for r in records)
        assert pull(paths, "sso_hotline", entity).records == 0  # nothing new

        # a case closes: the API now serves a new version of that contact
        opened = next(r for r in records if r["case_status"] == "open")
        closed = {**opened, "case_status": "closed"}
        closed["updated_at"] = closed["closed_at"] = "2024-03-02T10:00:00+07:00"
        lines = [closed if r["contact_id"] == opened["contact_id"] else r for r in records]
        store_copy = tmp_path / "store.jsonl"
        store_copy.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines))
    with StoreApi(store_copy, HOTLINE) as api:
        third = pull(paths, "sso_hotline", _entity(api.url))
    assert third.records == 1
    pulled = _pulled(tmp_path)
    assert len(pulled) == len(records) + 1
    assert sorted({r["contact_id"] for r in pulled}) == sorted(r["contact_id"] for r in records)

    # landing keeps both versions (staging keeps the latest)
    drops = sorted((tmp_path / "sources" / "sso_hotline" / "contacts").glob("*.jsonl"))
    results = [contacts.parse(d, d.name, KEY) for d in drops]
    rows = pl.concat([r.rows for r in results])
    assert rows.height == len(records) + 1 and sum(r.quarantine.height for r in results) == 0
    versions = rows.filter(pl.col("contact_id") == opened["contact_id"]).sort("updated_at")
    assert versions.get_column("case_status").to_list() == ["open", "closed"]


def test_the_api_filters_inclusively_and_pages_by_number(store):
    records = sorted(_records(store), key=lambda r: (r["updated_at"], r["contact_id"]))
    since = records[10]["updated_at"]
    with StoreApi(store, HOTLINE) as api:
        url = f"{api.url}?updated_since={since.replace('+', '%2B')}&page=2&page_size=5"
        with urllib.request.urlopen(url) as resp:
            page = json.load(resp)
    after = [r for r in records if r["updated_at"] >= since]
    assert [r["contact_id"] for r in page["data"]] == [r["contact_id"] for r in after[5:10]]
    assert page["links"]["next"] and "page=3" in page["links"]["next"]


def test_serve_simulated_apis_only_where_no_url_is_set(store, monkeypatch):
    sources = store.parents[2]
    monkeypatch.delenv(HOTLINE.url_env, raising=False)
    started = serve_simulated_apis(sources)
    url = os.environ[HOTLINE.url_env]
    assert started == {HOTLINE.url_env: url} and url.endswith(HOTLINE.route)
    with urllib.request.urlopen(f"{url}?page_size=3") as resp:
        assert len(json.load(resp)["data"]) == 3
    assert serve_simulated_apis(sources) == {}  # a URL is set: a real API wins
    monkeypatch.delenv(HOTLINE.url_env)
    assert serve_simulated_apis(store.parents[3] / "nothing-simulated") == {}
    assert get_entity_spec("sso_hotline", "contacts").reader.options["url_env"] == HOTLINE.url_env


def _api_cases() -> list:
    meta = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    assert meta["source"] == "sso_hotline" and meta["entity"] == "contacts"
    return [pytest.param(c, id=c["case"]) for c in meta["api_cases"]]


@pytest.mark.parametrize("case", _api_cases())
def test_api_bad_input(case: dict, store: Path, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    api_settings = {k: v for k, v in (case.get("api") or {}).items()}
    with StoreApi(store, HOTLINE, **api_settings) as api:
        entity = _entity(api.url, **{"backoff": 0.01, **(case.get("options") or {})})
        if case["expect"] == "connector_error":
            with pytest.raises(ConnectorError) as err:
                pull(paths, "sso_hotline", entity)
            message = str(err.value)
            assert api.url in message or "sso_hotline/contacts" in message, message
            assert re.search(case["reason"], message, re.IGNORECASE), message
            assert _pulled(tmp_path) == [] and read_state(paths, "sso_hotline", "contacts") is None
            return
        result = pull(paths, "sso_hotline", entity)
    records = _records(store)
    assert result.records == len(records)
    if case["expect"] == "pulled":
        return
    assert case["expect"] == "landed_with_quarantine"
    landed = contacts.parse(result.file, result.file.name, KEY)
    q = landed.quarantine
    assert q.height == case["quarantined"] and set(q.get_column("field")) == {case["field"]}
    assert landed.rows.height == len(records) - case["quarantined"]
