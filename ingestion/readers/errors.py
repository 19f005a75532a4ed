"""Structured errors shared by every reader.

A reader reports a problem with one record as a :class:`RowError` (the record goes to
quarantine, the rest of the file is read), and a problem with the whole file (wrong encoding,
truncated, header row not as agreed) by raising :class:`FileRejected`. Both name the file (path
relative to ``data/sources/``), the 1-based physical line or spreadsheet row, and the field::

    sso_efiling/256701/SPS110_0105500001_000000_256701.txt line 7 field wage:
        expected 14 bytes 'NNNNNNNNNNN.NN', got '00001500O.00'
"""

from __future__ import annotations

from dataclasses import dataclass


def describe(file: str, line: int | None, field: str | None, reason: str) -> str:
    """``<file> line <n> field <name>: <reason>``, leaving out what is unknown."""
    where = file
    if line is not None:
        where += f" line {line}"
    if field is not None:
        where += f" field {field}"
    return f"{where}: {reason}"


@dataclass(frozen=True)
class RowError:
    """One record that cannot be loaded; the reader goes on with the next one."""

    file: str
    line: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        return describe(self.file, self.line, self.field, self.reason)


class FileRejected(ValueError):
    """The whole file cannot be read as agreed (encoding, truncation, header row, layout)."""

    def __init__(self, file: str, line: int | None, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(describe(file, line, field, reason))

    def __reduce__(self):  # keep it picklable across processes
        return (FileRejected, (self.file, self.line, self.field, self.reason))
