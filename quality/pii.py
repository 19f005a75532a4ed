"""The personal-data detector: national IDs, Thai person names and Thai phone numbers.

One detector for every place that must hold no personal data in clear: the published warehouse,
the lake's quarantine partitions, every Superset dataset. It reports *where* and *how many rows*
(:class:`PiiFinding`), never the values.

What it finds, per column (every column of every type, cast to text: a 13-digit integer column
is an ID leak too; only booleans, dates, times, timestamps, intervals and UUIDs are passed over,
their fixed text forms can hold none of these):

* ``national_id``: a 13-digit token with a valid check digit, in any form (dashes, spaces or
  dots in the 1-4-5-2-1 grouping, Thai digits, IDs of non-Thai workers starting with 0): the
  rule of :func:`ingestion.thai.national_ids_in_text`. In a *numeric* column (integers,
  decimals, floats) a 13-digit number passes the check digit by chance one time in ten, so such a
  column counts only when most of its 13-digit values are valid IDs (a column of IDs: all of
  them; a column of 13-digit amounts: about 10 %).
* ``person_name`` (dictionaries: :mod:`ingestion.thai.names`, pythainlp's offline corpora):
  a value that is a given name and a family name (``สมชาย ใจดี``); a title (นาย, นาง, นางสาว,
  น.ส., ด.ช., ด.ญ., เด็กชาย, เด็กหญิง) followed by a given name anywhere in the text, unless
  title and word make a dictionary word (นายจ้าง "employer", นางพยาบาล "nurse"); a value that is
  a title and two words (``นายมินอ่อง ซอ``, names outside the dictionary); and a column whose
  values are mostly single given or family names (a ``first_name`` column), counted when at least
  half its values are dictionary names, five of them distinct. Province and establishment names
  stay clear of these rules (tests check both).
* ``phone``: Thai numbers as written: mobile ``0[689]x-xxx-xxxx``, landline ``0x-xxx-xxxx`` /
  ``0xx-xxx-xxx``, ``+66`` / ``0066`` forms, with or without spaces and hyphens, Thai digits;
  never inside a longer digit run (IDs), next to a decimal point (amounts) or in a date.

How: the cheap candidate regex runs where the data is (DuckDB, over whole columns, no sampling);
only candidates reach Python, in batches of :data:`BATCH_ROWS` (bounded memory), where the exact
rules run vectorised in polars (IDs, names) or once per distinct value (phones).
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from ingestion.thai import (
    ID_MASK,
    TITLES,
    check_digit,
    family_names,
    given_names,
    is_valid_national_id,
    mask_national_ids,
    national_ids_in_text,
    to_arabic_digits,
)
from ingestion.thai.names import thai_words
from ingestion.thai.national_id import ID_RUN_PATTERN

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

Kind = Literal["national_id", "person_name", "phone"]
KINDS: tuple[Kind, ...] = ("national_id", "person_name", "phone")
#: Candidate rows fetched from DuckDB at a time.
BATCH_ROWS = 100_000
#: A numeric column holds IDs when at least this share of its 13-digit values are valid IDs.
NUMERIC_ID_SHARE = 0.5
#: A column of single names: at least this share of its values, this many distinct.
NAME_COLUMN_SHARE = 0.5
NAME_COLUMN_DISTINCT = 5

__all__ = [
    "ID_MASK",
    "KINDS",
    "PiiFinding",
    "find_national_ids",
    "is_valid_national_id",
    "mask_national_ids",
    "national_id_check_digit",
    "national_id_columns_per_row",
    "national_id_mask",
    "scan_duckdb",
    "scan_frame",
    "scan_parquet",
]


@dataclass(frozen=True)
class PiiFinding:
    """Personal data found: where (``marts.fct_x.col``, ``frame.col``, ``<path>:col``), what
    kind, and in how many rows. Never the values."""

    where: str
    kind: Kind
    rows: int


# ---- candidate patterns (DuckDB's RE2: no look-around) -----------------------------------

_SPACE = "[\\s\u00a0\u202f]"
_THAI_WORD = "[\u0e01-\u0e3a\u0e40-\u0e4e]+"  # Thai letters, vowels and marks; not digits
_PHONE_CANDIDATE = "(?:\\+|00)66|[0๐][ -]?[1-9๑-๙](?:[ -]?[0-9๐-๙]){6,}"
_NAME_CANDIDATE = (
    "|".join(re.escape(t) for t in TITLES)
    + f"|^{_SPACE}*{_THAI_WORD}(?:{_SPACE}+{_THAI_WORD})?{_SPACE}*$"
)
CANDIDATE_PATTERN = f"(?:{ID_RUN_PATTERN})|(?:{_PHONE_CANDIDATE})|(?:{_NAME_CANDIDATE})"

# Types whose text form is fixed and can hold none of the three (no 13-digit run, no phone, no
# Thai letters): not worth a scan of the column.
_SKIPPED_TYPES = re.compile(
    r"^(?:BOOLEAN|DATE|TIME|TIMESTAMP.*|TIME WITH TIME ZONE|INTERVAL|UUID)$", re.IGNORECASE
)
_NUMERIC_TYPES = re.compile(
    r"^(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|"
    r"UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$",
    re.IGNORECASE,
)


# ---- exact rules --------------------------------------------------------------------------

_PHONE = re.compile(
    r"(?<![0-9A-Za-z,/:+])(?<![0-9]\.)"  # "โทร.081…" is a phone, "1234.081…" an amount
    r"(?:(?:\+|00)66[ -]?(?P<intl>[0-9](?:[ -]?[0-9]){7,8})|(?P<nat>0(?:[ -]?[0-9]){8,9}))"
    r"(?!-?[0-9]|[A-Za-z]|[.,/:][0-9])"
)


def _is_phone(digits: str, international: bool) -> bool:
    """Thai numbering: mobile 0[689] + 8 digits, landline 0[2-7] + 7 digits (after +66, the
    same without the 0)."""
    national = digits if not international else "0" + digits
    if len(national) == 10:
        return national[1] in "689"
    return len(national) == 9 and national[1] in "234567"


def has_phone(text: str) -> bool:
    """True when ``text`` holds a Thai phone number (see the module docstring)."""
    t = to_arabic_digits(text).replace("\u00a0", " ").replace("\u202f", " ")
    for m in _PHONE.finditer(t):
        raw = m["intl"] if m["intl"] is not None else m["nat"]
        if _is_phone(re.sub(r"[ -]", "", raw), m["intl"] is not None):
            return True
    return False


@cache
def _dictionaries() -> tuple[pl.Series, pl.Series, pl.Series]:
    """The name and word lists as one-row list Series, ready for ``is_in``."""
    return tuple(
        pl.Series(sorted(words), dtype=pl.String).implode()
        for words in (given_names(), family_names(), thai_words())
    )


def _name_flags(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Per value: (a person's name, a single dictionary name such as a first-name cell)."""
    given, family, words = _dictionaries()
    frame = pl.DataFrame({"v": values.cast(pl.String)}).with_row_index("i")
    norm = pl.col("v").str.replace_all(f"{_SPACE}+", " ").str.strip_chars()
    frame = frame.with_columns(n=norm)
    n = pl.col("n")
    pair = n.str.extract_groups(f"^({_THAI_WORD}) ({_THAI_WORD})$")
    full_name = (
        pair.struct.field("1").is_in(given) & pair.struct.field("2").is_in(family)
    ).fill_null(False)
    single = (n.str.contains(f"^{_THAI_WORD}$") & (n.is_in(given) | n.is_in(family))).fill_null(
        False
    )
    titled = pl.lit(False)
    for title in TITLES:
        t = re.escape(title)
        # a title and two words, the whole value (names outside the dictionary)
        words2 = n.str.extract_groups(f"^{t} ?({_THAI_WORD}) ({_THAI_WORD})$").struct.field("1")
        titled = titled | (words2.is_not_null() & ~(pl.lit(title) + words2).is_in(words)).fill_null(
            False
        )
    flags = frame.select("i", "n", name=full_name | titled, single=single)
    # a title followed by a given name anywhere in the text
    hits: list[pl.Series] = []
    for title in TITLES:
        found = (
            flags.select("i", m=n.str.extract_all(f"{re.escape(title)} ?{_THAI_WORD}"))
            .explode("m")
            .drop_nulls("m")
        )
        if found.height:
            rest = pl.col("m").str.strip_prefix(title).str.strip_chars_start()
            ok = rest.is_in(given) & ~pl.col("m").str.replace_all(" ", "").is_in(words)
            hits.append(found.filter(ok).get_column("i"))
    if hits:
        rows = pl.concat(hits).unique()
        flags = flags.with_columns(name=pl.col("name") | pl.col("i").is_in(rows.implode()))
    return flags.get_column("name"), flags.get_column("single")


