"""The personal-data detector (quality.pii): national IDs in any form and type, Thai person
names, Thai phone numbers; positives and negatives of each, across frames, DuckDB and Parquet.
It reports where and how many rows, never the values."""

from __future__ import annotations

import random
from decimal import Decimal

import duckdb
import pandas as pd
import polars as pl
import pytest

from ingestion.simulator import reference as sim
from ingestion.thai import provinces, with_check_digit
from quality.pii import (
    PiiFinding,
    find_national_ids,
    has_phone,
    is_valid_national_id,
    mask_national_ids,
    national_id_columns_per_row,
    national_id_mask,
    scan_duckdb,
    scan_frame,
    scan_parquet,
)
from quality.samples import pseudonym

VALID = with_check_digit("110170020345")
INVALID = VALID[:12] + str((int(VALID[12]) + 1) % 10)
NON_THAI = with_check_digit("012345678901")
OTHER = with_check_digit("310170023071")
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
DASHED = f"{VALID[0]}-{VALID[1:5]}-{VALID[5:10]}-{VALID[10:12]}-{VALID[12]}"


def found(df, **kw) -> dict[tuple[str, str], int]:
    return {(f.where, f.kind): f.rows for f in scan_frame(df, **kw)}


# ---- national IDs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        NON_THAI,  # non-Thai workers' IDs start with 0
        f"นาย ก เลขประจำตัว {VALID} กรุงเทพ",
        f"เลขที่{VALID}",  # Thai letters glued on
        f"id={VALID};",
        DASHED,
        DASHED.replace("-", " "),
        DASHED.replace("-", "."),
        DASHED.replace("-", "\u00a0"),
        VALID.translate(THAI),
        DASHED.translate(THAI),
        VALID[:5].translate(THAI) + VALID[5:],  # mixed digits
        f"sso_efiling/x/SPS110_{VALID}_000000.txt",
    ],
)
def test_valid_ids_are_found_in_any_form(text):
    assert national_id_mask(pl.Series([text])).to_list() == [True]
    assert found(pl.DataFrame({"c": [text]})) == {("c", "national_id"): 1}


@pytest.mark.parametrize(
    "text",
    [
        INVALID,  # wrong check digit
        f"ข้อความ {INVALID} ข้อความ",
        VALID + "0",  # 14-digit run
        "0" + VALID,
        with_check_digit("910170023070"),  # first digit 9 is never issued
        pseudonym("somebody"),  # base32 pseudonym
        "a1b2" + VALID + "ff",  # inside a hex-like token (e.g. a load id)
        "1000000001",  # employer account
        "2024-01-15 12:00:00",
        "",
    ],
)
def test_non_ids_are_not_found(text):
    assert national_id_mask(pl.Series([text])).to_list() == [False]
    assert ("c", "national_id") not in found(pl.DataFrame({"c": [text]}))


def test_pseudonyms_never_flag():
    keys = pl.Series([pseudonym(str(i)) for i in range(2000)])
    assert not national_id_mask(keys).any()
    assert scan_frame(pl.DataFrame({"person_key": keys})) == []


def test_ids_in_numeric_columns_of_every_type():
    ids = [VALID, OTHER, with_check_digit("510170023072")]
    df = pl.DataFrame(
        {
            "int64": [int(i) for i in ids],
            "decimal": pl.Series([Decimal(i) for i in ids], dtype=pl.Decimal(18, 2)),
            "float": [float(i) for i in ids],
            "text": ids,
            "with_nulls": [int(ids[0]), None, None],
        }
    )
    expected = {(c, "national_id"): 3 for c in ("int64", "decimal", "float", "text")}
    expected[("with_nulls", "national_id")] = 1
    assert found(df) == expected
    assert found(df.to_pandas()) == expected


def test_13_digit_amounts_are_not_ids():
    """One 13-digit number in ten passes the check digit by chance: in a numeric column of
    amounts (fund assets in baht) that is not a leak; in a column of IDs all of them pass."""
    rng = random.Random(3)
    amounts = [rng.randrange(10**12, 10**13) for _ in range(1000)]
    lucky = sum(is_valid_national_id(str(a)) for a in amounts)
    assert 50 < lucky < 200  # the chance really is about one in ten
    df = pl.DataFrame({"assets_baht": amounts, "decimal": [Decimal(a) for a in amounts]})
    assert scan_frame(df) == []
    first12 = [rng.randrange(10**11, 9 * 10**11) for _ in range(1000)]
    ids = pl.DataFrame({"ids": [int(with_check_digit(str(n))) for n in first12]})
    assert found(ids) == {("ids", "national_id"): 1000}


