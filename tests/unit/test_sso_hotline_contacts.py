"""Landing of the hotline contacts (ingestion.sources.sso_hotline.contacts): the generic
JSON-lines reader plus timestamps, the optional caller ID, ID masking in the text and the topic."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from ingestion.landing.registry import get_entity
from ingestion.pseudonym import person_key
from ingestion.sources._csv_spec import lake_schema
from ingestion.sources.spec import get_entity_spec
from ingestion.sources.sso_hotline import contacts
from ingestion.sources.sso_hotline.topics import TOPICS, model_version

KEY = b"hotline-test-key-0123456789abcdef"
DROP = "contacts_202611_20261129T120000000000.jsonl"
ID_A = "1101700230708"  # valid check digit
ID_BAD = "1101700230705"  # check digit wrong


def record(n: int, **kw: object) -> dict:
    base = {
        "contact_id": f"H1506-20240105-{n:06d}",
        "contact_at": f"2024-01-05T0{n % 10}:10:00+07:00",
        "updated_at": f"2024-01-05T0{n % 10}:20:00+07:00",
        "menu_option": 1,
        "channel": "line",
        "issue_text": "ลาออกจากงานมา 2 เดือน จะขอเงินว่างงานยังไงคะ",
        "agent_category": "unemployment",
        "answered": True,
        "auto_answered": False,
        "wait_seconds": 40,
        "handle_seconds": 200,
        "resolved_first_contact": True,
        "contact_type": "inquiry",
        "case_status": "closed",
        "closed_at": f"2024-01-05T0{n % 10}:20:00+07:00",
        "national_id": None,
    }
    base.update(kw)
    return base


def drop(tmp_path: Path, *records: dict) -> tuple[Path, str]:
    rel = f"sso_hotline/contacts/{DROP}"
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)
    )
    return path, rel


def by_line(result, line: int) -> dict:
    return result.rows.filter(pl.col("_source_line") == line).row(0, named=True)


def test_the_lake_schema_is_the_specs():
    spec = get_entity_spec("sso_hotline", "contacts")
    assert lake_schema(spec) == contacts.SCHEMA
    assert spec.reader.module == contacts.__name__
    assert set(contacts.DERIVED) <= set(contacts.SCHEMA)


def test_landing_reads_the_drops_with_this_module():
    """Needs ingestion.connectors.connector_parser to honour the spec's reader.module."""
    assert get_entity("sso_hotline", "contacts").module is contacts


def test_records_land_with_their_topic_and_model_version(tmp_path):
    path, rel = drop(
        tmp_path,
        record(1),
        record(2, issue_text="work permit ลูกจ้างพม่าหมดอายุแล้ว ต่อยังไงครับ"),
        record(3, issue_text=None, answered=False, case_status="none", closed_at=None),
    )
    result = contacts.parse(path, rel, KEY)
    assert (result.rows.height, result.quarantine.height, result.rows_in) == (3, 0, 3)
    assert result.rows.schema == contacts.SCHEMA
    assert [by_line(result, n)["topic_code"] for n in (1, 2, 3)] == [
        "unemployment",
        "work_permit",
        None,  # no text, no topic
    ]
    assert set(result.rows.get_column("topic_model_version")) == {model_version()}
    assert set(result.rows.get_column("topic_code").drop_nulls()) <= set(TOPICS)