@dataclass
class _Tally:
    """What one column holds, accumulated over candidate batches."""

    numeric: bool
    non_null: int
    rows: dict[str, int] = field(default_factory=dict)
    single_names: set[str] = field(default_factory=set)

    def add(self, values: pl.Series) -> None:
        """Count the rows of one batch of candidate values (each distinct value checked once,
        each rule only on the values its own candidate pattern admits)."""
        counts = values.cast(pl.String).drop_nulls().value_counts(name="n")
        counts = counts.rename({counts.columns[0]: "v"})
        v = pl.col("v")
        ids = counts.filter(v.str.contains(ID_RUN_PATTERN))
        if ids.height:
            flags = national_ids_in_text(ids.get_column("v"))
            ids = ids.with_columns(
                id=flags.get_column("valid"), id_shaped=flags.get_column("shaped")
            )
            self._count(ids, "id")
            self._count(ids, "id_shaped")
        phones = counts.filter(v.str.contains(_PHONE_CANDIDATE))
        if phones.height:
            flags = [has_phone(x) for x in phones.get_column("v").to_list()]
            self._count(phones.with_columns(phone=pl.Series(flags, dtype=pl.Boolean)), "phone")
        names = counts.filter(v.str.contains(_NAME_CANDIDATE))
        if names.height:
            name, single = _name_flags(names.get_column("v"))
            names = names.with_columns(name=name, single_name=single)
            self._count(names, "name")
            self._count(names, "single_name")
            if len(self.single_names) < NAME_COLUMN_DISTINCT:
                some = (
                    names.filter(pl.col("single_name")).get_column("v").head(NAME_COLUMN_DISTINCT)
                )
                self.single_names.update(some.to_list())

    def _count(self, flags: pl.DataFrame, column: str) -> None:
        n = int(flags.filter(pl.col(column)).get_column("n").sum())
        self.rows[column] = self.rows.get(column, 0) + n

    def counts(self) -> dict[Kind, int]:
        ids = self.rows.get("id", 0)
        if self.numeric and ids < NUMERIC_ID_SHARE * self.rows.get("id_shaped", 0):
            ids = 0  # 13-digit amounts passing the check digit by chance
        names = self.rows.get("name", 0)
        single = self.rows.get("single_name", 0)
        if (
            single >= NAME_COLUMN_SHARE * self.non_null
            and len(self.single_names) >= NAME_COLUMN_DISTINCT
        ):
            names += single
        return {"national_id": ids, "person_name": names, "phone": self.rows.get("phone", 0)}

    def findings(self, where: str) -> list[PiiFinding]:
        return [PiiFinding(where, kind, n) for kind, n in self.counts().items() if n]


