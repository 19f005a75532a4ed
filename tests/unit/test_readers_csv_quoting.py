"""Where CSV records end (ingestion.readers.csv_quoting): the vectorised line-by-line reading
agrees with a plain character-by-character RFC-4180 reading, over text and over raw bytes."""

from __future__ import annotations

import random

import polars as pl
import pytest

from ingestion.readers.csv_quoting import QuoteTracker, open_after_lines, well_formed


def reference_open_after(lines: list[str]) -> list[bool]:
    """Character by character: a quote opens a field only at a field start, ``""`` inside a
    quoted field is a quote, a lone ``"`` closes it; after a closing quote only ``,`` may
    follow (anything else: the line is malformed and closes nothing more)."""
    out, open_ = [], False
    for line in lines:
        state = "quoted" if open_ else "start"
        for ch in line:
            if state == "start":
                state = "quoted" if ch == '"' else "start" if ch == "," else "unquoted"
            elif state == "unquoted":
                state = "start" if ch == "," else "unquoted"
            elif state == "quoted":
                state = "quote_seen" if ch == '"' else "quoted"
            elif state == "quote_seen":
                state = "quoted" if ch == '"' else "start" if ch == "," else "junk"
        open_ = state == "quoted"
        out.append(open_)
    return out


def reference_well_formed(record: str) -> bool:
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            i += 1
            while True:
                if i >= n:
                    return False
                if record[i] == '"':
                    if i + 1 < n and record[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        else:
            while i < n and record[i] not in ',"':
                i += 1
            if i < n and record[i] == '"':
                return False
        if i == n:
            return True
        if record[i] != ",":
            return False
        i += 1


@pytest.mark.parametrize("seed", range(5))
def test_line_by_line_reading_agrees_with_the_character_by_character_one(seed):
    rng = random.Random(seed)
    lines = ["".join(rng.choice('ab,"ก') for _ in range(rng.randint(0, 7))) for _ in range(400)]
    expected = reference_open_after(lines)
    assert open_after_lines(pl.Series(lines)).tolist() == expected
    # the same over raw bytes, fed in blocks that end at line ends
    tracker, got = QuoteTracker(), []
    data = [(ln + "\n").encode("cp874") for ln in lines]
    for start in range(0, len(data), 37):
        got += tracker.feed(b"".join(data[start : start + 37])).tolist()
    assert got == expected
    assert tracker.open == expected[-1]


@pytest.mark.parametrize("seed", range(3))
def test_well_formed_records(seed):
    rng = random.Random(seed)
    records = ["".join(rng.choice('ab,"\n') for _ in range(rng.randint(0, 8))) for _ in range(500)]
    got = well_formed(pl.Series(records)).tolist()
    assert got == [reference_well_formed(r) for r in records]


def test_the_tracker_remembers_where_an_open_record_started():
    tracker = QuoteTracker()
    tracker.feed(b'a,b\nc,"d\n')
    tracker.feed(b"e\nf\n")
    assert (tracker.open, tracker.record_start, tracker.lines) == (True, 2, 4)
    tracker.feed(b'g",h\n')
    assert (tracker.open, tracker.record_start) == (False, 6)
