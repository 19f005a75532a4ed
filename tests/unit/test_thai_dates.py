import datetime as dt

import polars as pl
import pytest

from ingestion.thai import (
    InvalidDateError,
    be_to_ce_year,
    be_year,
    ce_to_be_year,
    ce_year,
    fiscal_year,
    parse_be_date,
    parse_be_dates,
    parse_be_period,
    thai_month_label,
    to_arabic_digits,
    year_month,
)

D = dt.date


def test_to_arabic_digits():
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_arabic_digits("มาตรา ๓๓ 1/") == "มาตรา 33 1/"
    assert to_arabic_digits("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/02/2567", D(2024, 2, 15)),
        ("15-02-2567", D(2024, 2, 15)),
        ("15.02.2567", D(2024, 2, 15)),
        ("5/2/2567", D(2024, 2, 5)),
        ("  15/02/2567 ", D(2024, 2, 15)),
        ("29/02/2567", D(2024, 2, 29)),  # 2024 is a leap year
        ("01/01/2500", D(1957, 1, 1)),
        ("15/02/67", D(2024, 2, 15)),
        ("150267", D(2024, 2, 15)),
        ("010100", D(1957, 1, 1)),
        ("๑๕/๐๒/๒๕๖๗", D(2024, 2, 15)),
        ("๑๕๐๒๖๗", D(2024, 2, 15)),
        ("15 ม.ค. 2567", D(2024, 1, 15)),
        ("15 มกราคม 2567", D(2024, 1, 15)),
        ("15 มค 2567", D(2024, 1, 15)),
        ("15 ม.ค.2567", D(2024, 1, 15)),
        ("15มกราคม2567", D(2024, 1, 15)),
        ("1 ธ.ค. 67", D(2024, 12, 1)),
        ("๓๑ ธันวาคม พ.ศ. ๒๕๖๖", D(2023, 12, 31)),
        ("29 ก.พ. 2567", D(2024, 2, 29)),
        ("30 เม.ย. 2561", D(2018, 4, 30)),
        ("1 มิ.ย. 2561", D(2018, 6, 1)),
        ("1 พฤศจิกายน 2561", D(2018, 11, 1)),
    ],
)
def test_parse_be_date(text, expected):
    assert parse_be_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2567", "day 31 does not exist in month 2"),
        ("29/02/2566", "day 29 does not exist"),  # 2023 is not a leap year
        ("00/01/2567", "day 0"),
        ("15/13/2567", "month 13"),
        ("15/00/2567", "month 0"),
        ("", "empty"),
        ("   ", "empty"),
        ("150267x", "not a recognised"),
        ("1502567", "not a recognised"),
        ("2567-02-15", "not a recognised"),
        ("15/02/2024", "Christian-Era"),
        ("15/02/1999", "Christian-Era"),
        ("15/02/9999", "not a Buddhist-Era year"),
        ("15 มกรา 2567", "not a Thai month"),
        ("15 Jan 2567", "not a recognised"),
        ("321367", "month 13"),
        ("-", "not a recognised"),
    ],
)
def test_parse_be_date_invalid(text, reason):
    with pytest.raises(InvalidDateError) as exc:
        parse_be_date(text)
    assert reason in str(exc.value)
    assert repr(text) in str(exc.value)  # the message names the value
    assert isinstance(exc.value, ValueError)


def test_parse_be_date_rejects_non_string():
    with pytest.raises(InvalidDateError):
        parse_be_date(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0167", D(2024, 1, 1)),
        ("1266", D(2023, 12, 1)),
        ("๐๑๖๗", D(2024, 1, 1)),
        ("01/2567", D(2024, 1, 1)),
        ("1/2567", D(2024, 1, 1)),
        ("01-67", D(2024, 1, 1)),
        ("ม.ค. 2567", D(2024, 1, 1)),
        ("มกราคม 2567", D(2024, 1, 1)),
        ("ก.ย. ๒๕๖๗", D(2024, 9, 1)),
    ],
)
def test_parse_be_period(text, expected):
    assert parse_be_period(text) == expected


@pytest.mark.parametrize("text", ["1367", "0067", "", "150267", "13/2567", "Jan 2567", "01/2024"])
def test_parse_be_period_invalid(text):
    with pytest.raises(InvalidDateError):
        parse_be_period(text)


def test_years():
    assert be_to_ce_year(2561) == 2018
    assert ce_to_be_year(2018) == 2561
    assert be_to_ce_year(ce_to_be_year(2024)) == 2024


@pytest.mark.parametrize(
    ("date", "fy"),
    [
        (D(2023, 9, 30), 2566),
        (D(2023, 10, 1), 2567),
        (D(2024, 1, 1), 2567),
        (D(2024, 9, 30), 2567),
        (D(2024, 10, 1), 2568),
        (D(2024, 12, 31), 2568),
    ],
)
def test_fiscal_year(date, fy):
    assert fiscal_year(date) == fy


