"""What the Ministry of Labour departments' CSV simulators (`mol_dsd.py`, `mol_dlpw.py`) share:
rendering a person's name and national ID as a clerk types them, and the junk rows a real
delivery carries (copies of real rows with one field broken, which the pipeline must
quarantine; the truth never counts them).

Vectorised polars, no loop over rows; randomness only from the caller's stream."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .world import World

JUNK_ROWS = 0.005  # share of rows injected as junk
JUNK_CAP = 50  # at most one junk row per this many real rows (landing refuses > 5 %)
BAD_DAYS = ["31/02/", "30/02/", "15/13/", "32/01/", "10/00/"]


def full_names(world: World, persons: np.ndarray) -> pl.Series:
    """`<title><first name> <surname>` of world persons (indices into `world.persons`)."""
    pe = world.persons
    df = pl.DataFrame(
        {
            "title": pe["title"][persons].astype(np.int64),
            "fa": pe["fa"][persons].astype(np.int64),
            "fb": pe["fb"][persons].astype(np.int64),
            "sa": pe["sa"][persons].astype(np.int64),
            "sb": pe["sb"][persons].astype(np.int64),
            "sc": pe["sc"][persons].astype(np.int64),
        }
    )
    return df.select(
        pl.concat_str(
            [
                pl.Series(ref.TITLES).gather(df["title"]),
                world.first_names(df["fa"], df["fb"]),
                pl.lit(" "),
                world.surnames(df["sa"], df["sb"], df["sc"]),
            ]
        )
    ).to_series()


def with_junk(
    df: pl.DataFrame,
    rng: np.random.Generator,
    *,
    id_col: str | None,
    date_col: str,
    province_col: str,
) -> tuple[pl.DataFrame, int]:
    """`df` (the CSV rows, as text) with junk rows inserted right after the row each copies:
    a wrong check digit (when the rows carry a national ID), an impossible date or an unknown
    province. Returns the rows and the number of junk rows."""
    n = df.height
    k = min(int(rng.binomial(n, JUNK_ROWS)), n // JUNK_CAP) if n else 0
    if k == 0:
        return df, 0
    src = rng.integers(0, n, k)
    kinds = 3 if id_col is not None else 2
    kind = rng.integers(0, kinds, k) + (0 if id_col is not None else 1)
    junk = df.select(pl.all().gather(src)).with_columns(
        pl.Series("_kind", kind), pl.Series("_r", rng.integers(1, 10, k))
    )
    bad_day = pl.Series(BAD_DAYS).gather(rng.integers(0, len(BAD_DAYS), k))
    bad_prov = pl.Series(ref.UNKNOWN_PROVINCES).gather(
        rng.integers(0, len(ref.UNKNOWN_PROVINCES), k)
    )
    fixes = [
        pl.when(pl.col("_kind") == 1)
        .then(pl.concat_str([pl.lit(bad_day), pl.col(date_col).str.slice(6, 4)]))
        .otherwise(pl.col(date_col))
        .alias(date_col),
        pl.when(pl.col("_kind") == 2)
        .then(pl.lit(bad_prov))
        .otherwise(pl.col(province_col))
        .alias(province_col),
    ]
    if id_col is not None:
        last = pl.col(id_col).str.slice(12, 1).str.replace_many(fm.THAI_DIGITS, fm.ARABIC_DIGITS)
        bad_check = ((last.cast(pl.Int64) + pl.col("_r")) % 10).cast(pl.String)
        fixes.append(
            pl.when(pl.col("_kind") == 0)
            .then(pl.concat_str([pl.col(id_col).str.slice(0, 12), bad_check]))
            .otherwise(pl.col(id_col))
            .alias(id_col)
        )
    junk = junk.with_columns(fixes).drop("_kind", "_r")
    pos = np.concatenate([np.arange(n, dtype=np.float64), src + rng.random(k)])
    return pl.concat([df, junk]).gather(np.argsort(pos, kind="stable")), k


def digits_where(expr: pl.Expr, thai: str = "thai") -> pl.Expr:
    """`expr` in Thai digits on the rows whose boolean column `thai` is set."""
    return pl.when(pl.col(thai)).then(fm.thai_digits(expr)).otherwise(expr)


def label(col: str, values: list[str]) -> pl.Expr:
    """Integer codes in column `col` (0, 1, …) → the text `values[code]`."""
    return pl.col(col).replace_strict(list(range(len(values))), values, return_dtype=pl.String)


def seq_ids(prefix: str, n: int) -> pl.Series:
    """`<prefix>000001` … `<prefix><n, 6 digits>`."""
    return pl.Series([f"{prefix}{i:06d}" for i in range(1, n + 1)], dtype=pl.String)