def test_columns_per_row_and_counts_polars_and_pandas():
    df = pl.DataFrame(
        {
            "record": [f"x {VALID}", INVALID, None, f"{DASHED}"],
            "note": ["ok", f"({VALID.translate(THAI)})", "ok", f"{VALID}"],
            "n": [1, 2, 3, 4],
            "person_key": [pseudonym(str(i)) for i in range(4)],
        }
    )
    assert national_id_columns_per_row(df).to_list() == ["record", "note", None, "record, note"]
    assert find_national_ids(df) == {"record": 2, "note": 2}
    assert find_national_ids(df.to_pandas()) == {"record": 2, "note": 2}
    assert find_national_ids(df, exclude=("note",)) == {"record": 2}
    cat = pd.DataFrame(
        {"c": pd.Categorical([VALID, "x"]), "o": pd.Series([VALID, None], dtype=object)}
    )
    assert find_national_ids(cat) == {"c": 1, "o": 1}
    assert find_national_ids(pl.DataFrame({"id": [int(VALID), 5]})) == {"id": 1}


def test_mask_hides_id_shaped_runs():
    assert VALID not in mask_national_ids(f"bad value {VALID}!")
    assert mask_national_ids("1000000001") == "1000000001"


# ---- person names ----------------------------------------------------------------------------

NAMES = [
    "สมชาย ใจดี",  # given name + family name
    " สมหญิง  มีสุข ",  # extra spaces
    "สมชาย\u00a0ใจดี",  # no-break space
    "นายสมชาย ใจดี",  # title
    "นาย สมชาย",  # title + given name
    "นางสาวสมหญิง",
    "น.ส.สมหญิง รักไทย",
    "ด.ช.สมชาย",
    "นายมินอ่อง ซอ",  # title + two words outside the dictionary (a migrant worker's name)
    "ติดต่อนายสมชาย ใจดี เรื่องเงินทดแทน",  # in free text
]
NOT_NAMES = [
    "บริษัท สยามฟู้ดส์ จำกัด",
    "ห้างหุ้นส่วนจำกัด เจริญการค้า",
    "ร้านสมใจ",
    "สยาม การค้า",
    "นายจ้าง",  # employer: a title glued to a word is the word
    "นายจ้าง รายใหม่",
    "ลูกจ้างและนายจ้าง",
    "นางพยาบาล",
    "ภาคตะวันออกเฉียงเหนือ",
    "กรุงเทพมหานคร",
    "ชาย",  # one given name alone, in a column of other values
    "",
]


@pytest.mark.parametrize("text", NAMES)
def test_person_names_are_found(text):
    assert found(pl.DataFrame({"c": [text]})) == {("c", "person_name"): 1}


@pytest.mark.parametrize("text", NOT_NAMES)
def test_non_names_are_not_found(text):
    assert found(pl.DataFrame({"c": [text]})) == {}


def test_no_false_alarm_on_province_and_establishment_names():
    ps = provinces()
    est = [
        pattern.format(stem=stem, word=word)
        for words in sim.INDUSTRY_WORDS.values()
        for word in words
        for stem in sim.NAME_STEMS
        for pattern in ("บริษัท {stem}{word} จำกัด", "{stem} {word}", "ร้าน{stem}{word}", "{stem}")
    ]
    df = pl.DataFrame({"establishment_name": est}).with_columns(
        province_th=pl.Series([ps[i % 77].name_th for i in range(len(est))]),
        province_en=pl.Series([ps[i % 77].name_en for i in range(len(est))]),
        region_th=pl.Series([ps[i % 77].region_th for i in range(len(est))]),
    )
    assert len(est) > 2000
    assert scan_frame(df) == []


def test_a_column_of_first_names_is_found():
    rng = random.Random(5)
    firsts = ["สมชาย", "สมหญิง", "วิชัย", "สุดา", "ประเสริฐ", "มาลี", "กิตติ", "อรุณ"]
    df = pl.DataFrame(
        {
            "first_name": [rng.choice(firsts) for _ in range(200)],
            "sex_th": [rng.choice(["ชาย", "หญิง"]) for _ in range(200)],  # one name, not a column
        }
    )
    assert found(df) == {("first_name", "person_name"): 200}


# ---- phones ----------------------------------------------------------------------------------

PHONES = [
    "081-234-5678",
    "0812345678",
    "081 234 5678",
    "08-1234-5678",
    "โทร.0912345678",  # Thai text glued on
    "๐๘๑-๒๓๔-๕๖๗๘",  # Thai digits
    "02-123-4567",  # Bangkok landline
    "021234567",
    "053-123-456",  # provincial landline
    "+66 81 234 5678",
    "+66812345678",
    "+66-2-123-4567",
    "0066 81 234 5678",
    "ID 1101700230708 tel 061-234-5678",
]
NOT_PHONES = [
    VALID,  # a 13-digit ID
    NON_THAI,  # an ID starting with 0
    "0105500001",  # an employer account (01…)
    "0000000750",  # a zero-padded amount
    "0812345678.50",  # an amount
    "1,081,234,567",
    "15/02/2567",
    "2567-01-15",
    "02-01-2567",
    "0812-34",
    "081234567890",  # too long
    "66812345678",  # no + : not written as a phone
    "0.812345678",
]


@pytest.mark.parametrize("text", PHONES)
def test_phones_are_found(text):
    assert has_phone(text)
    assert ("c", "phone") in found(pl.DataFrame({"c": [text]}))


@pytest.mark.parametrize("text", NOT_PHONES)
def test_non_phones_are_not_found(text):
    assert not has_phone(text)
    assert ("c", "phone") not in found(pl.DataFrame({"c": [text]}))


