"""Thai digits (๐–๙) → Arabic digits (0–9)."""

from __future__ import annotations

import polars as pl
from pythainlp.util import thai_digit_to_arabic_digit

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ by 0–9; everything else is left unchanged.

    Thin wrapper over :func:`pythainlp.util.thai_digit_to_arabic_digit` (a ``str.translate``).

    >>> to_arabic_digits("๑๕/๐๒/๒๕๖๗")
    '15/02/2567'
    >>> to_arabic_digits("เป็นเงิน ๑,๒๕๐.๕๐ บาท")
    'เป็นเงิน 1,250.50 บาท'
    """
    return thai_digit_to_arabic_digit(text)


def to_arabic_digits_expr(expr: pl.Expr) -> pl.Expr:
    """Polars expression twin of :func:`to_arabic_digits` (vectorised, no Python per row).

    >>> import polars as pl
    >>> pl.select(to_arabic_digits_expr(pl.lit("๒๕๖๗"))).item()
    '2567'
    """
    return expr.str.replace_many(list(THAI_DIGITS), list(ARABIC_DIGITS))
