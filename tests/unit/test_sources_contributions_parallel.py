"""สปส.1-10 batches parsed on two cores give exactly what one pass in one process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingestion.sources.sso_efiling import _worker
from ingestion.sources.sso_efiling import contributions as c

KEY = b"test-key-0123456789"
CASES = Path(__file__).resolve().parents[1] / "bad_inputs" / "sso_efiling__contributions"


def _batch(tmp_path: Path) -> tuple[list[Path], list[str]]:
    """Every bad-input case (good, bad and rejected files) as one month's delivery, each case
    under its own account so that names stay unique."""
    paths, rels = [], []
    for i, src in enumerate(sorted(CASES.glob("*/SPS110_*.txt"))):
        rel = f"sso_efiling/256701/{i:03d}/{src.name}"
        dst = tmp_path / rel
        dst.parent.mkdir(parents=True)
        shutil.copyfile(src, dst)
        paths.append(dst)
        rels.append(rel)
    assert len(paths) > 20
    return paths, rels


def _same(a: list, b: list) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert (x.rows_in, x.rows_control, x.file_error) == (
            y.rows_in,
            y.rows_control,
            y.file_error,
        )
        assert_frame_equal(x.rows, y.rows)
        assert_frame_equal(x.quarantine, y.quarantine)


def test_two_processes_equal_one(tmp_path, monkeypatch):
    paths, rels = _batch(tmp_path)
    monkeypatch.setenv(_worker.WORKERS_ENV, "1")
    serial = c.parse_many(paths, rels, KEY)
    monkeypatch.setenv(_worker.WORKERS_ENV, "2")
    monkeypatch.setattr(c, "PARALLEL_MIN_BYTES", 0)
    cut = _worker.split_point(paths, 0)
    assert cut is not None and 0 < cut < len(paths)
    calls = []
    real_submit = _worker.submit
    monkeypatch.setattr(
        _worker, "submit", lambda fn, *args: calls.append(len(args[0])) or real_submit(fn, *args)
    )
    parallel = c.parse_many(paths, rels, KEY)
    assert calls == [len(paths) - cut]  # the helper really parsed the second half
    _same(parallel, serial)
    # some of each outcome, so the comparison covers them all
    assert any(r.file_error for r in serial) and any(r.rows.height for r in serial)
    assert pl.concat([r.quarantine for r in serial]).height > 0


def test_a_helper_that_died_is_replaced(tmp_path, monkeypatch):
    paths, rels = _batch(tmp_path)
    monkeypatch.setenv(_worker.WORKERS_ENV, "1")
    serial = c.parse_many(paths, rels, KEY)
    monkeypatch.setenv(_worker.WORKERS_ENV, "2")
    monkeypatch.setattr(c, "PARALLEL_MIN_BYTES", 0)
    _worker.submit(abs, 1).result()  # the helper is running
    _worker._HELPER.proc.kill()
    _worker._HELPER.proc.wait()
    _same(c.parse_many(paths, rels, KEY), serial)
    assert _worker.submit(abs, -2).result() == 2  # and a new helper starts for the next batch


def test_an_error_in_the_helper_is_raised_here():
    with pytest.raises(ValueError, match="invalid literal"):
        _worker.submit(int, "x").result()
