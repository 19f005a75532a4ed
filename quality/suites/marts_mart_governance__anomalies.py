"""Warehouse table `marts.mart_governance__anomalies` (Guideline 4): one row per flagged case,
by the rules of seed `ref_anomaly_kinds` (the one home of the kinds, their names and order):
a benefit paid after the person's death, a duplicate claim, a contribution for a person the
insured registry never lists, a claim in a month without cover, an unemployment claim without
a Section-33 end.

Every case names a person, and only by the keyed pseudonym. The key is the kind and the claim
number, or for a contribution line its delivered file and line; the checks hold each row to
what its kind promises (which columns a claim or a contribution line carries, the benefit types
the rule looks at, a payment dated after the death claim it follows).
"""

from __future__ import annotations

import csv
import functools
from typing import TYPE_CHECKING

from ingestion.landing.paths import REPO_ROOT

from ._spec import (
    Check,
    Columns,
    Params,
    Suite,
    as_date_series,
    not_null,
    person_key_check,
    province_checks,
)

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    c: (c,)
    for c in (
        "anomaly_key",
        "anomaly_kind",
        "anomaly_name_th",
        "anomaly_name_en",
        "anomaly_sort_order",
        "anomaly_month",
        "event_date",
        "claim_id",
        "related_claim_id",
        "benefit_type_code",
        "establishment_key",
        "person_key",
        "province_code",
        "amount",
        "reason_th",
        "reason_en",
        "source_file",
        "source_line",
    )
}
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
CONTRIBUTION_KIND = "contribution_not_in_registry"  # the one kind flagging a สปส.1-10 line
# kinds that point at another claim: the death claim a payment follows, the claim repeated
RELATED_KINDS = ("paid_after_death", "duplicate_claim")
# the benefit types each claim rule looks at (mart_governance__anomalies.sql); None: any
RULE_BENEFIT_TYPES: dict[str, tuple[str, ...] | None] = {
    "paid_after_death": None,
    "duplicate_claim": None,
    "claim_outside_insurance": ("01", "02", "03"),  # sickness, maternity, invalidity
    "unemployment_without_s33_end": ("08",),
}
# "… after death claim <id> (YYYY-MM-DD)": the death date the reason states
DEATH_DATE_IN_REASON = r"after death claim \S+ \((\d{4}-\d{2}-\d{2})\)"
ESTABLISHMENT_KEY_REGEX = r"^\d{10}-\d{6}$"

KEY_OK = "_dq_anomaly_key_is_kind_and_case"
NAMES_OK = "_dq_names_and_order_of_the_kind"
MONTH_OK = "_dq_anomaly_month_of_event_date"
SHAPE_OK = "_dq_columns_fit_the_kind"
BENEFIT_TYPE_OK = "_dq_benefit_type_fits_the_rule"
PAID_AFTER_DEATH_OK = "_dq_paid_after_the_death_date"


@functools.cache
def anomaly_kinds() -> dict[str, dict[str, str]]:
    """Seed ref_anomaly_kinds: kind -> its row (names, sort order, rule)."""
    with (SEEDS / "ref_anomaly_kinds.csv").open(encoding="utf-8", newline="") as f:
        return {r["anomaly_kind"]: r for r in csv.DictReader(f)}


@functools.cache
def benefit_types() -> tuple[str, ...]:
    with (SEEDS / "ref_benefit_types.csv").open(encoding="utf-8", newline="") as f:
        return tuple(r["benefit_type_code"] for r in csv.DictReader(f))


def _text(s: pd.Series) -> pd.Series:
    """Strings, with nulls as empty strings (for comparisons that must not raise)."""
    return s.astype(object).where(s.notna(), "").astype(str)


