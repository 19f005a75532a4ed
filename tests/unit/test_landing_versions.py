"""Landing you can trust: a partition is checked before anyone sees it, published in one atomic
step, locked while it lands, counted apart from its parser, and landed under one key."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import duckdb
import pytest

from ingestion.landing import (
    CheckOutcome,
    DataPaths,
    KeyMismatchError,
    PartitionLockedError,
    assert_lake_single_key,
    claim_lake,
    land_partition,
    survey,
    unclaimed_files,
    unrecognised_deliveries,
)
from ingestion.landing import versions as landing_versions
from ingestion.landing.partition import read_manifest_head
from ingestion.landing.records import count_file
from ingestion.sources.sso_registry import insured
from tests.unit.test_sources_registry_chunks import insured_rows, write

KEY = b"test-key-0123456789"
OTHER_KEY = b"another-key-0123456789"
HEADER = ",".join(insured.HEADERS)
JAN = "sso_registry/insured/insured_256701.csv"
MONTH = "2024-01"


def deliver(root: Path, n: int = 40, rel: str = JAN) -> DataPaths:
    paths = DataPaths(root)
    write(paths.sources, rel, [HEADER, *insured_rows(n)])
    return paths


def land(paths: DataPaths, checks=None, key: bytes = KEY):
    return land_partition("sso_registry", "insured", MONTH, key=key, paths=paths, checks=checks)


def visible_rows(paths: DataPaths) -> int:
    glob = paths.lake / "raw" / "sso_registry" / "insured" / "*" / "*.parquet"
    with duckdb.connect() as con:
        return con.execute(f"select count(*) from read_parquet('{glob}')").fetchone()[0]


def refuse(_root: Path, _manifest) -> list[CheckOutcome]:
    return [CheckOutcome("row_conservation", False, "refused by the test")]


def test_a_version_is_published_only_after_its_checks_pass(tmp_path):
    paths = deliver(tmp_path, 40)
    seen_before_publish: list[bool] = []

    def check(root: Path, manifest) -> list[CheckOutcome]:
        # the staged version is complete and checkable, but readers cannot see it yet
        staged = root / "raw" / "sso_registry" / "insured" / f"month={MONTH}"
        assert list(staged.glob("*.parquet"))
        seen_before_publish.append(paths.raw("sso_registry", "insured", MONTH).exists())
        return [CheckOutcome("row_conservation", True, "ok")]

    first = land(paths, check)
    assert first.committed and seen_before_publish == [False]
    assert paths.raw("sso_registry", "insured", MONTH).is_symlink()
    assert visible_rows(paths) == first.rows_loaded > 0


def test_a_refused_version_leaves_the_previous_one_visible_and_says_why(tmp_path):
    paths = deliver(tmp_path, 40)
    good = land(paths)
    before = visible_rows(paths)
    write(paths.sources, "sso_registry/insured/insured_256701.csv", [HEADER, *insured_rows(80)])
    refused = land(paths, refuse)
    assert not refused.committed
    assert [c.name for c in refused.failed_checks] == ["row_conservation"]
    assert refused.rejected_version and Path(refused.rejected_version).is_dir()
    assert visible_rows(paths) == before  # readers still see the first version
    manifest = paths.manifest("sso_registry", "insured", MONTH)
    assert json.loads(manifest.read_text())["load_id"] == good.load_id
    # once the checks pass, the new version replaces it in one step
    again = land(paths)
    assert again.committed and visible_rows(paths) == again.rows_loaded != before


def test_old_versions_are_collected_but_the_previous_one_is_kept(tmp_path):
    paths = deliver(tmp_path, 20)
    for n in (21, 22, 23, 24):
        write(paths.sources, JAN, [HEADER, *insured_rows(n)])
        assert land(paths).committed
    base = landing_versions.partition_versions(paths, "sso_registry", "insured", MONTH)
    kept = sorted(d.name for d in base.iterdir() if d.is_dir() and not d.is_symlink())
    assert len(kept) == 2  # the current version and the one before it


def test_two_runs_never_land_the_same_partition_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(landing_versions, "LOCK_TIMEOUT_S", 0.2)
    paths = deliver(tmp_path, 20)
    inside, release = threading.Event(), threading.Event()

    def slow(_root, _manifest):
        inside.set()
        release.wait(10)
        return []

    first = threading.Thread(target=land, args=(paths, slow))
    first.start()
    try:
        assert inside.wait(10)
        with pytest.raises(PartitionLockedError, match="sso_registry/insured 2024-01"):
            land(paths)
    finally:
        release.set()
        first.join()
    assert land(paths).skipped  # the waiting run finds the inputs unchanged


def test_one_lake_one_key(tmp_path):
    paths = deliver(tmp_path, 20)
    first = land(paths)
    assert first.key_fingerprint and first.key_fingerprint not in KEY.decode()
    with pytest.raises(KeyMismatchError, match="labour run --rekey"):
        land(paths, key=OTHER_KEY)
    # re-keying on purpose: the lake takes the new key; until every partition is re-landed,
    # the warehouse must not build
    write(paths.sources, "sso_registry/insured/insured_256702.csv", [HEADER, *insured_rows(5)])
    land_partition("sso_registry", "insured", "2024-02", key=KEY, paths=paths)
    claim_lake(paths, OTHER_KEY, rekey=True)
    land(paths, key=OTHER_KEY)
    with pytest.raises(KeyMismatchError, match="re-key was not finished"):
        assert_lake_single_key(paths)
    land_partition("sso_registry", "insured", "2024-02", key=OTHER_KEY, paths=paths)
    assert_lake_single_key(paths)


def test_the_key_is_never_written_to_the_lake(tmp_path):
    paths = deliver(tmp_path, 20)
    land(paths)
    for f in paths.lake.rglob("*"):
        if f.is_file():
            assert KEY not in f.read_bytes(), f


def test_records_are_counted_from_the_bytes(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n3,x\r\n4,no newline')
    count = count_file(f, csv=True)
    assert (count.lines, count.csv_records) == (5, 4)
    f.write_bytes(b"")
    assert count_file(f, csv=True).lines == 0
    f.write_bytes(b'"unterminated\n1\n2\n')
    assert count_file(f).lines == 3


def test_files_no_spec_claims_are_reported(tmp_path):
    paths = deliver(tmp_path, 5)
    bookkeeping = ("sso_registry/insured/_state.json", "_truth/x.csv")
    for rel in ("mystery/data.csv", "sso_registry/notes.txt", *bookkeeping):
        (paths.sources / rel).parent.mkdir(parents=True, exist_ok=True)
        (paths.sources / rel).write_text("x")
    found = dict(unclaimed_files(paths))
    assert set(found) == {"mystery/data.csv", "sso_registry/notes.txt"}
    assert "no source spec" in found["mystery/data.csv"]
    assert "sso_registry" in found["sso_registry/notes.txt"]
    assert dict(unclaimed_files(paths, "sso_registry")).keys() == {"sso_registry/notes.txt"}


def test_one_survey_of_the_drop_folder_says_what_each_question_says(tmp_path):
    """A run walks the drop folder once (`survey`): the same deliveries, misnamed files and
    unclaimed files as asking each table, in path order."""
    paths = deliver(tmp_path, 5)
    deliver(tmp_path, 5, "sso_registry/insured/insured_256702.csv")
    for rel in ("sso_registry/insured/insured_256713.csv", "mystery/data.csv"):
        (paths.sources / rel).parent.mkdir(parents=True, exist_ok=True)
        (paths.sources / rel).write_text("x")
    found = survey(paths)
    assert found.delivered[("sso_registry", "insured")] == {
        "2024-01": [JAN],
        "2024-02": ["sso_registry/insured/insured_256702.csv"],
    }
    assert found.unrecognised == unrecognised_deliveries(paths, "sso_registry", "insured")
    assert [rel for rel, _ in found.unrecognised] == ["sso_registry/insured/insured_256713.csv"]
    assert found.unclaimed == unclaimed_files(paths)
    assert [rel for rel, _ in found.unclaimed] == ["mystery/data.csv"]


def test_a_manifest_head_is_read_without_its_file_list(tmp_path):
    paths = deliver(tmp_path, 12)
    manifest = land(paths)
    path = paths.manifest("sso_registry", "insured", MONTH)
    head = read_manifest_head(path)
    whole = json.loads(path.read_text())
    assert head == {k: v for k, v in whole.items() if k != "files"}
    assert head["file_count"] == len(whole["files"]) == len(manifest.files) == 1
    assert head["rows_loaded"] == manifest.rows_loaded > 0
    assert head["key_fingerprint"] == manifest.key_fingerprint
    # a manifest written before the list came last (sorted keys, no count) is read whole
    old = tmp_path / "old.json"
    del whole["file_count"]
    old.write_text(json.dumps(whole, sort_keys=True, separators=(",", ":")))
    assert read_manifest_head(old) == head


def test_links_are_relative_so_the_data_root_can_move(tmp_path):
    paths = deliver(tmp_path / "a", 10)
    land(paths)
    os.rename(tmp_path / "a", tmp_path / "b")
    assert visible_rows(DataPaths(tmp_path / "b")) > 0


def test_a_run_killed_between_the_swap_and_the_links_is_mended_by_the_next(tmp_path):
    paths = deliver(tmp_path, 10)
    first = land(paths)
    # what a SIGKILL right after the `current` swap leaves: the links were never made
    for link in (
        paths.raw("sso_registry", "insured", MONTH),
        paths.quarantine("sso_registry", "insured", MONTH),
        paths.manifest("sso_registry", "insured", MONTH),
    ):
        link.unlink()
    again = land(paths)
    assert again.skipped and again.load_id == first.load_id
    assert visible_rows(paths) == first.rows_loaded
    assert paths.manifest("sso_registry", "insured", MONTH).exists()


def test_a_month_with_no_delivery_lands_nothing_and_refuses_nothing(tmp_path):
    paths = deliver(tmp_path, 10)
    nothing = land_partition("sso_registry", "insured", "2024-03", key=KEY, paths=paths)
    assert nothing.files == [] and not nothing.committed and not nothing.failed_checks
    assert not paths.raw("sso_registry", "insured", "2024-03").exists()


def test_a_dagster_run_over_a_month_with_one_source_missing_succeeds(tmp_path, monkeypatch):
    """The lake job lands what was delivered; a source with nothing for the month is skipped
    (not materialized), not failed."""
    from dagster import DagsterInstance

    monkeypatch.setenv("LABOUR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LABOUR_PSEUDONYM_KEY", KEY.decode())
    # rows without the deliberate errors: under the spec's quarantine threshold
    clean = [r for i, r in enumerate(insured_rows(40)) if i % 10 != 7 and i % 17 != 9]
    write(DataPaths(tmp_path).sources, JAN, [HEADER, *clean])
    from orchestration.definitions import defs

    result = defs.resolve_job_def("lake_monthly").execute_in_process(
        instance=DagsterInstance.ephemeral(), partition_key=MONTH, raise_on_error=False
    )
    assert result.success
    materialized = {
        e.asset_key.path[-1]
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert materialized == {"insured"}
