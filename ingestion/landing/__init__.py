"""Landing: parsed rows into the Parquet lake, rejected rows into quarantine, a manifest per
partition. See docs/data-contracts.md §2."""

from ingestion.landing.keys import KeyMismatchError, assert_lake_single_key, claim_lake
from ingestion.landing.partition import (
    CheckOutcome,
    FileEntry,
    Manifest,
    StagedChecks,
    Survey,
    delivery_landed,
    discover,
    discover_names,
    land_partition,
    survey,
    unclaimed_files,
    unrecognised_deliveries,
)
from ingestion.landing.paths import DataPaths
from ingestion.landing.registry import EntityParser, entities, get_entity
from ingestion.landing.versions import PartitionLockedError

__all__ = [
    "CheckOutcome",
    "DataPaths",
    "EntityParser",
    "FileEntry",
    "KeyMismatchError",
    "Manifest",
    "PartitionLockedError",
    "StagedChecks",
    "Survey",
    "assert_lake_single_key",
    "claim_lake",
    "delivery_landed",
    "discover",
    "discover_names",
    "entities",
    "get_entity",
    "land_partition",
    "survey",
    "unclaimed_files",
    "unrecognised_deliveries",
]
