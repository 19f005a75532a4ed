"""Landing takes a batch of files as ONE frame (ingestion.sources.BatchResult): the lake it
writes must be the one it writes file by file, and its shortcuts (the scandir glob, the
manifest written from a file list serialised once) must agree with what they replace."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

import ingestion.landing.partition as partition
import ingestion.sources.sso_efiling.contributions as contributions
from ingestion.landing import DataPaths, FileEntry, Manifest, land_partition

KEY = b"test-key-0123456789"
MONTH = "2024-01"
CORPUS = Path(__file__).parents[1] / "bad_inputs" / "sso_efiling__contributions"


def deliver_corpus(root: Path) -> DataPaths:
    """Every สปส.1-10 bad-input case in a folder of its own (a folder name that is not a BE
    period is not checked against the file name), plus a corrected filing (``_R1``), which
    supersedes them all: they are all the same report (account, branch, period)."""
    paths = DataPaths(root)
    for case in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "lf_line_ends"):
        for f in case.glob("SPS110_*.txt"):
            target = paths.sources / "sso_efiling" / case.name / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
    # the same filing with LF line ends (that case, here only): other bytes (a byte-identical
    # copy is only recorded as another delivery of the first), the same three rows
    corrected = next((CORPUS / "lf_line_ends").glob("SPS110_*.txt"))
    target = paths.sources / "sso_efiling" / "valid_baseline" / (corrected.stem + "_R1.txt")
    shutil.copyfile(corrected, target)
    return paths


def lake(paths: DataPaths) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
    raw = pl.read_parquet(paths.raw("sso_efiling", "contributions", MONTH) / "*.parquet")
    q = pl.read_parquet(paths.quarantine("sso_efiling", "contributions", MONTH) / "*.parquet")
    manifest = json.loads(paths.manifest("sso_efiling", "contributions", MONTH).read_text())
    return raw, q, manifest


def test_a_batch_lands_as_its_files_do_one_by_one(tmp_path, monkeypatch):
    batched = deliver_corpus(tmp_path / "batched")
    # both cores: the second half of the batch is parsed in the helper process
    monkeypatch.setattr(contributions, "PARALLEL_MIN_BYTES", 1)
    m = land_partition("sso_efiling", "contributions", MONTH, key=KEY, paths=batched)
    assert m.committed and len(m.files) > 25

    one_by_one = deliver_corpus(tmp_path / "one_by_one")
    # each file alone, through parse(): a result per file, no batch frame, no helper
    monkeypatch.setattr(partition, "_batches", lambda files, parser: ([f] for f in files))
    land_partition("sso_efiling", "contributions", MONTH, key=KEY, paths=one_by_one)

    raw, q, manifest = lake(batched)
    raw_ref, q_ref, manifest_ref = lake(one_by_one)
    assert raw.equals(raw_ref) and q.equals(q_ref)
    assert manifest == manifest_ref
    # rows in = loaded + quarantined, file by file, and the lake holds exactly those rows
    for entry in manifest["files"]:
        assert entry["rows_in"] == entry["rows_loaded"] + entry["rows_quarantined"], entry
        assert entry["records_counted"] == entry["rows_in"] + entry["rows_control"], entry
    assert raw.height == manifest["rows_loaded"] and q.height == manifest["rows_quarantined"]
    loaded = raw.group_by("_source_file").len()
    by_file = dict(zip(loaded["_source_file"], loaded["len"], strict=True))
    assert by_file == {e["file"]: e["rows_loaded"] for e in manifest["files"] if e["rows_loaded"]}
    # every case is the same report (account, branch, period): the corrected filing, the
    # highest revision, supersedes all the others, on every row of theirs
    winner = "sso_efiling/valid_baseline/SPS110_1000000001_000000_256701_R1.txt"
    current = raw.filter(pl.col("_superseded_by").is_null())
    assert set(current["_source_file"]) == {winner}
    assert set(raw.filter(pl.col("_source_file") != winner)["_superseded_by"]) == {winner}


def test_the_glob_finds_what_pathlib_finds_in_the_same_order(tmp_path):
    paths = DataPaths(tmp_path)
    names = [
        "sso_efiling/256701/SPS110_b.txt",
        "sso_efiling/256701/SPS110_a.txt",
        "sso_efiling/256701/.SPS110_hidden.txt",  # pathlib's '*' matches dot files too
        "sso_efiling/256701/sps110_lower.txt",  # case matters
        "sso_efiling/2567-01/SPS110_c.txt",  # '-' sorts before '/' as text, not as a part
        "sso_efiling/2567/SPS110_d.txt",
        "sso_efiling/256701/SPS110_dir.txt/SPS110_e.txt",  # a folder matching the pattern
        "sso_efiling/top_SPS110_f.txt",
    ]
    for name in names:
        (paths.sources / name).parent.mkdir(parents=True, exist_ok=True)
        (paths.sources / name).write_bytes(b"x")
    (paths.sources / "sso_efiling/256701/SPS110_link.txt").symlink_to(
        paths.sources / "sso_efiling/256701/SPS110_a.txt"
    )
    for pattern in ("sso_efiling/*/SPS110_*.txt", "sso_efiling/256701/*", "sso_efiling/*"):
        expected = [
            (p, p.relative_to(paths.sources).as_posix())
            for p in sorted(paths.sources.glob(pattern))
            if p.is_file()
        ]
        assert partition._globbed(paths, pattern) == expected, pattern
    assert partition._globbed(DataPaths(tmp_path / "nothing"), "sso_efiling/*/x") == []


@pytest.mark.parametrize("name", ["plain.txt", 'odd "files":null name.txt', "ไทย.txt"])
def test_the_manifest_written_is_its_json(tmp_path, name):
    entry = FileEntry(file=name, sha256="0" * 64, bytes=3, rows_in=2, rows_loaded=2)
    manifest = Manifest("s", "e", MONTH, "id", "fp", [entry], 2, 0, key_fingerprint="k")
    path = tmp_path / "m.json"
    files_json = manifest.write(path)
    assert json.loads(path.read_text(encoding="utf-8")) == manifest.to_json()
    manifest.checks = [partition.CheckOutcome("row_conservation", True, "ok")]
    manifest.write(path, files_json)  # the file list serialised once, the checks added
    assert json.loads(path.read_text(encoding="utf-8")) == manifest.to_json()
