"""How landing finds and parses each lake table's deliveries (tables: ingestion.sources)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ingestion.sources import ENTITIES, BatchResult, EntitySpec, ParseResult


@dataclass(frozen=True)
class EntityParser:
    spec: EntitySpec
    module: Any  # the parse module, or a reader built from the spec

    @property
    def source(self) -> str:
        return self.spec.source

    @property
    def entity(self) -> str:
        return self.spec.entity

    @property
    def pattern(self) -> str:
        return self.spec.pattern

    @property
    def partition(self) -> str:
        """``monthly`` or ``quarterly`` (keys are the quarter's first month)."""
        return self.spec.partition

    @property
    def batch_bytes(self) -> int:
        return self.spec.batch_bytes

    def partition_month(self, path: Path) -> str:
        return self.module.partition_month(path)

    def parse_batch(
        self, paths: Sequence[Path], rels: Sequence[str], key: bytes
    ) -> list[ParseResult]:
        many = getattr(self.module, "parse_many", None)
        if many is not None and len(paths) > 1:
            return list(many(list(paths), list(rels), key))
        return [self.module.parse(p, r, key) for p, r in zip(paths, rels, strict=True)]

    def parse_stream(
        self, paths: Sequence[Path], rels: Sequence[str], key: bytes
    ) -> Iterator[tuple[int, ParseResult]]:
        """(index of the file in ``paths``, result) for a batch of files, each file's results
        consecutive and in file order: a module with ``parse_chunks`` streams a big file in
        chunks (memory stays bounded), other modules give one result per file."""
        many = getattr(self.module, "parse_many", None)
        if many is not None and len(paths) > 1:
            yield from enumerate(many(list(paths), list(rels), key))
            return
        chunks = getattr(self.module, "parse_chunks", None)
        for i, (p, r) in enumerate(zip(paths, rels, strict=True)):
            if chunks is None:
                yield i, self.module.parse(p, r, key)
            else:
                for result in chunks(p, r, key):
                    yield i, result
                    del result  # hold no chunk while the next one is parsed

    def parse_batches(
        self, paths: Sequence[Path], rels: Sequence[str], key: bytes
    ) -> Iterator[BatchResult]:
        """A batch of files as BatchResults, in file order: one for the whole batch
        from a module with ``parse_frames`` (no per-file frames at all), otherwise one per
        result of :meth:`parse_stream` (a file, or a chunk of a big file)."""
        frames = getattr(self.module, "parse_frames", None)
        if frames is not None and len(paths) > 1:
            yield frames(list(paths), list(rels), key)
            return
        for i, result in self.parse_stream(paths, rels, key):
            yield BatchResult.of_file(i, result)
            del result  # hold no chunk while the next one is parsed


@cache
def entities() -> tuple[EntityParser, ...]:
    return tuple(EntityParser(spec, spec.load()) for spec in ENTITIES)


def get_entity(source: str, entity: str) -> EntityParser:
    for parser in entities():
        if (parser.source, parser.entity) == (source, entity):
            return parser
    known = ", ".join(f"{p.source}/{p.entity}" for p in entities())
    raise KeyError(f"unknown lake table {source}/{entity}; known: {known}")
