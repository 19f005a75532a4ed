"""Buddhist-Era (BE) dates as they appear in Thai government files.

BE year = CE year + 543 (2567 = 2024). SSO files write dates as ``dd/mm/yyyy`` BE, as
``ddMMyy`` with a two-digit BE year (``150267`` = 15 Feb 2567 = 2024-02-15), wage periods as
``MMyy`` (``0167`` = January 2567), sometimes with Thai digits, and published tables use Thai
month names or their abbreviations (``15 ม.ค. 2567``).

pythainlp 5.4 has ``thai_strptime`` but it is format-driven, guesses the era of a year and
accepts only one format per call; these files need "try the few formats that occur, always BE,
reject anything impossible with a reason", so the parsing here is hand-written. The month-name
lists come from pythainlp (``thai_full_months``, ``thai_abbr_months``).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from pythainlp.util.date import thai_abbr_months, thai_full_months

from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr

BE_OFFSET = 543
#: Four-digit BE years outside this range are rejected: a year like ``2024`` in a BE column is
#: almost certainly a Christian-Era year written by mistake, and silently reading it as BE would
#: shift the date by 543 years. 2400 BE = 1857 CE, 2700 BE = 2157 CE.
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2700
#: A two-digit BE year ``yy`` means ``2500 + yy`` (``67`` → 2567 = 2024; ``00`` → 2500 = 1957).
TWO_DIGIT_BE_CENTURY = 2500

THAI_MONTH_ABBR: tuple[str, ...] = tuple(thai_abbr_months)  # ม.ค. … ธ.ค.
THAI_MONTH_FULL: tuple[str, ...] = tuple(thai_full_months)  # มกราคม … ธันวาคม


def _month_key(token: str) -> str:
    return re.sub(r"[\s.]", "", token)


# "ม.ค.", "มค", "ม. ค.", "มกราคม" → 1 …; all 24 keys are distinct.
_MONTHS: dict[str, int] = {}
for _i, (_abbr, _full) in enumerate(zip(THAI_MONTH_ABBR, THAI_MONTH_FULL, strict=True), 1):
    _MONTHS[_month_key(_abbr)] = _i
    _MONTHS[_month_key(_full)] = _i
assert len(_MONTHS) == 24

_SEP_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_COMPACT_DATE = re.compile(r"(\d{2})(\d{2})(\d{2})")
_THAI_WORD = r"([\u0e01-\u0e4e][\u0e01-\u0e4e.\s]*?)"  # a Thai month name, dots/spaces allowed
_MONTH_NAME_DATE = re.compile(r"(\d{1,2})\s*" + _THAI_WORD + r"\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4}|\d{2})")
_SEP_PERIOD = re.compile(r"(\d{1,2})[/.\-](\d{4}|\d{2})")
_COMPACT_PERIOD = re.compile(r"(\d{2})(\d{2})")
_MONTH_NAME_PERIOD = re.compile(_THAI_WORD + r"\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4}|\d{2})")


class InvalidDateError(ValueError):
    """A value that is not a valid Buddhist-Era date; the message names the value and why."""


def be_to_ce_year(be_year: int) -> int:
    """Buddhist-Era year → Christian-Era year.

    >>> be_to_ce_year(2567)
    2024
    """
    return be_year - BE_OFFSET


def ce_to_be_year(ce_year: int) -> int:
    """Christian-Era year → Buddhist-Era year.

    >>> ce_to_be_year(2018)
    2561
    """
    return ce_year + BE_OFFSET


def fiscal_year(date: dt.date) -> int:
    """Thai government fiscal year (1 October – 30 September), as a BE year.

    The fiscal year is named after the calendar year in which it ends: 1 Oct 2023 – 30 Sep 2024
    is fiscal year 2567.

    >>> fiscal_year(dt.date(2023, 10, 1))
    2567
    >>> fiscal_year(dt.date(2024, 9, 30))
    2567
    """
    return ce_to_be_year(date.year + (1 if date.month >= 10 else 0))


def thai_month_label(date: dt.date) -> str:
    """Short Thai label of the date's month, with the BE year, for dashboards.

    >>> thai_month_label(dt.date(2024, 1, 15))
    'ม.ค. 2567'
    """
    return f"{THAI_MONTH_ABBR[date.month - 1]} {ce_to_be_year(date.year)}"


def _be_year(raw: str, original: str) -> int:
    if len(raw) == 2:
        return TWO_DIGIT_BE_CENTURY + int(raw)
    year = int(raw)
    if not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        hint = " (looks like a Christian-Era year)" if 1800 <= year <= 2200 else ""
        raise InvalidDateError(
            f"{original!r}: year {year} is not a Buddhist-Era year between "
            f"{MIN_BE_YEAR} and {MAX_BE_YEAR}{hint}"
        )
    return year


def _month_number(token: str, original: str) -> int:
    month = _MONTHS.get(_month_key(token))
    if month is None:
        raise InvalidDateError(f"{original!r}: {token!r} is not a Thai month name or abbreviation")
    return month


def _build(be_year: int, month: int, day: int, original: str) -> dt.date:
    if not 1 <= month <= 12:
        raise InvalidDateError(f"{original!r}: month {month} is not between 1 and 12")
    try:
        return dt.date(be_to_ce_year(be_year), month, day)
    except ValueError:
        raise InvalidDateError(
            f"{original!r}: day {day} does not exist in month {month} of {be_year} BE"
        ) from None


def _prepare(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise InvalidDateError(f"{text!r}: expected a {what} string, got {type(text).__name__}")
    cleaned = to_arabic_digits(text).strip()
    if not cleaned:
        raise InvalidDateError(f"{text!r}: empty {what}")
    return cleaned


def parse_be_date(text: str) -> dt.date:
    """Parse a Buddhist-Era date string into a (Christian-Era) :class:`datetime.date`.

    Accepted forms (Thai or Arabic digits, surrounding whitespace ignored):

    * ``dd/mm/yyyy`` with ``/``, ``-`` or ``.`` separators, one- or two-digit day and month;
      also ``dd/mm/yy`` (two-digit BE year, ``yy`` → 25yy);
    * ``ddMMyy``: six digits, two-digit BE year (SSO files);
    * ``d <Thai month> yyyy``: full month name or abbreviation, dots optional, an optional
      ``พ.ศ.`` before the year (``15 ม.ค. 2567``, ``15 มกราคม พ.ศ. 2567``).

    Four-digit years must be BE years between 2400 and 2700 (a CE year such as 2024 is rejected
    rather than shifted by 543 years).

    >>> parse_be_date("15/02/2567")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("150267")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("๑๕ ก.พ. ๒๕๖๗")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("31/02/2567")
    Traceback (most recent call last):
    ...
    ingestion.thai.dates.InvalidDateError: '31/02/2567': day 31 does not exist in month 2 of 2567 BE

    :raises InvalidDateError: empty, unrecognised format, impossible date, or non-BE year.
    """
    s = _prepare(text, "date")
    if m := _SEP_DATE.fullmatch(s):
        day, month, year = m.groups()
        return _build(_be_year(year, text), int(month), int(day), text)
    if m := _COMPACT_DATE.fullmatch(s):
        day, month, year = m.groups()
        return _build(_be_year(year, text), int(month), int(day), text)
    if m := _MONTH_NAME_DATE.fullmatch(s):
        day, month_token, year = m.groups()
        return _build(_be_year(year, text), _month_number(month_token, text), int(day), text)
    raise InvalidDateError(
        f"{text!r}: not a recognised Buddhist-Era date (expected dd/mm/yyyy, ddMMyy "
        "or 'd <Thai month> yyyy')"
    )


def parse_be_period(text: str) -> dt.date:
    """Parse a Buddhist-Era month (a wage period) into the first day of that month.

    Accepted forms: ``MMyy`` (four digits, two-digit BE year, SSO wage period), ``mm/yyyy`` or
    ``mm/yy`` (``/``, ``-`` or ``.``), ``<Thai month> yyyy`` (``ม.ค. 2567``, ``มกราคม 2567``).
    Thai digits are accepted.

    >>> parse_be_period("0167")
    datetime.date(2024, 1, 1)
    >>> parse_be_period("ธ.ค. ๒๕๖๖")
    datetime.date(2023, 12, 1)

    :raises InvalidDateError: empty, unrecognised format, month outside 1–12, or non-BE year.
    """
    s = _prepare(text, "period")
    if m := _COMPACT_PERIOD.fullmatch(s):
        month, year = m.groups()
        return _build(_be_year(year, text), int(month), 1, text)
    if m := _SEP_PERIOD.fullmatch(s):
        month, year = m.groups()
        return _build(_be_year(year, text), int(month), 1, text)
    if m := _MONTH_NAME_PERIOD.fullmatch(s):
        month_token, year = m.groups()
        return _build(_be_year(year, text), _month_number(month_token, text), 1, text)
    raise InvalidDateError(
        f"{text!r}: not a recognised Buddhist-Era period (expected MMyy, mm/yyyy "
        "or '<Thai month> yyyy')"
    )


def _parse_or_none(value: str) -> dt.date | None:
    try:
        return parse_be_date(value)
    except InvalidDateError:
        return None


def parse_be_dates(s: pl.Series) -> pl.Series:
    """Vectorised :func:`parse_be_date` for a string Series; null where the scalar would raise.

    The common ``dd/mm/yyyy`` BE form (``/``, ``-``, ``.``; Thai digits allowed) is parsed with
    polars string operations and a strict date construction (``str.to_date(strict=False)``, so
    31/02 becomes null, never 03/03). Values in any other form (``ddMMyy``, Thai month names) fall
    back to the scalar parser, called once per distinct value.

    >>> import polars as pl
    >>> parse_be_dates(pl.Series(["15/02/2567", "๒๙/๐๒/๒๕๖๗", "31/02/2567", None])).to_list()
    [datetime.date(2024, 2, 15), datetime.date(2024, 2, 29), None, None]
    """
    name = s.name
    frame = (
        pl.DataFrame({"v": s.cast(pl.String)})
        .lazy()
        .with_columns(
            parts=to_arabic_digits_expr(pl.col("v"))
            .str.strip_chars()
            .str.extract_groups(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
        )
        .with_columns(
            day=pl.col("parts").struct.field("1").cast(pl.Int32),
            month=pl.col("parts").struct.field("2").cast(pl.Int32),
            year=pl.col("parts").struct.field("3").cast(pl.Int32),
        )
        .select(
            "v",
            matched=pl.col("day").is_not_null(),
            # Strict construction: an impossible date (31/02) fails to parse and becomes null.
            fast=pl.when(pl.col("year").is_between(MIN_BE_YEAR, MAX_BE_YEAR)).then(
                pl.format(
                    "{}-{}-{}",
                    (pl.col("year") - BE_OFFSET).cast(pl.String),
                    pl.col("month").cast(pl.String).str.zfill(2),
                    pl.col("day").cast(pl.String).str.zfill(2),
                ).str.to_date("%Y-%m-%d", strict=False)
            ),
        )
        .collect()
    )
    result = frame.get_column("fast")
    other = frame.filter(~pl.col("matched") & pl.col("v").is_not_null()).get_column("v").unique()
    if other.len():
        lookup = {v: _parse_or_none(v) for v in other.to_list()}
        slow = frame.get_column("v").replace_strict(lookup, default=None, return_dtype=pl.Date)
        result = frame.select(
            pl.when(pl.col("matched")).then(pl.col("fast")).otherwise(slow)
        ).to_series()
    return result.alias(name)