def test_thai_month_label():
    assert thai_month_label(D(2024, 1, 15)) == "ม.ค. 2567"
    assert thai_month_label(D(2023, 12, 1)) == "ธ.ค. 2566"
    labels = [thai_month_label(D(2024, m, 1)) for m in range(1, 13)]
    assert len(set(labels)) == 12
    # round trip through the period parser
    assert [parse_be_period(x) for x in labels] == [D(2024, m, 1) for m in range(1, 13)]


VECTOR_INPUTS = [
    "15/02/2567",
    "5/2/2567",
    "15-02-2567",
    "15.02.2567",
    " 15/02/2567 ",
    "๒๙/๐๒/๒๕๖๗",
    "29/02/2566",
    "31/02/2567",
    "31/04/2567",
    "15/13/2567",
    "00/01/2567",
    "15/02/2024",
    "15/02/9999",
    "150267",
    "15 ม.ค. 2567",
    "15/02/67",
    "",
    "junk",
    "1/2/3/4",
    None,
]


def _scalar_or_none(value):
    if value is None:
        return None
    try:
        return parse_be_date(value)
    except InvalidDateError:
        return None


def test_parse_be_dates_agrees_with_scalar():
    s = pl.Series("d", VECTOR_INPUTS)
    out = parse_be_dates(s)
    assert out.dtype == pl.Date
    assert out.name == "d"
    assert out.to_list() == [_scalar_or_none(v) for v in VECTOR_INPUTS]


def test_parse_be_dates_every_day_of_two_years_agrees():
    days = [D(2023, 1, 1) + dt.timedelta(days=i) for i in range(731)]
    texts = [f"{d.day:02d}/{d.month:02d}/{d.year + 543}" for d in days]
    # plus impossible dates
    texts += [f"{day}/{m:02d}/2567" for m in range(1, 13) for day in (29, 30, 31, 32)]
    out = parse_be_dates(pl.Series(texts)).to_list()
    assert out[:731] == days
    assert out == [_scalar_or_none(t) for t in texts]


def test_parse_be_dates_empty_and_all_null():
    assert parse_be_dates(pl.Series([], dtype=pl.String)).to_list() == []
    assert parse_be_dates(pl.Series([None, None], dtype=pl.String)).to_list() == [None, None]


# ---- the one BE-year rule: range checks and the two-digit pivot, by kind of date -------------

TODAY = D(2026, 11, 29)  # 2569 BE


@pytest.mark.parametrize(
    ("yy", "birth", "event"),
    [
        ("98", 2498, 2498),  # born 1955, not 2055
        ("05", 2505, 2505),
        ("69", 2569, 2569),  # this year: a baby
        ("70", 2470, 2570),  # next year: not yet born → 1927; an event may be next year
        ("74", 2474, 2574),  # the last event year: 5 ahead
        ("75", 2475, 2475),  # 6 ahead is too far: the previous century
        ("00", 2500, 2500),
        ("๖๗", 2567, 2567),  # Thai digits
    ],
)
def test_two_digit_years_pivot_by_kind(yy, birth, event):
    assert be_year(yy, kind="birth", today=TODAY) == birth
    assert be_year(yy, kind="event", today=TODAY) == event


def test_the_pivot_moves_with_today():
    assert be_year("70", kind="birth", today=D(2027, 1, 1)) == 2570  # 2570 BE is now this year
    assert be_year("99", kind="birth", today=D(2057, 1, 1)) == 2599  # 2600 BE = 2057 CE
    assert be_year("01", kind="birth", today=D(2057, 1, 1)) == 2501
    assert be_year(98, kind="birth", today=TODAY) == 2498  # ints too


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("2024", "event", "2024 looks like a Christian-Era year; expected Buddhist Era (2567)"),
        ("1987", "birth", "1987 looks like a Christian-Era year; expected Buddhist Era (2530)"),
        ("2570", "birth", "birth year 2570 BE is in the future (this year is 2569 BE)"),
        ("2448", "birth", "more than 120 years old"),
        ("2575", "event", "year 2575 BE is more than 5 years ahead of this year (2569 BE)"),
        ("2399", "event", "not a Buddhist-Era year between 2400 and 2574"),
        ("9999", "event", "not a Buddhist-Era year"),
        ("567", "event", "a year has 2 or 4 digits"),
        ("25x7", "event", "a year has 2 or 4 digits"),
    ],
)
def test_four_digit_years_are_range_checked(value, kind, message):
    with pytest.raises(InvalidDateError) as exc:
        be_year(value, kind=kind, today=TODAY)
    assert message in str(exc.value)
    assert repr(value) in str(exc.value)


