"""A large lake partition, or a large warehouse table, is validated in chunks (bounded memory)
with the same verdict and counts as one frame: row checks summed over chunks, cross-row checks
over every file (every row of the table)."""

from __future__ import annotations

import importlib
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from quality import samples
from quality.validate import (
    CROSS_ROW,
    _gx,
    validate,
    validate_in_chunks,
    validate_lake_partition,
    validate_warehouse_table,
)
from quality.validate import (
    partition_dir as lake_dir,
)

SUITE = "sso_efiling.contributions"
PARAMS = {"partition_month": "2024-01"}


@pytest.fixture(scope="module", autouse=True)
def gx_loaded():
    _gx()


def _month(n_copies: int) -> pl.DataFrame:
    """Copies of the good sample rows, each copy a different employer (so rows are unique)."""
    base = samples.contributions()
    return pl.concat(
        [
            base.with_columns(employer_account=pl.lit(f"{1000000001 + i:010d}"))
            for i in range(n_copies)
        ]
    )


def _bad(df: pl.DataFrame) -> pl.DataFrame:
    """Planted problems far apart, so they fall in different chunks: a wage below the floor,
    a null person key, a sex outside M/F, and a duplicate of row 1 at the very end."""
    n = df.height
    df = df.with_row_index("_i")
    df = df.with_columns(
        wage=pl.when(pl.col("_i") == 5).then(pl.lit(Decimal("100.00"))).otherwise("wage"),
        person_key=pl.when(pl.col("_i") == n // 2).then(None).otherwise("person_key"),
        sex=pl.when(pl.col("_i") == n - 3).then(pl.lit("X")).otherwise("sex"),
    ).drop("_i")
    return pl.concat([df, df.slice(1, 1)])


def _files(tmp_path, df: pl.DataFrame, parts: int):
    d = tmp_path / "parts"
    d.mkdir()
    size = -(-df.height // parts)
    out = []
    for i in range(parts):
        f = d / f"part-{i:05d}.parquet"
        df.slice(i * size, size).write_parquet(f, row_group_size=7)
        out.append(f)
    return out


def _by_key(result):
    return {o.key: (o.success, o.unexpected_count) for o in result.results}


@pytest.mark.parametrize("bad", [False, True])
def test_chunks_give_the_same_verdict_and_counts(tmp_path, bad):
    df = _month(10)  # 40 rows
    df = _bad(df) if bad else df
    whole = validate(df, SUITE, PARAMS)
    chunked = validate_in_chunks(_files(tmp_path, df, 3), SUITE, PARAMS, chunk_rows=6)
    assert chunked.rows_checked == whole.rows_checked == df.height
    assert chunked.success == whole.success == (not bad)
    assert [o.key for o in chunked.results] == [o.key for o in whole.results]
    assert _by_key(chunked) == _by_key(whole)
    if bad:
        failed = {o.key for o in chunked.failures}
        assert {"wage_at_least_floor", "sex_in_set", "line_unique"} <= failed
        dup = next(o for o in chunked.results if o.key == "line_unique")
        assert dup.unexpected_count == 2 and dup.examples  # both rows of the pair, shown
        # the duplicate pair lies in different chunks: only the whole-partition check sees it
        assert "ExpectCompoundColumnsToBeUnique" in CROSS_ROW


def test_a_large_partition_is_read_in_chunks(tmp_path, monkeypatch):
    v = importlib.import_module("quality.validate")  # `quality.validate` is also a function

    df = _bad(_month(10))
    d = lake_dir(tmp_path, "raw", "sso_efiling", "contributions", "2024-01")
    d.mkdir(parents=True)
    df.write_parquet(d / "part-00000.parquet")
    seen = []
    real = v.validate_in_chunks
    monkeypatch.setattr(v, "CHUNK_ROWS", 8)
    monkeypatch.setattr(v, "validate_in_chunks", lambda *a, **k: seen.append(1) or real(*a, **k))
    result = validate_lake_partition(tmp_path, "sso_efiling", "contributions", "2024-01")
    assert seen and not result.success
    assert _by_key(result) == _by_key(validate(df, SUITE, PARAMS))


@pytest.mark.parametrize("bad", [False, True])
@pytest.mark.parametrize("kind", ["table", "view"])
def test_a_large_warehouse_table_is_streamed_in_chunks(tmp_path, bad, kind):
    """A warehouse table over the chunk size is read from DuckDB in chunks, its cross-row
    expectations computed over the table: the verdict and counts of one whole frame (a
    national dim_person as one pandas frame took ~15 GB)."""
    df = _month(10)  # 40 rows
    df = _bad(df) if bad else df
    db = tmp_path / "build.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.register("frame", df.to_arrow())
        con.execute("create table marts.rows_t as select * from frame")
        con.execute("create view marts.rows_v as select * from marts.rows_t")
    table = f"marts.rows_{kind[0]}"
    whole = validate(df, SUITE, PARAMS)
    chunked = validate_warehouse_table(db, table, SUITE, PARAMS, chunk_rows=6)
    one_frame = validate_warehouse_table(db, table, SUITE, PARAMS, chunk_rows=1000)
    assert chunked.rows_checked == one_frame.rows_checked == df.height
    assert chunked.success == one_frame.success == whole.success == (not bad)
    assert _by_key(chunked) == _by_key(one_frame) == _by_key(whole)
    if bad:
        dup = next(o for o in chunked.results if o.key == "line_unique")
        assert dup.unexpected_count == 2 and dup.examples
