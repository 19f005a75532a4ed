"""Vectorised detection of Thai national IDs (13 digits with a valid check digit) in text.

A national ID must never reach the lake or the warehouse in clear. `find_national_ids` scans
every string column of a pandas or polars frame for a 13-digit run whose check digit is valid:
check = (11 − (Σ dᵢ·(13−i), i = 0..11) mod 11) mod 10.

What counts as a run: 13 Arabic or Thai (๐–๙) digits, also written in the usual 1-4-5-2-1
grouping with dashes or spaces (`1-2345-67890-12-1`), that is a whole token: not part of a
longer digit run and not glued to an ASCII letter or digit (so hex hashes such as `_load_id`
and base32 pseudonyms are not mistaken for IDs). Thai text glued to the digits still counts.
Only a pre-filtering regex runs over every row; the exact test runs on the few candidates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import pandas as pd

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_D = "[0-9๐-๙]"
# Any 13 digits, grouped or not: cheap pre-filter run over every row.
_CANDIDATE = f"{_D}[- ]?{_D}{{4}}[- ]?{_D}{{5}}[- ]?{_D}{{2}}[- ]?{_D}"
# The 1-4-5-2-1 grouping, separators dropped before tokenising.
_GROUPED = r"([0-9])[- ]([0-9]{4})[- ]([0-9]{5})[- ]([0-9]{2})[- ]([0-9])"
_TOKEN = r"[0-9A-Za-z]+"

_MASK_RE = re.compile(r"(?<![0-9])(?:[0-9๐-๙][- ]?){12}[0-9๐-๙](?![0-9])")


def national_id_check_digit(first12: str) -> int:
    """The check digit of the first 12 digits of a Thai national ID (scalar reference)."""
    s = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - s % 11) % 10


def is_valid_national_id(text: str) -> bool:
    """True when `text` is exactly 13 digits with a valid check digit (first digit any)."""
    return (
        len(text) == 13 and text.isdigit() and national_id_check_digit(text[:12]) == int(text[12])
    )


def mask_digit_runs(text: str) -> str:
    """Hide any 13-digit run (ID-shaped) in text that is about to be shown to a person."""
    return _MASK_RE.sub("<13 digits>", text)


def _string_columns(df: pl.DataFrame) -> list[str]:
    return [
        name
        for name, dtype in df.schema.items()
        if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
    ]


def _as_polars_strings(df: Any) -> pl.DataFrame:
    """The string columns of a pandas or polars frame, as a polars frame of String columns."""
    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    if isinstance(df, pl.DataFrame):
        cols = _string_columns(df)
        return df.select(pl.col(c).cast(pl.String) for c in cols)
    import pandas as pd

    data: dict[str, pl.Series] = {}
    for name in df.columns:
        s = df[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_string_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            values = s.astype(object).where(s.notna(), None).tolist()
            if all(v is None or isinstance(v, str) for v in values):
                data[str(name)] = pl.Series(str(name), values, dtype=pl.String)
    return pl.DataFrame(data)


def _valid_id_in(col: pl.Expr) -> pl.Expr:
    """Per row: does this (normalised candidate) string hold a 13-digit token with a valid
    check digit? Evaluated on the list of its alphanumeric tokens."""
    tok = pl.element()
    weighted = pl.sum_horizontal(
        tok.str.slice(i, 1).cast(pl.Int32, strict=False) * (13 - i) for i in range(12)
    )
    check = (11 - weighted % 11) % 10
    is_id = (
        tok.str.contains(r"^[0-9]{13}$")
        & (check == tok.str.slice(12, 1).cast(pl.Int32, strict=False))
    ).fill_null(False)
    return col.str.extract_all(_TOKEN).list.eval(is_id).list.any().fill_null(False)


def national_id_mask(series: pl.Series) -> pl.Series:
    """Boolean Series: which values contain a valid Thai national ID."""
    s = series.cast(pl.String)
    candidate = s.str.contains(_CANDIDATE).fill_null(False)
    if not candidate.any():
        return pl.Series(series.name, [False] * len(s), dtype=pl.Boolean)
    frame = pl.DataFrame({"v": s, "c": candidate})
    normalised = (
        pl.col("v")
        .str.replace_many(list(_THAI_DIGITS), [str(i) for i in range(10)])
        .str.replace_all(_GROUPED, "${1}${2}${3}${4}${5}")
    )
    out = frame.select(
        pl.when(pl.col("c")).then(_valid_id_in(normalised)).otherwise(False).alias(series.name)
    )
    return out.to_series()


def national_id_columns_per_row(df: Any, exclude: tuple[str, ...] = ()) -> pl.Series:
    """Per row, the names of the string columns (comma-separated) that hold a valid national
    ID, or null when the row is clean. Never returns the IDs themselves."""
    strings = _as_polars_strings(df)
    height = len(df)
    flags = {c: national_id_mask(strings[c]) for c in strings.columns if c not in exclude}
    flags = {c: m for c, m in flags.items() if m.any()}
    if not flags:
        return pl.Series("pii", [None] * height, dtype=pl.String)
    frame = pl.DataFrame(flags)
    names = pl.concat_list(
        pl.when(pl.col(c)).then(pl.lit(c)).otherwise(None) for c in flags
    ).list.drop_nulls()
    return frame.select(
        pl.when(names.list.len() > 0).then(names.list.join(", ")).otherwise(None).alias("pii")
    ).to_series()


def find_national_ids(
    df: pd.DataFrame | pl.DataFrame, exclude: tuple[str, ...] = ()
) -> dict[str, int]:
    """{column: number of rows holding a valid national ID}, only for columns that have any."""
    strings = _as_polars_strings(df)
    out: dict[str, int] = {}
    for c in strings.columns:
        if c in exclude:
            continue
        n = int(national_id_mask(strings[c]).sum())
        if n:
            out[c] = n
    return out
