"""Counting a worksheet's non-empty rows without the parser's Excel reader, and fast.

Landing checks rows in = rows loaded + rows quarantined + control rows per file with a count
that does not come from the reader (calamine). openpyxl did that, cell object by cell object:
minutes for the national work-permit stock (2.6 M rows in three ~1 M-row parts). This reads
the sheet's XML from the workbook's zip as a byte stream instead, in bounded chunks, and stops
at a row's first non-empty cell; a shared string is looked up by its offset in
``sharedStrings.xml`` (found once, vectorised), so the common row costs one regex match.

"Non-empty" is openpyxl's ``any(v is not None and str(v).strip() for v in row)``: a number, a
boolean, an error value or a text that is not only whitespace (XML entities and Excel's
``_xHHHH_`` escapes decoded first; phonetic runs are not text). A workbook or sheet that cannot
be read, including a sheet whose XML is cut short, counts 0: the reader rejects such a file
and the manifest says why. stdlib only (zipfile, re) and numpy: no third Excel library.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import numpy as np

_ROW = re.compile(rb"<row\b[^>]*?/>|<row\b[^>]*>(.*?)</row>", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_ROW_END = b"</row>"
CHUNK_BYTES = 1 << 24


def count_sheet_rows(path: Path, sheet: str) -> int:
    """Non-empty rows of worksheet ``sheet`` in the .xlsx at ``path`` (0 when unreadable)."""
    try:
        book = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return 0
    with book:
        try:
            part = _sheet_part(book, sheet)
            if part is None:
                return 0
            strings = _SharedStrings(book)
            with book.open(part) as stream:
                return _count_rows(stream, strings)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            return 0


def _count_rows(stream, strings: _SharedStrings) -> int:
    count, rest = 0, b""
    while True:
        chunk = stream.read(CHUNK_BYTES)
        data = rest + chunk
        if chunk:
            cut = data.rfind(_ROW_END)
            if cut < 0:
                rest = data
                continue
            block, rest = data[: cut + len(_ROW_END)], data[cut + len(_ROW_END) :]
        else:
            block = data
        for row in _ROW.finditer(block):
            body = row.group(1)
            if body and any(
                _has_value(c.group(1), c.group(2), strings) for c in _CELL.finditer(body)
            ):
                count += 1
        if not chunk:
            # a sheet cut short (a broken transfer) cannot be read: nothing to count
            return count if data.rstrip().endswith(b"</worksheet>") else 0


def _text(raw: bytes) -> str:
    text = html.unescape(raw.decode("utf-8", errors="replace"))
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    # namespace prefixes vary by writer (r:id, ns1:id): keep the local name
    return {name.rsplit(b":", 1)[-1]: value for name, value in _ATTRIBUTE.findall(tag)}


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding worksheet ``sheet``: workbook.xml names it, its rels locate it."""
    rel_id = None
    for tag in _SHEET.findall(book.read("xl/workbook.xml")):
        attrs = _attributes(tag)
        if _text(attrs.get(b"name", b"")) == sheet:
            rel_id = attrs.get(b"id")
            break
    if rel_id is None:
        return None
    for tag in _RELATIONSHIP.findall(book.read("xl/_rels/workbook.xml.rels")):
        attrs = _attributes(tag)
        if attrs.get(b"Id") == rel_id:
            target = attrs[b"Target"].decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


class _SharedStrings:
    """The workbook's shared-string table, held as its bytes and the offset of every ``<si>``."""

    def __init__(self, book: zipfile.ZipFile) -> None:
        try:
            self.data = book.read("xl/sharedStrings.xml")
        except KeyError:
            self.data = b""
        raw = np.frombuffer(self.data, dtype=np.uint8)
        if raw.size < 4:
            self.starts = np.zeros(0, dtype=np.int64)
            return
        lt = np.flatnonzero(raw[:-3] == ord("<"))
        is_si = (
            (raw[lt + 1] == ord("s"))
            & (raw[lt + 2] == ord("i"))
            & np.isin(raw[lt + 3], (ord(">"), ord(" "), ord("/")))
        )
        self.starts = lt[is_si]

    def blank(self, index: int) -> bool:
        if not 0 <= index < self.starts.size:
            return True  # no such string: openpyxl reads nothing there either
        end = int(self.starts[index + 1]) if index + 1 < self.starts.size else len(self.data)
        item = _PHONETIC.sub(b"", self.data[int(self.starts[index]) : end])
        return not "".join(_text(t) for t in _TEXT.findall(item)).strip()


def _has_value(attrs: bytes, body: bytes | None, strings: _SharedStrings) -> bool:
    if not body:
        return False
    kind = _TYPE.search(attrs)
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return bool("".join(_text(t) for t in _TEXT.findall(body)).strip())
    value = _VALUE.search(body)
    if value is None:
        return False  # a formula without a cached value
    if kind == b"s":
        try:
            return not strings.blank(int(value.group(1)))
        except ValueError:
            return False
    return bool(_text(value.group(1)).strip())