# ---- scanning through DuckDB ----------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _scan_column(con: duckdb.DuckDBPyConnection, relation: str, column: str, dtype: str) -> _Tally:
    col = _ident(column)
    if _SKIPPED_TYPES.match(dtype.strip()):
        return _Tally(numeric=False, non_null=0)
    ((non_null,),) = con.execute(f"select count({col}) from {relation}").fetchall()
    tally = _Tally(numeric=bool(_NUMERIC_TYPES.match(dtype.strip())), non_null=non_null)
    if not non_null:
        return tally
    # The pattern is a literal so that DuckDB compiles it once; only candidates leave DuckDB.
    sql = (
        f"select v from (select cast({col} as varchar) as v from {relation}) "
        f"where regexp_matches(v, {_literal(CANDIDATE_PATTERN)})"
    )
    for batch in con.sql(sql).to_arrow_reader(BATCH_ROWS):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        tally.add(frame.get_column("v"))
    return tally


def _scan_relation(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    columns: Iterable[tuple[str, str]],
    where: Callable[[str], str],
    exclude: Sequence[str] = (),
) -> list[PiiFinding]:
    out: list[PiiFinding] = []
    for column, dtype in columns:
        if column in exclude:
            continue
        out += _scan_column(con, relation, column, dtype).findings(where(column))
    return out


