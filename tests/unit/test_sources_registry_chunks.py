"""The CSV entity parsers streamed in chunks (``parse_chunks``): the same rows and quarantine as
one chunk, in the same order, with the file's line numbers; a file rejected at its end yields
only whole-file quarantine; rows in = loaded + quarantined."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingestion.readers import csv_cp874
from ingestion.sources import ParseResult
from ingestion.sources._common import concat_results
from ingestion.sources.sso_registry import employers, insured
from ingestion.thai import with_check_digit

KEY = b"test-key-0123456789"
REL = "sso_registry/insured/insured_256701.csv"
EMP_REL = "sso_registry/employers/employers_256701.csv"


nid = with_check_digit  # the project's one check-digit rule


def insured_rows(n: int = 60) -> list[str]:
    rows = []
    for i in range(n):
        pid = nid(f"1101700{i:05d}")
        if i % 10 == 4:
            rows.append(
                f'{pid},นาย,"สม\r\nชาย",ใจดี,15/01/2530,33,0105500001,000000,กทม.,01/01/2567,'
            )
        elif i % 10 == 7:
            rows.append(f"{pid},นาย,สมชาย,ใจดี,31/02/2530,33,0105500001,000000,กทม.,01/01/2567,")
        elif i % 17 == 9:
            rows.append(f"{pid},นาง,ragged")
        else:
            rows.append(f"{pid},นางสาว,สมหญิง,รักไทย,๑๕/๐๒/๒๕๓๕,๓๙,,,Chiang Mai,๐๑/๐๒/๒๕๖๗,")
    return rows


def write(root: Path, rel: str, rows: list[str], tail: bytes = b"") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(r + "\r\n" for r in rows).encode("cp874") + tail)
    return path


def both(parse_chunks, path: Path, rel: str) -> tuple[list[ParseResult], ParseResult]:
    return list(parse_chunks(path, rel, KEY, chunk_lines=7)), next(
        iter(parse_chunks(path, rel, KEY, chunk_lines=10_000))
    )


def test_insured_chunks_equal_one_chunk(tmp_path):
    path = write(tmp_path, REL, [",".join(insured.HEADERS), *insured_rows()])
    parts, whole = both(insured.parse_chunks, path, REL)
    assert len(parts) > 5
    assert all(p.rows_in == p.rows.height + p.quarantine.height for p in parts)
    joined = concat_results(parts, insured.SCHEMA)
    assert joined.rows.equals(whole.rows) and joined.quarantine.equals(whole.quarantine)
    assert joined.rows_in == whole.rows_in == 60
    assert whole.rows.height + whole.quarantine.height == 60 and whole.quarantine.height > 6
    # line numbers are the file's: record i starts on line 2 + i + (records with a break before)
    expected, line = [], 2
    for row in insured_rows():
        expected.append(line)
        line += row.count("\r\n") + 1
    got = sorted(
        joined.rows["_source_line"].to_list() + joined.quarantine["_source_line"].to_list()
    )
    assert got == expected
    bad_date = joined.quarantine.filter(pl.col("field") == "birth_date")
    assert bad_date["_source_line"].to_list() == [expected[i] for i in range(60) if i % 10 == 7]
    assert insured.parse(path, REL, KEY).rows.equals(whole.rows)


@pytest.mark.parametrize(
    ("tail", "why"),
    [
        (b"123,a,b", "file truncated"),  # last line without CRLF
        (b"1,\x81,b\r\n", "not valid Windows-874"),  # encoding error in the last chunk
    ],
)
def test_a_file_rejected_at_its_end_lands_nothing(tmp_path, tail, why):
    path = write(tmp_path, REL, [",".join(insured.HEADERS), *insured_rows()], tail)
    parts = list(insured.parse_chunks(path, REL, KEY, chunk_lines=7))
    assert len(parts) > 5
    assert all(p.file_error and why in p.file_error and p.rows.height == 0 for p in parts)
    q = pl.concat([p.quarantine for p in parts])
    lines = path.read_bytes().count(b"\n") + (0 if tail.endswith(b"\n") else 1)
    assert q["_source_line"].to_list() == list(range(2, lines + 1))
    assert sum(p.rows_in for p in parts) == q.height
    assert not q["record"].str.contains(nid("110170000000")).any()  # masked
    assert insured.parse(path, REL, KEY).status == "quarantined"


def test_default_chunk_size_is_overridable(tmp_path, monkeypatch):
    path = write(tmp_path, REL, [",".join(insured.HEADERS), *insured_rows()])
    monkeypatch.setattr(csv_cp874, "CHUNK_LINES", 7)
    assert len(list(insured.parse_chunks(path, REL, KEY))) > 5


def test_employers_chunks_equal_one_chunk(tmp_path):
    rows = [
        f"{1000000000 + i},000000,บริษัท {i} จำกัด,47190,{'5-9' if i % 5 else 'big'},กทม.,01/01/2560"
        for i in range(30)
    ]
    path = write(tmp_path, EMP_REL, [",".join(employers.HEADERS), *rows])
    parts, whole = both(employers.parse_chunks, path, EMP_REL)
    joined = concat_results(parts, employers.SCHEMA)
    assert len(parts) == 5 and joined.rows.equals(whole.rows)
    assert joined.quarantine.equals(whole.quarantine) and whole.quarantine.height == 6
    assert whole.quarantine["_source_line"].to_list() == [2, 7, 12, 17, 22, 27]


def test_spec_csv_reader_chunks_equal_one_chunk(tmp_path):
    from tests.unit.test_source_specs import HEADER, ROWS, _reader

    reader = _reader()
    path = tmp_path / "trainees_256701.csv"
    path.write_bytes((HEADER + ROWS * 5).encode("cp874"))
    rel = "mol_dsd/trainees/trainees_256701.csv"
    parts, whole = both(reader.parse_chunks, path, rel)
    joined = concat_results(parts, reader.schema)
    assert len(parts) > 3 and joined.rows.equals(whole.rows)
    assert joined.quarantine.equals(whole.quarantine) and whole.rows_in == 35
    path.write_bytes((HEADER + ROWS * 5).encode("cp874")[:-2])  # truncated
    parts = list(reader.parse_chunks(path, rel, KEY, chunk_lines=7))
    assert all(p.file_error and p.rows.height == 0 for p in parts)
    assert sum(p.rows_in for p in parts) == 35
