"""Thai national identification numbers (เลขประจำตัวประชาชน, 13 digits).

The check digit is ``(11 - Σ dᵢ·(13 - i) for i = 0..11 mod 11) mod 10``. The scalar functions
use ``stdnum.th.pin`` for compaction (spaces and hyphens removed) and the check digit, but not
``stdnum.th.pin.validate`` itself: python-stdnum rejects numbers starting with ``0``, and those
are the numbers issued to non-Thai workers, which we must keep (flagged by
:func:`is_non_thai_id`), not drop. Like stdnum, a leading ``9`` is rejected (no such category).
"""

from __future__ import annotations

import polars as pl
from stdnum.th import pin

from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr

ID_LENGTH = 13
#: First digits that are never issued (python-stdnum's rule, kept here).
INVALID_FIRST_DIGITS = frozenset("9")


def _compact(text: str) -> str:
    # Thai digits first, then stdnum's compaction: remove spaces and hyphens, strip whitespace.
    return pin.compact(to_arabic_digits(text))


def clean_national_id(text: str | None) -> str | None:
    """The canonical 13 ASCII digits of an ID, or ``None`` if it is not 13 digits.

    Thai digits are converted; spaces and hyphens are removed. The check digit is *not* tested
    here (see :func:`is_valid_national_id`).

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
    expected = pin.calc_check_digit(number)
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


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    compact = to_arabic_digits_expr(expr.cast(pl.String)).str.replace_all(r"[ \-]", "")
    compact = compact.str.strip_chars()
    return pl.when(compact.str.contains(r"^[0-9]{13}$")).then(compact)


def clean_national_ids(s: pl.Series) -> pl.Series:
    """Vectorised :func:`clean_national_id`: canonical 13 digits, null where not 13 digits.

    >>> import polars as pl
    >>> clean_national_ids(pl.Series(["1 1017 00230 70 8", "x"])).to_list()
    ['1101700230708', None]
    """
    return pl.select(_clean_expr(pl.lit(s))).to_series().alias(s.name)


def valid_national_ids(s: pl.Series) -> pl.Series:
    """Vectorised :func:`is_valid_national_id` (Boolean, never null; null input → False).

    The check digit is computed with integer arithmetic on the 13-digit number (polars
    expressions, no Python per row).

    >>> import polars as pl
    >>> valid_national_ids(pl.Series(["1101700230708", "1101700230705", None])).to_list()
    [True, False, False]
    """
    digits = pl.col("n")
    weighted = pl.sum_horizontal([(digits // 10 ** (12 - i) % 10) * (13 - i) for i in range(12)])
    return (
        pl.DataFrame({"v": s.cast(pl.String)})
        .lazy()
        .select(clean=_clean_expr(pl.col("v")))
        .with_columns(n=pl.col("clean").str.to_integer(base=10, strict=False))
        .select(
            (
                ((11 - weighted % 11) % 10 == digits % 10)
                & ~pl.col("clean").str.slice(0, 1).is_in(sorted(INVALID_FIRST_DIGITS))
            )
            .fill_null(False)
            .alias(s.name)
        )
        .collect()
        .to_series()
    )
