"""Data quality for the lakehouse: Great Expectations suites as code (`quality.suites`),
row conservation over the lake manifests (`quality.conservation`), a vectorised national-ID
detector (`quality.pii`) and the functions orchestration wraps as blocking asset checks.

A plain library: no Dagster here, and Great Expectations is imported only when a validation
first runs (it costs seconds). Every result has `.success`, `.summary()` (markdown) and
`.metadata()` (plain values).
"""

from __future__ import annotations

from .conservation import (
    ConservationResult,
    LakeConservationResult,
    QuarantineShareResult,
    check_lake_conservation,
    check_partition_conservation,
    check_quarantine_share,
)
from .pii import (
    PiiFinding,
    find_national_ids,
    is_valid_national_id,
    scan_duckdb,
    scan_frame,
    scan_parquet,
)
from .suites import LAKE_SUITES, SUITES, WAREHOUSE_SUITES
from .validate import (
    ExpectationOutcome,
    QualityResult,
    validate,
    validate_lake_partition,
    validate_warehouse_table,
)

__all__ = [
    "LAKE_SUITES",
    "SUITES",
    "WAREHOUSE_SUITES",
    "ConservationResult",
    "ExpectationOutcome",
    "LakeConservationResult",
    "PiiFinding",
    "QualityResult",
    "QuarantineShareResult",
    "check_lake_conservation",
    "check_partition_conservation",
    "check_quarantine_share",
    "find_national_ids",
    "is_valid_national_id",
    "scan_duckdb",
    "scan_frame",
    "scan_parquet",
    "validate",
    "validate_lake_partition",
    "validate_warehouse_table",
]
