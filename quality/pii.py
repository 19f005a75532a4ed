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

How: the cheap candidate test runs where the data is (DuckDB, over whole columns, no sampling):
the candidate regex over the text, or for integers and decimals the range test that is the same
thing (a 13-digit integer part; integers narrower than 13 digits and decimals without room for
13 digits hold none). One query per relation counts the candidates of all its columns in one
scan; only columns with candidates are read again, in one more query that has DuckDB count each
distinct candidate value (its aggregate spills to disk within the connection's memory_limit).
Those reach Python in batches of :data:`BATCH_ROWS` (bounded memory), where the exact rules run
once per distinct value, vectorised in polars (IDs, names) or in Python (phones).

Views (:func:`scan_duckdb`): a view whose query reads only relations scanned whole in the same
call is not run again, since it can show nothing they do not hold; a view that reads files
(``read_parquet``, ``read_csv``, a path), any table function, a relation outside the scanned
schemas or with excluded columns, calls a user macro, writes personal data in its literals, or
cannot be parsed, is scanned like a table. (A view that assembled an ID from clean parts of
scanned tables would pass unseen; no model in this warehouse does, and dbt tables are scanned.)
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

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

_T = TypeVar("_T")
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
# A phone as has_phone reads it (Thai digits, no-break spaces) and never glued to a letter or a
# digit (the exact rule's look-arounds, as boundary characters): hex hashes are no candidates.
_PHONE_SEP = "[ \u00a0\u202f-]"
_PHONE_CANDIDATE = (
    "(?:^|[^0-9๐-๙A-Za-z,/:+])"
    f"(?:(?:\\+|[0๐][0๐])[6๖][6๖]|[0๐]{_PHONE_SEP}?[1-9๑-๙](?:{_PHONE_SEP}?[0-9๐-๙]){{6,}}"
    "(?:[^0-9๐-๙A-Za-z]|$))"
)
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
def _dictionaries() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The given-name, family-name and word lists as Python sets: a lookup per value costs
    less than polars' ``is_in``, which hashes the 62 000-word list again on every call."""
    return frozenset(given_names()), frozenset(family_names()), frozenset(thai_words())


def _member(values: pl.Series, words: frozenset[str]) -> pl.Series:
    """Per value: in ``words`` (null: False)."""
    return pl.Series([v in words for v in values.to_list()], dtype=pl.Boolean)


def _name_flags(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Per value: (a person's name, a single dictionary name such as a first-name cell)."""
    given, family, words = _dictionaries()
    n = values.cast(pl.String).str.replace_all(f"{_SPACE}+", " ").str.strip_chars()
    pair = n.str.extract_groups(f"^({_THAI_WORD}) ({_THAI_WORD})$")
    name = _member(pair.struct.field("1"), given) & _member(pair.struct.field("2"), family)
    single = n.str.contains(f"^{_THAI_WORD}$").fill_null(False) & (
        _member(n, given) | _member(n, family)
    )
    for title in TITLES:
        t = re.escape(title)
        # a title and two words, the whole value (names outside the dictionary)
        first = n.str.extract_groups(f"^{t} ?({_THAI_WORD}) ({_THAI_WORD})$").struct.field("1")
        name = name | (first.is_not_null() & ~_member(title + first, words))
    # a title followed by a given name anywhere in the text
    rows: set[int] = set()
    for title in TITLES:
        found = (
            pl.DataFrame({"m": n.str.extract_all(f"{re.escape(title)} ?{_THAI_WORD}")})
            .with_row_index("i")
            .explode("m")
            .drop_nulls("m")
        )
        if found.height:
            m = found.get_column("m")
            rest = m.str.strip_prefix(title).str.strip_chars_start()
            ok = _member(rest, given) & ~_member(m.str.replace_all(" ", ""), words)
            rows.update(found.get_column("i").filter(ok).to_list())
    if rows:
        name = name | pl.Series(range(len(n))).is_in(sorted(rows))
    return name, single


@dataclass
class _Tally:
    """What one column holds, accumulated over candidate batches."""

    numeric: bool
    non_null: int
    rows: dict[str, int] = field(default_factory=dict)
    single_names: set[str] = field(default_factory=set)

    def add(self, counts: pl.DataFrame) -> None:
        """Count the rows of one batch of candidate values, given as distinct values ``v`` (text)
        and their rows ``n`` (each distinct value checked once, each rule only on the values its
        own candidate pattern admits)."""
        counts = counts.select(pl.col("v").cast(pl.String), pl.col("n")).drop_nulls("v")
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

#: Columns counted per candidate query (one scan of the relation each), so that a very wide
#: table's query stays small enough to plan quickly.
COLUMNS_PER_QUERY = 64

# Integer types too narrow for 13 digits (10 at most): their text holds no ID, and no number
# holds a phone (no leading 0) or a name.
_SHORT_INTEGERS = re.compile(
    r"^(?:TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$", re.IGNORECASE
)
_SIGNED_LONG_INTEGERS = re.compile(r"^(?:BIGINT|HUGEINT)$", re.IGNORECASE)
_UNSIGNED_LONG_INTEGERS = re.compile(r"^(?:UBIGINT|UHUGEINT)$", re.IGNORECASE)
_DECIMAL = re.compile(r"^(?:DECIMAL|NUMERIC)\((\d+),\s*(\d+)\)$", re.IGNORECASE)
_THIRTEEN_DIGITS = "between 1000000000000 and 9999999999999"
_FLOATS = re.compile(r"^(?:FLOAT|DOUBLE|REAL|FLOAT4|FLOAT8|DECIMAL.*|NUMERIC.*)$", re.IGNORECASE)
# What the ID rules count in a number's text (digits, one point, an exponent): a token of
# exactly 13 digits. Narrower than CANDIDATE_PATTERN, which a ratio's 17 digits would match.
_THIRTEEN_DIGIT_TOKEN = "(?:^|[^0-9A-Za-z])[0-9]{13}(?:[^0-9A-Za-z]|$)"


@dataclass(frozen=True)
class _Column:
    name: str
    dtype: str
    where: str  # how findings name it


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _candidate_sql(column: str, dtype: str) -> str | None:
    """A SQL Boolean over one column: this value may hold personal data (the cheap test, true
    for every value the exact rules could flag); None when the type provably holds none."""
    col = _ident(column)
    t = dtype.strip()
    if _SKIPPED_TYPES.match(t) or _SHORT_INTEGERS.match(t):
        return None
    # A number's text is its digits: only a 13-digit integer part is ID-shaped (what the numeric
    # rule counts), and a number holds no phone (no leading 0, none after a decimal point) and
    # no name. So a range test, not a cast and a regex over every value.
    if _UNSIGNED_LONG_INTEGERS.match(t):
        return f"{col} {_THIRTEEN_DIGITS}"
    if _SIGNED_LONG_INTEGERS.match(t):
        return f"({col} {_THIRTEEN_DIGITS} or {col} between -9999999999999 and -1000000000000)"
    if m := _DECIMAL.match(t):
        width, scale = int(m[1]), int(m[2])
        tests = []
        if width - scale >= 13:  # room for an integer part of 13 digits
            tests.append(f"(abs({col}) >= 1000000000000 and abs({col}) < 10000000000000)")
        if scale == 13:  # the text always shows 13 decimals: every value is ID-shaped
            tests.append(f"{col} is not null")
        return " or ".join(tests) if tests else None
    if _FLOATS.match(t):  # 1101700230708.0, 0.1101700230708: found in the text
        return f"regexp_matches(cast({col} as varchar), {_literal(_THIRTEEN_DIGIT_TOKEN)})"
    text = col if t.upper() == "VARCHAR" else f"cast({col} as varchar)"
    # The pattern is a literal so that DuckDB compiles it once.
    return f"regexp_matches({text}, {_literal(CANDIDATE_PATTERN)})"


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _candidate_counts(
    con: duckdb.DuckDBPyConnection, relation: str, tests: Sequence[tuple[_Column, str]]
) -> list[tuple[int, int]]:
    """Per column: (non-null values, candidate values); all columns counted in one scan."""
    out: list[tuple[int, int]] = []
    for chunk in _chunks(tests, COLUMNS_PER_QUERY):
        select = ", ".join(f"count({_ident(c.name)}), count_if({test})" for c, test in chunk)
        ((*row,),) = con.execute(f"select {select} from {relation}").fetchall()
        # count_if over no rows is NULL, not 0
        out += [(int(row[2 * i]), int(row[2 * i + 1] or 0)) for i in range(len(chunk))]
    return out


def _tally_candidates(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    wanted: Sequence[tuple[int, _Column, str]],
    tallies: dict[int, _Tally],
) -> None:
    """The candidate values of several columns, in one scan: DuckDB counts each distinct value
    (its aggregate spills to disk beyond the memory limit); Python reads them in batches of
    :data:`BATCH_ROWS` and runs the exact rules once per distinct value."""
    for chunk in _chunks(wanted, COLUMNS_PER_QUERY):
        fields = ", ".join(
            f"case when {test} then cast({_ident(c.name)} as varchar) end as {_ident(str(k))}"
            for k, c, test in chunk
        )
        names = ", ".join(_ident(str(k)) for k, _, _ in chunk)
        # UNPIVOT leaves out the nulls: only candidate values reach the aggregate.
        sql = (
            "select cast(k as integer) as k, v, count(*) as n from "
            f"(unpivot (select {fields} from {relation}) on {names} into name k value v) "
            "group by k, v"
        )
        for batch in con.sql(sql).to_arrow_reader(BATCH_ROWS):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            for (k,), part in frame.partition_by("k", as_dict=True).items():
                tallies[int(k)].add(part)


def _scan_relation(
    con: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[_Column]
) -> list[PiiFinding]:
    """All ``columns`` of one relation: one scan counts the candidates of every column; one
    more fetches the candidate values of the columns that have any (none: one scan in all)."""
    tests = [(c, t) for c in columns if (t := _candidate_sql(c.name, c.dtype)) is not None]
    tallies: dict[int, _Tally] = {}
    wanted: list[tuple[int, _Column, str]] = []
    for k, ((column, test), (non_null, candidates)) in enumerate(
        zip(tests, _candidate_counts(con, relation, tests), strict=True)
    ):
        if candidates:
            numeric = bool(_NUMERIC_TYPES.match(column.dtype.strip()))
            tallies[k] = _Tally(numeric=numeric, non_null=non_null)
            # every value a candidate (a column of Thai labels): no need to test them again
            wanted.append((k, column, "true" if candidates == non_null else test))
    _tally_candidates(con, relation, wanted, tallies)
    return [
        f for k, (c, _) in enumerate(tests) if k in tallies for f in tallies[k].findings(c.where)
    ]


@contextmanager
def _scanning(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Settings for whole-relation scans, restored after: rows in any order (DuckDB then streams
    and aggregates without keeping them in sequence). The connection's memory_limit and
    threads stay as its owner set them (publish bounds them)."""
    ((before,),) = con.execute("select current_setting('preserve_insertion_order')").fetchall()
    con.execute("set preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute(f"set preserve_insertion_order = {'true' if before else 'false'}")


# ---- which views need a scan of their own ---------------------------------------------------

# A qualified name as DuckDB writes it in a view's stored definition.
_IDENT_SQL = r'(?:"(?:[^"]|"")*"|[^\s".(),;]+)'
_VIEW_HEAD = re.compile(
    r"^\s*create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?view\s+(?:if\s+not\s+exists\s+)?"
    rf"{_IDENT_SQL}(?:\s*\.\s*{_IDENT_SQL}){{0,2}}"
    rf"\s*(?:\(\s*{_IDENT_SQL}(?:\s*,\s*{_IDENT_SQL})*\s*\))?\s+as\s+",
    re.IGNORECASE | re.DOTALL,
)
# Table references that read something other than a named relation (files, other engines,
# function results): a view with one is scanned.
_FOREIGN_REFS = frozenset(
    {"TABLE_FUNCTION", "SHOW_REF", "COLUMN_DATA", "DELIM_GET", "BOUND_TABLE_REF", "INVALID"}
)

_Name = tuple[str, str, str]  # (catalog, schema, name), lower case; '' where not written


@dataclass
class _ViewQuery:
    """What a view's query names, from DuckDB's own parse of it."""

    reads: set[_Name] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    constants: list[str] = field(default_factory=list)


def _view_query(con: duckdb.DuckDBPyConnection, definition: str) -> _ViewQuery | None:
    """The relations, functions and literals of a view's query; None when it reads anything but
    named relations (``read_parquet``, ``read_csv``, any table function) or cannot be parsed."""
    head = _VIEW_HEAD.match(definition)
    if head is None:
        return None
    query = definition[head.end() :].rstrip().rstrip(";")
    ((tree,),) = con.execute("select json_serialize_sql(?)", [query]).fetchall()
    parsed = json.loads(tree)
    if parsed.get("error"):
        return None
    found = _ViewQuery()

    def walk(node: object, ctes: frozenset[str]) -> bool:
        if isinstance(node, list):
            return all(walk(item, ctes) for item in node)
        if not isinstance(node, dict):
            return True
        if isinstance(node.get("cte_map"), dict):
            ctes = ctes | {str(e["key"]).lower() for e in node["cte_map"].get("map", [])}
        kind = node.get("type")
        if isinstance(kind, str) and kind in _FOREIGN_REFS:
            return False
        if kind == "BASE_TABLE":
            name = tuple(str(node.get(k) or "").lower() for k in _NAME_KEYS)
            if name[:2] != ("", "") or name[2] not in ctes:  # a CTE's name is no relation
                found.reads.add((name[0], name[1], name[2]))
        if node.get("class") == "FUNCTION":
            found.functions.add(str(node.get("function_name", "")).lower())
        if node.get("class") == "CONSTANT":
            found.constants += _strings(node.get("literal", node.get("value")))
        return all(walk(value, ctes) for value in node.values())

    return found if walk(parsed.get("statements", []), frozenset()) else None


_NAME_KEYS = ("catalog_name", "schema_name", "table_name")


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [str(node)] if isinstance(node, str | int | float) else []


def _holds_personal_data(values: list[str]) -> bool:
    """The exact rules over a few values (a view's literals), as over a column of them."""
    counts = pl.DataFrame({"v": values}, schema={"v": pl.String}).group_by("v").len("n")
    tally = _Tally(numeric=False, non_null=len(values))
    tally.add(counts)
    return any(tally.counts().values())


@dataclass(frozen=True)
class _Catalog:
    """Every relation and user macro on the connection, in every attached database, by lower
    case name: what a view's reference could name."""

    relations: frozenset[_Name]
    catalogs: frozenset[str]
    macros: frozenset[str]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> _Catalog:
        relations = con.execute(
            "select lower(database_name), lower(schema_name), lower(table_name) "
            "from duckdb_tables() union all "
            "select lower(database_name), lower(schema_name), lower(view_name) "
            "from duckdb_views() where not internal"
        ).fetchall()
        catalogs = con.execute("select lower(database_name) from duckdb_databases()").fetchall()
        macros = con.execute(
            "select lower(function_name) from duckdb_functions() "
            "where function_type like '%macro%' and not internal"
        ).fetchall()
        return cls(
            frozenset((str(c), str(s), str(n)) for c, s, n in relations),
            frozenset(str(c) for (c,) in catalogs),
            frozenset(str(m) for (m,) in macros),
        )

    def candidates(self, ref: _Name) -> set[_Name]:
        """Every relation a reference could name (catalog.schema.name, schema.name or
        catalog.name, name alone under any search path); empty when it names none."""
        catalog, schema, name = ref
        return {
            (c, s, n)
            for c, s, n in self.relations
            if n == name
            and (
                (catalog and (c, s) == (catalog, schema))
                or (not catalog and schema and (s == schema or (c, s) == (schema, "main")))
                or (not catalog and not schema)
            )
        }


def _covered(
    query: _ViewQuery | None, definition: str, catalog: _Catalog, scanned: set[_Name]
) -> bool:
    """A view needs no scan of its own when it reads only relations scanned whole (tables, or
    views scanned or covered themselves), calls no user macro (whose body could read other
    relations) and writes no personal data as literals."""
    if query is None or query.functions & catalog.macros:
        return False
    for ref in query.reads:
        names = catalog.candidates(ref)
        if not names or not names <= scanned:
            return False
    return not _holds_personal_data([*query.constants, definition])


@dataclass(frozen=True)
class _Relation:
    schema: str
    name: str
    is_view: bool
    columns: tuple[tuple[str, str], ...]


def _relations(con: duckdb.DuckDBPyConnection, schemas: Sequence[str] | None) -> list[_Relation]:
    sql = (
        "select c.table_schema, c.table_name, t.table_type = 'VIEW', c.column_name, c.data_type "
        "from information_schema.columns c join information_schema.tables t "
        "using (table_catalog, table_schema, table_name) "
        "where c.table_catalog = current_database() "
        "and c.table_schema not in ('information_schema', 'pg_catalog')"
    )
    if schemas is not None:
        sql += " and c.table_schema in (" + ", ".join(_literal(s) for s in schemas) + ")"
    sql += " order by c.table_schema, c.table_name, c.ordinal_position"
    grouped: dict[tuple[str, str, bool], list[tuple[str, str]]] = {}
    for schema, table, is_view, column, dtype in con.execute(sql).fetchall():
        grouped.setdefault((schema, table, bool(is_view)), []).append((column, dtype))
    return [_Relation(s, t, v, tuple(cols)) for (s, t, v), cols in grouped.items()]


def scan_duckdb(
    con: duckdb.DuckDBPyConnection,
    schemas: Sequence[str] | None = None,
    exclude_columns: Sequence[str] = (),
) -> list[PiiFinding]:
    """Every column of every table in ``schemas`` (default: all but the catalogs) of the
    connection's database, whole columns, every type cast to VARCHAR; and every view there that
    could show data no scanned table holds. ``exclude_columns`` names columns to skip, bare
    (``person_key``) or qualified (``marts.fct_x.person_key``). Findings are
    ``schema.table.column``.

    Each relation is read in about one pass: one query counts the candidates of all its columns
    (:data:`COLUMNS_PER_QUERY` at a time), one more fetches the distinct candidate values of the
    columns that have any.

    Views: a view is not run again when its query (DuckDB's parse of its stored definition)
    reads only relations already scanned whole (tables here, and views scanned or skipped
    under this rule), calls no user macro and writes no personal data in its literals: what it
    shows, the scans have seen. A view that reads files (``read_parquet``, ``read_csv``, a
    path), calls any table function, reads a relation outside ``schemas`` or one with excluded
    columns, or cannot be parsed, is scanned like a table."""
    if schemas is not None and not schemas:
        return []
    relations = _relations(con, schemas)
    ((database,),) = con.execute("select lower(current_database())").fetchall()
    catalog = _Catalog.read(con)
    skip = set(exclude_columns)
    found: dict[_Relation, list[PiiFinding]] = {}
    scanned: set[_Name] = set()  # relations whose every column was scanned or covered

    def key(rel: _Relation) -> _Name:
        return (str(database), rel.schema.lower(), rel.name.lower())

    def scan(rel: _Relation) -> None:
        columns = [
            _Column(c, t, f"{rel.schema}.{rel.name}.{c}")
            for c, t in rel.columns
            if not {c, f"{rel.schema}.{rel.name}.{c}", f"{rel.name}.{c}"} & skip
        ]
        found[rel] = _scan_relation(con, f"{_ident(rel.schema)}.{_ident(rel.name)}", columns)
        if len(columns) == len(rel.columns):
            scanned.add(key(rel))

    views = {key(rel): rel for rel in relations if rel.is_view}
    definitions = dict(
        ((str(database), s.lower(), n.lower()), sql)
        for s, n, sql in con.execute(
            "select schema_name, view_name, sql from duckdb_views() "
            "where database_name = current_database() and not internal"
        ).fetchall()
    )

    def decide(rel: _Relation) -> None:
        if rel in found:
            return
        found[rel] = []
        definition = definitions.get(key(rel), "")
        query = _view_query(con, definition)
        for ref in query.reads if query is not None else ():
            for name in catalog.candidates(ref):
                if name in views:
                    decide(views[name])
        if _covered(query, definition, catalog, scanned):
            scanned.add(key(rel))
        else:
            scan(rel)

    with _scanning(con):
        for rel in relations:
            if not rel.is_view:
                scan(rel)
        for rel in views.values():
            decide(rel)
    return [f for rel in relations for f in found[rel]]


def _described(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    where: Callable[[str], str],
    exclude: Sequence[str] = (),
) -> list[_Column]:
    """The columns of a relation, but those in ``exclude``, each named by ``where``."""
    described = con.execute(f"describe select * from {relation}").fetchall()
    return [_Column(str(c), str(t), where(str(c))) for c, t, *_ in described if c not in exclude]


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
    with duckdb.connect() as con, _scanning(con):
        con.register("pii_frame", df)
        columns = _described(
            con,
            "pii_frame",
            lambda c: f"{where}.{c}" if where else c,
            tuple(str(e) for e in exclude),
        )
        return _scan_relation(con, "pii_frame", columns)


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
    with duckdb.connect() as con, _scanning(con):
        con.execute(
            "create view pii_parquet as select * from "
            f"read_parquet({listing}, union_by_name = true, hive_partitioning = false)"
        )
        columns = _described(con, "pii_parquet", lambda c: f"{where}:{c}", exclude)
        return _scan_relation(con, "pii_parquet", columns)


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
