"""Landing streams big CSV files: chunks go to Parquet parts as they are parsed (the lake and
the quarantine), the output does not depend on the chunk size, the manifest keeps one entry per
file, and a file rejected at its end lands none of its rows."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from ingestion.landing import DataPaths, land_partition
from ingestion.landing import partition as landing
from ingestion.readers import csv_cp874
from ingestion.sources.sso_registry import insured
from quality import check_partition_conservation
from tests.unit.test_sources_registry_chunks import insured_rows, write

KEY = b"test-key-0123456789"
HEADER = ",".join(insured.HEADERS)
GOOD = "sso_registry/insured/insured_256701.csv"
LATE = "sso_registry/insured/insured_256702.csv"


def deliver(root: Path, truncated: bool = False) -> DataPaths:
    paths = DataPaths(root)
    write(paths.sources, GOOD, [HEADER, *insured_rows(60)])
    if truncated:
        write(paths.sources, LATE, [HEADER, *insured_rows(30)], b"1,2,3")
    return paths


def land(paths: DataPaths, month: str = "2024-01") -> dict:
    manifest = land_partition("sso_registry", "insured", month, key=KEY, paths=paths)
    return manifest.to_json()


def parts(paths: DataPaths, kind: str, month: str = "2024-01") -> dict[str, bytes]:
    d = getattr(paths, kind)("sso_registry", "insured", month)
    return {f.name: f.read_bytes() for f in sorted(d.glob("*.parquet"))}


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(landing, "ROWS_PER_PART", 4)


def test_output_does_not_depend_on_the_chunk_size(tmp_path, monkeypatch, small_parts):
    big = deliver(tmp_path / "big")
    expected = land(big)
    monkeypatch.setattr(csv_cp874, "CHUNK_LINES", 7)
    small = deliver(tmp_path / "small")
    got = land(small)
    assert got == expected
    assert len(parts(small, "raw")) > 2 and parts(small, "raw") == parts(big, "raw")
    quarantine = parts(small, "quarantine")
    assert list(quarantine) == [f"part-{i:05d}.parquet" for i in range(3)]  # 9 rows, 4 a part
    assert quarantine == parts(big, "quarantine")
    (entry,) = got["files"]
    assert entry["rows_in"] == 60 == entry["rows_loaded"] + entry["rows_quarantined"]
    assert entry["status"] == "partly_quarantined"
    assert check_partition_conservation(small.lake, "sso_registry", "insured", "2024-01").success


def test_a_file_truncated_at_its_end_lands_none_of_its_rows(tmp_path, monkeypatch, small_parts):
    monkeypatch.setattr(csv_cp874, "CHUNK_LINES", 7)
    paths = deliver(tmp_path, truncated=True)
    month = "2024-02"
    manifest = land(paths, month)
    (late,) = manifest["files"]
    assert late["file"] == LATE
    assert late["status"] == "quarantined" and "truncated" in late["reason"]
    assert late["rows_loaded"] == 0 and late["rows_in"] == late["rows_quarantined"] == 34  # lines
    assert manifest["rows_loaded"] == 0 and parts(paths, "raw", month) == {}
    quarantine = parts(paths, "quarantine", month)
    assert len(quarantine) == 9  # 34 lines, 4 a part
    q = pl.read_parquet(paths.quarantine("sso_registry", "insured", month) / "*.parquet")
    assert q["_source_line"].to_list() == list(range(2, 36))
    assert check_partition_conservation(paths.lake, "sso_registry", "insured", month).success
    # idempotent: a rerun changes nothing
    again = land_partition("sso_registry", "insured", month, key=KEY, paths=paths)
    assert again.skipped and parts(paths, "quarantine", month) == quarantine
    assert json.loads(paths.manifest("sso_registry", "insured", month).read_text()) == manifest