def scan_duckdb(
    con: duckdb.DuckDBPyConnection,
    schemas: Sequence[str] | None = None,
    exclude_columns: Sequence[str] = (),
) -> list[PiiFinding]:
    """Every column of every table and view in ``schemas`` (default: all but the catalogs) of
    the connection's database, whole columns, every type cast to VARCHAR. ``exclude_columns``
    names columns to skip, bare (``person_key``) or qualified (``marts.fct_x.person_key``).
    Findings are ``schema.table.column``."""
    sql = (
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() "
        "and table_schema not in ('information_schema', 'pg_catalog')"
    )
    if schemas is not None:
        if not schemas:
            return []
        sql += " and table_schema in (" + ", ".join(_literal(s) for s in schemas) + ")"
    sql += " order by table_schema, table_name, ordinal_position"
    skip = set(exclude_columns)
    out: list[PiiFinding] = []
    for schema, table, column, dtype in con.execute(sql).fetchall():
        qualified = f"{schema}.{table}.{column}"
        if column in skip or qualified in skip or f"{table}.{column}" in skip:
            continue
        relation = f"{_ident(schema)}.{_ident(table)}"
        out += _scan_column(con, relation, column, dtype).findings(qualified)
    return out


def _described(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"describe select * from {relation}").fetchall()]


def scan_frame(
    df: pl.DataFrame | pl.LazyFrame | pd.DataFrame, where: str = "", exclude: tuple[str, ...] = ()
) -> list[PiiFinding]:
    """Every column of a polars or pandas frame, of every type. Findings are ``where.column``
    (or the column name when ``where`` is empty)."""
    import duckdb

    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    elif not isinstance(df, pl.DataFrame):
        df = _uniform_objects(df)
    with duckdb.connect() as con:
        con.register("pii_frame", df)
        columns = _described(con, "pii_frame")
        return _scan_relation(
            con,
            "pii_frame",
            columns,
            lambda c: f"{where}.{c}" if where else str(c),
            tuple(str(e) for e in exclude),
        )


def _uniform_objects(df: pd.DataFrame) -> pd.DataFrame:
    """A pandas frame whose object columns mixing Python types (rows of a JSON API: 5, "x",
    Decimal) hold their text instead, which DuckDB reads as VARCHAR."""
    mixed = [
        c
        for c in df.columns
        if df[c].dtype == object and len({type(v) for v in df[c].dropna()}) > 1
    ]
    if not mixed:
        return df
    import pandas as pd

    def text(v: object) -> str | None:
        try:
            missing = bool(pd.isna(v))
        except (TypeError, ValueError):  # a list or an array: not missing
            missing = False
        return None if missing else str(v)

    out = df.copy()
    for c in mixed:
        out[c] = df[c].map(text).astype(object)
    return out


def _parquet_files(paths: str | Path | Sequence[str | Path]) -> list[str]:
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    files: list[str] = []
    for item in map(str, items):
        if glob.has_magic(item):
            files += sorted(glob.glob(item, recursive=True))
        elif Path(item).is_dir():
            files += sorted(str(p) for p in Path(item).rglob("*.parquet"))
        elif Path(item).exists():
            files.append(item)
    return files


