"""Land one month partition of one lake table: parse every delivered file, write the lake
rows and the quarantine, then the manifest.

A partition is always rebuilt whole from all of its source files, never appended to. That
makes the three promises of DESIGN.md cheap to keep:
- a byte-identical re-delivery changes nothing (files are deduplicated by content hash, and
  an unchanged set of inputs is detected by its fingerprint and skipped);
- a killed run, rerun, gives the same result (new files are staged, then swapped in; the
  manifest, written last, is the commit marker);
- rows in = rows loaded + rows quarantined, per file, is recorded in the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingestion.landing.atomic import clean_stale, replace_dir, temp_sibling, write_json
from ingestion.landing.fingerprint import code_fingerprint, file_sha256
from ingestion.landing.paths import DataPaths
from ingestion.landing.registry import EntityParser, get_entity
from ingestion.sources import ParseResult

# Large enough to keep Parquet row groups efficient, small enough that a national month of
# contribution lines (~12 M) streams through in 1-3 GB of memory (DESIGN.md).
ROWS_PER_PART = 1_000_000

Progress = Callable[[int, int], None]


@dataclass
class FileEntry:
    file: str
    sha256: str
    bytes: int
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    status: str = "loaded"
    reason: str | None = None
    also_delivered_as: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    source: str
    entity: str
    month: str
    load_id: str
    inputs_fingerprint: str
    files: list[FileEntry]
    rows_loaded: int
    rows_quarantined: int
    skipped: bool = False  # True when the inputs were unchanged and nothing was rewritten

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "entity": self.entity,
            "month": self.month,
            "load_id": self.load_id,
            "inputs_fingerprint": self.inputs_fingerprint,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "files": [vars(f) for f in self.files],
        }

    @classmethod
    def from_json(cls, payload: dict, skipped: bool = False) -> Manifest:
        return cls(
            source=payload["source"],
            entity=payload["entity"],
            month=payload["month"],
            load_id=payload["load_id"],
            inputs_fingerprint=payload["inputs_fingerprint"],
            files=[FileEntry(**f) for f in payload["files"]],
            rows_loaded=payload["rows_loaded"],
            rows_quarantined=payload["rows_quarantined"],
            skipped=skipped,
        )


def discover(
    paths: DataPaths, source: str, entity: str, month: str | None = None
) -> dict[str, list[Path]]:
    """Delivered files by partition month, each list sorted by path. Files whose name does not
    say their month are left out here and reported by `unrecognised_deliveries`."""
    by_month: dict[str, list[Path]] = {}
    for path, m in _classified(paths, source, entity):
        if m is not None and (month is None or m == month):
            by_month.setdefault(m, []).append(path)
    return by_month


def unrecognised_deliveries(paths: DataPaths, source: str, entity: str) -> list[tuple[str, str]]:
    """(file, reason) for every delivered file that cannot be placed in a partition: it stays in
    the drop folder, untouched, and every run reports it until it is renamed or removed."""
    return [
        (_rel(paths, path), reason)
        for path, reason in _classified(paths, source, entity, reasons=True)
        if reason is not None
    ]


def _classified(
    paths: DataPaths, source: str, entity: str, reasons: bool = False
) -> list[tuple[Path, str | None]]:
    parser = get_entity(source, entity)
    out: list[tuple[Path, str | None]] = []
    for path in sorted(paths.sources.glob(parser.pattern)):
        if not path.is_file():
            continue
        try:
            month = parser.partition_month(path)
        except ValueError as exc:
            out.append((path, str(exc) if reasons else None))
        else:
            out.append((path, None if reasons else month))
    return out


def land_partition(
    source: str,
    entity: str,
    month: str,
    *,
    key: bytes,
    paths: DataPaths | None = None,
    progress: Progress | None = None,
) -> Manifest:
    paths = paths or DataPaths.from_env()
    parser = get_entity(source, entity)
    files = discover(paths, source, entity, month).get(month, [])

    unique, duplicates = _dedupe_by_content(paths, files)
    fingerprint = _fingerprint(unique, key)
    manifest_path = paths.manifest(source, entity, month)
    previous = _read_manifest(manifest_path)
    if (
        previous is not None
        and previous.inputs_fingerprint == fingerprint
        and (previous.rows_loaded == 0 or paths.raw(source, entity, month).exists())
    ):
        # Same contents: the data stays as it is. A new copy of a file already loaded is only
        # recorded, so the manifest tells every place a file was delivered.
        previous.skipped = True
        seen_as = {e.sha256: sorted(duplicates.get(e.sha256, [])) for e in previous.files}
        if any(sorted(e.also_delivered_as) != seen_as[e.sha256] for e in previous.files):
            for e in previous.files:
                e.also_delivered_as = seen_as[e.sha256]
            write_json(manifest_path, previous.to_json())
        return previous

    load_id = fingerprint[:16]
    raw_final = paths.raw(source, entity, month)
    q_final = paths.quarantine(source, entity, month)
    for d in (raw_final.parent, q_final.parent):
        clean_stale(d)
    raw_stage, q_stage = temp_sibling(raw_final), temp_sibling(q_final)
    raw_stage.mkdir(parents=True)
    q_stage.mkdir(parents=True)

    entries: list[FileEntry] = []
    writer = _PartWriter(raw_stage, load_id)
    q_writer = _PartWriter(q_stage, load_id)
    done = 0
    for batch in _batches(unique, parser):
        rels = [_rel(paths, p) for p, _ in batch]
        batch_entries = [
            FileEntry(
                file=rel,
                sha256=sha,
                bytes=path.stat().st_size,
                also_delivered_as=duplicates.get(sha, []),
            )
            for (path, sha), rel in zip(batch, rels, strict=True)
        ]
        read_clean: set[int] = set()  # files that gave a chunk without a file error
        for i, result in parser.parse_stream([p for p, _ in batch], rels, key):
            _account(batch_entries[i], result, i in read_clean)
            if result.file_error is None:
                read_clean.add(i)
            writer.add(result.rows)
            q_writer.add(result.quarantine)
            del result  # hold no chunk while the next one is parsed
        entries.extend(batch_entries)
        done += len(batch)
        if progress:
            progress(done, len(unique))
    writer.close()
    q_writer.close()

    manifest = Manifest(
        source=source,
        entity=entity,
        month=month,
        load_id=load_id,
        inputs_fingerprint=fingerprint,
        files=entries,
        rows_loaded=sum(e.rows_loaded for e in entries),
        rows_quarantined=sum(e.rows_quarantined for e in entries),
    )
    # An empty staged dir means "this partition now has no rows": remove the old one.
    for stage, final in ((raw_stage, raw_final), (q_stage, q_final)):
        if not any(stage.iterdir()):
            stage.rmdir()
        replace_dir(stage, final)
    write_json(manifest_path, manifest.to_json())
    return manifest


def _account(entry: FileEntry, result: ParseResult, read_clean: bool) -> None:
    """Add one chunk of a file to its manifest entry (one entry per file, sums of chunks)."""
    if result.file_error is not None:
        if read_clean:
            # A file is rejected before any of its chunks is read (the readers check the whole
            # file first): rows of a rejected file must never reach the lake.
            raise RuntimeError(
                f"{entry.file}: file-level error after rows were read: {result.file_error}"
            )
        entry.reason = result.file_error
    elif entry.reason is not None:
        raise RuntimeError(f"{entry.file}: rows read after a file-level error: {entry.reason}")
    entry.rows_in += result.rows_in
    entry.rows_loaded += result.rows.height
    entry.rows_quarantined += result.quarantine.height
    if entry.reason is not None:
        entry.status = "quarantined"
    else:
        entry.status = "partly_quarantined" if entry.rows_quarantined else "loaded"


class _PartWriter:
    """Writes rows in parts of exactly ROWS_PER_PART (the last part: the rest), so memory stays
    bounded and the parts do not depend on how the input was chunked."""

    def __init__(self, directory: Path, load_id: str) -> None:
        self.directory, self.load_id = directory, load_id
        self.pending: list[pl.DataFrame] = []
        self.pending_rows = 0
        self.parts = 0

    def add(self, rows: pl.DataFrame) -> None:
        if rows.height == 0:
            return
        self.pending.append(rows)
        self.pending_rows += rows.height
        while self.pending_rows >= ROWS_PER_PART:
            self._flush(ROWS_PER_PART)

    def close(self) -> None:
        self._flush()

    def _flush(self, rows: int | None = None) -> None:
        if not self.pending:
            return
        frame = pl.concat(self.pending, how="vertical_relaxed", rechunk=True)
        self.pending, self.pending_rows = [], 0
        if rows is not None and frame.height > rows:
            rest = frame.slice(rows)
            frame = frame.slice(0, rows)
            self.pending, self.pending_rows = [rest], rest.height
        frame.with_columns(pl.lit(self.load_id).alias("_load_id")).rechunk().write_parquet(
            self.directory / f"part-{self.parts:05d}.parquet",
            compression="zstd",
            statistics=True,
        )
        self.parts += 1


def _batches(
    files: Sequence[tuple[Path, str]], parser: EntityParser
) -> Iterable[Sequence[tuple[Path, str]]]:
    """Group small files so each parse call sees up to `parser.batch_bytes` of input."""
    batch: list[tuple[Path, str]] = []
    size = 0
    for item in files:
        batch.append(item)
        size += item[0].stat().st_size
        if size >= parser.batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _dedupe_by_content(
    paths: DataPaths, files: Sequence[Path]
) -> tuple[list[tuple[Path, str]], dict[str, list[str]]]:
    unique: list[tuple[Path, str]] = []
    seen: set[str] = set()
    duplicates: dict[str, list[str]] = {}
    for path in files:
        sha = file_sha256(path)
        if sha in seen:
            duplicates.setdefault(sha, []).append(_rel(paths, path))
            continue
        seen.add(sha)
        unique.append((path, sha))
    return unique, duplicates


def _fingerprint(unique: Sequence[tuple[Path, str]], key: bytes) -> str:
    h = hashlib.sha256()
    h.update(code_fingerprint().encode())
    # The key's hash, not the key: a new key must re-pseudonymise, and the key stays secret.
    h.update(hashlib.sha256(key).hexdigest().encode())
    for _, sha in sorted(unique, key=lambda item: item[1]):
        h.update(sha.encode())
    return h.hexdigest()


def _read_manifest(path: Path) -> Manifest | None:
    import json

    if not path.exists():
        return None
    return Manifest.from_json(json.loads(path.read_text()))


def _rel(paths: DataPaths, path: Path) -> str:
    return path.resolve().relative_to(paths.sources.resolve()).as_posix()
