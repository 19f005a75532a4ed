"""SSO registry parsers (insured, employers) and the entity registry; CSVs written by hand in
cp874 from data-contracts §1.1–1.2."""

from __future__ import annotations

import importlib
from pathlib import Path

import polars as pl
import pytest

from ingestion.sources import ENTITIES, QUARANTINE_SCHEMA, ParseResult
from ingestion.sources.sso_registry import employers, insured
from ingestion.thai import with_check_digit

KEY = b"test-key-0123456789"
INS_HEADER = ",".join(insured.HEADERS)
EMP_HEADER = ",".join(employers.HEADERS)


nid = with_check_digit  # the project's one check-digit rule


def write(root: Path, rel: str, rows: list[str]) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(r + "\r\n" for r in rows).encode("cp874"))
    return path


ID_A, ID_B, ID_NON_THAI = nid("110170023070"), nid("310170023070"), nid("010170023070")
GOOD = [
    f"{ID_A},นาย,สมชาย,ใจดี,15/01/2530,33,0105500001,000000,กทม.,01/01/2567,",
    f"{ID_B},นางสาว,สมหญิง,รักไทย,๑๕/๐๒/๒๕๓๕,๓๙,,,Chiang Mai,๐๑/๐๒/๒๕๖๗,๒๙/๐๒/๒๕๖๗",
    f"{ID_NON_THAI},นาง,Mya,Aung,01/05/2540,40,,,จ.ลำปาง,01/03/2567,",
]
REL = "sso_registry/insured/insured_256701.csv"


def test_insured_good_rows(tmp_path):
    path = write(tmp_path, REL, [INS_HEADER, *GOOD])
    assert insured.partition_month(path) == "2024-01"
    res = insured.parse(path, REL, KEY)
    assert res.quarantine.height == 0 and res.rows_in == 3 and res.file_error is None
    assert dict(res.rows.schema) == insured.SCHEMA
    r = res.rows.to_dicts()
    assert [x["sex"] for x in r] == ["M", "F", "F"]
    assert [x["id_non_thai"] for x in r] == [False, False, True]
    assert [x["province_code"] for x in r] == ["TH-10", "TH-50", "TH-52"]
    assert r[0]["birth_year"] == 1987 and r[0]["employer_account"] == "0105500001"
    assert r[1]["start_date"].isoformat() == "2024-02-01"
    assert r[1]["end_date"].isoformat() == "2024-02-29"  # Thai digits
    assert r[1]["employer_account"] is None and r[0]["end_date"] is None
    text = res.rows.write_csv()
    assert ID_A not in text and "สมชาย" not in text and "Mya" not in text


@pytest.mark.parametrize(
    ("row", "field", "why"),
    [
        (
            f"{ID_A[:-1]}0,นาย,ก,ข,15/01/2530,33,0105500001,000000,กทม.,01/01/2567,",
            "national_id",
            "bad check digit",
        ),
        (
            f"{ID_A},นาย,ก,ข,31/02/2530,33,0105500001,000000,กทม.,01/01/2567,",
            "birth_date",
            "does not exist",
        ),
        (
            f"{ID_A},นาย,ก,ข,15/01/2530,33,0105500001,000000,กทม.,01/13/2567,",
            "start_date",
            "month 13",
        ),
        (
            f"{ID_A},นาย,ก,ข,15/01/2530,33,0105500001,000000,แอตแลนติส,01/01/2567,",
            "province",
            "unknown province",
        ),
        (
            f"{ID_A},นาย,ก,ข,15/01/2530,34,0105500001,000000,กทม.,01/01/2567,",
            "section",
            "33, 39 or 40",
        ),
        (f"{ID_A},นาย,ก,ข,15/01/2530,33,,000000,กทม.,01/01/2567,", "employer_account", "10-digit"),
        (f"{ID_A},นาย,ก,ข,15/01/2530,33,0105500001,12345,กทม.,01/01/2567,", "branch", "6-digit"),
        (f"{ID_A},ดร.,ก,ข,15/01/2530,33,0105500001,000000,กทม.,01/01/2567,", "title", "title"),
        (
            f"{ID_A},นาย,ก,ข,15/01/2530,33,0105500001,000000,กทม.,01/02/2567,01/01/2567",
            "end_date",
            "before start",
        ),
        # several problems: named once, the first field
        ("123,นาย,ก,ข,31/02/2530,99,,,x,01/01/2567,", "national_id", "3 digits"),
    ],
)
def test_insured_row_errors(tmp_path, row, field, why):
    path = write(tmp_path, REL, [INS_HEADER, GOOD[0], row])
    res = insured.parse(path, REL, KEY)
    assert res.rows.height == 1 and res.rows_in == 2
    q = res.quarantine.row(0, named=True)
    assert q["field"] == field and why in q["reason"], q
    assert q["_source_line"] == 3
    assert ID_A not in q["record"] and ",ก,ข," not in q["record"]


