"""Buddhist-Era (BE) dates as they appear in Thai government files.

BE year = CE year + 543 (2567 = 2024). SSO files write dates as ``dd/mm/yyyy`` BE, as
``ddMMyy`` with a two-digit BE year (``150267`` = 15 Feb 2567 = 2024-02-15), wage periods as
``MMyy`` (``0167`` = January 2567), sometimes with Thai digits, and published tables use Thai
month names or their abbreviations (``15 ม.ค. 2567``).

Every year read here, in every form and by the vectorised path too, goes through one rule,
:func:`be_year`: four-digit years are range-checked (a Christian-Era year where BE is expected is
rejected as such) and two-digit years are pivoted by the kind of date, ``"birth"`` or
``"event"``; file names through :func:`year_month`.

pythainlp 5.4 has ``thai_strptime`` but it is format-driven, guesses the era of a year and
accepts only one format per call; these files need "try the few formats that occur, always BE,
reject anything impossible with a reason", so the parsing here is hand-written. The month-name
lists come from pythainlp (``thai_full_months``, ``thai_abbr_months``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import polars as pl
from pythainlp.util.date import thai_abbr_months, thai_full_months

from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr

BE_OFFSET = 543
#: The lowest four-digit BE year read at all (2400 BE = 1857 CE): below it, and in the band of
#: plausible Christian-Era years (1800–2200), a "BE" year is a CE year written by mistake, and
#: reading it as BE would shift the date by 543 years.
MIN_BE_YEAR = 2400
#: Nobody alive is older than this (the oldest documented person lived 122 years): the floor of a
#: birth year.
MAX_AGE_YEARS = 120
#: How far ahead of today an event date (registration, spell end, payment, wage period, delivery)
#: may lie: a spell planned to end next year, a file for next month; not decades.
MAX_YEARS_AHEAD = 5
#: CE years that a BE year written by mistake would look like, and the reverse.
_CE_LOOKING = (1800, 2200)
_BE_LOOKING = (MIN_BE_YEAR, 2800)
#: Thailand has kept UTC+7 without daylight saving since 1920: "today" is the Bangkok date.
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")

DateKind = Literal["birth", "event"]
Era = Literal["be", "ce"]

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


def be_to_ce_year(year: int) -> int:
    """Buddhist-Era year → Christian-Era year.

    >>> be_to_ce_year(2567)
    2024
    """
    return year - BE_OFFSET


def ce_to_be_year(year: int) -> int:
    """Christian-Era year → Buddhist-Era year.

    >>> ce_to_be_year(2018)
    2561
    """
    return year + BE_OFFSET


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


def bangkok_today() -> dt.date:
    """Today's date in Thailand (the date the data's "today" means)."""
    return dt.datetime.now(BANGKOK).date()


def _year_bounds(kind: DateKind, this_be_year: int) -> tuple[int, int]:
    """The BE years a date of this kind may fall in, this year being ``this_be_year``."""
    if kind == "birth":
        return this_be_year - MAX_AGE_YEARS, this_be_year
    if kind == "event":
        return MIN_BE_YEAR, this_be_year + MAX_YEARS_AHEAD
    raise ValueError(f"kind must be 'birth' or 'event', not {kind!r}")


def year_bounds(
    kind: DateKind, *, era: Era = "be", today: dt.date | None = None
) -> tuple[int, int]:
    """The first and last year (BE, or CE with ``era="ce"``) a date of this kind may fall in:
    the range :func:`be_year` checks four-digit years against.

    >>> year_bounds("event", era="ce", today=dt.date(2026, 11, 29))
    (1857, 2031)
    """
    low, high = _year_bounds(kind, ce_to_be_year((today or bangkok_today()).year))
    return (low, high) if era == "be" else (be_to_ce_year(low), be_to_ce_year(high))


def _year_digits(value: object, original: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:02d}" if 0 <= value < 100 else str(value)
    if not isinstance(value, str):
        raise InvalidDateError(f"{original!r}: expected a year, got {type(value).__name__}")
    text = to_arabic_digits(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) in (2, 4)):
        raise InvalidDateError(f"{original!r}: a year has 2 or 4 digits, got {value!r}")
    return text


def _checked_be_year(value: object, kind: DateKind, today: dt.date | None, original: object) -> int:
    text = _year_digits(value, original)
    this_year = ce_to_be_year((today or bangkok_today()).year)
    low, high = _year_bounds(kind, this_year)
    if len(text) == 2:
        # The latest year ending in these two digits that is not past the kind's upper bound.
        return high - (high - int(text)) % 100
    year = int(text)
    if low <= year <= high:
        return year
    if _CE_LOOKING[0] <= year <= _CE_LOOKING[1]:
        problem = (
            f"{year} looks like a Christian-Era year; expected Buddhist Era ({ce_to_be_year(year)})"
        )
    elif kind == "birth" and year > high:
        problem = f"birth year {year} BE is in the future (this year is {this_year} BE)"
    elif kind == "birth" and year >= MIN_BE_YEAR:
        problem = (
            f"birth year {year} BE would make the person more than {MAX_AGE_YEARS} years old "
            f"(this year is {this_year} BE)"
        )
    elif kind == "event" and high < year <= _BE_LOOKING[1]:
        problem = (
            f"year {year} BE is more than {MAX_YEARS_AHEAD} years ahead of this year "
            f"({this_year} BE)"
        )
    else:
        problem = f"year {year} is not a Buddhist-Era year between {low} and {high}"
    raise InvalidDateError(f"{original!r}: {problem}")


def be_year(value: str | int, *, kind: DateKind, today: dt.date | None = None) -> int:
    """A Buddhist-Era year, range-checked for the kind of date it belongs to (the one rule every
    BE parse path follows).

    Four-digit years must be plausible for the kind: ``birth`` years lie between
    :data:`MAX_AGE_YEARS` years ago and this year; ``event`` years (registrations, spells,
    payments, wage periods, deliveries) between :data:`MIN_BE_YEAR` and :data:`MAX_YEARS_AHEAD`
    years ahead. A year in the Christian-Era band (1800–2200) is rejected as such, never shifted
    by 543 years.

    Two-digit years (SSO files write ``ddMMyy`` and ``MMyy``) are pivoted, because the century
    is not written: ``yy`` is the latest year ending in ``yy`` that is not past the kind's upper
    bound.

    * ``birth``: the most recent such year that is not in the future. People are born at most
      ~120 years ago and never after today, and a 100-year window must be picked: in 2569 BE
      (2026) ``98`` is 2498 BE (1955), not 2598 BE (2055); ``05`` is 2505 BE (1962); ``69`` is
      2569 BE (a baby born this year). The pivot is by year: a date later this year is then
      rejected by the date check as "in the future", not moved back a century.
    * ``event``: the latest such year at most :data:`MAX_YEARS_AHEAD` years ahead, i.e. a
      window of 95 years back and 5 ahead. Social security started in 2533 BE (1990) and the
      files are recent: in 2569 BE ``67`` is 2567 BE (2024), ``00`` is 2500 BE (1957), ``74``
      is 2574 BE (2031) and ``75`` is 2475 BE (1932), never a date decades ahead.

    ``today`` defaults to the Bangkok date; pass it for deterministic results.

    >>> today = dt.date(2026, 11, 29)  # 2569 BE
    >>> be_year("98", kind="birth", today=today), be_year("98", kind="event", today=today)
    (2498, 2498)
    >>> be_year("05", kind="birth", today=today), be_year("67", kind="event", today=today)
    (2505, 2567)
    >>> be_year("2024", kind="event", today=today)
    Traceback (most recent call last):
    ...
    ingestion.thai.dates.InvalidDateError: '2024': 2024 looks like a Christian-Era year; \
