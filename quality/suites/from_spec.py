"""Great Expectations suites built from a source spec (ingestion/sources/<system>/source.yaml).

A spec'd lake table gets, without any code: lineage checks (`_source_file`, `_source_line`,
`_load_id`), `not null` for every non-nullable column, the column's `regex`, `values`, `min` /
`max`, the 77 province codes for a column normalised with `province`, the person-key shape for
a pseudonymised column, plus the spec's own `expectations` (any GX 1.x expectation class with
its arguments). A spec that names a hand-written `suite:` keeps it.

The spec is read by attribute (duck-typed), so this module does not import ingestion.
"""

from __future__ import annotations

from typing import Any

from ..reference import PERSON_KEY_REGEX, PROVINCE_CODES
from . import LAKE_SUITES, SUITES
from ._spec import LINEAGE_COLUMNS, Check, Params, Suite, lineage_checks


def column_checks(column: Any) -> list[Check]:
    """The checks a spec column declares."""
    name = column.name
    out: list[Check] = []
    if not column.nullable:
        out.append(
            Check(
                f"{name}_not_null",
                "ExpectColumnValuesToNotBeNull",
                {"column": name},
                f"`{name}` is never null",
            )
        )
    if column.regex:
        out.append(
            Check(
                f"{name}_format",
                "ExpectColumnValuesToMatchRegex",
                {"column": name, "regex": column.regex},
                f"`{name}` matches `{column.regex}`",
            )
        )
    if column.values is not None:
        out.append(
            Check(
                f"{name}_in_set",
                "ExpectColumnValuesToBeInSet",
                {"column": name, "value_set": list(column.values)},
                f"`{name}` is one of the declared values",
            )
        )
    if column.min is not None or column.max is not None:
        out.append(
            Check(
                f"{name}_between",
                "ExpectColumnValuesToBeBetween",
                {"column": name, "min_value": column.min, "max_value": column.max},
                f"`{name}` is between {column.min} and {column.max}",
            )
        )
    if "province" in column.normalise:
        out.append(
            Check(
                f"{name}_known_province",
                "ExpectColumnValuesToBeInSet",
                {"column": name, "value_set": sorted(PROVINCE_CODES)},
                f"`{name}` is one of the 77 province codes",
            )
        )
    if column.personal == "pseudonymise":
        out.append(
            Check(
                f"{name}_is_pseudonym",
                "ExpectColumnValuesToMatchRegex",
                {"column": name, "regex": PERSON_KEY_REGEX},
                f"`{name}` is a keyed pseudonym (26 base32 characters), never a clear ID",
            )
        )
    return out


def suite_from_spec(source: str, entity: Any) -> Suite:
    """The suite `<source>.<entity>` derived from an entity spec."""
    lake_columns = [c for c in entity.columns if c.personal != "drop"]
    columns: dict[str, tuple[str, ...]] = {c.name: (c.name,) for c in lake_columns}
    columns.update(LINEAGE_COLUMNS)
    for e in entity.expectations:
        for k in ("column", "column_A", "column_B"):
            if isinstance(e.kwargs.get(k), str):
                columns.setdefault(e.kwargs[k], (e.kwargs[k],))
        for c in e.kwargs.get("column_list") or ():
            columns.setdefault(c, (c,))

    def checks(_: Params) -> list[Check]:
        out = [check for c in lake_columns for check in column_checks(c)]
        out += [
            Check(e.key, e.expectation, dict(e.kwargs), e.description, e.severity)
            for e in entity.expectations
        ]
        return out + lineage_checks()

    return Suite(name=f"{source}.{entity.name}", columns=columns, checks=checks)


def register_spec_suite(source: str, entity: Any) -> str:
    """Make the lake table `raw/<source>/<entity>` validate with its suite (the hand-written one
    the spec names, or the one built from the spec); returns the suite's name."""
    name = entity.suite or f"{source}.{entity.name}"
    if entity.suite is None:
        SUITES[name] = suite_from_spec(source, entity)
    elif name not in SUITES:
        raise KeyError(f"spec {source}/{entity.name} names an unknown suite {name!r}")
    LAKE_SUITES[(source, entity.name)] = name
    return name


__all__ = ["column_checks", "register_spec_suite", "suite_from_spec"]
