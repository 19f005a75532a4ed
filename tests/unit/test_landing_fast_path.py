"""An unchanged rerun recognises landed files by size and modification time, without reading
them; the content hash still decides whenever either differs (ingestion.landing.partition)."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import polars as pl
import pytest

import ingestion.landing.partition as partition
from ingestion.landing import DataPaths, land_partition
from ingestion.landing.versions import current_version
from tests.unit.test_sources_contributions import DETAILS, good_lines, write_file

KEY = b"test-key-0123456789"
MONTH = "2024-01"


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files landing reads to hash, in order (the real hashing still runs)."""
    seen: list[str] = []
    real = partition.count_file

    def counting(path, **kw):
        seen.append(path.name)
        return real(path, **kw)

    monkeypatch.setattr(partition, "count_file", counting)
    return seen


def delivered(paths: DataPaths, lines: list[str], age_s: int = 60, **kw):
    """``write_file``, then dated ``age_s`` back: a file written the instant it is hashed is
    not trusted by its stat (partition.RACY_NS), one delivered a minute ago is."""
    path, rel = write_file(paths.sources, lines, **kw)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - age_s * 1_000_000_000))
    return path, rel


def land(paths: DataPaths, key: bytes = KEY):
    return land_partition("sso_efiling", "contributions", MONTH, key=key, paths=paths)


def wages(paths: DataPaths) -> list[Decimal]:
    rows = pl.read_parquet(paths.raw("sso_efiling", "contributions", MONTH) / "*.parquet")
    return rows["wage"].to_list()


def stats_file(paths: DataPaths):
    return current_version(paths, "sso_efiling", "contributions", MONTH).root / "file_stats.json"


def recorded_mtime(paths: DataPaths) -> int:
    """The modification time recorded with the current version for the one delivered file."""
    ((_, _, mtime_ns, _),) = json.loads(stats_file(paths).read_text())["files"]
    return mtime_ns


def test_an_unchanged_rerun_reads_no_file(tmp_path, hashed):
    paths = DataPaths(tmp_path)
    path, _ = delivered(paths, good_lines())
    first = land(paths)
    assert first.committed and hashed == [path.name]
    assert recorded_mtime(paths) == path.stat().st_mtime_ns
    hashed.clear()
    again = land(paths)
    assert again.skipped and again.load_id == first.load_id
    assert hashed == []  # recognised by its stat alone


def test_same_bytes_with_a_new_mtime_are_hashed_once_then_recognised(tmp_path, hashed):
    paths = DataPaths(tmp_path)
    path, _ = delivered(paths, good_lines())
    first = land(paths)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # re-copied, say
    hashed.clear()
    again = land(paths)
    assert hashed == [path.name]  # the stat differs: the hash decides
    assert again.skipped and again.load_id == first.load_id  # same bytes: nothing re-landed
    assert recorded_mtime(paths) == st.st_mtime_ns + 5_000_000_000
    hashed.clear()
    assert land(paths).skipped and hashed == []  # the new mtime was recorded


def test_a_file_rewritten_with_the_same_size_is_relanded(tmp_path, hashed):
    paths = DataPaths(tmp_path)
    path, _ = delivered(paths, good_lines())
    first = land(paths)
    assert wages(paths) == [d[1] for d in DETAILS]
    size = path.stat().st_size
    # the first two employees' wages swapped: same totals in the header, same size
    (id1, w1, *rest1), (id2, w2, *rest2), third = DETAILS
    swapped = [(id1, w2, *rest1), (id2, w1, *rest2), third]
    delivered(paths, good_lines(swapped), age_s=30)  # rewritten 30 s later
    assert path.stat().st_size == size
    hashed.clear()
    again = land(paths)
    assert again.committed and not again.skipped and again.load_id != first.load_id
    assert hashed == [path.name]
    assert wages(paths) == [Decimal("20000"), Decimal("15000"), Decimal("1650")]
    assert recorded_mtime(paths) == path.stat().st_mtime_ns