def test_the_callers_id_is_optional_and_never_in_clear(tmp_path):
    dashed = f"{ID_A[0]}-{ID_A[1:5]}-{ID_A[5:10]}-{ID_A[10:12]}-{ID_A[12]}"
    path, rel = drop(
        tmp_path,
        record(1, national_id=dashed),
        record(2, national_id=ID_BAD),  # mistyped: the contact is kept, the ID is not
        record(3),
        record(4, issue_text=f"เช็คสิทธิ์ว่างงานให้หน่อย เลขบัตร {dashed} ค่ะ", national_id=ID_A),
    )
    result = contacts.parse(path, rel, KEY)
    assert result.quarantine.height == 0
    expected = person_key(pl.Series([ID_A]), KEY).item()
    assert by_line(result, 1)["person_key"] == expected
    assert [by_line(result, n)["caller_id_status"] for n in (1, 2, 3, 4)] == [
        "given",
        "invalid",
        "absent",
        "given",
    ]
    assert by_line(result, 2)["person_key"] is None
    text = by_line(result, 4)["issue_text"]
    assert ID_A not in text.replace("-", "") and "*************" in text
    assert by_line(result, 4)["topic_code"] == "unemployment"


def test_timestamps_are_real_instants_kept_in_bangkok_time(tmp_path):
    path, rel = drop(
        tmp_path,
        record(1, contact_at="2024-01-05T01:10:00Z", updated_at="2024-01-05T01:20:00.250Z"),
        record(2, contact_at="2024-02-30T08:00:00+07:00"),  # no 30 February
        record(3, contact_at="2567-01-05T08:00:00+07:00"),  # a Buddhist-Era year
        record(4, closed_at="05/01/2567 08:00"),  # not ISO 8601
        record(5),
    )
    result = contacts.parse(path, rel, KEY)
    assert result.rows_in == 5 == result.rows.height + result.quarantine.height
    row = by_line(result, 1)
    assert (row["contact_at"], row["updated_at"]) == (
        "2024-01-05T08:10:00+07:00",
        "2024-01-05T08:20:00+07:00",
    )
    q = result.quarantine.sort("_source_line")
    assert q.get_column("_source_line").to_list() == [2, 3, 4]
    assert q.get_column("field").to_list() == ["contact_at", "contact_at", "closed_at"]
    reasons = q.get_column("reason").to_list()
    assert "2024-02-30T08:00:00+07:00" in reasons[0] and "invalid timestamp" in reasons[0]
    assert "2567" in reasons[1]
    assert "does not match" in reasons[2] or "invalid timestamp" in reasons[2]


def test_checks_of_the_spec_still_apply(tmp_path):
    no_id = record(1)
    del no_id["contact_id"]
    path, rel = drop(
        tmp_path,
        no_id,
        record(2, menu_option=4),
        record(3, channel="fax"),
        record(4, wait_seconds=-5),
        record(5, wait_seconds="๑๒"),
    )
    result = contacts.parse(path, rel, KEY)
    q = result.quarantine.sort("_source_line")
    assert q.select("_source_line", "field").rows() == [
        (1, "contact_id"),
        (2, "menu_option"),
        (3, "channel"),
        (4, "wait_seconds"),
    ]
    assert by_line(result, 5)["wait_seconds"] == 12  # Thai digits are digits


def test_chunks_give_what_the_whole_file_gives(tmp_path):
    records = [record(n, national_id=ID_A if n % 2 else ID_BAD) for n in range(1, 8)]
    records[3]["contact_at"] = "2024-13-01T00:00:00+07:00"
    path, rel = drop(tmp_path, *records)
    whole = contacts.parse(path, rel, KEY)
    chunks = list(contacts.parse_chunks(path, rel, KEY, chunk_lines=3))
    assert len(chunks) == 3
    rows = pl.concat([c.rows for c in chunks])
    assert rows.equals(whole.rows)
    assert sum(c.quarantine.height for c in chunks) == whole.quarantine.height == 1
    assert sum(c.rows_in for c in chunks) == whole.rows_in == 7


@pytest.mark.parametrize("data", [b"", b'{"contact_id": "H1506-20240105-000001"'])
def test_empty_and_broken_files_keep_the_lake_schema(tmp_path, data):
    path = tmp_path / DROP
    path.write_bytes(data)
    result = contacts.parse(path, DROP, KEY)
    assert result.rows.schema == contacts.SCHEMA and result.rows.height == 0