def test_four_digit_years_in_range_pass():
    assert be_year("2449", kind="birth", today=TODAY) == 2449  # 120 years ago
    assert be_year("2569", kind="birth", today=TODAY) == 2569
    assert be_year("2400", kind="event", today=TODAY) == 2400
    assert be_year("2574", kind="event", today=TODAY) == 2574
    with pytest.raises(ValueError, match="'birth' or 'event'"):
        be_year("2567", kind="death", today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("01/06/98", "birth", D(1955, 6, 1)),
        ("010698", "birth", D(1955, 6, 1)),
        ("1 มิ.ย. 98", "birth", D(1955, 6, 1)),
        ("01/01/72", "birth", D(1929, 1, 1)),
        ("01/01/72", "event", D(2029, 1, 1)),
        ("15/02/2530", "birth", D(1987, 2, 15)),
        ("29/11/2569", "birth", D(2026, 11, 29)),  # born today
    ],
)
def test_parse_be_date_by_kind(text, kind, expected):
    assert parse_be_date(text, kind=kind, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("30/11/2569", "birth", "birth date 30/11/2569 BE is in the future (today is 29/11/2569"),
        ("15/12/69", "birth", "is in the future"),  # pivoted by year, then checked by date
        ("15/02/2024", "birth", "2024 looks like a Christian-Era year"),
        ("31/02/98", "birth", "day 31 does not exist in month 2 of 2498 BE"),
        ("15/13/2567", "event", "month 13 is not between 1 and 12"),
        ("15/02/2580", "event", "more than 5 years ahead"),
    ],
)
def test_parse_be_date_by_kind_rejects(text, kind, reason):
    with pytest.raises(InvalidDateError) as exc:
        parse_be_date(text, kind=kind, today=TODAY)
    assert reason in str(exc.value) and repr(text) in str(exc.value)


def test_parse_be_period_is_range_checked():
    assert parse_be_period("0167", today=TODAY) == D(2024, 1, 1)
    with pytest.raises(InvalidDateError, match="Christian-Era"):
        parse_be_period("01/2024", today=TODAY)
    with pytest.raises(InvalidDateError, match="more than 5 years ahead"):
        parse_be_period("01/2590", today=TODAY)


BIRTH_INPUTS = [
    "15/02/2530",
    "29/11/2569",
    "30/11/2569",  # tomorrow
    "01/01/2570",
    "01/01/2449",
    "01/01/2448",  # 121 years ago
    "15/02/1987",
    "01/06/98",
    "150298",
    "15/12/69",
    "31/02/2530",
    "",
    None,
]


@pytest.mark.parametrize("kind", ["birth", "event"])
def test_parse_be_dates_agrees_with_scalar_for_each_kind(kind):
    s = pl.Series("d", BIRTH_INPUTS + VECTOR_INPUTS)

    def scalar(v):
        try:
            return parse_be_date(v, kind=kind, today=TODAY)
        except InvalidDateError:
            return None

    out = parse_be_dates(s, kind=kind, today=TODAY).to_list()
    assert out == [None if v is None else scalar(v) for v in s.to_list()]
    assert D(2026, 11, 30) not in out or kind == "event"


@pytest.mark.parametrize(
    ("text", "era", "expected"),
    [
        ("256701", "be", D(2024, 1, 1)),
        ("๒๕๖๙๑๒", "be", D(2026, 12, 1)),
        ("202401", "ce", D(2024, 1, 1)),
    ],
)
def test_year_month(text, era, expected):
    assert year_month(text, era=era, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "era", "reason"),
    [
        ("202401", "be", "2024 looks like a Christian-Era year; expected Buddhist Era (2567)"),
        ("148101", "be", "not a Buddhist-Era year"),
        ("256713", "be", "month 13 is not between 1 and 12"),
        ("259001", "be", "more than 5 years ahead"),
        ("256701", "ce", "2567 looks like a Buddhist-Era year; expected Christian Era (2024)"),
        ("210001", "ce", "not a plausible Christian-Era year"),
        ("2567", "be", "expected six digits"),
    ],
)
def test_year_month_rejects(text, era, reason):
    with pytest.raises(InvalidDateError) as exc:
        year_month(text, era=era, today=TODAY)
    assert reason in str(exc.value) and repr(text) in str(exc.value)


def test_ce_year():
    assert ce_year("2024", kind="event", today=TODAY) == 2024
    assert ce_year("1955", kind="birth", today=TODAY) == 1955
    with pytest.raises(InvalidDateError, match="expected Christian Era"):
        ce_year("2567", kind="event", today=TODAY)
    with pytest.raises(InvalidDateError, match="four-digit"):
        ce_year("24", kind="event", today=TODAY)
