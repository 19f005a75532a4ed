"""How quality.pii.scan_duckdb reads a warehouse: about one pass per table (one query counts the
candidates of all its columns, one more fetches them only when there are any), views run again
only when they could show data no scanned table holds, and the cheap numeric tests never miss a
value the exact rules would flag."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from ingestion.thai import national_ids_in_text, with_check_digit
from quality import pii
from quality.pii import PiiFinding, scan_duckdb

VALID = with_check_digit("110170020345")
DASHED = f"{VALID[0]}-{VALID[1:5]}-{VALID[5:10]}-{VALID[10:12]}-{VALID[12]}"


class Counting:
    """The connection, recording every statement scan_duckdb sends through it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args):
        self.statements.append(sql)
        return self.con.execute(sql, *args)

    def sql(self, sql: str, *args):
        self.statements.append(sql)
        return self.con.sql(sql, *args)

    def reading(self, schema: str, name: str) -> list[str]:
        """The statements that read a relation."""
        relation = re.compile(rf'from "{schema}"\."{name}"(?![\w"])', re.IGNORECASE)
        return [s for s in self.statements if relation.search(s)]


def scan(con: duckdb.DuckDBPyConnection, *args, **kw) -> tuple[list[PiiFinding], Counting]:
    counting = Counting(con)
    return scan_duckdb(counting, *args, **kw), counting  # type: ignore[arg-type]


def _clean_table(con: duckdb.DuckDBPyConnection, name: str, rows: int) -> None:
    """Ints, varchar codes and decimals, none of them a candidate (no 13-digit number, no
    phone-like digits, no Thai text)."""
    con.execute(
        f"create table {name} as select i as n, cast(i % 100 as integer) as small, "
        "'TH-' || cast(i % 77 as varchar) as province_code, "
        "cast(i * 1.5 as decimal(18, 2)) as wage, cast(i as double) / 8 as ratio, "
        "'A' || cast(i % 9 as varchar) as status from range(?) t(i)",
        [rows],
    )


# ---- one pass per table -----------------------------------------------------------------------


def test_a_clean_table_is_read_once():
    with duckdb.connect() as con:
        con.execute("create schema marts")
        _clean_table(con, "marts.fct_clean", 50_000)
        findings, counting = scan(con, ["marts"])
        assert findings == []
        assert len(counting.reading("marts", "fct_clean")) == 1


def test_an_empty_table_is_clean():
    """count_if over no rows is NULL: an empty mart (a month with no events) must not fail."""
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_empty (person_key varchar, n bigint, amount double)")
        assert scan_duckdb(con, ["marts"]) == []


def test_a_table_with_candidates_is_read_twice_whatever_its_width():
    with duckdb.connect() as con:
        con.execute("create schema marts")
        _clean_table(con, "marts.fct_x", 50_000)
        # candidates in two columns, one of them a leak in the last row
        con.execute(f"alter table marts.fct_x add column note varchar default '{DASHED}'")
        con.execute("update marts.fct_x set note = 'กรุงเทพมหานคร' where n < 49999")
        con.execute("alter table marts.fct_x add column account varchar default '0105500001'")
        findings, counting = scan(con, ["marts"])
        assert findings == [PiiFinding("marts.fct_x.note", "national_id", 1)]
        assert len(counting.reading("marts", "fct_x")) == 2


def test_a_wide_table_is_counted_in_chunks_and_nothing_is_missed():
    width = 2 * pii.COLUMNS_PER_QUERY + 5
    with duckdb.connect() as con:
        con.execute("create schema staging")
        columns = ", ".join(f"'x{c}' as c{c}" for c in range(width - 1))
        con.execute(
            f"create table staging.wide as select {columns}, i as last from range(1000) t(i)"
        )
        findings, counting = scan(con, ["staging"])
        assert findings == []
        assert len(counting.reading("staging", "wide")) == 3  # 3 chunks of counts, no fetch
        con.execute(f"update staging.wide set last = {int(VALID)} where last = 999")
        con.execute("update staging.wide set c7 = 'โทร 081-234-5678' where last = 998")
        findings, counting = scan(con, ["staging"])
        assert findings == [
            PiiFinding("staging.wide.c7", "phone", 1),
            # the column's only 13-digit value is a valid ID: a column of IDs
            PiiFinding("staging.wide.last", "national_id", 1),
        ]
        assert len(counting.reading("staging", "wide")) == 3 + 1  # and one fetch


