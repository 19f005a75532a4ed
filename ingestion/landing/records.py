"""Physical records of a delivered file, counted from its bytes, apart from any parser.

Row conservation is only a check if "rows in" is not the parser's own word for it: a parser
that silently skips a line would report rows in = loaded + quarantined and be believed. So
landing counts every delivered file's physical records here — in the same pass that hashes
the file — and the conservation check asks the parser to account for each of them as loaded,
quarantined, or a control record it consumed (a header row, a header record, a title, a
subtotal or footer row: ``ParseResult.rows_control``).

What a physical record is, by format (the spec's reader says which):

* ``lines`` (fixed width, JSON lines): every line, the last one even without its newline;
* ``csv``: every record, a quoted field may hold newlines. Where a record ends is the
  format's rule (RFC 4180 as ingestion.readers.csv_quoting states it: a quote opens a field
  only at the start of a field), applied here to the raw bytes; none of the parser's
  decoding, chunking, checking or quarantining is involved, and that is where rows get lost.
  A file the reader rejects whole is quarantined line by line, since its records cannot be
  delimited; for it the unit is the physical line (``lines``), which is also counted;
* ``excel``: every non-empty row of the sheet the spec names, read from the sheet's XML
  (:mod:`ingestion.landing.sheet_rows`; the parser reads with calamine: two readers, so a row
  one of them skips is caught).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingestion.landing.sheet_rows import count_sheet_rows

__all__ = ["FileCount", "count_file", "count_sheet_rows"]

_CHUNK = 16 << 20


@dataclass(frozen=True)
class FileCount:
    """The content hash and the physical record counts of one file."""

    sha256: str
    bytes: int
    lines: int
    csv_records: int

    def records(self, unit: str) -> int:
        return self.csv_records if unit == "csv" else self.lines


def count_file(path: Path, *, csv: bool = False) -> FileCount:
    """Hash ``path`` and count its lines (and, with ``csv``, its CSV records) in one pass."""
    h = hashlib.sha256()
    size = lines = 0
    last = b""
    records = _CsvRecords() if csv else None
    # unbuffered, in chunks: a small file (most deliveries) is one read and one empty read
    with open(path, "rb", buffering=0) as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if records is not None:
                records.feed(chunk)
            last = chunk[-1:]
    if size and last != b"\n":
        lines += 1  # a last line without its newline is a line too (a truncated file)
    return FileCount(h.hexdigest(), size, lines, records.finish() if records else lines)


class _CsvRecords:
    """CSV records of a byte stream fed in chunks: lines after which no quoted field is open
    (the quoting rule of ingestion.readers.csv_quoting), plus a last record without its line
    end."""

    def __init__(self) -> None:
        from ingestion.readers.csv_quoting import QuoteTracker

        self.tracker = QuoteTracker()
        self.records = 0
        self.rest = b""

    def feed(self, chunk: bytes) -> None:
        data = self.rest + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            self.rest = data
            return
        block, self.rest = data[: cut + 1], data[cut + 1 :]
        if b'"' not in block and not self.tracker.open:
            self.records += block.count(b"\n")
            self.tracker.lines += block.count(b"\n")
            return
        self.records += int(np.count_nonzero(~self.tracker.feed(block)))

    def finish(self) -> int:
        # a last line without its line end, or a quoted field never closed: one more record
        return self.records + (1 if self.rest or self.tracker.open else 0)