def derive(df: pd.DataFrame, c: Columns, p: Params) -> pd.DataFrame:
    needed = ("anomaly_key", "anomaly_kind", "claim_id", "source_file", "source_line")
    if not {c[k] for k in needed} <= set(df.columns):
        return df  # the missing-column failures say what is wrong
    import pandas as pd

    kind = _text(df[c["anomaly_kind"]])
    claim = df[c["claim_id"]]
    has_claim = claim.notna()
    line = pd.to_numeric(df[c["source_line"]].astype(object), errors="coerce").astype("Int64")
    case = _text(claim).where(has_claim, _text(df[c["source_file"]]) + ":" + _text(line))
    out: dict[str, pd.Series] = {KEY_OK: (_text(df[c["anomaly_key"]]) == kind + ":" + case)}

    seed = anomaly_kinds()
    names = [("anomaly_name_th", "name_th"), ("anomaly_name_en", "name_en")]
    if all(c[m] in df for m, _ in names) and c["anomaly_sort_order"] in df:
        ok = pd.Series(True, index=df.index)
        for mart_col, seed_col in names:
            ok &= _text(df[c[mart_col]]) == kind.map(lambda k, s=seed_col: seed.get(k, {}).get(s))
        order = pd.to_numeric(df[c["anomaly_sort_order"]].astype(object), errors="coerce")
        ok &= order == kind.map(lambda k: int(seed[k]["sort_order"]) if k in seed else None)
        out[NAMES_OK] = ok

    if c["anomaly_month"] in df and c["event_date"] in df:
        month = as_date_series(df[c["anomaly_month"]])
        event = as_date_series(df[c["event_date"]])
        out[MONTH_OK] = (month == event.dt.to_period("M").dt.to_timestamp()) & month.notna()

    if c["related_claim_id"] in df and c["establishment_key"] in df:
        is_line = kind == CONTRIBUTION_KIND
        related = df[c["related_claim_id"]].notna()
        establishment = df[c["establishment_key"]].notna()
        # a claim case carries its claim and no establishment; a contribution line the reverse;
        # only the two kinds that point at another claim carry one, and never the same claim
        out[SHAPE_OK] = (
            (has_claim != is_line)
            & (establishment == is_line)
            & (related == kind.isin(RELATED_KINDS))
            & ~(related & (_text(df[c["related_claim_id"]]) == _text(claim)))
        )

    if c["benefit_type_code"] in df:
        btype = df[c["benefit_type_code"]]
        allowed = kind.map(lambda k: RULE_BENEFIT_TYPES.get(k, ()))
        fits = [
            (pd.isna(b) if k == CONTRIBUTION_KIND else (b in (a or benefit_types())))
            for k, b, a in zip(kind, btype.astype(object), allowed, strict=True)
        ]
        out[BENEFIT_TYPE_OK] = pd.Series(fits, index=df.index, dtype=bool)

    if c["reason_en"] in df and c["event_date"] in df:
        # the death date is carried only in the reason the mart states; null on other kinds
        stated = _text(df[c["reason_en"]]).str.extract(DEATH_DATE_IN_REASON, expand=False)
        death = pd.to_datetime(stated, errors="coerce")
        after = as_date_series(df[c["event_date"]]) > death
        out[PAID_AFTER_DEATH_OK] = after.astype(object).where(kind == "paid_after_death", None)
    return df.assign(**out)


def _true(key: str, column: str, description: str) -> Check:
    return Check(
        key, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": [True]}, description
    )


def checks(p: Params) -> list[Check]:
    return [
        *not_null(
            "anomaly_key",
            "anomaly_kind",
            "anomaly_name_th",
            "anomaly_name_en",
            "anomaly_month",
            "event_date",
            "person_key",
            "reason_th",
            "reason_en",
            "source_file",
            "source_line",
        ),
        Check(
            "anomaly_key_unique",
            "ExpectColumnValuesToBeUnique",
            {"column": "anomaly_key"},
            "one row per flagged case",
        ),
        Check(
            "case_unique",
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["anomaly_kind", "source_file", "source_line"]},
            "a delivered line is flagged at most once per kind",
        ),
        _true(
            "anomaly_key_is_kind_and_case",
            KEY_OK,
            "`anomaly_key` = kind:claim number, or kind:file:line for a contribution line",
        ),
        Check(
            "anomaly_kind_in_seed",
            "ExpectColumnValuesToBeInSet",
            {"column": "anomaly_kind", "value_set": sorted(anomaly_kinds())},
            "`anomaly_kind` is one of the " + str(len(anomaly_kinds())) + " kinds of the seed",
        ),
        _true(
            "names_and_order_of_the_kind",
            NAMES_OK,
            "the Thai and English names and the sort order are the seed's for the kind",
        ),
        # every kind names a person: the keyed pseudonym, never a national ID
        person_key_check(),
        _true(
            "anomaly_month_of_event_date",
            MONTH_OK,
            "`anomaly_month` is the first day of the event date's month",
        ),
        _true(
            "columns_fit_the_kind",
            SHAPE_OK,
            "claim cases carry a claim number, contribution lines an establishment; only paid-"
            "after-death and duplicate cases name another (different) claim",
        ),
        _true(
            "benefit_type_fits_the_rule",
            BENEFIT_TYPE_OK,
            "the benefit type is one the kind's rule looks at (none on a contribution line)",
        ),
        _true(
            "paid_after_the_death_date",
            PAID_AFTER_DEATH_OK,
            "a paid-after-death claim is dated after the death claim the reason names",
        ),
        Check(
            "duplicate_repeats_an_earlier_claim",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "claim_id",
                "column_B": "related_claim_id",
                "or_equal": False,
                "ignore_row_if": "either_value_is_missing",
            },
            "a duplicate is the later claim number of the pair it repeats",
            row_condition=("anomaly_kind", "==", "duplicate_claim"),
        ),
        Check(
            "establishment_key_format",
            "ExpectColumnValuesToMatchRegex",
            {"column": "establishment_key", "regex": ESTABLISHMENT_KEY_REGEX},
            "`establishment_key` is the 10-digit account and 6-digit branch",
        ),
        *province_checks(),
        Check(
            "amount_non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "amount", "min_value": 0},
            "`amount` ≥ 0",
        ),
        Check(
            "source_line_positive",
            "ExpectColumnValuesToBeBetween",
            {"column": "source_line", "min_value": 1},
            "`source_line` is a 1-based line number",
        ),
    ]


SUITE = Suite(
    name="marts.mart_governance__anomalies",
    columns=COLUMNS,
    checks=checks,
    derive=derive,
)
