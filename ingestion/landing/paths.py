"""Where everything lives on disk. One place, so every layer agrees."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class DataPaths:
    """The data root and the fixed layout under it (docs/data-contracts.md)."""

    root: Path

    @classmethod
    def from_env(cls) -> DataPaths:
        return cls(Path(os.environ.get("LABOUR_DATA_DIR") or REPO_ROOT / "data").resolve())

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def warehouse(self) -> Path:
        """The published warehouse that readers (Superset, analysts) open read-only."""
        return self.warehouse_dir / "labour.duckdb"

    @property
    def warehouse_build(self) -> Path:
        """The build file of a dbt run by hand; pipeline runs each build their own
        (warehouse.publish.build_path). Never opened by readers."""
        return self.warehouse_dir / "build" / "manual" / "labour.duckdb"

    def raw(self, source: str, entity: str, month: str | None = None) -> Path:
        base = self.lake / "raw" / source / entity
        return base / f"month={month}" if month else base

    def quarantine(self, source: str, entity: str, month: str | None = None) -> Path:
        base = self.lake / "quarantine" / source / entity
        return base / f"month={month}" if month else base

    def manifest(self, source: str, entity: str, month: str) -> Path:
        return self.lake / "manifests" / source / entity / f"month={month}.json"
