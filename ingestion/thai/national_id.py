"""Thai national identification numbers (เลขประจำตัวประชาชน, 13 digits): the one home of the rules.

* **Check digit**: ``(11 - Σ dᵢ·(13 - i) for i = 0..11 mod 11) mod 10``; scalar through
  ``stdnum.th.pin.calc_check_digit`` (:func:`check_digit`), vectorised as integer arithmetic in
  one polars expression (:func:`valid_national_id_expr`). Nothing else computes it.
  ``stdnum.th.pin.validate`` itself is not used: python-stdnum rejects numbers starting with
  ``0``, and those are the numbers issued to non-Thai workers, which we must keep (flagged by
  :func:`is_non_thai_id`), not drop. Like stdnum, a leading ``9`` is rejected (no such category).
* **Cleaning** (:func:`clean_national_id`, :func:`clean_national_id_expr`): Thai digits ๐–๙ become
  0–9, then every character of :data:`ID_SEPARATORS` is removed wherever it stands: ASCII
  whitespace (space, tab, CR, LF, VT, FF), no-break spaces (U+00A0, U+202F), hyphen-minus and
  the Unicode hyphens and dashes people type (U+2010–U+2013, U+2212), and dots. Anything else
  left (letters, other scripts' digits, other spaces) makes the value "not 13 digits".
* **Masking** (:func:`mask_national_ids`, :func:`mask_national_ids_expr`): text about to be kept
  for people (quarantine records, reasons, check examples) loses every ID-shaped digit run, in
  any form, checked or not (a mistyped ID is still personal data): see :data:`ID_RUN_PATTERN`.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
from stdnum.th import pin

from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr

ID_LENGTH = 13
#: First digits that are never issued (python-stdnum's rule, kept here).
INVALID_FIRST_DIGITS = frozenset("9")
#: Characters removed from an ID before it is checked (see the module docstring).
ID_SEPARATORS = " \t\r\n\v\f\u00a0\u202f-\u2010\u2011\u2012\u2013\u2212."
#: What a masked ID becomes.
ID_MASK = "*" * ID_LENGTH

_D = "[0-9๐-๙]"
# Separators that may stand between the digits of an ID written in free text, one at a time:
# ID_SEPARATORS without line breaks (a line break ends an ID in text) and without dots (they
# would swallow amounts such as 15000.00000000750.00), except in the full 1-4-5-2-1 grouping.
_S = "[ \t\u00a0\u202f\\-\u2010\u2011\u2012\u2013\u2212]"
_S_OR_DOT = "[ \t\u00a0\u202f\\-\u2010\u2011\u2012\u2013\u2212.]"
#: A run of 13 or more digits (Arabic or Thai, mixed) with at most one separator between two
#: digits, or the 1-4-5-2-1 grouping with dots or mixed separators: the cheap candidate filter
#: for IDs in any form. No look-around, so the same text runs in Python ``re``, polars (Rust
#: regex) and DuckDB (RE2).
ID_RUN_PATTERN = (
    f"{_D}(?:{_S}?{_D}){{12,}}"
    f"|{_D}{_S_OR_DOT}{_D}{{4}}{_S_OR_DOT}{_D}{{5}}{_S_OR_DOT}{_D}{{2}}{_S_OR_DOT}{_D}"
)
_NOT_DIGIT = "[^0-9๐-๙]"
#: What masking hides: exactly 13 digits in any of those forms (``1101700230708``,
#: ``1-1017-00230-70-8``, ``๑ ๑๐๑๗ ...``, ``1.1017.00230.70.8``, mixed digits and separators),
#: not glued to another digit: an ID, checked or not (a mistyped ID is still personal data).
#: Longer digit runs (a 14-digit zero-padded amount) are not IDs and stay readable. The
#: boundaries are matched, not looked around (Rust regex has no look-around), so two passes.
_ID_SHAPE = (
    f"{_D}(?:{_S}?{_D}){{12}}"
    f"|{_D}{_S_OR_DOT}{_D}{{4}}{_S_OR_DOT}{_D}{{5}}{_S_OR_DOT}{_D}{{2}}{_S_OR_DOT}{_D}"
)
ID_MASK_PATTERN = f"(^|{_NOT_DIGIT})(?:{_ID_SHAPE})({_NOT_DIGIT}|$)"
_ID_MASK_RE = re.compile(ID_MASK_PATTERN)
# The same characters as ID_SEPARATORS, as a class both Python re and polars (Rust regex) read.
_SEPARATOR_CLASS = r"[ \t\r\n\v\f\u00a0\u202f\-\u2010\u2011\u2012\u2013\u2212.]"
_DROP_SEPARATORS = str.maketrans("", "", ID_SEPARATORS)


def check_digit(first12: str) -> str:
    """The check digit of the first 12 digits of an ID (python-stdnum's implementation).

    >>> check_digit("110170023070")
    '8'
    """
    return pin.calc_check_digit(first12)


def with_check_digit(first12: str) -> str:
    """The 13-digit ID made of ``first12`` and its check digit (for tests and examples).

    >>> with_check_digit("110170023070")
    '1101700230708'
    """
    return first12 + check_digit(first12)


def _compact(text: str) -> str:
    return to_arabic_digits(text).translate(_DROP_SEPARATORS)


def clean_national_id(text: str | None) -> str | None:
    """The canonical 13 ASCII digits of an ID, or ``None`` if it is not 13 digits.

    Thai digits are converted and separators removed (see :data:`ID_SEPARATORS`). The check
    digit is *not* tested here (see :func:`is_valid_national_id`).

    >>> clean_national_id("๑-๑๐๑๗-๐๐๒๓๐-๗๐-๕")
    '1101700230705'
    >>> clean_national_id("12345") is None
    True
    """
    if not isinstance(text, str):
        return None
    number = _compact(text)
    if len(number) == ID_LENGTH and number.isascii() and number.isdigit():
        return number
    return None


def national_id_problem(text: str | None) -> str | None:
    """Why ``text`` is not a valid national ID, in plain English; ``None`` when it is valid.

    >>> national_id_problem("1101700230708") is None
    True
    >>> national_id_problem("110170023070")
    'has 12 digits, expected 13'
    >>> national_id_problem("1101700230705")
    'bad check digit: last digit is 5, expected 8'
    """
    if text is None:
        return "missing"
    if not isinstance(text, str):
        return f"not a string ({type(text).__name__})"
    number = _compact(text)
    if not number:
        return "empty"
    bad = sorted({c for c in number if not ("0" <= c <= "9")})
    if bad:
        return "contains non-digit characters: " + " ".join(repr(c) for c in bad)
    if len(number) != ID_LENGTH:
        return f"has {len(number)} digits, expected {ID_LENGTH}"
    if number[0] in INVALID_FIRST_DIGITS:
        return f"first digit {number[0]} is not an issued category"
    expected = check_digit(number[:12])
    if number[-1] != expected:
        return f"bad check digit: last digit is {number[-1]}, expected {expected}"
    return None


def is_valid_national_id(text: str | None) -> bool:
    """True when ``text`` is a valid 13-digit national ID (length, digits, check digit).

    IDs of non-Thai workers (leading ``0``) are valid; see :func:`is_non_thai_id`.

    >>> is_valid_national_id("1101700230708")
    True
    >>> is_valid_national_id("1101700230705")
    False
    """
    return national_id_problem(text) is None


def is_non_thai_id(text: str | None) -> bool:
    """True when the ID is 13 digits starting with ``0`` (issued to non-Thai persons).

    Such IDs are kept and flagged, never dropped.

    >>> is_non_thai_id("0012345678901")
    True
    >>> is_non_thai_id("1101700230708")
    False
    """
    number = clean_national_id(text)
    return number is not None and number[0] == "0"


def compact_national_id_expr(expr: pl.Expr) -> pl.Expr:
    """The cleaning rule without the length check: Thai digits → Arabic, separators removed
    (what a reader keeps of an ID field before checking it)."""
    return to_arabic_digits_expr(expr.cast(pl.String)).str.replace_all(_SEPARATOR_CLASS, "")


def clean_national_id_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of :func:`clean_national_id`: canonical 13 digits, null where not 13 digits."""
    compact = compact_national_id_expr(expr)
    return pl.when(compact.str.contains(r"^[0-9]{13}$")).then(compact)


def _valid_clean_ids(clean: pl.Series) -> pl.Series:
    """Check digit and first digit of canonical 13-digit IDs (null → False), in numpy: one call
    per batch, no Python per row."""
    n = clean.str.to_integer(base=10, strict=False)
    known = n.is_not_null().to_numpy()
    num = n.fill_null(0).to_numpy().astype(np.int64)
    weighted = sum((num // 10 ** (12 - i) % 10) * (13 - i) for i in range(12))
    ok = ((11 - weighted % 11) % 10 == num % 10) & known
    invalid_first = np.isin(num // 10**12, [int(d) for d in INVALID_FIRST_DIGITS])
    return pl.Series(clean.name, ok & ~invalid_first, dtype=pl.Boolean)


def valid_national_id_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of :func:`is_valid_national_id` (Boolean, never null; null → False).

    The check digit is integer arithmetic on the 13-digit numbers of a whole batch (numpy, no
    Python per row). Use it in ``select``/``with_columns`` (it maps whole columns, so in a
    ``group_by`` aggregation it would run once per group).
    """
    return clean_national_id_expr(expr).map_batches(_valid_clean_ids, return_dtype=pl.Boolean)


def clean_national_ids(s: pl.Series) -> pl.Series:
    """Vectorised :func:`clean_national_id`: canonical 13 digits, null where not 13 digits.

    >>> import polars as pl
    >>> clean_national_ids(pl.Series(["1 1017 00230 70 8", "x"])).to_list()
    ['1101700230708', None]
    """
    text = s.cast(pl.String)
    # Nearly every value is already canonical (13 ASCII digits) and stays as it is: only the
    # others go through the cleaning rule (Thai digits, separators), which costs several
    # passes over the text; the result is the same as cleaning every value.
    canonical = text.str.contains(r"^[0-9]{13}$").fill_null(False)
    others = (~canonical).arg_true()
    if others.len() == 0:
        return text.alias(s.name)
    cleaned = pl.select(clean_national_id_expr(pl.lit(text.gather(others)))).to_series()
    return text.scatter(others, cleaned).alias(s.name)


def valid_national_ids(s: pl.Series) -> pl.Series:
    """Vectorised :func:`is_valid_national_id` (Boolean, never null; null input → False).

    >>> import polars as pl
    >>> valid_national_ids(pl.Series(["1101700230708", "1101700230705", None])).to_list()
    [True, False, False]
    """
    frame = pl.DataFrame({"v": s.cast(pl.String)})
    return frame.select(valid_national_id_expr(pl.col("v"))).to_series().alias(s.name)


# The usual 1-4-5-2-1 grouping (separators of any kind, dots too), collapsed before tokenising.
_GROUPED = _S_OR_DOT.join(["([0-9])", "([0-9]{4})", "([0-9]{5})", "([0-9]{2})", "([0-9])"])


def national_ids_in_text(values: pl.Series) -> pl.DataFrame:
    """Per value of a text Series: ``valid`` (holds a valid national ID) and ``shaped`` (holds
    a 13-digit number), Boolean, never null, in the Series' order.

    An ID in text is a whole token of 13 digits (Arabic or Thai; also written in the 1-4-5-2-1
    grouping with dashes, spaces or dots) with a valid check digit (:func:`valid_national_id_expr`):
    not part of a longer digit run and not glued to an ASCII letter or digit, so hex hashes and
    base32 pseudonyms are not mistaken for IDs; Thai text glued to it still counts. Everything
    this finds, :func:`mask_national_ids` masks.

    >>> import polars as pl
    >>> national_ids_in_text(pl.Series(["tel ๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘", "1101700230705", "x"])).rows()
    [(True, True), (False, True), (False, False)]
    """
    text = to_arabic_digits_expr(pl.col("t")).str.replace_all(_GROUPED, "${1}${2}${3}${4}${5}")
    frame = pl.DataFrame({"t": values.cast(pl.String)}).with_row_index("i")
    # Only 13-digit tokens can be IDs: explode the tokens, keep those, check them vectorised.
    tokens = (
        frame.lazy()
        .select("i", tok=text.str.extract_all(r"[0-9A-Za-z]+"))
        .explode("tok")
        .filter(pl.col("tok").str.contains(r"^[0-9]{13}$"))
        .with_columns(valid=valid_national_id_expr(pl.col("tok")))
        .group_by("i")
        .agg(pl.col("valid").any())
        .with_columns(shaped=pl.lit(True))
    )
    return (
        frame.lazy()
        .select("i")
        .join(tokens, on="i", how="left", maintain_order="left")
        .select(pl.col("valid").fill_null(False), pl.col("shaped").fill_null(False))
        .collect()
    )


def mask_national_ids(text: str) -> str:
    """``text`` with every ID (:data:`ID_MASK_PATTERN`) replaced by :data:`ID_MASK`, whatever
    its form and whether or not its check digit is valid.

    >>> mask_national_ids("ID 1-1017-00230-70-8, tel 081-234-5678")
    'ID *************, tel 081-234-5678'
    >>> mask_national_ids("เลขที่๑๑๐๑๗๐๐๒๓๐๗๐๘")
    'เลขที่*************'
    """
    for _ in range(2):  # an ID right after a masked one lost its boundary to the first pass
        text = _ID_MASK_RE.sub(rf"\g<1>{ID_MASK}\g<2>", text)
    return text


def mask_national_ids_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of :func:`mask_national_ids` (same pattern, same result)."""
    for _ in range(2):
        expr = expr.str.replace_all(ID_MASK_PATTERN, f"${{1}}{ID_MASK}${{2}}")
    return expr
