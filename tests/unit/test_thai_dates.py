import datetime as dt

import polars as pl
import pytest

from ingestion.thai import (
    InvalidDateError,
    be_to_ce_year,
    ce_to_be_year,
    fiscal_year,
    parse_be_date,
    parse_be_dates,
    parse_be_period,
    thai_month_label,
    to_arabic_digits,
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