def test_the_scan_keeps_the_connections_settings():
    with duckdb.connect(config={"memory_limit": "1GB"}) as con:
        con.execute("create schema marts")
        _clean_table(con, "marts.fct_clean", 1_000)
        before = con.execute(
            "select current_setting('memory_limit'), current_setting('preserve_insertion_order')"
        ).fetchall()
        scan_duckdb(con, ["marts"])
        after = con.execute(
            "select current_setting('memory_limit'), current_setting('preserve_insertion_order')"
        ).fetchall()
        assert after == before


# ---- views --------------------------------------------------------------------------------------


def _leaky_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema staging")
    con.execute("create schema marts")
    con.execute(
        "create table staging.stg_y as select i, "
        f"case when i = 99999 then '{DASHED}' else 'x' end as note from range(100000) t(i)"
    )


def test_a_view_over_a_scanned_table_is_found_once_through_the_table():
    with duckdb.connect() as con:
        _leaky_table(con)
        con.execute("create view marts.v_leak as select note, i + 1 as j from staging.stg_y")
        con.execute(
            "create view marts.v_cte as with s as (select * from staging.stg_y) "
            "select note from s where i > 5"
        )
        con.execute("create view marts.v_of_view as select * from marts.v_leak")
        findings, counting = scan(con, ["staging", "marts"])
        assert findings == [PiiFinding("staging.stg_y.note", "national_id", 1)]
        for view in ("v_leak", "v_cte", "v_of_view"):
            assert counting.reading("marts", view) == []


@pytest.mark.parametrize(
    "reader",
    [
        "read_parquet('{parquet}')",
        "'{parquet}'",  # a path as a table name (DuckDB's replacement scan)
        "read_csv('{csv}')",
        "(select * from read_parquet('{parquet}') where i > 0) t",
    ],
)
def test_a_view_over_files_is_scanned(tmp_path, reader):
    parquet, csv = tmp_path / "leak.parquet", tmp_path / "leak.csv"
    frame = pl.DataFrame({"i": range(1000), "note": ["x"] * 999 + [DASHED]})
    frame.write_parquet(parquet)
    frame.write_csv(csv)
    with duckdb.connect() as con:
        con.execute("create schema staging")
        con.execute("create schema intermediate")
        source = reader.format(parquet=parquet, csv=csv)
        con.execute(f"create view staging.stg_files as select i, note from {source}")
        con.execute("create view intermediate.int_x as select note from staging.stg_files")
        findings, counting = scan(con, ["staging", "intermediate"])
        # found in the view that reads the file; the view over that view is not run again
        assert findings == [PiiFinding("staging.stg_files.note", "national_id", 1)]
        assert counting.reading("intermediate", "int_x") == []


def test_a_view_reading_what_was_not_scanned_is_scanned():
    with duckdb.connect() as con:
        _leaky_table(con)
        con.execute(
            f"create table main.raw as select '{DASHED}' as note"  # outside the scanned schemas
        )
        con.execute("create view marts.v_raw as select note from main.raw")
        con.execute("create view marts.v_unqualified as select note from raw")
        con.execute("create macro last_note() as (select note from main.raw)")
        con.execute("create view marts.v_macro as select last_note() as note from staging.stg_y")
        con.execute(f"create view marts.v_literal as select '{VALID}' as note")
        con.execute(
            "create view marts.v_literal_over_table as "
            "select 'นายสมชาย ใจดี' as who, i from staging.stg_y"
        )
        con.execute("create view marts.v_values as select * from (values (1), (2)) t(n)")
        con.execute("create view marts.v_over_table as select note from staging.stg_y")
        findings, counting = scan(con, ["staging", "marts"])
        got = {(f.where, f.kind): f.rows for f in findings}
        assert got == {
            ("staging.stg_y.note", "national_id"): 1,
            # their table is outside the scan
            ("marts.v_raw.note", "national_id"): 1,
            ("marts.v_unqualified.note", "national_id"): 1,
            # a user macro's body can read any relation
            ("marts.v_macro.note", "national_id"): 100_000,
            # personal data written in the view itself
            ("marts.v_literal.note", "national_id"): 1,
            ("marts.v_literal_over_table.who", "person_name"): 100_000,
        }
        assert counting.reading("marts", "v_over_table") == []


