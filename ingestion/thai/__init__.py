"""Thai normalisation API shared by every source reader: the one home of each Thai domain rule.

Everything a reader needs to turn Thai government data into clean lake columns:

* digits: :func:`to_arabic_digits` (๐–๙ → 0–9);
* Buddhist-Era dates: :func:`be_year` (the range check and two-digit pivot every parse path
  uses, by kind of date: ``"birth"`` or ``"event"``), :func:`parse_be_date`,
  :func:`parse_be_period`, :func:`year_month` (file names), :func:`be_to_ce_year`,
  :func:`ce_to_be_year`, :func:`fiscal_year`, :func:`thai_month_label`;
* provinces: :func:`normalise_province` (→ ISO 3166-2:TH code), :func:`provinces` (the 77);
* national IDs: :func:`is_valid_national_id`, :func:`national_id_problem`,
  :func:`is_non_thai_id`, :func:`clean_national_id`, :func:`with_check_digit`,
  :func:`mask_national_ids`;
* person names: :func:`given_names`, :func:`family_names`, :data:`TITLES`;
* vectorised polars twins for hot paths (millions of rows): :func:`province_codes`,
  :func:`parse_be_dates`, :func:`valid_national_ids`, :func:`clean_national_ids`,
  :func:`valid_national_id_expr`, :func:`national_ids_in_text`,
  :func:`mask_national_ids_expr`.

Each vectorised helper returns exactly what its scalar twin returns (null where the scalar
raises or returns ``False``/``None``); the unit tests check this.

Errors subclass :class:`ValueError` and name the offending value and the reason.

>>> from ingestion.thai import parse_be_date, normalise_province, is_valid_national_id
>>> parse_be_date("๑๕/๐๒/๒๕๖๗")
datetime.date(2024, 2, 15)
>>> normalise_province("จ.เชียงใหม่2/")
'TH-50'
>>> is_valid_national_id("1-1017-00230-70-5")
False
"""

from ingestion.thai import _offline  # noqa: F401  (pythainlp settings, before pythainlp loads)
from ingestion.thai.dates import (
    DateKind,
    InvalidDateError,
    bangkok_today,
    be_to_ce_year,
    be_year,
    ce_to_be_year,
    ce_year,
    fiscal_year,
    parse_be_date,
    parse_be_dates,
    parse_be_period,
    thai_month_label,
    year_bounds,
    year_month,
)
from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr
from ingestion.thai.names import TITLES, family_names, given_names
from ingestion.thai.national_id import (
    ID_MASK,
    check_digit,
    clean_national_id,
    clean_national_id_expr,
    clean_national_ids,
    compact_national_id_expr,
    is_non_thai_id,
    is_valid_national_id,
    mask_national_ids,
    mask_national_ids_expr,
    national_id_problem,
    national_ids_in_text,
    valid_national_id_expr,
    valid_national_ids,
    with_check_digit,
)
from ingestion.thai.provinces import (
    Province,
    UnknownProvinceError,
    normalise_province,
    province_codes,
    provinces,
)

__all__ = [
    "ID_MASK",
    "TITLES",
    "DateKind",
    "InvalidDateError",
    "Province",
    "UnknownProvinceError",
    "bangkok_today",
    "be_to_ce_year",
    "be_year",
    "ce_to_be_year",
    "ce_year",
    "check_digit",
    "clean_national_id",
    "clean_national_id_expr",
    "clean_national_ids",
    "compact_national_id_expr",
    "family_names",
    "fiscal_year",
    "given_names",
    "is_non_thai_id",
    "is_valid_national_id",
    "mask_national_ids",
    "mask_national_ids_expr",
    "national_id_problem",
    "national_ids_in_text",
    "normalise_province",
    "parse_be_date",
    "parse_be_dates",
    "parse_be_period",
    "province_codes",
    "provinces",
    "thai_month_label",
    "to_arabic_digits",
    "to_arabic_digits_expr",
    "valid_national_id_expr",
    "valid_national_ids",
    "with_check_digit",
    "year_bounds",
    "year_month",
]
