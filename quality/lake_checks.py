"""The blocking checks of a lake partition, run on the *staged* version before it is published
(ingestion.landing.land_partition calls them; orchestration reports them as asset checks).

Each check is named as its Dagster asset check. All of them block: a staged version that fails
any is never made visible, and the previous version stays.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.faults import fault_point
from ingestion.landing.partition import CheckOutcome, Manifest, StagedChecks

CONSERVATION = "row_conservation"
EXPECTATIONS = "expectations"
QUARANTINE_SHARE = "quarantine_share"
QUARANTINE_PII = "quarantine_personal_data"
BLOCKING_CHECKS = (CONSERVATION, QUARANTINE_SHARE, QUARANTINE_PII, EXPECTATIONS)


def staged_partition_checks(
    source: str, entity: str, month: str, quarantine_threshold: float
) -> StagedChecks:
    """The checks for one partition, as landing wants them: ``(version root, manifest)`` →
    outcomes, where the version root is laid out like the lake."""

    def run(root: Path, manifest: Manifest) -> list[CheckOutcome]:
        from quality.conservation import check_partition_conservation, check_quarantine_share
        from quality.validate import validate_lake_partition

        fault_point("check.conservation")
        conservation = check_partition_conservation(root, source, entity, month)
        share = check_quarantine_share(manifest.to_json(), quarantine_threshold)
        outcomes = [
            CheckOutcome(CONSERVATION, conservation.success, conservation.summary()),
            CheckOutcome(QUARANTINE_SHARE, share.success, share.summary()),
            quarantine_personal_data(root / "quarantine" / source / entity / f"month={month}"),
        ]
        if manifest.rows_loaded:
            quality = validate_lake_partition(root, source, entity, month)
            outcomes.append(CheckOutcome(EXPECTATIONS, quality.success, quality.summary()))
        else:
            outcomes.append(CheckOutcome(EXPECTATIONS, True, "no rows loaded: nothing to validate"))
        return outcomes

    return run


def quarantine_personal_data(directory: Path) -> CheckOutcome:
    """Quarantine keeps rejected records for people to read, masked: any national ID, person
    name or phone number left in it is a leak (the detector reads every column)."""
    from quality.pii import scan_parquet

    files = sorted(str(p) for p in directory.glob("*.parquet"))
    if not files:
        return CheckOutcome(QUARANTINE_PII, True, "no quarantined rows")
    findings = scan_parquet(files, where=str(directory))
    if not findings:
        return CheckOutcome(
            QUARANTINE_PII, True, f"{len(files)} quarantine files: no personal data"
        )
    lines = [f"- ❌ {f.kind} in `{f.where}`: {f.rows} rows" for f in findings]
    return CheckOutcome(QUARANTINE_PII, False, "personal data in quarantine:\n" + "\n".join(lines))