def test_insured_ragged_row_is_quarantined_and_masked(tmp_path):
    path = write(tmp_path, REL, [INS_HEADER, GOOD[0], f"{ID_B},นาย,สมศักดิ์,ดี,15/01/2530"])
    res = insured.parse(path, REL, KEY)
    q = res.quarantine.row(0, named=True)
    assert q["field"] == "line" and q["reason"] == "expected 11 fields, got 5"
    assert ID_B not in q["record"] and "สมศักดิ์" not in q["record"]


def test_insured_header_mismatch_quarantines_the_file(tmp_path):
    header = INS_HEADER.replace("วันเกิด", "วันที่เกิด")
    path = write(tmp_path, REL, [header, *GOOD])
    res = insured.parse(path, REL, KEY)
    assert res.rows.height == 0 and res.rows_in == 3 and res.quarantine.height == 3
    assert "line 1 field column 5" in res.file_error and "วันที่เกิด" in res.file_error
    assert ID_A not in "".join(res.quarantine.get_column("record").to_list())


def test_insured_utf8_file(tmp_path):
    path = tmp_path / REL
    path.parent.mkdir(parents=True)
    path.write_bytes((INS_HEADER + "\r\n" + GOOD[0] + "\r\n").encode("utf-8"))
    res = insured.parse(path, REL, KEY)
    assert "UTF-8" in res.file_error and res.rows_in == 1


EMP_REL = "sso_registry/employers/employers_256702.csv"


def test_employers(tmp_path):
    rows = [
        EMP_HEADER,
        '0105500001,000000,"บริษัท ก, จำกัด ""สาขา""",10712,20-49,นนทบุรี,01/06/2550',
        "0105500002,000001,ร้าน ข,47111,1-4,Bangkok,๐๑/๐๖/๒๕๕๐",
        "0105500003,000001,ร้าน ค,4711,1-4,Bangkok,01/06/2550",
        "0105500004,000001,ร้าน ง,47111,5-10,Bangkok,01/06/2550",
        "0105500005,000001,ร้าน จ,47111,1000+,Bangkok,30/02/2550",
    ]
    path = write(tmp_path, EMP_REL, rows)
    assert employers.partition_month(path) == "2024-02"
    res = employers.parse(path, EMP_REL, KEY)
    assert dict(res.rows.schema) == employers.SCHEMA
    assert res.rows.get_column("establishment_name").to_list()[0] == 'บริษัท ก, จำกัด "สาขา"'
    assert res.rows.get_column("province_code").to_list() == ["TH-12", "TH-10"]
    assert res.quarantine.get_column("field").to_list() == [
        "tsic_code",
        "size_band",
        "registered_on",
    ]
    assert res.rows_in == 5


def test_entities_registry_shape():
    # discovered from ingestion/sources/<system>/source.yaml
    assert {(e.source, e.entity) for e in ENTITIES} >= {
        ("sso_registry", "insured"),
        ("sso_registry", "employers"),
        ("sso_efiling", "contributions"),
        ("nso_lfs", "labour_force"),
    }
    for e in ENTITIES:
        mod = e.load()
        if e.spec.reader.kind == "python":
            assert mod is importlib.import_module(e.module_name)
        assert (e.source, e.entity) == (mod.SOURCE, mod.ENTITY)
        assert callable(mod.parse) and callable(mod.partition_month)


def test_parse_result_invariant_is_enforced():
    q = pl.DataFrame(schema=QUARANTINE_SCHEMA)
    with pytest.raises(AssertionError, match="rows_in"):
        ParseResult(pl.DataFrame({"a": [1]}), q, 2)


THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
DASHED_B = f"{ID_B[0]}-{ID_B[1:5]}-{ID_B[5:10]}-{ID_B[10:12]}-{ID_B[12]}"


def test_insured_birth_dates_are_birth_dates(tmp_path):
    """A two-digit birth year is the latest one not in the future: 98 → 2498 BE (1955), never
    2598 BE (2055). A CE birth year is quarantined with a reason that says so."""
    rows = [
        f"{ID_A},นาย,ก,ข,01/06/98,33,0105500001,000000,กทม.,01/01/2567,",
        f"{ID_B},นาย,ก,ข,010698,40,,,กทม.,01/01/2567,",
        f"{ID_NON_THAI},นาย,ก,ข,15/01/1987,40,,,กทม.,01/01/2567,",
    ]
    path = write(tmp_path, REL, [INS_HEADER, *rows])
    res = insured.parse(path, REL, KEY)
    assert res.rows.get_column("birth_year").to_list() == [1955, 1955]
    q = res.quarantine.row(0, named=True)
    assert q["field"] == "birth_date" and q["_source_line"] == 4
    assert "1987 looks like a Christian-Era year; expected Buddhist Era (2530)" in q["reason"]


def test_insured_ids_in_any_form_are_masked_in_quarantine(tmp_path):
    rows = [
        GOOD[0],
        # a dashed ID in the province column (columns shifted): in the reason and the record
        f"{ID_A},นาย,ก,ข,15/01/2530,33,0105500001,000000,{DASHED_B},01/01/2567,",
        # a ragged row with a Thai-digit ID
        f"{ID_B.translate(THAI)},นาย,สมศักดิ์,ดี,15/01/2530",
        # a bad-check-digit ID written with spaces
        f"{DASHED_B[:-1].replace('-', ' ')}0,นาย,ก,ข,15/01/2530,33,0105500001,000000,กทม.,"
        "01/01/2567,",
    ]
    path = write(tmp_path, REL, [INS_HEADER, *rows])
    res = insured.parse(path, REL, KEY)
    assert res.rows.height == 1 and res.quarantine.height == 3
    text = "|".join(res.quarantine.select(pl.concat_str(pl.all(), separator="|")).to_series())
    for form in (ID_A, ID_B, DASHED_B, ID_B.translate(THAI), DASHED_B.replace("-", " ")[:-1]):
        assert form not in text
    assert "*************" in text


@pytest.mark.parametrize("chunk_lines", [2, 10_000])
def test_the_same_spell_twice_in_a_file_is_quarantined(tmp_path, chunk_lines):
    """The lake keeps one row per spell (quality suite spell_unique): the second is quarantined,
    naming the first, also when the two are in different chunks and written differently."""
    dashed = f"{ID_A[0]}-{ID_A[1:5]}-{ID_A[5:10]}-{ID_A[10:12]}-{ID_A[12]}"
    again = GOOD[0].replace(ID_A, dashed).replace("01/01/2567", "1/1/2567")
    other_start = GOOD[0].replace("01/01/2567", "01/02/2567")
    path = write(tmp_path, REL, [INS_HEADER, *GOOD, again, other_start])
    parts = list(insured.parse_chunks(path, REL, KEY, chunk_lines=chunk_lines))
    rows = pl.concat([p.rows for p in parts])
    q = pl.concat([p.quarantine for p in parts])
    assert rows.height == 4
    assert q.select("_source_line", "field", "reason").rows() == [
        (5, "national_id", "duplicate of line 2: the spell twice in one file")
    ]


def test_the_same_branch_twice_in_a_snapshot_is_quarantined(tmp_path):
    rows = [
        EMP_HEADER,
        "0105500001,000000,บริษัท ก จำกัด,10712,20-49,นนทบุรี,01/06/2550",
        "0105500001,000001,บริษัท ก จำกัด,10712,20-49,นนทบุรี,01/06/2550",
        "0105500001,000000,บริษัท ก จำกัด (ใหม่),10712,20-49,นนทบุรี,01/06/2550",
    ]
    path = write(tmp_path, EMP_REL, rows)
    res = employers.parse(path, EMP_REL, KEY)
    assert res.rows.height == 2
    assert res.quarantine.select("_source_line", "field", "reason").rows() == [
        (4, "branch", "duplicate of line 2: the branch twice in one file")
    ]
