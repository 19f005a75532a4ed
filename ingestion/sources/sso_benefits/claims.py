"""SSO benefit claims: ``sso_benefits/claims/claims_<BEYYYYMM>.csv`` (contracts §1.6) →
``raw/sso_benefits/claims``. The columns are the spec's (``source.yaml``: the generic CSV
reader types them, normalises Thai digits, BE dates and provinces, checks the national ID and
pseudonymises it, drops the name); this module adds the checks across fields of a claim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources._row_checks import RowCheckedCsvReader

#: Which sections each benefit type covers (Social Security Act; seed ref_benefit_types):
#: maternity, child allowance and old age are not Section-40 benefits here, unemployment is
#: Section 33's alone.
SECTIONS_BY_BENEFIT: dict[str, tuple[int, ...]] = {
    "01": (33, 39, 40),
    "02": (33, 39),
    "03": (33, 39, 40),
    "04": (33, 39, 40),
    "05": (33, 39),
    "06": (33, 39),
    "07": (33, 39),
    "08": (33,),
}
APPROVED, REJECTED = "อนุมัติ", "ไม่อนุมัติ"

_pair = pl.concat_str(
    [pl.col("benefit_type_code"), pl.col("section").cast(pl.String)], separator="/"
)
_allowed = [f"{b}/{s}" for b, sections in SECTIONS_BY_BENEFIT.items() for s in sections]
_approved = pl.col("status") == APPROVED
_rejected = pl.col("status") == REJECTED

ROW_CHECKS = [
    (
        "section",
        ~_pair.is_in(_allowed),
        pl.format(
            "benefit type {} is not a benefit of section {}",
            pl.col("benefit_type_code"),
            pl.col("section"),
        ),
    ),
    (
        "decision_date",
        pl.col("decision_date") < pl.col("claim_date"),
        pl.format(
            "decision date {} is before the claim date {}",
            pl.col("decision_date"),
            pl.col("claim_date"),
        ),
    ),
    (
        "payment_date",
        (pl.col("payment_date") < pl.col("decision_date")).fill_null(False),
        pl.format(
            "payment date {} is before the decision date {}",
            pl.col("payment_date"),
            pl.col("decision_date"),
        ),
    ),
    (
        "payment_date",
        _approved & pl.col("payment_date").is_null(),
        pl.lit("an approved claim has no payment date"),
    ),
    (
        "payment_date",
        _rejected & pl.col("payment_date").is_not_null(),
        pl.lit("a rejected claim has a payment date"),
    ),
    (
        "amount",
        _rejected & (pl.col("amount") > 0),
        pl.format("a rejected claim pays nothing, got {}", pl.col("amount")),
    ),
    (
        "reason_code",
        _rejected & pl.col("reason_code").is_null(),
        pl.lit("a rejected claim has no reason code"),
    ),
    (
        "reason_code",
        _approved & pl.col("reason_code").is_not_null(),
        pl.format("an approved claim has a reason code ({})", pl.col("reason_code")),
    ),
]

READER = RowCheckedCsvReader("sso_benefits", "claims", ROW_CHECKS, "claim_id", "the claim number")
SOURCE, ENTITY, SCHEMA = READER.SOURCE, READER.ENTITY, READER.schema
parse = READER.parse
parse_chunks = READER.parse_chunks


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """Month the claims were received: ``claims_256701.csv`` → ``2024-01``."""
    return READER.partition_month(path, today=today)
