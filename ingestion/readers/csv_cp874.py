"""CSV reader for Windows-874 files with a fixed header row (the SSO registries).

The bytes are decoded with the ``cp874`` codec (never ``tis-620``, see
:mod:`ingestion.readers.encoding`) into UTF-8, then parsed by polars with every column as a
string. Each record keeps the physical line number where it starts (a quoted field may span
lines, RFC 4180). The header row must equal the agreed headers, otherwise the file is rejected.
A record with the wrong number of fields (a "ragged" row), a stray double quote (inside an
unquoted field, or after a closing quote) or an empty line is a row error; the rest of the file
is read.

Big files stream (DESIGN.md, "Scale"): :func:`iter_csv_cp874` yields the records in chunks of
about :data:`CHUNK_LINES` physical lines, so memory stays bounded whatever the file size. A
chunk is cut only at the end of a record, never inside a quoted field (RFC-4180 quoting is
followed line by line, :mod:`ingestion.readers.csv_quoting`), and line numbers are physical
lines of the whole file. Every file-level problem (empty, NUL bytes, wrong encoding, truncated
last line, unterminated quote, header row) is found *before* the first chunk is yielded: a
cheap pass over the raw bytes checks the whole file first, so a problem at the end of a file
can never let its first chunks into the lake.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ingestion.readers.csv_quoting import QuoteTracker, open_after_lines, well_formed
from ingestion.readers.encoding import UTF8_BOM, utf8_problem
from ingestion.readers.errors import FileRejected, RowError

_QUOTED = r'"(?:[^"]|"")*"'
STRAY_QUOTE = (
    "a double quote inside a field that is not quoted, or text after a closing quote: a field "
    "holding quotes must be quoted whole, its quotes doubled (RFC 4180)"
)

#: Physical lines per chunk (DESIGN.md: chunks of ≤ 1 M lines keep memory at 1–3 GB). Measured
#: landing the insured registry (2.5 M lines): peak RSS 1.9 GB with 1 M lines a chunk, about
#: 1.3 GB with 500 k, at the same speed; the peak depends on the chunk, not on the file.
CHUNK_LINES = 500_000
#: Bytes read from disk at a time (blocks are then cut at a line end).
BLOCK_BYTES = 8 << 20
#: Bytes decoded at a time (Windows-874 is single-byte: any offset is a character boundary).
_DECODE_SLICE = 16 << 20


def _cp874_valid_bytes() -> bytes:
    ok = []
    for b in range(256):
        try:
            bytes([b]).decode("cp874")
        except UnicodeDecodeError:
            continue
        ok.append(b)
    return bytes(ok)


_CP874_VALID = _cp874_valid_bytes()


@dataclass
class CsvData:
    """What :func:`read_csv_cp874` read (or one chunk of :func:`iter_csv_cp874`).

    * ``rows``: ``_line`` (Int64, physical line where the record starts), then one String
      column per header (named by ``columns``), in file order. Values are as written (not
      stripped), empty fields are null; a line break inside a quoted field reads as LF,
      whatever the file's line ends. (The record text is not kept for good rows: memory.)
    * ``errors``: records that could not be split into the agreed fields: ``_line``, ``_raw``,
      ``_error_field``, ``_error_reason``.
    * ``records``: number of records after the header (rows + errors).
    """

    file: str
    rows: pl.DataFrame
    errors: pl.DataFrame

    @property
    def records(self) -> int:
        return self.rows.height + self.errors.height

    def row_errors(self) -> list[RowError]:
        return [
            RowError(self.file, line, fld, reason)
            for line, fld, reason in self.errors.select(
                "_line", "_error_field", "_error_reason"
            ).iter_rows()
        ]


def _norm_header(value: str | None) -> str:
    return (value or "").replace("\ufeff", "").strip()


# --------------------------------------------------------------------------- reading bytes


def line_blocks(
    path: Path | str | None = None, data: bytes | None = None, block_bytes: int | None = None
) -> Iterator[bytes]:
    """The file's bytes in blocks of about ``block_bytes``, each ending at a line end (``\\n``)
    except possibly the last one (a file whose last line has no line end)."""
    size = block_bytes or BLOCK_BYTES
    stream = io.BytesIO(data) if data is not None else open(path, "rb")  # noqa: SIM115
    with stream:
        carry = b""
        while piece := stream.read(size):
            if carry:
                piece, carry = carry + piece, b""
            cut = piece.rfind(b"\n") + 1
            if cut == 0:
                carry = piece
            elif cut < len(piece):
                carry = piece[cut:]
                yield piece[:cut]
            else:
                yield piece
        if carry:
            yield carry


def line_slices(
    blocks: Iterator[bytes], chunk_lines: int | None = None, *, quoted: bool
) -> Iterator[tuple[int, bytes]]:
    """(first physical line, bytes) slices of about ``chunk_lines`` (default
    :data:`CHUNK_LINES`) lines, cut at a line end (and, if ``quoted``, only at the end of a
    record, never inside a quoted field with line breaks: see
    :mod:`ingestion.readers.csv_quoting`). The last slice may lack a line end. Memory: about
    two slices' bytes."""
    chunk_lines = chunk_lines or CHUNK_LINES
    tracker = QuoteTracker() if quoted else None
    line = 1
    held: list[bytes] = []  # pieces of the slice being gathered
    lines = 0  # line ends in ``held``
    for block in blocks:
        ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + 1
        # where a slice may end: after a line that closes its record
        can_cut = ~tracker.feed(block) if tracker is not None else np.ones(len(ends), bool)
        start, first = 0, 0  # bytes and line ends of the block already in a slice
        while True:
            i = first + max(chunk_lines - lines, 1) - 1
            ok = np.flatnonzero(can_cut[i:]) if i < len(ends) else ()
            if not len(ok):  # not enough lines yet, or inside a quoted field to the end
                if start < len(block):
                    held.append(block[start:])
                lines += len(ends) - first
                break
            i += int(ok[0])
            cut = int(ends[i])
            held.append(block[start:cut])
            piece = b"".join(held)
            held, lines = [], 0
            count = piece.count(b"\n")
            out = (line, piece)
            del piece
            yield out
            del out
            line += count
            start, first = cut, i + 1
    if held:
        yield line, b"".join(held)