def test_a_changed_file_is_relanded_and_a_new_file_is_added(tmp_path, hashed):
    paths = DataPaths(tmp_path)
    path, _ = delivered(paths, good_lines())
    land(paths)
    delivered(paths, good_lines(DETAILS[:2]))  # shorter: one employee left
    other, _ = delivered(paths, good_lines(br="000001"), br="000001")
    hashed.clear()
    again = land(paths)
    assert again.committed and not again.skipped
    # the unchanged-looking pass hashes what changed; re-landing then counts every file
    assert sorted(set(hashed)) == sorted({path.name, other.name})
    assert {e.file.rsplit("/", 1)[-1]: e.rows_loaded for e in again.files} == {
        path.name: 2,
        other.name: 3,
    }


def test_a_version_without_stats_or_new_code_means_hashing(tmp_path, hashed, monkeypatch):
    paths = DataPaths(tmp_path)
    path, _ = delivered(paths, good_lines())
    first = land(paths)
    manifest = paths.manifest("sso_efiling", "contributions", MONTH).read_bytes()
    stats_file(paths).unlink()  # a lake landed before stats were recorded
    hashed.clear()
    again = land(paths)
    assert again.skipped and again.load_id == first.load_id and hashed == [path.name]
    assert recorded_mtime(paths) == path.stat().st_mtime_ns  # recorded now
    # the manifest says what was landed, not when files were touched: it did not change
    assert paths.manifest("sso_efiling", "contributions", MONTH).read_bytes() == manifest
    # new ingestion code re-lands everything: the stat cannot vouch for that
    monkeypatch.setattr(partition, "code_fingerprint", lambda: "a reader changed")
    hashed.clear()
    relanded = land(paths)
    assert relanded.committed and not relanded.skipped and hashed == [path.name]


def test_a_sensor_can_tell_a_landed_delivery_by_stat_alone(tmp_path, hashed):
    from ingestion.landing import delivery_landed, discover_names

    paths = DataPaths(tmp_path)

    def landed() -> bool:
        files = discover_names(paths, "sso_efiling", "contributions")[MONTH]
        return delivery_landed(paths, "sso_efiling", "contributions", MONTH, files)

    path, _ = delivered(paths, good_lines())
    assert not landed()  # nothing landed yet
    land(paths)
    hashed.clear()
    assert landed() and hashed == []
    other, _ = delivered(paths, good_lines(br="000001"), br="000001")
    assert not landed()  # a new file
    land(paths)
    assert landed()
    other.unlink()
    assert not landed()  # a file taken back: the partition must be landed without it
    land(paths)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert not landed()  # touched: landing will hash it and decide


def test_a_file_written_as_it_is_hashed_is_not_trusted_by_its_stat(tmp_path, hashed):
    paths = DataPaths(tmp_path)
    path, _ = write_file(paths.sources, good_lines())  # modified just now
    land(paths)
    hashed.clear()
    assert land(paths).skipped and hashed == [path.name]  # hashed again: it might be mid-write


def test_a_sensor_reads_the_recorded_stats_by_their_digest_or_whole(tmp_path, hashed):
    """The stats file keeps a digest of its (file, size, mtime) set before the list, so a
    rerun compares one hash; a file recorded before the digest is compared entry by entry."""
    from ingestion.landing import delivery_landed, discover_names

    paths = DataPaths(tmp_path)

    def landed() -> bool:
        files = discover_names(paths, "sso_efiling", "contributions")[MONTH]
        return delivery_landed(paths, "sso_efiling", "contributions", MONTH, files)

    path, _ = delivered(paths, good_lines(), age_s=10)
    land(paths)
    text = stats_file(paths).read_text()
    assert text.index('"stat_digest"') < text.index('"files"')
    assert landed()
    payload = json.loads(text)
    old = {"inputs_fingerprint": payload["inputs_fingerprint"], "files": payload["files"]}
    stats_file(paths).write_text(json.dumps(old))
    assert landed()
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert not landed()
