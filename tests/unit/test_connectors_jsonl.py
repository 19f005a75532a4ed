"""Strict JSON-lines reading of connector drops: nothing split, repaired or dropped in silence;
every physical line is loaded or quarantined with its line number and a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.connectors import connector_parser
from ingestion.readers.jsonl import count_physical_lines, iter_json_lines
from tests.unit.test_connectors import KEY, http_entity

ENTITY = http_entity("http://127.0.0.1:9/unused")


def _line(rid: int, province: str = "ภูเก็ต", **extra) -> bytes:
    record = {"id": rid, "province": province, "hours": 8, "updated_at": "2024-01-01", **extra}
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _parse(tmp_path: Path, data: bytes, **kw):
    path = tmp_path / "trainees_202401_x.jsonl"
    path.write_bytes(data)
    parser = connector_parser("mol_api", ENTITY)
    if kw:
        from ingestion.sources._common import concat_results

        return concat_results(parser.parse_chunks(path, "d/x.jsonl", KEY, **kw), parser.schema)
    return parser.parse(path, "d/x.jsonl", KEY)


def _why(result) -> list[tuple[int, str]]:
    q = result.quarantine
    return list(zip(q["_source_line"].to_list(), q["reason"].to_list(), strict=True))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_inside_a_json_string_stay_in_the_record(tmp_path, separator):
    """json.dumps(ensure_ascii=False) writes these raw inside a string, which is legal JSON;
    str.splitlines() would cut the record in two."""
    data = _line(1, note=f"a{separator}b") + _line(2)
    assert separator.encode() in data and len(data.decode().splitlines()) == 3
    res = _parse(tmp_path, data)
    assert (res.rows_in, res.rows.height, res.quarantine.height) == (2, 2, 0)


def test_a_line_that_is_not_utf8_is_quarantined_not_repaired(tmp_path):
    bad = _line(2, province="ภูเก็ต").replace("ภูเก็ต".encode(), "ภูเก็ต".encode("cp874"))
    res = _parse(tmp_path, _line(1) + bad + _line(3))
    assert res.rows["id"].to_list() == [1, 3]
    ((line, reason),) = _why(res)
    assert line == 2 and reason.startswith("not UTF-8: byte 0xC0 at byte ")
    assert "\ufffd" not in res.quarantine["record"][0]  # shown as \xNN, never replaced


def test_a_truncated_last_line_is_quarantined_even_if_it_parses(tmp_path):
    data = _line(1) + _line(2)[:-1]  # the last record is whole JSON but lacks its line end
    res = _parse(tmp_path, data)
    assert res.rows["id"].to_list() == [1]
    ((line, reason),) = _why(res)
    assert line == 2 and reason.startswith("truncated: the file ends in the middle of this line")
    cut = _parse(tmp_path, _line(1) + _line(2)[:20])
    assert [line for line, _ in _why(cut)] == [2] and cut.rows_in == 2


def test_every_kind_of_bad_line_has_its_reason_and_rows_in_counts_physical_lines(tmp_path):
    data = b"".join(
        [
            "\ufeff".encode() + _line(1),  # a BOM at the start of the file: an encoding mark
            b"\n",
            b"   \r\n",
            _line(4)[:-1] + b"\r\n",  # CRLF is a line end
            b"[1, 2]\n",
            b'"text"\n',
            b'{"id": 7, "id": 8}\n',
            b'{"id": 8, "hours": NaN}\n',
            b"{not json\n",
            _line(10),
        ]
    )
    res = _parse(tmp_path, data)
    assert res.rows_in == count_physical_lines(data) == 10
    assert res.rows["id"].to_list() == [1, 4, 10]
    assert _why(res) == [
        (2, "empty line"),
        (3, "empty line"),
        (5, "a JSON array, not an object (one JSON object per line is expected)"),
        (6, "a JSON string, not an object (one JSON object per line is expected)"),
        (7, "key 'id' appears twice"),
        (8, "NaN is not a JSON number"),
        (9, "not valid JSON: Expecting property name enclosed in double quotes at character 2"),
    ]
    assert set(res.quarantine["field"].to_list()) == {"line"}
    assert res.status == "partly_quarantined"


def test_chunks_give_the_same_result_as_the_whole_file(tmp_path):
    data = b"".join(_line(i) for i in range(1, 8)) + b"oops\n" + _line(9)[:-1]
    whole = _parse(tmp_path, data)
    chunked = _parse(tmp_path, data, chunk_lines=3)
    assert chunked.rows.equals(whole.rows) and chunked.quarantine.equals(whole.quarantine)
    assert chunked.rows_in == whole.rows_in == 9
    assert [line for line, _ in _why(whole)] == [8, 9]


def test_an_empty_file_is_reported_not_silently_empty(tmp_path):
    res = _parse(tmp_path, b"")
    assert (res.rows_in, res.status) == (0, "quarantined")
    assert res.file_error.endswith("empty file: no lines") and "x.jsonl" in res.file_error


def test_iter_json_lines_keeps_the_bytes_of_each_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\r\n\xff\n')
    lines = list(iter_json_lines(path))
    assert [(x.line, x.data, x.value) for x in lines] == [
        (1, b'{"a": 1}', {"a": 1}),
        (2, b"\xff", None),
    ]
    assert lines[1].text == "\\xff"