# --------------------------------------------------------------------------- file checks


class _Scan:
    """One pass over the raw bytes: everything that rejects a whole file except the header."""

    def __init__(self, name: str, encoding: str) -> None:
        self.name, self.encoding = name, encoding
        self.offset = 0  # bytes before the current block
        self.lines = 0  # line ends before the current block
        self.blank = True
        self.nul: int | None = None  # line of the first NUL
        self.bad: str | None = None  # the first encoding problem
        self.bad_line: int | None = None
        self.utf8 = True  # every block so far is valid UTF-8 (cp874 files: a UTF-8 export)
        self.ascii = True
        self.bom = False
        self.quoting = QuoteTracker()
        self.last = b""

    def feed(self, block: bytes) -> None:
        if self.offset == 0:
            self.bom = block.startswith(UTF8_BOM)
        if self.blank and not block.isspace():
            self.blank = False
        if self.nul is None and (at := block.find(b"\x00")) >= 0:
            self.nul = self.lines + block.count(b"\n", 0, at) + 1
        if not block.isascii():
            self.ascii = False
            if self.encoding == "cp874":
                self._cp874(block)
            if self.utf8:
                try:
                    block.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.utf8 = False
                    if self.encoding != "cp874" and self.bad is None:
                        at = exc.start
                        self.bad_line = self.lines + block.count(b"\n", 0, at) + 1
                        self.bad = f"not UTF-8: byte 0x{block[at]:02x} at offset {self.offset + at}"
        self.quoting.feed(block)
        self.lines += block.count(b"\n")
        self.offset += len(block)
        self.last = block[-1:]

    def _cp874(self, block: bytes) -> None:
        if self.bad is not None:
            return
        invalid = block.translate(None, _CP874_VALID)
        if not invalid:
            return
        at = min(block.find(bytes([b])) for b in set(invalid))
        start = block.rfind(b"\n", 0, at) + 1  # blocks start at a line start
        self.bad_line = self.lines + block.count(b"\n", 0, at) + 1
        self.bad = (
            f"byte 0x{block[at]:02X} at byte {at - start + 1} of the line is not valid "
            "Windows-874 (cp874); the file is in another encoding or corrupt"
        )

    def verdict(self) -> None:
        """Raise the file's first problem, in the order the checks are documented."""
        name = self.name
        if self.blank:
            raise FileRejected(name, None, None, "empty file (no header row)")
        if self.nul is not None:
            raise FileRejected(name, self.nul, None, "NUL byte in a text file")
        if self.encoding == "cp874" and (
            problem := utf8_problem(bom=self.bom, utf8=self.utf8 and not self.ascii)
        ):
            raise FileRejected(name, None, None, problem)
        if self.bad is not None:
            raise FileRejected(name, self.bad_line, None, self.bad)
        if self.last != b"\n":
            raise FileRejected(
                name,
                self.lines + 1,
                None,
                "file truncated: the last line has no line end (CRLF)",
            )
        if self.quoting.open:
            raise FileRejected(
                name,
                self.quoting.record_start,
                None,
                "unterminated quoted field (file truncated or a stray quote)",
            )


