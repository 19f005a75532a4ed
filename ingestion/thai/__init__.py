"""Thai normalisation API shared by every source reader.

Everything a reader needs to turn Thai government data into clean lake columns:

* digits: :func:`to_arabic_digits` (๐–๙ → 0–9);
* Buddhist-Era dates: :func:`parse_be_date`, :func:`parse_be_period`, :func:`be_to_ce_year`,
  :func:`ce_to_be_year`, :func:`fiscal_year`, :func:`thai_month_label`;
* provinces: :func:`normalise_province` (→ ISO 3166-2:TH code), :func:`provinces`;
* national IDs: :func:`is_valid_national_id`, :func:`national_id_problem`,
  :func:`is_non_thai_id`, :func:`clean_national_id`;
* vectorised polars twins for hot paths (millions of rows): :func:`province_codes`,
  :func:`parse_be_dates`, :func:`valid_national_ids`, :func:`clean_national_ids`.

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

from ingestion.thai.dates import (
    InvalidDateError,
    be_to_ce_year,
    ce_to_be_year,
    fiscal_year,
    parse_be_date,
    parse_be_dates,
    parse_be_period,
    thai_month_label,
)
from ingestion.thai.digits import to_arabic_digits, to_arabic_digits_expr
from ingestion.thai.national_id import (
    clean_national_id,
    clean_national_ids,
    is_non_thai_id,
    is_valid_national_id,
    national_id_problem,
    valid_national_ids,
)
from ingestion.thai.provinces import (
    Province,
    UnknownProvinceError,
    normalise_province,
    province_codes,
    provinces,
)

__all__ = [
    "InvalidDateError",
    "Province",
    "UnknownProvinceError",
    "be_to_ce_year",
    "ce_to_be_year",
    "clean_national_id",
    "clean_national_ids",
    "fiscal_year",
    "is_non_thai_id",
    "is_valid_national_id",
    "national_id_problem",
    "normalise_province",
    "parse_be_date",
    "parse_be_dates",
    "parse_be_period",
    "province_codes",
    "provinces",
    "thai_month_label",
    "to_arabic_digits",
    "to_arabic_digits_expr",
    "valid_national_ids",
]