expected Buddhist Era (2567)

    :raises InvalidDateError: not a 2- or 4-digit year, or a year out of range for the kind.
    """
    return _checked_be_year(value, kind, today, value)


def ce_year(value: str | int, *, kind: DateKind, today: dt.date | None = None) -> int:
    """A four-digit Christian-Era year, range-checked like :func:`be_year` (for the few places,
    such as connector drop names, that write CE years). A Buddhist-Era year there is rejected as
    such.

    >>> ce_year("2024", kind="event", today=dt.date(2026, 11, 29))
    2024
    >>> ce_year("2567", kind="event", today=dt.date(2026, 11, 29))
    Traceback (most recent call last):
    ...
    ingestion.thai.dates.InvalidDateError: '2567': 2567 looks like a Buddhist-Era year; \
expected Christian Era (2024)
    """
    return _checked_ce_year(value, kind, today, value)


def _checked_ce_year(value: object, kind: DateKind, today: dt.date | None, original: object) -> int:
    text = _year_digits(value, original)
    if len(text) != 4:
        raise InvalidDateError(f"{original!r}: expected a four-digit Christian-Era year")
    year = int(text)
    if _BE_LOOKING[0] <= year <= _BE_LOOKING[1]:
        raise InvalidDateError(
            f"{original!r}: {year} looks like a Buddhist-Era year; expected Christian Era "
            f"({be_to_ce_year(year)})"
        )
    this_be_year = ce_to_be_year((today or bangkok_today()).year)
    low, high = (be_to_ce_year(y) for y in _year_bounds(kind, this_be_year))
    if low <= year <= high:
        return year
    raise InvalidDateError(
        f"{original!r}: year {year} is not a plausible Christian-Era year for a {kind} date "
        f"(between {low} and {high})"
    )


def year_month(yyyymm: str, *, era: Era = "be", today: dt.date | None = None) -> dt.date:
    """The first day of the month written ``YYYYMM`` (BE by default, as in SSO file names),
    range-checked as an event date (:func:`be_year`).

    >>> year_month("256701", today=dt.date(2026, 11, 29))
    datetime.date(2024, 1, 1)
    >>> year_month("202401", today=dt.date(2026, 11, 29))
    Traceback (most recent call last):
    ...
    ingestion.thai.dates.InvalidDateError: '202401': 2024 looks like a Christian-Era year; \