def check_file(
    name: str,
    encoding: str = "cp874",
    *,
    path: Path | str | None = None,
    data: bytes | None = None,
) -> None:
    """Raise :class:`FileRejected` for a file-level problem (all but the header row)."""
    scan = _Scan(name, encoding)
    for block in line_blocks(path, data):
        scan.feed(block)
    scan.verdict()


# --------------------------------------------------------------------------- parsing


def _to_utf8(piece: bytes, encoding: str, name: str, line: int) -> bytes:
    if encoding != "cp874":
        return piece  # checked to be UTF-8 by check_file
    out = []
    for start in range(0, len(piece), _DECODE_SLICE):
        part = piece[start : start + _DECODE_SLICE]
        try:
            out.append(part.decode("cp874").encode("utf-8"))
        except UnicodeDecodeError:  # pragma: no cover - check_file rejects such files first
            raise FileRejected(name, line, None, "not valid Windows-874 (cp874)") from None
    return out[0] if len(out) == 1 else b"".join(out)


def _split_lines(utf8: bytes, first_line: int) -> pl.DataFrame:
    lines = pl.read_csv(
        io.BytesIO(utf8),
        has_header=False,
        separator="\x00",
        quote_char=None,
        infer_schema=False,
        new_columns=["_raw"],
        truncate_ragged_lines=True,
    )
    return lines.select(
        pl.int_range(first_line, first_line + pl.len(), dtype=pl.Int64).alias("_line"),
        pl.col("_raw").fill_null(""),
    )