def test_phones_in_numeric_columns_lose_their_zero_and_are_not_phones():
    assert scan_frame(pl.DataFrame({"n": [812345678, 21234567]})) == []


# ---- whole tables: DuckDB and Parquet --------------------------------------------------------


def _warehouse(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    con.execute("create schema marts")
    con.execute("create schema staging")
    con.execute(
        "create table marts.fct_x as select i as n, 'TH-10' as province_code, "
        "cast(i * 1.5 as decimal(12, 2)) as wage from range(?) t(i)",
        [rows],
    )
    # one leak of each kind, far beyond any sample (the last rows of a big table)
    con.execute(
        "create table staging.stg_y as select i, "
        f"case when i = {rows - 1} then '{DASHED}' else 'x' end as note, "
        f"case when i >= {rows - 2} then {int(VALID)} else i end as id_number, "
        f"case when i = {rows - 3} then 'นายสมชาย ใจดี' else 'กรุงเทพมหานคร' end as who, "
        f"case when i = {rows - 4} then '081-234-5678' else '0105500001' end as contact "
        "from range(?) t(i)",
        [rows],
    )
    con.execute("create view marts.v_leak as select note from staging.stg_y")


def test_scan_duckdb_reads_whole_columns_of_tables_and_views():
    rows = 250_000  # more than two fetch batches
    with duckdb.connect() as con:
        _warehouse(con, rows)
        findings = scan_duckdb(con)
        got = {(f.where, f.kind): f.rows for f in findings}
        # the view reads only staging.stg_y, scanned whole: its leak is found there, once
        assert got == {
            ("staging.stg_y.note", "national_id"): 1,
            # a numeric column: its only 13-digit values are the two IDs, both valid
            ("staging.stg_y.id_number", "national_id"): 2,
            ("staging.stg_y.who", "person_name"): 1,
            ("staging.stg_y.contact", "phone"): 1,
        }
        # without staging the view's input is not scanned: the view is, and its leak found
        assert scan_duckdb(con, schemas=["marts"]) == [
            PiiFinding("marts.v_leak.note", "national_id", 1)
        ]
        assert scan_duckdb(con, schemas=["marts"], exclude_columns=["marts.v_leak.note"]) == []
        assert scan_duckdb(con, schemas=[]) == []
        assert all(VALID not in f.where for f in findings)


def test_scan_duckdb_finds_an_integer_id_column():
    with duckdb.connect() as con:
        con.execute(
            "create table t as select * from (values (?::bigint), (?::bigint), (null)) v(pid)",
            [int(VALID), int(OTHER)],
        )
        assert scan_duckdb(con) == [PiiFinding("main.t.pid", "national_id", 2)]


def test_scan_parquet_on_quarantine_partitions(tmp_path):
    part = tmp_path / "quarantine/sso_registry/insured/month=2024-01"
    part.mkdir(parents=True)
    pl.DataFrame(
        {
            "_source_file": ["a.csv", "a.csv"],
            "_source_line": [2, 3],
            "reason": ["bad check digit", f"unknown province: '{DASHED}'"],
            "record": ["*************,นาย,***", f"{VALID.translate(THAI)},x"],
        }
    ).write_parquet(part / "part-0.parquet")
    pl.DataFrame({"record": ["clean"], "reason": ["ok"]}).write_parquet(part / "part-1.parquet")
    where = "quarantine/sso_registry/insured/month=2024-01"
    expected = [
        PiiFinding(f"{where}:reason", "national_id", 1),
        PiiFinding(f"{where}:record", "national_id", 1),
    ]
    assert sorted(scan_parquet(str(part / "*.parquet"), where), key=str) == expected
    assert sorted(scan_parquet([part / "part-0.parquet"], where), key=str) == expected
    assert sorted(scan_parquet(part, where), key=str) == expected  # a directory
    assert scan_parquet(str(tmp_path / "nothing/*.parquet"), where) == []
    assert scan_parquet([], where) == []


def test_every_other_type_is_scanned_or_provably_clean():
    import datetime as dt

    df = pl.DataFrame(
        {
            "d": [dt.date(2024, 1, 15)],
            "ts": [dt.datetime(2024, 1, 15, 12, 34, 56)],
            "b": [True],
            "ids": [[VALID, "x"]],  # a list column: cast to text, still found
            "s": [{"note": DASHED}],  # a struct column
            "bin": [VALID.encode()],  # bytes
        }
    )
    got = found(df)
    assert got == {(c, "national_id"): 1 for c in ("ids", "s", "bin")}


def test_pandas_columns_mixing_python_types():
    df = pd.DataFrame({"mixed": pd.Series([5, "x", Decimal(VALID), None, DASHED], dtype=object)})
    assert found(df) == {("mixed", "national_id"): 2}


def test_findings_never_hold_values():
    df = pl.DataFrame({"c": [VALID, "สมชาย ใจดี", "081-234-5678"]})
    for f in scan_frame(df, where="t"):
        assert f.where == "t.c" and isinstance(f.rows, int)
        assert VALID not in repr(f) and "สมชาย" not in repr(f) and "5678" not in repr(f)