expected Buddhist Era (2567)
    """
    text = to_arabic_digits(yyyymm).strip() if isinstance(yyyymm, str) else yyyymm
    if not (isinstance(text, str) and text.isascii() and text.isdigit() and len(text) == 6):
        raise InvalidDateError(f"{yyyymm!r}: expected six digits YYYYMM")
    if era == "be":
        year = be_to_ce_year(_checked_be_year(text[:4], "event", today, yyyymm))
    else:
        year = _checked_ce_year(text[:4], "event", today, yyyymm)
    month = int(text[4:])
    if not 1 <= month <= 12:
        raise InvalidDateError(f"{yyyymm!r}: month {month} is not between 1 and 12")
    return dt.date(year, month, 1)


def _month_number(token: str, original: str) -> int:
    month = _MONTHS.get(_month_key(token))
    if month is None:
        raise InvalidDateError(f"{original!r}: {token!r} is not a Thai month name or abbreviation")
    return month


def _build(
    be: int, month: int, day: int, original: str, kind: DateKind, today: dt.date | None
) -> dt.date:
    if not 1 <= month <= 12:
        raise InvalidDateError(f"{original!r}: month {month} is not between 1 and 12")
    try:
        date = dt.date(be_to_ce_year(be), month, day)
    except ValueError:
        raise InvalidDateError(
            f"{original!r}: day {day} does not exist in month {month} of {be} BE"
        ) from None
    if kind == "birth":
        today = today or bangkok_today()
        if date > today:
            raise InvalidDateError(
                f"{original!r}: birth date {date:%d/%m}/{be} BE is in the future (today is "
                f"{today:%d/%m}/{ce_to_be_year(today.year)} BE)"
            )
    return date


def _prepare(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise InvalidDateError(f"{text!r}: expected a {what} string, got {type(text).__name__}")
    cleaned = to_arabic_digits(text).strip()
    if not cleaned:
        raise InvalidDateError(f"{text!r}: empty {what}")
    return cleaned


def parse_be_date(text: str, *, kind: DateKind = "event", today: dt.date | None = None) -> dt.date:
    """Parse a Buddhist-Era date string into a (Christian-Era) :class:`datetime.date`.

    Accepted forms (Thai or Arabic digits, surrounding whitespace ignored):

    * ``dd/mm/yyyy`` with ``/``, ``-`` or ``.`` separators, one- or two-digit day and month;
      also ``dd/mm/yy`` (two-digit BE year);
    * ``ddMMyy``: six digits, two-digit BE year (SSO files);
    * ``d <Thai month> yyyy``: full month name or abbreviation, dots optional, an optional
      ``พ.ศ.`` before the year (``15 ม.ค. 2567``, ``15 มกราคม พ.ศ. 2567``).

    The year is range-checked and two-digit years pivoted by :func:`be_year` for the ``kind``
    of date: ``"birth"`` (also: not after ``today``) or ``"event"`` (everything else).

    >>> parse_be_date("15/02/2567")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("150267")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("๑๕ ก.พ. ๒๕๖๗")
    datetime.date(2024, 2, 15)
    >>> parse_be_date("01/06/98", kind="birth", today=dt.date(2026, 11, 29))
    datetime.date(1955, 6, 1)
    >>> parse_be_date("31/02/2567")
    Traceback (most recent call last):
    ...
    ingestion.thai.dates.InvalidDateError: '31/02/2567': day 31 does not exist in month 2 of 2567 BE

    :raises InvalidDateError: empty, unrecognised format, impossible date, or a year out of range.
    """
    s = _prepare(text, "date")
    if m := _SEP_DATE.fullmatch(s) or _COMPACT_DATE.fullmatch(s):
        day, month, year = m.groups()
        be = _checked_be_year(year, kind, today, text)
        return _build(be, int(month), int(day), text, kind, today)
    if m := _MONTH_NAME_DATE.fullmatch(s):
        day, month_token, year = m.groups()
        month = _month_number(month_token, text)
        return _build(_checked_be_year(year, kind, today, text), month, int(day), text, kind, today)
    raise InvalidDateError(
        f"{text!r}: not a recognised Buddhist-Era date (expected dd/mm/yyyy, ddMMyy "
        "or 'd <Thai month> yyyy')"
    )


def parse_be_period(
    text: str, *, kind: DateKind = "event", today: dt.date | None = None
) -> dt.date:
    """Parse a Buddhist-Era month (a wage period) into the first day of that month.

    Accepted forms: ``MMyy`` (four digits, two-digit BE year, SSO wage period), ``mm/yyyy`` or
    ``mm/yy`` (``/``, ``-`` or ``.``), ``<Thai month> yyyy`` (``ม.ค. 2567``, ``มกราคม 2567``).
    Thai digits are accepted. Years as in :func:`parse_be_date`.

    >>> parse_be_period("0167")
    datetime.date(2024, 1, 1)
    >>> parse_be_period("ธ.ค. ๒๕๖๖")
    datetime.date(2023, 12, 1)

    :raises InvalidDateError: empty, unrecognised format, month outside 1–12, or a year out of
        range.
    """
    s = _prepare(text, "period")
    if m := _COMPACT_PERIOD.fullmatch(s) or _SEP_PERIOD.fullmatch(s):
        month, year = m.groups()
        return _build(_checked_be_year(year, kind, today, text), int(month), 1, text, kind, today)
    if m := _MONTH_NAME_PERIOD.fullmatch(s):
        month_token, year = m.groups()
        month = _month_number(month_token, text)
        return _build(_checked_be_year(year, kind, today, text), month, 1, text, kind, today)
    raise InvalidDateError(
        f"{text!r}: not a recognised Buddhist-Era period (expected MMyy, mm/yyyy "
        "or '<Thai month> yyyy')"
    )


def parse_be_dates(
    s: pl.Series, *, kind: DateKind = "event", today: dt.date | None = None
) -> pl.Series:
    """Vectorised :func:`parse_be_date` for a string Series; null where the scalar would raise.

    The common ``dd/mm/yyyy`` BE form (``/``, ``-``, ``.``; Thai digits allowed) is parsed with
    polars string operations, the year range of :func:`be_year` for the ``kind`` and a strict
    date construction (``str.to_date(strict=False)``, so 31/02 becomes null, never 03/03).
    Values in any other form (``ddMMyy``, two-digit years, Thai month names) fall back to the
    scalar parser, called once per distinct value.

    >>> import polars as pl
    >>> parse_be_dates(pl.Series(["15/02/2567", "๒๙/๐๒/๒๕๖๗", "31/02/2567", None])).to_list()
    [datetime.date(2024, 2, 15), datetime.date(2024, 2, 29), None, None]
    """
    today = today or bangkok_today()
    low, high = _year_bounds(kind, ce_to_be_year(today.year))
    name = s.name
    fast = pl.when(pl.col("year").is_between(low, high)).then(
        pl.format(
            "{}-{}-{}",
            (pl.col("year") - BE_OFFSET).cast(pl.String),
            pl.col("month").cast(pl.String).str.zfill(2),
            pl.col("day").cast(pl.String).str.zfill(2),
        ).str.to_date("%Y-%m-%d", strict=False)
    )
    if kind == "birth":
        fast = pl.when(fast <= today).then(fast)
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
        .select("v", matched=pl.col("day").is_not_null(), fast=fast)
        .collect()
    )
    result = frame.get_column("fast")
    other = frame.filter(~pl.col("matched") & pl.col("v").is_not_null()).get_column("v").unique()
    if other.len():
        lookup = {v: _parse_or_none(v, kind, today) for v in other.to_list()}
        slow = frame.get_column("v").replace_strict(lookup, default=None, return_dtype=pl.Date)
        result = frame.select(
            pl.when(pl.col("matched")).then(pl.col("fast")).otherwise(slow)
        ).to_series()
    return result.alias(name)


def _parse_or_none(value: str, kind: DateKind, today: dt.date) -> dt.date | None:
    try:
        return parse_be_date(value, kind=kind, today=today)
    except InvalidDateError:
        return None