def _check_header(name: str, records: pl.DataFrame, expected: Sequence[str]) -> None:
    header_raw = records.get_column("_raw").item(0)
    header = pl.read_csv(
        io.BytesIO(header_raw.encode()),
        has_header=False,
        infer_schema=False,
        truncate_ragged_lines=False,
    ).row(0)
    got = [_norm_header(h) for h in header]
    want = [_norm_header(h) for h in expected]
    if got != want:
        diff = next(
            (i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
            min(len(got), len(want)),
        )
        g = got[diff] if diff < len(got) else "(missing)"
        w = want[diff] if diff < len(want) else "(none)"
        raise FileRejected(
            name,
            int(records.get_column("_line").item(0)),
            f"column {diff + 1}",
            f"header row does not match the agreed layout: expected '{w}', got '{g}' "
            f"({len(got)} columns, expected {len(want)})",
        )


def _parse_slice(
    name: str,
    utf8: list[bytes],
    first_line: int,
    names: Sequence[str],
    expected_headers: Sequence[str] | None,
) -> CsvData:
    """Records of one slice (whole records, no quoted field open; UTF-8 bytes in a one-item list,
    taken out so that they can be freed early); the header is checked and dropped when
    ``expected_headers`` is given (the first slice)."""
    lines = _split_lines(utf8.pop(), first_line)  # (popped: freed once split)

    # Group physical lines into records: a line starts a record when no quoted field is open
    # before it (slices start at a record start).
    after = open_after_lines(lines.get_column("_raw"))
    if len(after) and after[-1]:  # pragma: no cover - check_file rejects such files first
        closed = np.flatnonzero(~after)
        start = int(lines.get_column("_line").item(int(closed[-1]) + 1 if len(closed) else 0))
        raise FileRejected(
            name, start, None, "unterminated quoted field (file truncated or a stray quote)"
        )
    starts = np.ones(len(after), dtype=bool)
    starts[1:] = ~after[:-1]
    lines = lines.with_columns(_start=pl.Series(starts))
    if lines.get_column("_start").all():
        records = lines.select("_line", "_raw")
    else:
        records = (
            lines.with_columns(_rec=pl.col("_start").cum_sum())
            .group_by("_rec", maintain_order=True)
            .agg(pl.col("_line").first(), pl.col("_raw").str.join("\n"))
            .select("_line", "_raw")
        )
    del lines

    if expected_headers is not None:
        _check_header(name, records, expected_headers)
        records = records.slice(1)
    n = len(names)
    fields = pl.col("_raw").str.replace_all(_QUOTED, "").str.count_matches(",", literal=True) + 1
    body = records.with_columns(
        _fields=fields,
        _empty=pl.col("_raw").str.strip_chars() == "",
        _quoting=pl.Series(well_formed(records.get_column("_raw"))),
    )
    ok = (pl.col("_fields") == n) & ~pl.col("_empty") & pl.col("_quoting")
    errors = body.filter(~ok).select(
        "_line",
        "_raw",
        _error_field=pl.lit("line"),
        _error_reason=pl.when(pl.col("_empty"))
        .then(pl.lit("empty line"))
        .when(~pl.col("_quoting"))
        .then(pl.lit(STRAY_QUOTE))
        .otherwise(pl.format(f"expected {n} fields, got {{}}", pl.col("_fields"))),
    )
    good = body.filter(ok).select("_line", "_raw")
    del body, records
    if good.height:
        # the good records, one a line (a record's own line breaks stay inside its quotes)
        text = io.BytesIO()
        good.select("_raw").write_csv(text, include_header=False, quote_style="never")
        text.seek(0)
        parsed = pl.read_csv(
            text,
            has_header=False,
            infer_schema=False,
            new_columns=list(names),
            truncate_ragged_lines=False,
        )
        del text
        if parsed.height != good.height:  # pragma: no cover - guards the record grouping
            raise FileRejected(name, None, None, "CSV records could not be aligned with lines")
        rows = pl.concat([good.select("_line"), parsed], how="horizontal")
    else:
        rows = good.select("_line", *[pl.lit(None, pl.String).alias(c) for c in names])
    return CsvData(name, rows, errors)


def iter_csv_cp874(
    path: Path | str,
    expected_headers: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    file: str | None = None,
    data: bytes | None = None,
    encoding: str = "cp874",
    chunk_lines: int | None = None,
) -> Iterator[CsvData]:
    """Stream a Windows-874 CSV whose first row must be ``expected_headers``: one
    :class:`CsvData` per chunk of about ``chunk_lines`` (default :data:`CHUNK_LINES`) physical
    lines, in file order, with the file's physical line numbers. Arguments as
    :func:`read_csv_cp874`.

    :raises FileRejected: on the first ``next()``, before any chunk is yielded, for every
        file-level problem (see :func:`read_csv_cp874`), wherever it is in the file.
    """
    name = file if file is not None else str(path)
    names = list(columns) if columns is not None else list(expected_headers)
    if len(names) != len(expected_headers):
        raise ValueError("columns and expected_headers differ in length")
    src = {"path": None if data is not None else path, "data": data}
    check_file(name, encoding, **src)
    header: Sequence[str] | None = expected_headers
    for first_line, piece in line_slices(line_blocks(**src), chunk_lines, quoted=True):
        box = [_to_utf8(piece, encoding, name, first_line)]
        del piece  # only ``box`` holds the slice now: _parse_slice drops it once split
        chunk = _parse_slice(name, box, first_line, names, header)
        yield chunk
        del chunk
        header = None


def read_csv_cp874(
    path: Path | str,
    expected_headers: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    file: str | None = None,
    data: bytes | None = None,
    encoding: str = "cp874",
) -> CsvData:
    """Read a Windows-874 CSV whose first row must be ``expected_headers`` (all of it; see
    :func:`iter_csv_cp874` to stream a big file).

    ``columns`` renames the fields (e.g. to English names); default: the headers.
    ``file`` is the name used in errors (the path relative to ``data/sources/``).
    ``encoding``: ``cp874`` (default) or ``utf-8`` (for sources that deliver UTF-8).

    :raises FileRejected: not Windows-874, empty, no line end after the last line (truncated),
        an unterminated quoted field, NUL bytes, or a header row that differs.
    """
    chunks = list(
        iter_csv_cp874(
            path, expected_headers, columns=columns, file=file, data=data, encoding=encoding
        )
    )
    if len(chunks) == 1:
        return chunks[0]
    return CsvData(
        chunks[0].file,
        pl.concat([c.rows for c in chunks]),
        pl.concat([c.errors for c in chunks]),
    )
