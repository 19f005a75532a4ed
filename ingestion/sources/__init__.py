"""Per-entity parsers: one delivered file → lake rows + quarantine rows (data contracts §2).

Every entity module ``ingestion.sources.<source>.<entity>`` has the same shape:

* ``SOURCE``, ``ENTITY``: the lake table ``raw/<SOURCE>/<ENTITY>``;
* ``partition_month(path) -> "YYYY-MM"``: the partition the file belongs to (from its name);
* ``parse(path, rel, key) -> ParseResult``; contributions also has ``parse_many`` and
  ``parse_frames`` (a whole batch as one :class:`BatchResult`: what landing takes when a
  module has it).

A source whose spec says ``reader: {kind: csv}`` needs no module: the generic reader
(:class:`ingestion.sources._csv_spec.SpecCsvReader`) has the same interface, built from the spec;
connectors' drops (``http_json``, ``sql``) are read by its JSON-lines variant.

:data:`ENTITIES` lists them, discovered from the source specs (``<system>/source.yaml``,
see :mod:`ingestion.sources.spec`), so that orchestration can loop over the tables.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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
    * ``rows_control``: physical records the parser consumed that are not data (a header row,
      a header record, title, subtotal and footer rows). Landing counts the file's physical
      records from its bytes on its own; every one of them must be data (``rows_in``) or
      control (ingestion.landing.records).

    Invariant, checked on construction: ``rows_in == rows.height + quarantine.height``.
    """

    rows: pl.DataFrame
    quarantine: pl.DataFrame
    rows_in: int
    file_error: str | None = None
    rows_control: int = 0

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


@dataclass
class BatchResult:
    """The outcome of parsing several files at once (or one chunk of one file): the rows of
    all of them as ONE frame each, so that landing handles a batch with a few vectorised
    calls instead of a few per file (per-file overhead dominates small files).

    * ``rows``, ``quarantine``: the columns of :class:`ParseResult`, plus ``_file_idx`` (Int32,
      the file's index in the batch, last column); each file's rows consecutive and in file
      order, files in index order.
    * ``files``: the indexes of the files this result accounts for (a chunk: one file).
    * ``file_errors``: {index: why the whole file is quarantined}.
    * ``rows_control``: {index: control records the parser consumed}, as in ParseResult.

    ``rows_in`` of a file is its loaded plus quarantined rows (ParseResult's invariant)."""

    rows: pl.DataFrame
    quarantine: pl.DataFrame
    files: Sequence[int]
    file_errors: dict[int, str] = field(default_factory=dict)
    rows_control: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if list(self.quarantine.columns) != [*QUARANTINE_SCHEMA, "_file_idx"]:
            raise AssertionError(f"quarantine columns {self.quarantine.columns}")
        if self.rows.columns[-1:] != ["_file_idx"]:
            raise AssertionError(f"rows without _file_idx last: {self.rows.columns}")

    @classmethod
    def of_file(cls, index: int, result: ParseResult) -> BatchResult:
        """One file's (or one chunk's) ParseResult as a batch result."""
        idx = pl.lit(index, pl.Int32).alias("_file_idx")
        return cls(
            result.rows.with_columns(idx),
            result.quarantine.with_columns(idx),
            (index,),
            {index: result.file_error} if result.file_error is not None else {},
            {index: result.rows_control} if result.rows_control else {},
        )


@dataclass(frozen=True)
class EntitySpec:
    """One lake table of the registry, from its source spec (``source.yaml``)."""

    source: str
    entity: str
    #: glob of the deliveries under ``data/sources/`` (empty for non-file connectors)
    pattern: str
    #: bytes of input per parse call: small files are parsed many at a time, since per-file
    #: overhead dominates otherwise (DESIGN.md); 1 means one file per call.
    batch_bytes: int = 1
    #: the validated spec of the entity (``ingestion.sources.spec.EntitySpec``)
    spec: Any = field(default=None, compare=False, repr=False)

    @property
    def module_name(self) -> str:
        if self.spec is not None and self.spec.reader.module:
            return self.spec.reader.module
        return f"ingestion.sources.{self.source}.{self.entity}"

    @property
    def partition(self) -> str:
        return self.spec.partition if self.spec is not None else "monthly"

    def load(self) -> Any:
        """The parser: the python parse module, or the generic reader built from the spec
        (same interface: ``partition_month(path)``, ``parse(path, rel, key)``)."""
        kind = self.spec.reader.kind if self.spec is not None else "python"
        if kind == "python":
            return importlib.import_module(self.module_name)
        if kind == "csv":
            from ingestion.sources._csv_spec import SpecCsvReader

            return SpecCsvReader(self.source, self.spec)
        from ingestion.connectors import connector_parser

        return connector_parser(self.source, self.spec)


def _from_specs() -> tuple[EntitySpec, ...]:
    from ingestion.sources.spec import source_specs

    return tuple(
        EntitySpec(
            s.system,
            e.name,
            e.files.pattern if e.files else "",
            e.reader.batch_bytes,
            e,
        )
        for s in source_specs()
        for e in s.entities
    )


#: every lake table, declared once in ``ingestion/sources/<system>/source.yaml``
ENTITIES: tuple[EntitySpec, ...] = _from_specs()

__all__ = ["ENTITIES", "QUARANTINE_SCHEMA", "EntitySpec", "ParseResult"]