def test_excluded_columns_never_hide_a_leak_behind_a_view():
    with duckdb.connect() as con:
        _leaky_table(con)
        con.execute("create view marts.v_leak as select note as remark from staging.stg_y")
        findings, counting = scan(con, ["staging", "marts"], exclude_columns=["stg_y.note"])
        assert findings == [PiiFinding("marts.v_leak.remark", "national_id", 1)]
        assert counting.reading("marts", "v_leak")


# ---- the numeric range tests are the text rule --------------------------------------------------


def _numbers(rng: random.Random) -> list[int]:
    edges = [0, 1, 10**12 - 1, 10**12, int(VALID), 10**13 - 1, 10**13, 10**15 + 3]
    some = [rng.randrange(10 ** (d - 1), 10**d) for d in range(1, 19) for _ in range(20)]
    return [n * sign for n in edges + some for sign in (1, -1)]


@pytest.mark.parametrize(
    "dtype",
    [
        "BIGINT",
        "HUGEINT",
        "UBIGINT",
        "INTEGER",
        "DECIMAL(18,2)",
        "DECIMAL(38,0)",
        "DECIMAL(38,13)",
        "DECIMAL(26,13)",
        "DECIMAL(12,2)",
        "DECIMAL(15,3)",
        "DOUBLE",
        "FLOAT",
    ],
)
def test_numeric_candidates_cover_every_id_shaped_value(dtype):
    """Whatever DuckDB prints for a number, a value whose text holds a 13-digit token (what
    the ID rules count, valid or not) passes the cheap range test of its type."""
    rng = random.Random(dtype)
    values = [Decimal(n) / Decimal(10) ** rng.randrange(0, 14) for n in _numbers(rng)]
    values += [Decimal(n) for n in _numbers(rng)] + [Decimal("9999999999999.5")]
    values += [Decimal(1) / Decimal(d) for d in range(1, 2000)]  # long fractions
    test = pii._candidate_sql("v", dtype)
    with duckdb.connect() as con:
        texts = pl.DataFrame({"s": [str(v) for v in values]})  # noqa: F841 (read by DuckDB)
        con.execute(f"create table t as select try_cast(s as {dtype}) as v from texts")
        select = f"cast(v as varchar), {test or 'false'}"
        rows = con.execute(f"select {select} from t where v is not null").fetchall()
    text = pl.Series([r[0] for r in rows], dtype=pl.String)
    shaped = national_ids_in_text(text).get_column("shaped").to_list()
    if test is not None:
        assert any(shaped)  # the values reach the 13-digit forms of this type
    missed = [t for t, s, (_, c) in zip(text, shaped, rows, strict=True) if s and not c]
    assert missed == []
    if test is None:  # a type skipped as provably clean holds no 13-digit token at all
        assert not any(shaped)


# ---- the phone candidate admits every phone -----------------------------------------------------


def test_every_phone_is_a_candidate():
    """Random text around phone-like digits: whatever has_phone finds, the cheap candidate
    pattern (run by DuckDB before has_phone sees anything) admits."""
    rng = random.Random(11)
    around = ["", " ", "x", "ก", "โทร.", "+", ",", "/", ":", ".", "1", "๑", "-", "\u00a0", "a1"]
    digits = "0123456789๐๑๒๓๔๕๖๗๘๙"
    separators = ["", "", "", " ", "-", "\u00a0", "\u202f"]
    candidate = re.compile(pii._PHONE_CANDIDATE)
    phones = 0
    for _ in range(20_000):
        start = rng.choice(["0", "๐", "+66", "0066", "๐๐๖๖", "+66 ", "66"])
        body = "".join(
            rng.choice(separators) + rng.choice(digits) for _ in range(rng.randint(7, 11))
        )
        text = rng.choice(around) + start + body + rng.choice(around)
        if pii.has_phone(text):
            phones += 1
            assert candidate.search(text), text
    assert phones > 1_000  # the corpus really holds phones of every form


def test_hex_hashes_are_no_phone_candidates():
    hashes = [f"{random.Random(i).getrandbits(128):032x}" for i in range(2000)]
    candidate = re.compile(pii._PHONE_CANDIDATE)
    # only a hash that starts with 0 and eight digits could be one
    assert sum(bool(candidate.search(h)) for h in hashes) < 20
