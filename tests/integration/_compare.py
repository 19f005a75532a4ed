"""Comparing the warehouse with the simulator's truth tables, one way for every test."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl


def warehouse_sql(warehouse: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql).pl()


def assert_same_rows(mart: pl.DataFrame, truth: pl.DataFrame, key: list[str], what: str) -> None:
    """The same rows on the columns the narrower frame has (the truth cast to the mart's types);
    on a difference, the first 20 rows found on one side only, marked by side."""
    assert truth.height > 0, f"{what}: the truth is empty"
    narrower = mart if set(mart.columns) <= set(truth.columns) else truth
    columns = narrower.columns
    mart = mart.select(columns).sort(key)
    truth = truth.select(columns).cast(dict(mart.schema)).sort(key)
    assert mart.equals(truth), f"{what} differs from the simulator's truth:\n" + str(
        pl.concat([mart.with_columns(_in=pl.lit("mart")), truth.with_columns(_in=pl.lit("truth"))])
        .unique(subset=columns, keep="none")
        .sort(key)
        .head(20)
    )
