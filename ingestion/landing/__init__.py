"""Landing: parsed rows into the Parquet lake, rejected rows into quarantine, a manifest per
partition. See docs/data-contracts.md §2."""

from ingestion.landing.partition import (
    FileEntry,
    Manifest,
    discover,
    land_partition,
    unrecognised_deliveries,
)
from ingestion.landing.paths import DataPaths
from ingestion.landing.registry import EntityParser, entities, get_entity

__all__ = [
    "DataPaths",
    "EntityParser",
    "FileEntry",
    "Manifest",
    "discover",
    "entities",
    "get_entity",
    "land_partition",
    "unrecognised_deliveries",
]