def scan_parquet(
    paths: str | Path | Sequence[str | Path], where: str, exclude: tuple[str, ...] = ()
) -> list[PiiFinding]:
    """Every column of Parquet files (a glob, a directory, a path or a list of them; nothing
    matched → no findings), read by DuckDB in a stream. Findings are ``where:column``."""
    import duckdb

    files = _parquet_files(paths)
    if not files:
        return []
    listing = "[" + ", ".join(_literal(f) for f in files) + "]"
    with duckdb.connect() as con:
        con.execute(
            "create view pii_parquet as select * from "
            f"read_parquet({listing}, union_by_name = true, hive_partitioning = false)"
        )
        columns = _described(con, "pii_parquet")
        return _scan_relation(con, "pii_parquet", columns, lambda c: f"{where}:{c}", exclude)


# ---- per-row national-ID flags (quality.validate's PII expectation) ------------------------


def national_id_check_digit(first12: str) -> int:
    """The check digit of the first 12 digits of an ID, as an int (kept for callers of the old
    name; the rule is :func:`ingestion.thai.check_digit`)."""
    return int(check_digit(first12))


def _polars_columns(df: Any) -> pl.DataFrame:
    """The text and numeric columns of a pandas or polars frame, as polars."""
    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    if isinstance(df, pl.DataFrame):
        keep = [
            n
            for n, t in df.schema.items()
            if t == pl.String or isinstance(t, pl.Categorical | pl.Enum) or t.is_numeric()
        ]
        return df.select(keep)
    import pandas as pd

    data: dict[str, pl.Series] = {}
    for name in df.columns:
        s = df[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_bool_dtype(s.dtype):
            continue
        if pd.api.types.is_numeric_dtype(s.dtype):
            data[str(name)] = pl.Series(str(name), s.to_numpy())
        elif pd.api.types.is_string_dtype(s.dtype):
            values = s.astype(object).where(s.notna(), None).tolist()
            if all(v is None or isinstance(v, str) for v in values):
                data[str(name)] = pl.Series(str(name), values, dtype=pl.String)
    return pl.DataFrame(data)


def national_id_mask(series: pl.Series) -> pl.Series:
    """Boolean Series: which values hold a valid Thai national ID (text: any form; numbers:
    only in a column that holds IDs, see the module docstring)."""
    text = series.cast(pl.String)
    candidate = text.str.contains(ID_RUN_PATTERN).fill_null(False)
    ids = pl.Series(series.name, [False] * len(series), dtype=pl.Boolean)
    if not candidate.any():
        return ids
    flags = national_ids_in_text(text.filter(candidate))
    valid = flags.get_column("valid")
    if series.dtype.is_numeric() and valid.sum() < NUMERIC_ID_SHARE * flags["shaped"].sum():
        return ids  # 13-digit amounts passing the check digit by chance
    return ids.scatter(candidate.arg_true(), valid)


def national_id_columns_per_row(df: Any, exclude: tuple[str, ...] = ()) -> pl.Series:
    """Per row, the names of the columns (comma-separated) that hold a valid national ID, or
    null when the row is clean. Never returns the IDs themselves."""
    frame = _polars_columns(df)
    height = len(df)
    flags = {c: national_id_mask(frame[c]) for c in frame.columns if c not in exclude}
    flags = {c: m for c, m in flags.items() if m.any()}
    if not flags:
        return pl.Series("pii", [None] * height, dtype=pl.String)
    names = pl.concat_list(
        pl.when(pl.col(c)).then(pl.lit(c)).otherwise(None) for c in flags
    ).list.drop_nulls()
    return (
        pl.DataFrame(flags)
        .select(
            pl.when(names.list.len() > 0).then(names.list.join(", ")).otherwise(None).alias("pii")
        )
        .to_series()
    )


def find_national_ids(
    df: pd.DataFrame | pl.DataFrame, exclude: tuple[str, ...] = ()
) -> dict[str, int]:
    """{column: number of rows holding a valid national ID}, only for columns that have any."""
    frame = _polars_columns(df)
    out: dict[str, int] = {}
    for c in frame.columns:
        if c not in exclude and (n := int(national_id_mask(frame[c]).sum())):
            out[c] = n
    return out
