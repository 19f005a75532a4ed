"""The lake tables that ingestion knows, and how to find and parse their deliveries."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

# (source, entity, glob under data/sources, bytes of input per parse call)
# Small files are parsed many at a time (DESIGN.md: per-file overhead dominates otherwise).
_TABLES: tuple[tuple[str, str, str, int], ...] = (
    ("sso_registry", "insured", "sso_registry/insured/insured_*.csv", 1),
    ("sso_registry", "employers", "sso_registry/employers/employers_*.csv", 1),
    ("sso_efiling", "contributions", "sso_efiling/*/SPS110_*.txt", 64 << 20),
    ("nso_lfs", "labour_force", "nso_lfs/lfs_*_q*.xlsx", 1),
)


@dataclass(frozen=True)
class EntityParser:
    source: str
    entity: str
    pattern: str
    batch_bytes: int
    module: ModuleType

    def partition_month(self, path: Path) -> str:
        return self.module.partition_month(path)

    def parse_batch(self, paths: Sequence[Path], rels: Sequence[str], key: bytes) -> list[Any]:
        many: Callable | None = getattr(self.module, "parse_many", None)
        if many is not None and len(paths) > 1:
            return list(many(list(paths), list(rels), key))
        return [self.module.parse(p, r, key) for p, r in zip(paths, rels, strict=True)]


@cache
def entities() -> tuple[EntityParser, ...]:
    return tuple(
        EntityParser(
            source=s,
            entity=e,
            pattern=pattern,
            batch_bytes=batch,
            module=importlib.import_module(f"ingestion.sources.{s}.{e}"),
        )
        for s, e, pattern, batch in _TABLES
    )


def get_entity(source: str, entity: str) -> EntityParser:
    for parser in entities():
        if (parser.source, parser.entity) == (source, entity):
            return parser
    known = ", ".join(f"{p.source}/{p.entity}" for p in entities())
    raise KeyError(f"unknown lake table {source}/{entity}; known: {known}")
