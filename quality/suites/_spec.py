"""The declarative form of a suite: plain data, no Great Expectations import.

A suite is a list of `Check`s. Each names a GX 1.x expectation class (from
`great_expectations.expectations`) and its keyword arguments, with column arguments written
as *logical* names that the suite's `COLUMNS` map turns into the frame's real names (the first
candidate present wins). Checks GX has no expectation for are expressed as a derived column
(added by the suite's `derive` function, names starting with `_dq_`) plus a stock expectation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["error", "warn"]

COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")

#: Name of the derived column that the PII check adds to every validated frame.
PII_COLUMN = "_dq_national_id_in_columns"


@dataclass(frozen=True)
class Check:
    key: str  # stable identifier, unique within a suite
    expectation: str  # GX class name, e.g. "ExpectColumnValuesToNotBeNull"
    kwargs: Mapping[str, Any]
    description: str  # one short sentence for people
    severity: Severity = "error"
    # (logical column, operator, value): only rows where it holds are checked
    row_condition: tuple[str, str, Any] | None = None

    def columns(self) -> list[str]:
        names: list[str] = []
        for k in COLUMN_KWARGS:
            v = self.kwargs.get(k)
            if isinstance(v, str):
                names.append(v)
            elif isinstance(v, list | tuple):
                names.extend(v)
        if self.row_condition:
            names.append(self.row_condition[0])
        return names


Params = Mapping[str, Any]
Columns = Mapping[str, str]  # logical name -> the frame's column name


@dataclass(frozen=True)
class Suite:
    name: str
    # logical name -> candidate column names, first present wins
    columns: Mapping[str, Sequence[str]]
    checks: Callable[[Params], list[Check]]
    # adds `_dq_*` columns the checks need; receives the resolved column names
    derive: Callable[[pd.DataFrame, Columns, Params], pd.DataFrame] | None = None
    # logical names that may be absent: checks that use them are skipped when they are
    optional: frozenset[str] = frozenset()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    pii: bool = True  # add the national-ID check on every string column

    def resolve(self, present: Sequence[str]) -> dict[str, str]:
        """Logical -> actual column name; the first candidate when none is present."""
        have = set(present)
        out = {}
        for logical, candidates in self.columns.items():
            out[logical] = next((c for c in candidates if c in have), candidates[0])
        return out


# ---- helpers shared by the suites -------------------------------------------------------


def lineage_checks() -> list[Check]:
    """Every lake row carries its source file, line and load id (data-contracts §2)."""
    return [
        Check(
            f"{c}_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": c},
            f"every row carries `{c}`",
        )
        for c in ("_source_file", "_source_line", "_load_id")
    ] + [
        Check(
            "_source_line_positive",
            "ExpectColumnValuesToBeBetween",
            {"column": "_source_line", "min_value": 1},
            "`_source_line` is a 1-based line number",
        )
    ]


LINEAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "_source_file": ("_source_file",),
    "_source_line": ("_source_line",),
    "_load_id": ("_load_id",),
}


def not_null(*cols: str, severity: Severity = "error") -> list[Check]:
    return [
        Check(
            f"{c}_not_null",
            "ExpectColumnValuesToNotBeNull",
            {"column": c},
            f"`{c}` is never null",
            severity,
        )
        for c in cols
    ]


def province_checks(column: str = "province_code") -> list[Check]:
    """The province code is an ISO 3166-2:TH code of one of the 77 provinces."""
    from quality.reference import PROVINCE_CODE_REGEX, PROVINCE_CODES

    return [
        Check(
            f"{column}_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": column, "regex": PROVINCE_CODE_REGEX},
            f"`{column}` looks like TH-dd",
        ),
        Check(
            f"{column}_known",
            "ExpectColumnValuesToBeInSet",
            {"column": column, "value_set": sorted(PROVINCE_CODES)},
            f"`{column}` is one of the 77 provinces",
        ),
    ]


def section_check(column: str = "section") -> Check:
    from quality.reference import SECTIONS

    return Check(
        f"{column}_in_set",
        "ExpectColumnValuesToBeInSet",
        {"column": column, "value_set": list(SECTIONS)},
        f"`{column}` is 33, 39 or 40",
    )


def person_key_check(column: str = "person_key") -> Check:
    from quality.reference import PERSON_KEY_REGEX

    return Check(
        f"{column}_format",
        "ExpectColumnValuesToMatchRegex",
        {"column": column, "regex": PERSON_KEY_REGEX},
        f"`{column}` is a 26-character base32 pseudonym",
    )


def digits_check(column: str, n: int) -> Check:
    return Check(
        f"{column}_format",
        "ExpectColumnValuesToMatchRegex",
        {"column": column, "regex": rf"^\d{{{n}}}$"},
        f"`{column}` is {n} digits",
    )


def as_date_series(s: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(s, errors="coerce")


def month_start(value: str | dt.date | None) -> dt.date | None:
    """'YYYY-MM' / a date -> the first day of that month."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    y, m = str(value)[:7].split("-")
    return dt.date(int(y), int(m), 1)


def satang(s: pd.Series) -> pd.Series:
    """Amounts (Decimal objects, floats or ints) -> whole satang as nullable Int64."""
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(s.dtype):
        s = pd.to_numeric(s.astype(object), errors="coerce")
    return (s.astype("float64") * 100).round().astype("Int64")
