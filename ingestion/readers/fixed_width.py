"""Generic fixed-width reader for Windows-874 files (e.g. สปส.1-10), vectorised with polars.

A layout lists, per record type, its fields as ``(name, width, kind)`` in BYTES of cp874. The
first field of every record is the record type. Windows-874 is single-byte, so after decoding
one character is one byte and each field is a ``str.slice`` over all lines at once: no Python
loop runs per line. Many small files are read in one call (:func:`read_fixed_width_many`): the
decoded texts are split into lines together, each line keeping its file index and physical
line number.

Field kinds:

* ``"type"``: the record type (first field);
* ``"text"``: left-aligned, space-padded text; returned right-stripped (not checked);
* ``"digits"``: exactly ``width`` digits; returned as a string (codes with leading zeros);
* ``"number"``: exactly ``width`` digits; returned as Int64;
* ``"amount"``: an amount with two decimals, per the layout's ``amount_format``:
  ``"decimal_point"`` (``000015000.00``, width − 3 digits, a point, two digits) or
  ``"implied_decimals"`` (``00001500000``, digits only, the last two are satang); returned as
  ``Decimal(p, 2)``;
* ``"filler"``: not returned, not checked.

Digits may be Thai (๐–๙, one byte each in Windows-874, so widths hold): they are read as
their Arabic twins in ``digits``, ``number`` and ``amount`` fields (DOMAIN.md: Thai digits
occur in numbers and dates); an error shows the field as written.

What does not match is reported per line with its field (see :class:`FixedWidthData`): wrong
line length, unknown record type, a number or amount that does not match its format. A file
that cannot be read at all (not Windows-874, empty, a NUL byte anywhere, last line cut short
without a line end) is rejected whole with :class:`~ingestion.readers.errors.FileRejected`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from ingestion.readers.encoding import decode_cp874
from ingestion.readers.errors import FileRejected, RowError
from ingestion.thai import to_arabic_digits_expr
from ingestion.thai.digits import THAI_DIGITS

AmountFormat = Literal["decimal_point", "implied_decimals"]
KINDS = ("type", "text", "digits", "number", "amount", "filler")


@dataclass(frozen=True)
class Field:
    name: str
    width: int
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind!r}; one of {KINDS}")
        if self.width < 1:
            raise ValueError(f"field {self.name}: width must be positive")


@dataclass(frozen=True)
class RecordLayout:
    """The fields of one record type; the first field is the record type itself."""

    record_type: str
    fields: tuple[Field, ...]

    @classmethod
    def of(cls, record_type: str, fields: Iterable[tuple[str, int, str] | Field]) -> RecordLayout:
        return cls(record_type, tuple(f if isinstance(f, Field) else Field(*f) for f in fields))

    @property
    def length(self) -> int:
        return sum(f.width for f in self.fields)

    def offsets(self) -> list[tuple[Field, int]]:
        out, pos = [], 0
        for f in self.fields:
            out.append((f, pos))
            pos += f.width
        return out


@dataclass(frozen=True)
class FixedWidthLayout:
    records: tuple[RecordLayout, ...]
    amount_format: AmountFormat = "decimal_point"

    def __post_init__(self) -> None:
        if self.amount_format not in ("decimal_point", "implied_decimals"):
            raise ValueError(
                f"amount_format must be 'decimal_point' or 'implied_decimals', "
                f"got {self.amount_format!r}"
            )
        widths = {r.fields[0].width for r in self.records}
        if len(widths) != 1 or any(r.fields[0].kind != "type" for r in self.records):
            raise ValueError("every record must start with a 'type' field of the same width")
        for r in self.records:
            if len(r.record_type) != r.fields[0].width:
                raise ValueError(f"record type {r.record_type!r} does not fit its field")

    @property
    def type_width(self) -> int:
        return self.records[0].fields[0].width

    def record(self, record_type: str) -> RecordLayout:
        for r in self.records:
            if r.record_type == record_type:
                return r
        raise KeyError(record_type)

    def amount_pattern(self, width: int) -> str:
        """Human-readable pattern of an amount of this width: ``NNNNNNNNNNN.NN``."""
        if self.amount_format == "decimal_point":
            return "N" * (width - 3) + ".NN"
        return "N" * width


@dataclass
class FixedWidthData:
    """What :func:`read_fixed_width_many` read.

    * ``files``: the file names given (relative paths), indexed by ``_file_idx``.
    * ``records[record_type]``: one row per line of that type and the right length, in file
      and line order: ``_file_idx`` (Int32), ``_line`` (Int64, 1-based physical line),
      ``_raw`` (the decoded line), the fields (typed per kind; null where the value does not
      match its format), ``_error_field`` and ``_error_reason`` (the first field that does not
      match, null when the line is good).
    * ``malformed``: lines of unknown record type or wrong length: ``_file_idx``, ``_line``,
      ``_raw``, ``_error_field`` (``record_type`` or ``line``), ``_error_reason``.
    * ``rejected``: file index → :class:`FileRejected` for files that could not be read at
      all; ``raw_lines`` holds their lines decoded leniently (for quarantine), and they have no
      rows in ``records`` or ``malformed``.
    * ``ends_with_newline``: per file.
    """

    files: list[str]
    records: dict[str, pl.DataFrame]
    malformed: pl.DataFrame
    rejected: dict[int, FileRejected] = field(default_factory=dict)
    raw_lines: dict[int, list[str]] = field(default_factory=dict)

    def row_errors(self) -> list[RowError]:
        """All line-level problems as :class:`RowError`, in file and line order."""
        frames = [
            df.filter(pl.col("_error_field").is_not_null()).select(
                "_file_idx", "_line", "_error_field", "_error_reason"
            )
            for df in [*self.records.values(), self.malformed]
        ]
        errs = pl.concat(frames).sort("_file_idx", "_line")
        return [
            RowError(self.files[i], line, fld, reason) for i, line, fld, reason in errs.iter_rows()
        ]


def _split_text(text: str) -> tuple[str, bool]:
    """Drop the final line end; report whether there was one."""
    if text.endswith("\r\n"):
        return text[:-2], True
    if text.endswith("\n"):
        return text[:-1], True
    return text, False


def _check_file(
    text: str, ends: bool, file: str, layout: FixedWidthLayout, data: bytes | None = None
) -> None:
    """``data``: the bytes ``text`` was decoded from, when at hand. Windows-874 decodes byte
    0x00 and only it to NUL, and a search of the bytes is several times cheaper than one of
    the decoded text (Thai makes it two bytes a character), so the text is searched only when
    the bytes hold a NUL."""
    if not text and not ends:
        raise FileRejected(file, None, None, "empty file")
    if (data is None or b"\x00" in data) and (at := text.find("\x00")) >= 0:
        # NUL never occurs in a text record: a corrupt or binary file, or the zero-filled tail
        # of an interrupted write. Its fields cannot be trusted, so neither can the totals.
        raise FileRejected(file, text.count("\n", 0, at) + 1, None, "NUL byte in a text file")
    if ends:
        return
    # The last line has no line end: accept it only if it is a complete record.
    last_start = text.rfind("\n") + 1
    last = text[last_start:].removesuffix("\r")
    line_no = text.count("\n", 0, last_start) + 1
    rtype = last[: layout.type_width]
    try:
        expected = layout.record(rtype).length
    except KeyError:
        expected = None
    if expected is None or len(last) < expected:
        want = f"{expected} bytes" if expected else "a complete record"
        raise FileRejected(
            file,
            line_no,
            "line",
            f"file truncated: last line has {len(last)} bytes and no line end (CRLF), "
            f"expected {want}",
        )


def _amount_exprs(
    col: pl.Expr, width: int, layout: FixedWidthLayout
) -> tuple[pl.Expr, pl.Expr, str]:
    if layout.amount_format == "decimal_point":
        ok = col.str.contains(rf"^[0-9]{{{width - 3}}}\.[0-9]{{2}}$")
        text = col
        digits = width - 1
    else:
        ok = col.str.contains(rf"^[0-9]{{{width}}}$")
        text = pl.concat_str(col.str.slice(0, width - 2), pl.lit("."), col.str.slice(width - 2))
        digits = width
    value = pl.when(ok).then(text.str.to_decimal(scale=2).cast(pl.Decimal(digits, 2)))
    return ok, value, f"expected {width} bytes '{layout.amount_pattern(width)}', got '"


NUMERIC_KINDS = ("digits", "number", "amount")


def _digits_name(name: str) -> str:
    return f"__digits_{name}"


def _parse_record(lines: pl.DataFrame, rec: RecordLayout, layout: FixedWidthLayout) -> pl.DataFrame:
    raw = pl.col("_raw")
    fields = [(f, pos) for f, pos in rec.offsets() if f.kind not in ("type", "filler")]
    sliced = [raw.str.slice(pos, f.width).alias(f.name) for f, pos in fields]
    # Numeric fields of lines with Thai digits are read from the line with those made Arabic;
    # the field as written is kept for the error message. Most batches have none: a scan, then
    # nothing more (converting every line would cost ~40 % of the parse).
    thai = any(f.kind in NUMERIC_KINDS for f, _ in fields) and bool(
        lines.select(raw.str.contains(f"[{THAI_DIGITS}]").any()).item()
    )
    if thai:
        arabic = to_arabic_digits_expr(raw)
        sliced += [
            arabic.str.slice(pos, f.width).alias(_digits_name(f.name))
            for f, pos in fields
            if f.kind in NUMERIC_KINDS
        ]
    df = lines.select("_file_idx", "_line", "_raw", *sliced)
    checks: list[tuple[str, pl.Expr, pl.Expr]] = []  # (name, ok, reason)
    typed: list[pl.Expr] = []
    for f, _pos in fields:
        col = pl.col(f.name)  # as written
        if f.kind == "text":
            typed.append(col.str.strip_chars_end(" ").alias(f.name))
            continue
        digits = pl.col(_digits_name(f.name)) if thai else col
        if f.kind in ("digits", "number"):
            ok = digits.str.contains(rf"^[0-9]{{{f.width}}}$")
            reason = pl.concat_str(pl.lit(f"expected {f.width} digits, got '"), col, pl.lit("'"))
            checks.append((f.name, ok, reason))
            value = digits if f.kind == "digits" else digits.cast(pl.Int64, strict=False)
            typed.append(pl.when(ok).then(value).alias(f.name))
        elif f.kind == "amount":
            ok, value, prefix = _amount_exprs(digits, f.width, layout)
            reason = pl.concat_str(pl.lit(prefix), col, pl.lit("'"))
            checks.append((f.name, ok, reason))
            typed.append(value.alias(f.name))
    if checks:
        error_field = pl.coalesce([pl.when(~ok).then(pl.lit(n)) for n, ok, _ in checks])
        error_reason = pl.coalesce([pl.when(~ok).then(r) for _, ok, r in checks])
    else:
        error_field = pl.lit(None, pl.String)
        error_reason = pl.lit(None, pl.String)
    helpers = [_digits_name(f.name) for f, _ in fields if thai and f.kind in NUMERIC_KINDS]
    return (
        df.with_columns(error_field.alias("_error_field"), error_reason.alias("_error_reason"))
        .with_columns(typed)
        .drop(helpers)
    )


def _lines_frame(texts: list[str], indices: list[int]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {"_file_idx": pl.Series(indices, dtype=pl.Int32), "_raw": pl.Series(texts, dtype=pl.String)}
    )
    return (
        frame.with_columns(pl.col("_raw").str.split("\n"))
        .with_columns(_line=pl.int_ranges(1, pl.col("_raw").list.len() + 1, dtype=pl.Int64))
        .explode("_raw", "_line")
        .with_columns(pl.col("_raw").str.strip_suffix("\r"))
    )


def read_fixed_width_many(
    items: Sequence[tuple[str, bytes]], layout: FixedWidthLayout
) -> FixedWidthData:
    """Read many small fixed-width files in one vectorised pass.

    ``items`` are ``(file name, content bytes)``; the name is used in errors and is the
    relative path the lake records. Files that cannot be read at all are listed in
    ``rejected`` instead of raising, so one bad file does not stop a batch.
    """
    files = [name for name, _ in items]
    texts: list[str] = []
    indices: list[int] = []
    rejected: dict[int, FileRejected] = {}
    raw_lines: dict[int, list[str]] = {}
    for i, (name, data) in enumerate(items):
        try:
            text, ends = _split_text(decode_cp874(data, name))
            _check_file(text, ends, name, layout, data)
        except FileRejected as err:
            rejected[i] = err
            lenient = data.decode("cp874", errors="replace")
            raw_lines[i] = _split_text(lenient)[0].split("\n") if lenient else []
            raw_lines[i] = [ln.removesuffix("\r") for ln in raw_lines[i]]
            continue
        texts.append(text)
        indices.append(i)
    lines = _lines_frame(texts, indices)
    tw = layout.type_width
    lines = lines.with_columns(
        _rtype=pl.col("_raw").str.slice(0, tw), _len=pl.col("_raw").str.len_chars()
    )
    known = [r.record_type for r in layout.records]
    expected_len = pl.col("_rtype").replace_strict(
        {r.record_type: r.length for r in layout.records}, default=None, return_dtype=pl.Int64
    )
    lines = lines.with_columns(_expected=expected_len)
    good = pl.col("_expected").is_not_null() & (pl.col("_len") == pl.col("_expected"))
    records = {
        r.record_type: _parse_record(
            lines.filter(good & (pl.col("_rtype") == r.record_type)), r, layout
        )
        for r in layout.records
    }
    allowed = " or ".join(f"'{t}'" for t in known)
    malformed = lines.filter(~good).select(
        "_file_idx",
        "_line",
        "_raw",
        _error_field=pl.when(pl.col("_expected").is_null())
        .then(pl.lit("record_type"))
        .otherwise(pl.lit("line")),
        _error_reason=pl.when(pl.col("_expected").is_null())
        .then(
            pl.concat_str(
                pl.lit("unknown record type '"), pl.col("_rtype"), pl.lit(f"', expected {allowed}")
            )
        )
        .otherwise(
            pl.format(
                "wrong line length: expected {} bytes for record type '{}', got {}",
                pl.col("_expected"),
                pl.col("_rtype"),
                pl.col("_len"),
            )
        ),
    )
    return FixedWidthData(files, records, malformed, rejected, raw_lines)


def read_fixed_width(
    path: Path | str,
    layout: FixedWidthLayout,
    *,
    file: str | None = None,
    data: bytes | None = None,
) -> FixedWidthData:
    """Read one file; raise :class:`FileRejected` if it cannot be read at all."""
    name = file if file is not None else str(path)
    content = data if data is not None else Path(path).read_bytes()
    result = read_fixed_width_many([(name, content)], layout)
    if 0 in result.rejected:
        raise result.rejected[0]
    return result
