"""CSV reader for Windows-874 files with a fixed header row (the SSO registries).

The bytes are decoded with the ``cp874`` codec (never ``tis-620``, see
:mod:`ingestion.readers.encoding`) into UTF-8, then parsed by polars with every column as a
string. Each record keeps the physical line number where it starts (a quoted field may span
lines, RFC 4180). The header row must equal the agreed headers, otherwise the file is rejected.
A record with the wrong number of fields (a "ragged" row) or an empty line is a row error; the
rest of the file is read.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingestion.readers.encoding import decode_cp874_to_utf8
from ingestion.readers.errors import FileRejected, RowError

_QUOTED = r'"(?:[^"]|"")*"'


@dataclass
class CsvData:
    """What :func:`read_csv_cp874` read.

    * ``rows``: ``_line`` (Int64, physical line where the record starts), ``_raw`` (the record
      text), then one String column per header (named by ``columns``), in file order. Values
      are as written (not stripped), empty fields are null.
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


def _utf8(content: bytes, name: str) -> bytes:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise FileRejected(
            name, line, None, f"not UTF-8: byte 0x{content[exc.start]:02x} at offset {exc.start}"
        ) from None
    return content


def _split_lines(utf8: bytes) -> pl.DataFrame:
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
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_line"),
        pl.col("_raw").fill_null(""),
    )


def read_csv_cp874(
    path: Path | str,
    expected_headers: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    file: str | None = None,
    data: bytes | None = None,
    encoding: str = "cp874",
) -> CsvData:
    """Read a Windows-874 CSV whose first row must be ``expected_headers``.

    ``columns`` renames the fields (e.g. to English names); default: the headers.
    ``file`` is the name used in errors (the path relative to ``data/sources/``).
    ``encoding``: ``cp874`` (default) or ``utf-8`` (for sources that deliver UTF-8).

    :raises FileRejected: not Windows-874, empty, no line end after the last line (truncated),
        an unterminated quoted field, NUL bytes, or a header row that differs.
    """
    name = file if file is not None else str(path)
    content = data if data is not None else Path(path).read_bytes()
    names = list(columns) if columns is not None else list(expected_headers)
    if len(names) != len(expected_headers):
        raise ValueError("columns and expected_headers differ in length")
    if not content.strip():
        raise FileRejected(name, None, None, "empty file (no header row)")
    if b"\x00" in content:
        line = content.count(b"\n", 0, content.index(b"\x00")) + 1
        raise FileRejected(name, line, None, "NUL byte in a text file")
    utf8 = decode_cp874_to_utf8(content, name) if encoding == "cp874" else _utf8(content, name)
    if not content.endswith(b"\n"):
        last = content.count(b"\n") + 1
        raise FileRejected(name, last, None, "file truncated: the last line has no line end (CRLF)")
    lines = _split_lines(utf8)

    # Group physical lines into records: a line starts a record when the quotes before it
    # are balanced.
    quotes = pl.col("_raw").str.count_matches('"', literal=True)
    lines = lines.with_columns(
        _start=((quotes.cum_sum() - quotes) % 2 == 0), _open=(quotes.cum_sum() % 2 == 1)
    )
    if lines.get_column("_open").item(-1):
        start = lines.filter(pl.col("_start")).get_column("_line").item(-1)
        raise FileRejected(
            name, start, None, "unterminated quoted field (file truncated or a stray quote)"
        )
    if lines.get_column("_start").all():
        records = lines.select("_line", "_raw")
    else:
        records = (
            lines.with_columns(_rec=pl.col("_start").cum_sum())
            .group_by("_rec", maintain_order=True)
            .agg(pl.col("_line").first(), pl.col("_raw").str.join("\n"))
            .select("_line", "_raw")
        )

    header_raw = records.get_column("_raw").item(0)
    header = pl.read_csv(
        io.BytesIO(header_raw.encode()),
        has_header=False,
        infer_schema=False,
        truncate_ragged_lines=False,
    ).row(0)
    got = [_norm_header(h) for h in header]
    want = [_norm_header(h) for h in expected_headers]
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

    body = records.slice(1)
    n = len(want)
    fields = pl.col("_raw").str.replace_all(_QUOTED, "").str.count_matches(",", literal=True) + 1
    body = body.with_columns(_fields=fields)
    ok = (pl.col("_fields") == n) & (pl.col("_raw").str.strip_chars() != "")
    errors = body.filter(~ok).select(
        "_line",
        "_raw",
        _error_field=pl.lit("line"),
        _error_reason=pl.when(pl.col("_raw").str.strip_chars() == "")
        .then(pl.lit("empty line"))
        .otherwise(pl.format(f"expected {n} fields, got {{}}", pl.col("_fields"))),
    )
    good = body.filter(ok).select("_line", "_raw")
    if good.height:
        text = good.get_column("_raw").str.join("\n").item() + "\n"
        parsed = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            has_header=False,
            infer_schema=False,
            new_columns=names,
            truncate_ragged_lines=False,
        )
        if parsed.height != good.height:  # pragma: no cover - guards the record grouping
            raise FileRejected(name, None, None, "CSV records could not be aligned with lines")
        rows = pl.concat([good, parsed], how="horizontal")
    else:
        rows = good.with_columns([pl.lit(None, pl.String).alias(c) for c in names])
    return CsvData(name, rows, errors)
