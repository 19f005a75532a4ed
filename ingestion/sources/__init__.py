"""Per-entity parsers: one delivered file → lake rows + quarantine rows (data contracts §2).

Every entity module ``ingestion.sources.<source>.<entity>`` has the same shape:

* ``SOURCE``, ``ENTITY``: the lake table ``raw/<SOURCE>/<ENTITY>``;
* ``partition_month(path) -> "YYYY-MM"``: the partition the file belongs to (from its name);
* ``parse(path, rel, key) -> ParseResult``; contributions also has ``parse_many``.

:data:`ENTITIES` lists them so that orchestration can loop over the tables.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

import polars as pl

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "field": pl.String(),
    "reason": pl.String(),
    "record": pl.String(),
}


@dataclass
class ParseResult:
    """The outcome of parsing one delivered file.

    * ``rows``: the lake columns of contracts §2 except ``_load_id`` (``_source_file``,
      ``_source_line`` first), with the contract dtypes; no names or clear national IDs.
    * ``quarantine``: ``_source_file``, ``_source_line``, ``field``, ``reason``, ``record``
      (the raw record with national ID and names masked).
    * ``rows_in``: input records of the file (data lines; not headers or control totals).
    * ``file_error``: why the whole file is quarantined, or ``None``.

    Invariant, checked on construction: ``rows_in == rows.height + quarantine.height``.
    """

    rows: pl.DataFrame
    quarantine: pl.DataFrame
    rows_in: int
    file_error: str | None = None

    def __post_init__(self) -> None:
        if self.rows_in != self.rows.height + self.quarantine.height:
            raise AssertionError(
                f"rows_in {self.rows_in} != rows {self.rows.height} + quarantine "
                f"{self.quarantine.height}"
            )
        if list(self.quarantine.columns) != list(QUARANTINE_SCHEMA):
            raise AssertionError(f"quarantine columns {self.quarantine.columns}")
        if self.file_error is not None and self.rows.height:
            raise AssertionError("a quarantined file cannot load rows")

    @property
    def status(self) -> str:
        """``loaded``, ``partly_quarantined`` or ``quarantined`` (manifest vocabulary)."""
        if self.file_error is not None:
            return "quarantined"
        return "partly_quarantined" if self.quarantine.height else "loaded"


@dataclass(frozen=True)
class EntitySpec:
    source: str
    entity: str
    #: glob of the deliveries under ``data/sources/``
    pattern: str
    #: bytes of input per parse call: small files are parsed many at a time, since per-file
    #: overhead dominates otherwise (DESIGN.md); 1 means one file per call.
    batch_bytes: int = 1

    @property
    def module_name(self) -> str:
        return f"ingestion.sources.{self.source}.{self.entity}"

    def load(self) -> ModuleType:
        return importlib.import_module(self.module_name)


ENTITIES: tuple[EntitySpec, ...] = (
    EntitySpec("sso_registry", "insured", "sso_registry/insured/insured_*.csv"),
    EntitySpec("sso_registry", "employers", "sso_registry/employers/employers_*.csv"),
    EntitySpec("sso_efiling", "contributions", "sso_efiling/*/SPS110_*.txt", 64 << 20),
    EntitySpec("nso_lfs", "labour_force", "nso_lfs/lfs_*_q*.xlsx"),
)

__all__ = ["ENTITIES", "QUARANTINE_SCHEMA", "EntitySpec", "ParseResult"]
