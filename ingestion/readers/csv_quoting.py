"""Where a CSV record ends, following RFC-4180 quoting line by line.

A record spans several physical lines only inside a quoted field. Counting double quotes is
not enough to tell: a quote typed inside an unquoted field (``ท่อ 3" นิ้ว``, an inch mark) is
not a field delimiter, and counting it would glue the following lines into one record. So
each line is read as the RFC does: a quote opens a quoted field only at the start of a field,
``""`` inside a quoted field is one quote, and a lone ``"`` closes it. A quote elsewhere is
kept here as text (so it never changes where records end); :data:`RECORD` then tells a
well-formed record from one with such a stray quote, which the reader quarantines.

Only lines that hold a quote are looked at (a line without one leaves the state as it was),
with linear-time regular expressions (polars), so a file with few quoted fields costs a scan.
Bytes work as well as text: the patterns only look at ``"``, ``,`` and the line end, which no
multi-byte UTF-8 character and no Windows-874 byte contains.
"""

from __future__ import annotations

import numpy as np
import polars as pl

_QUOTED = r'"(?:[^"]|"")*"'
#: a field that does not start with a quote; a quote further on is text here (see RECORD)
_UNQUOTED = r'(?:[^,"][^,]*)?'
_FIELD = f"(?:{_QUOTED}|{_UNQUOTED})"
_OPEN = r'"(?:[^"]|"")*'  # a quoted field still open at the end of the line
#: starting at a field start, the line ends inside a quoted field
_OPENS = f"^(?:{_FIELD},)*{_OPEN}$"
#: starting inside a quoted field, the line ends inside one (the same, or a new one)
_STAYS_OPEN = f'^(?:[^"]|"")*$|^(?:[^"]|"")*"(?:,{_FIELD})*,{_OPEN}$'
#: a well-formed record (RFC 4180): every field quoted as a whole, or free of quotes
RECORD = f'^(?:{_QUOTED}|[^,"]*)(?:,(?:{_QUOTED}|[^,"]*))*$'


def well_formed(records: pl.Series) -> np.ndarray:
    """Per record (its lines joined): is it well-formed (:data:`RECORD`)? Only records that
    hold a quote can fail, so only those are matched."""
    out = np.ones(len(records), dtype=bool)
    at = np.flatnonzero(records.str.contains('"', literal=True).fill_null(False).to_numpy())
    if len(at):
        out[at] = records.gather(at).str.contains(RECORD).fill_null(False).to_numpy()
    return out


def open_after_lines(lines: pl.Series, start_open: bool = False) -> np.ndarray:
    """Per line (text without its line end): is a quoted field open after it, i.e. does the
    record go on on the next line? ``start_open``: the state before the first line."""
    has_quote = lines.str.contains('"', literal=True).fill_null(False).to_numpy()
    at = np.flatnonzero(has_quote)
    return _open_after(len(lines), at, lines.gather(at), start_open)


def _open_after(n: int, at: np.ndarray, quoted: pl.Series, start_open: bool) -> np.ndarray:
    """:func:`open_after_lines` given the indices ``at`` of the lines holding a quote and their
    texts (the other lines keep the state)."""
    if not len(at):
        return np.full(n, start_open)
    opens = quoted.str.contains(_OPENS).fill_null(False).to_numpy()
    stays = quoted.str.contains(_STAYS_OPEN).fill_null(False).to_numpy()
    after_quoted = _run(opens, stays, start_open)
    last = np.searchsorted(at, np.arange(n), side="right") - 1  # last quoted line up to here
    return np.where(last >= 0, after_quoted[np.maximum(last, 0)], start_open)


def _run(opens: np.ndarray, stays: np.ndarray, start: bool) -> np.ndarray:
    """The state after each line, line ``k`` mapping the state before it to ``stays[k]`` if a
    field was open, ``opens[k]`` if not. Vectorised: such a map is a constant (``opens ==
    stays``), the identity or a negation, so the state after a line is the last constant
    before it (or ``start``) flipped once per negation since."""
    const = opens == stays
    segment = np.cumsum(const)  # lines since the last constant map share a segment
    base = np.concatenate(([start], opens[const]))[segment]
    flips = np.cumsum(opens & ~stays)
    flips_at_base = np.concatenate(([0], flips[const]))[segment]
    return base ^ ((flips - flips_at_base) % 2 == 1)


class QuoteTracker:
    """:func:`open_after_lines` over a file's raw bytes, fed block by block (each block ends at
    a line end, except maybe the file's last). Remembers the state between blocks and the
    physical line where the record in progress started."""

    def __init__(self) -> None:
        self.open = False
        self.lines = 0  # complete lines fed
        self.record_start = 1  # line where the record in progress starts

    def feed(self, block: bytes) -> np.ndarray:
        """Per complete line of ``block``: is a quoted field open after it?"""
        raw = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10)
        quotes = np.flatnonzero(raw == 34)
        at = np.searchsorted(ends, quotes)  # the line of each quote, in order
        at = at[np.r_[True, at[1:] != at[:-1]]] if len(at) else at  # lines holding a quote
        at = at[at < len(ends)]  # a last line without its line end is not looked at
        if len(at) * 8 < len(ends):  # few quoted lines: slice just those
            starts = np.concatenate(([0], ends[:-1] + 1))[at]
            texts = [block[a:b].decode("latin-1") for a, b in zip(starts, ends[at], strict=True)]
            quoted = pl.Series(texts, dtype=pl.String)
        else:
            lines = pl.Series([block.decode("latin-1")], dtype=pl.String).str.split("\n")
            quoted = lines.explode().gather(at)
        after = _open_after(len(ends), at, quoted, self.open)
        if len(after):
            closed = np.flatnonzero(~after)
            if len(closed):
                self.record_start = self.lines + int(closed[-1]) + 2
            self.open = bool(after[-1])
        self.lines += len(ends)
        return after
