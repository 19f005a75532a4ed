"""Land one month partition of one lake table: parse every delivered file into a new
version of the partition, check that version, and only then make it the one readers see.

A partition is always rebuilt whole from all of its source files, never appended to, into a
version folder of its own (ingestion.landing.versions); one atomic rename publishes it. That
keeps the promises of DESIGN.md:
- nothing unchecked is visible: the blocking checks run on the staged version, and a version
  that fails them is never published (the previous one stays, and the checks say why);
- a byte-identical re-delivery changes nothing (files are deduplicated by content hash, and
  an unchanged set of inputs is detected by its fingerprint and skipped);
- an unchanged rerun costs a ``stat`` per file, not a read: a file whose name, size and
  modification time (ns) are those recorded with the current version (``file_stats.json`` in
  its folder, apart from the manifest: a cache of the file system, not of the data) is taken
  to hold the bytes it held then, and only the others are hashed; the hash still decides;
- a killed run, rerun, gives the same result (a version is only ever published whole);
- rows in = rows loaded + rows quarantined, per file, where "rows in" is counted from the
  file's bytes apart from the parser (ingestion.landing.records) and recorded in the manifest;
- one lake, one pseudonymisation key (ingestion.landing.keys).
"""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from ingestion.faults import fault_point
from ingestion.landing.atomic import write_bytes_atomic
from ingestion.landing.fingerprint import code_fingerprint
from ingestion.landing.keys import claim_lake
from ingestion.landing.paths import DataPaths
from ingestion.landing.records import FileCount, count_file, count_sheet_rows
from ingestion.landing.registry import EntityParser, get_entity
from ingestion.landing.versions import (
    Version,
    collect_garbage,
    commit,
    current_version,
    ensure_links,
    new_version,
    partition_lock,
    reject,
)
from ingestion.sources import BatchResult

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
    #: physical records the parser consumed as control records, not data (header rows, a
    #: header record, titles, subtotals, footers)
    rows_control: int = 0
    #: physical records counted from the bytes, apart from the parser, and their unit
    records_counted: int = 0
    count_unit: str = "lines"
    status: str = "loaded"
    reason: str | None = None
    also_delivered_as: list[str] = field(default_factory=list)
    #: a later revision of the same report that replaces this file (spec ``supersede``)
    superseded_by: str | None = None


@dataclass
class CheckOutcome:
    """One check run on a staged partition (orchestration maps it to a Dagster asset check)."""

    name: str
    passed: bool
    summary: str
    blocking: bool = True

    def to_json(self) -> dict:
        return {"name": self.name, "passed": self.passed, "blocking": self.blocking}


#: checks run on a staged version: (the version's lake-shaped root, its manifest) → outcomes
StagedChecks = Callable[[Path, "Manifest"], Iterable[CheckOutcome]]


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
    key_fingerprint: str = ""
    skipped: bool = False  # True when the inputs were unchanged and nothing was rewritten
    #: False when a blocking check refused the version (readers still see the previous one)
    committed: bool = True
    checks: list[CheckOutcome] = field(default_factory=list)
    rejected_version: str | None = None

    @property
    def failed_checks(self) -> list[CheckOutcome]:
        return [c for c in self.checks if c.blocking and not c.passed]

    def to_json(self) -> dict:
        return {**self._head_json(), "files": [vars(f) for f in self.files]}

    def _head_json(self) -> dict:
        """Everything but the file list (the bulk of a manifest), and how long that list is."""
        return {
            "source": self.source,
            "entity": self.entity,
            "month": self.month,
            "load_id": self.load_id,
            "inputs_fingerprint": self.inputs_fingerprint,
            "key_fingerprint": self.key_fingerprint,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "checks": [c.to_json() for c in self.checks],
            "file_count": len(self.files),
        }

    def write(self, path: Path, files_json: str | None = None) -> str:
        """Write the manifest (atomically, compact JSON: the same keys as :meth:`to_json`, the
        file list last, so `read_manifest_head` can stop before it); returns its serialised file
        list, which a later write of the same files (the check outcomes added) passes back
        instead of serialising thousands of entries again."""
        if files_json is None:
            files_json = _compact([vars(f) for f in self.files])
        text = _with_files_last(self._head_json(), files_json)
        write_bytes_atomic(path, (text + "\n").encode("utf-8"))
        return files_json

    @classmethod
    def from_json(cls, payload: dict, skipped: bool = False) -> Manifest:
        return cls(
            source=payload["source"],
            entity=payload["entity"],
            month=payload["month"],
            load_id=payload["load_id"],
            inputs_fingerprint=payload["inputs_fingerprint"],
            key_fingerprint=payload.get("key_fingerprint", ""),
            files=[FileEntry(**f) for f in payload["files"]],
            rows_loaded=payload["rows_loaded"],
            rows_quarantined=payload["rows_quarantined"],
            checks=[
                CheckOutcome(c["name"], c["passed"], "(recorded at commit)", c["blocking"])
                for c in payload.get("checks", [])
            ],
            skipped=skipped,
        )


#: where a manifest's file list starts. Only the top-level key can read so: inside a string,
#: every quote is escaped.
_FILES_KEY = ',"files":'
#: a manifest's fields before its file list fit in this (its checks are a few dozen names)
_HEAD_BYTES = 1 << 20


def read_manifest_head(path: Path) -> dict:
    """A manifest's fields but its file list (``file_count`` says how long it is), without
    reading that list: a national month's manifest is ~160 MB, and parsing it to learn a key
    fingerprint or a row count cost seconds a run. A manifest written before the list came
    last is read whole."""
    head = _json_head(path)
    if head is not None and "file_count" in head:
        return head
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["file_count"] = len(payload.pop("files", []))
    return payload


def _json_head(path: Path) -> dict | None:
    """The fields before the file list of a JSON object written with that list last
    (`_with_files_last`); None when there is no such list in its first MB."""
    with open(path, "rb") as f:
        text = f.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    cut = text.find(_FILES_KEY)
    return json.loads(text[:cut] + "}") if cut >= 0 else None


def _with_files_last(head: dict, files_json: str) -> str:
    """Compact JSON of ``head`` and then its ``files`` (already serialised), so `_json_head`
    can stop before the list."""
    return _compact(head)[:-1] + _FILES_KEY + files_json + "}"


def _compact(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class _Delivered:
    path: Path
    #: the file's path under the drop folder, as the lake names it (``_source_file``)
    rel: str
    count: FileCount


def discover(
    paths: DataPaths, source: str, entity: str, month: str | None = None
) -> dict[str, list[Path]]:
    """Delivered files by partition month, each list sorted by path. Files whose name does not
    say their month are left out here and reported by `unrecognised_deliveries`."""
    base = paths.sources
    return {
        m: [base / rel for rel in rels]
        for m, rels in discover_names(paths, source, entity).items()
        if month is None or m == month
    }


def discover_names(paths: DataPaths, source: str, entity: str) -> dict[str, list[str]]:
    """`discover` with each file as its path under the drop folder: a national month is
    ~0.5 M files, and a Path object for each cost more than the rest of an unchanged rerun."""
    by_month: dict[str, list[str]] = {}
    for rel, month, _ in _classified(paths, source, entity):
        if month is not None:
            by_month.setdefault(month, []).append(rel)
    return by_month


def _discover_month(paths: DataPaths, source: str, entity: str, month: str) -> list[_Found]:
    """`discover` of one month, each file with its name under the drop folder (computed here,
    once, not again at every later step)."""
    base = paths.sources
    return [(base / rel, rel) for rel in discover_names(paths, source, entity).get(month, [])]


#: a delivered file and its path under the drop folder
_Found = tuple[Path, str]


def unrecognised_deliveries(paths: DataPaths, source: str, entity: str) -> list[tuple[str, str]]:
    """(file, reason) for every delivered file that cannot be placed in a partition: it stays in
    the drop folder, untouched, and every run reports it until it is renamed or removed."""
    return [
        (rel, reason)
        for rel, _month, reason in _classified(paths, source, entity)
        if reason is not None
    ]


@dataclass(frozen=True)
class Survey:
    """The drop folder as a run found it, each table's files classified once: what the run
    lands, and what it reports as not loaded (`unrecognised_deliveries`, `unclaimed_files`)."""

    #: (source, entity) → {partition month: its files' paths under the drop folder}
    delivered: dict[tuple[str, str], dict[str, list[str]]]
    #: (file, reason): matches a table's pattern, but its name gives no valid month
    unrecognised: list[tuple[str, str]]
    #: (file, reason): matches no table's pattern
    unclaimed: list[tuple[str, str]]


def survey(paths: DataPaths) -> Survey:
    """Every table's deliveries and every file not loaded, from one walk per table's pattern
    and one of the whole drop folder (a national month is ~0.5 M files per walk)."""
    from ingestion.landing.registry import entities

    delivered: dict[tuple[str, str], dict[str, list[str]]] = {}
    unrecognised: list[tuple[str, str]] = []
    claimed: set[str] = set()
    for parser in entities():
        by_month = delivered.setdefault((parser.source, parser.entity), {})
        for rel, month, reason in _classified(paths, parser.source, parser.entity):
            claimed.add(rel)
            if month is not None:
                by_month.setdefault(month, []).append(rel)
            else:
                unrecognised.append((rel, str(reason)))
    return Survey(delivered, unrecognised, unclaimed_files(paths, claimed=claimed))


def unclaimed_files(
    paths: DataPaths, system: str | None = None, *, claimed: set[str] | None = None
) -> list[tuple[str, str]]:
    """(file, reason) for every file under the drop folders that no spec's file pattern claims
    (of one source system's folder, or of all): a delivery nobody reads must be seen, not
    ignored. Hidden and ``_``-prefixed files and folders are not deliveries (connector cursors,
    the simulator's ``_truth/``). ``claimed``: the files the specs' patterns match, when the
    caller has them already (`survey`)."""
    from ingestion.landing.registry import entities

    tables = entities()
    systems = {t.source for t in tables}
    if claimed is None:
        claimed = {rel for t in tables if t.pattern for rel in _globbed_rel(paths, t.pattern)}
    out: list[tuple[str, str]] = []
    # names, not Path objects: a national month is ~0.5 M files (pathlib cost ~70 s a run)
    for rel in files_under(str(paths.sources), system):
        if rel in claimed or _bookkeeping(rel):
            continue
        folder = rel.split("/", 1)[0]
        if folder not in systems or "/" not in rel:
            reason = f"no source spec claims the folder '{folder}'"
        else:
            patterns = ", ".join(t.pattern for t in tables if t.source == folder and t.pattern)
            reason = f"matches no file pattern of source '{folder}' ({patterns})"
        out.append((rel, reason))
    return out


def files_under(base: str, system: str | None) -> list[str]:
    """Every file under ``base`` (or its folder ``system``), as its path under ``base``, in
    the order sorted Paths have (part by part: each folder's names sorted, and walked in that
    order, give it without sorting split paths). As ``rglob("*")``: symlinked folders are not
    entered, linked files count."""
    found: list[str] = []

    def walk(prefix: str) -> None:
        try:
            entries = os.scandir(os.path.join(base, prefix) if prefix else base)
        except OSError:  # not there (yet), or not a folder
            return
        with entries:
            listed = sorted(
                (entry.name, entry.is_dir(follow_symlinks=False), entry.is_file())
                for entry in entries
            )
        for name, is_dir, is_file in listed:
            rel = f"{prefix}/{name}" if prefix else name
            if is_dir:
                walk(rel)
            elif is_file:
                found.append(rel)

    walk(system or "")
    return found


def _bookkeeping(rel: str) -> bool:
    return any(part.startswith((".", "_")) for part in rel.split("/"))


def _classified(
    paths: DataPaths, source: str, entity: str
) -> list[tuple[str, str | None, str | None]]:
    """(file, its partition month, None) or (file, None, why it has none) for every file the
    table's pattern matches. The parser reads the month from the name, so it is given the name
    under the drop folder (which its error messages quote), not a Path."""
    parser = get_entity(source, entity)
    out: list[tuple[str, str | None, str | None]] = []
    for rel in _globbed_rel(paths, parser.pattern):
        try:
            out.append((rel, parser.partition_month(rel), None))
        except ValueError as exc:
            out.append((rel, None, str(exc)))
    return out


def _globbed(paths: DataPaths, pattern: str) -> list[_Found]:
    """The files matching ``pattern`` under the drop folder, in path order (as sorted Paths
    are: part by part), with their names under the folder."""
    base = paths.sources
    return [(base / rel, rel) for rel in _globbed_rel(paths, pattern)]


def _globbed_rel(paths: DataPaths, pattern: str) -> list[str]:
    """``_globbed``'s names under the drop folder, without Path objects. Walked with
    ``os.scandir``: a directory entry says whether it is a file without a ``stat`` per file,
    and pathlib's glob cost a Path object, a sort of Paths and a ``stat`` for each of ~0.5 M
    files a month."""
    if "**" in pattern:  # pathlib's recursive rule; no spec uses it today
        return [_rel(paths, p) for p in sorted(paths.sources.glob(pattern)) if p.is_file()]
    found: list[str] = []
    _walk(str(paths.sources), "", pattern.split("/"), found)
    return found


def _walk(root: str, prefix: str, segments: list[str], out: list[str]) -> None:
    """Add to ``out`` the files under ``root/prefix`` matching ``segments`` (glob rules of
    pathlib: ``*`` also matches names starting with a dot, case matters; links followed), in
    path order: each folder's matches sorted by name and walked in that order."""
    segment, rest = segments[0], segments[1:]
    folder = os.path.join(root, prefix)
    if not _MAGIC.search(segment):
        path = os.path.join(folder, segment)
        if os.path.isdir(path) if rest else os.path.isfile(path):
            _found(root, prefix + segment, rest, out)
        return
    match = re.compile(fnmatch.translate(segment)).match
    try:
        entries = os.scandir(folder)
    except OSError:  # not there (yet), or not a folder
        return
    with entries:
        names = sorted(
            entry.name
            for entry in entries
            if match(entry.name) and (entry.is_dir() if rest else entry.is_file())
        )
    for name in names:
        _found(root, prefix + name, rest, out)


def _found(root: str, rel: str, rest: list[str], out: list[str]) -> None:
    if rest:
        _walk(root, rel + "/", rest, out)
    else:
        out.append(rel)


_MAGIC = re.compile(r"[*?\[]")


def land_partition(
    source: str,
    entity: str,
    month: str,
    *,
    key: bytes,
    paths: DataPaths | None = None,
    progress: Progress | None = None,
    checks: StagedChecks | None = None,
) -> Manifest:
    """Land one partition: parse every delivered file into a new version, run ``checks`` on
    that version, and make it the one readers see only if no blocking check failed.

    Returns the manifest of what readers now see: the new version (``committed``), the
    unchanged one (``skipped``), or, when a blocking check failed, the refused version's
    manifest with ``committed=False`` and the checks that say why (the previous version stays
    visible). The partition is locked for the whole landing."""
    paths = paths or DataPaths.from_env()
    with partition_lock(paths, source, entity, month), _older_objects_frozen():
        fingerprint_of_key = claim_lake(paths, key)
        return _land_locked(source, entity, month, key, paths, progress, checks, fingerprint_of_key)


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector off the objects that existed before the landing. A landing
    makes a few objects per file (~0.5 M files a month), so the collector runs often, and each
    full collection walks every object of the process: in a process that has imported Great
    Expectations and Dagster (~0.3 M objects) that cost more than the landing's own Python.
    Objects made during the landing are still collected; the older ones are given back at the
    end (unless someone else had frozen objects: then they stay as they were)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _land_locked(
    source: str,
    entity: str,
    month: str,
    key: bytes,
    paths: DataPaths,
    progress: Progress | None,
    checks: StagedChecks | None,
    fingerprint_of_key: str,
) -> Manifest:
    parser = get_entity(source, entity)
    files = _discover_month(paths, source, entity, month)
    if not files:
        # Nothing delivered (yet) for this month: nothing to land, and nothing to refuse. A
        # version landed before stays as it is (raw drops are never deleted).
        return Manifest(source, entity, month, "", "", [], 0, 0, committed=False)
    csv = parser.spec.spec.record_unit == "csv"
    previous_version = current_version(paths, source, entity, month)
    previous = _read_manifest(previous_version.manifest()) if previous_version else None
    known = _known_by_stat(previous_version, previous, key) if previous else {}
    unique, duplicates, stats = _dedupe_by_content(files, csv, known)
    fingerprint = _fingerprint(unique, key)
    if previous is not None and previous.inputs_fingerprint == fingerprint:
        # Same contents: the data stays as it is. A new copy of a file already loaded is only
        # recorded (in the version's manifest, in place), so the manifest tells every place a
        # file was delivered.
        previous.skipped = True
        ensure_links(previous_version)
        seen_as = {e.sha256: sorted(duplicates.get(e.sha256, [])) for e in previous.files}
        if any(sorted(e.also_delivered_as) != seen_as[e.sha256] for e in previous.files):
            for e in previous.files:
                e.also_delivered_as = seen_as[e.sha256]
            previous.write(previous_version.manifest())
        if stats != known:  # a file hashed again (a new mtime, same bytes): next time, not
            _write_stats(previous_version, fingerprint, stats)
        return previous
    if any(item.count.lines < 0 for item in unique):
        # The inputs changed: this version is parsed, so every file is read anyway; count the
        # ones recognised by their stat too (landing needs their physical records).
        unique, duplicates, stats = _dedupe_by_content(files, csv, {})
        fingerprint = _fingerprint(unique, key)

    load_id = fingerprint[:16]
    superseded = _superseded(unique, parser.spec.spec.files)
    version = new_version(paths, source, entity, month, load_id)
    entries: list[FileEntry] = []
    writer = _PartWriter(version.raw(), load_id)
    q_writer = _PartWriter(version.quarantine(), load_id)
    for batch in _batches(unique, parser):
        batch_entries = [
            FileEntry(
                file=item.rel,
                sha256=item.count.sha256,
                bytes=item.count.bytes,
                also_delivered_as=duplicates.get(item.count.sha256, []),
                superseded_by=superseded.get(item.rel),
            )
            for item in batch
        ]
        # Each file's replacement, for the rows as one frame (by their ``_file_idx``): the
        # column exists whenever the table has the rule (null: the file is current).
        replaced_by = (
            pl.Series("_superseded_by", [e.superseded_by for e in batch_entries], pl.String)
            if superseded
            else None
        )
        read_clean: set[int] = set()  # files that gave a chunk without a file error
        paths_, rels = [item.path for item in batch], [item.rel for item in batch]
        for result in parser.parse_batches(paths_, rels, key):
            _account(batch_entries, result, read_clean)
            rows = result.rows
            if replaced_by is not None:
                rows = rows.with_columns(replaced_by.gather(rows.get_column("_file_idx")))
            writer.add(rows.drop("_file_idx"))
            q_writer.add(result.quarantine.drop("_file_idx"))
            fault_point("landing.parquet_part")
            del result, rows  # hold no chunk while the next one is parsed
        for item, entry in zip(batch, batch_entries, strict=True):
            entry.records_counted, entry.count_unit = _physical_records(item, entry, parser)
        entries.extend(batch_entries)
        if progress:
            progress(len(entries), len(unique))
    writer.close()
    q_writer.close()

    manifest = Manifest(
        source=source,
        entity=entity,
        month=month,
        load_id=load_id,
        inputs_fingerprint=fingerprint,
        key_fingerprint=fingerprint_of_key,
        files=entries,
        rows_loaded=sum(e.rows_loaded for e in entries),
        rows_quarantined=sum(e.rows_quarantined for e in entries),
    )
    # The staged manifest (the checks read it); the committed one adds their outcomes to the
    # same file list, serialised once.
    files_json = manifest.write(version.manifest())
    fault_point("landing.staged")
    manifest.checks = list(checks(version.root, manifest)) if checks else []
    failed = [c for c in manifest.checks if c.blocking and not c.passed]
    if failed:
        manifest.committed = False
        manifest.rejected_version = str(reject(version))
    else:
        # The check outcomes go into the committed manifest: an unchanged rerun shows them.
        manifest.write(version.manifest(), files_json)
        _write_stats(version, fingerprint, stats)
        commit(version)
        manifest.committed = True
    collect_garbage(paths, source, entity, month)
    return manifest


def _superseded(files: Sequence[_Delivered], spec) -> dict[str, str | None]:
    """{file: the file that replaces it} for files of the same report (spec ``supersede``):
    the highest revision wins, then the later name. A table without the rule: empty, and its
    rows get no ``_superseded_by`` column."""
    rule = spec.supersede if spec is not None else None
    if rule is None:
        return {}
    key_re, rev_re = re.compile(rule.key), re.compile(rule.revision) if rule.revision else None
    reports: dict[tuple, list[tuple[int, str]]] = {}
    for item in files:
        name = item.rel.rsplit("/", 1)[-1]
        m = key_re.search(name)
        if m is None:
            continue
        rev = rev_re.search(name) if rev_re else None
        reports.setdefault(m.groups(), []).append((int(rev.group(1)) if rev else 0, item.rel))
    # every file of the table gets the column (null: current), so partitions agree on it
    out: dict[str, str | None] = dict.fromkeys((item.rel for item in files), None)
    for revisions in reports.values():
        if len(revisions) > 1:
            *older, (_, winner) = sorted(revisions)
            out.update({rel: winner for _, rel in older})
    return out


def _physical_records(item: _Delivered, entry: FileEntry, parser: EntityParser) -> tuple[int, str]:
    """The file's physical records, counted apart from the parser (see landing.records); a
    rejected file is quarantined line by line, so its unit is the line."""
    unit = parser.spec.spec.record_unit
    if unit == "excel":
        sheet = str(parser.spec.spec.reader.options.get("sheet", ""))
        return count_sheet_rows(item.path, sheet), "sheet rows"
    if unit == "csv" and entry.reason is None:
        return item.count.csv_records, "csv records"
    return item.count.lines, "lines"


def _account(entries: Sequence[FileEntry], result: BatchResult, read_clean: set[int]) -> None:
    """Add one parse result (a batch of files, or a chunk of one) to the files' manifest
    entries: rows per file counted from the frames' ``_file_idx`` at once, not per file."""
    n = len(entries)
    loaded = np.bincount(result.rows.get_column("_file_idx").to_numpy(), minlength=n)
    quarantined = np.bincount(result.quarantine.get_column("_file_idx").to_numpy(), minlength=n)
    files = list(result.files)
    if (
        len(loaded) > n
        or len(quarantined) > n
        or (
            int(loaded[files].sum()) != result.rows.height
            or int(quarantined[files].sum()) != result.quarantine.height
        )
    ):
        # every row must belong to a file the result accounts for: none may go uncounted
        raise RuntimeError("a parse result holds rows of files it does not account for")
    for i in files:
        entry, error = entries[i], result.file_errors.get(i)
        if error is not None:
            if i in read_clean:
                # A file is rejected before any of its chunks is read (the readers check the
                # whole file first): rows of a rejected file must never reach the lake.
                raise RuntimeError(f"{entry.file}: file-level error after rows were read: {error}")
            if loaded[i]:
                raise RuntimeError(f"{entry.file}: a quarantined file cannot load rows: {error}")
            entry.reason = error
        elif entry.reason is not None:
            raise RuntimeError(f"{entry.file}: rows read after a file-level error: {entry.reason}")
        else:
            read_clean.add(i)
        entry.rows_loaded += int(loaded[i])
        entry.rows_quarantined += int(quarantined[i])
        entry.rows_in += int(loaded[i] + quarantined[i])
        entry.rows_control += result.rows_control.get(i, 0)
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


def _batches(files: Sequence[_Delivered], parser: EntityParser) -> Iterable[list[_Delivered]]:
    """Group small files so each parse call sees up to `parser.batch_bytes` of input."""
    batch: list[_Delivered] = []
    size = 0
    for item in files:
        batch.append(item)
        size += item.count.bytes
        if size >= parser.batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


#: (file, size, modification time ns) → the content hash it had when it was hashed
_Stats = dict[tuple[str, int, int], str]
_STATS = "file_stats.json"
#: A file modified this close to the moment it was hashed may be written again within the
#: same timestamp tick, with the same size: its stat cannot vouch for its bytes ("racily
#: clean", as git calls it), so it is not recorded and is hashed again next time.
RACY_NS = 2_000_000_000


def _known_by_stat(version: Version, manifest: Manifest, key: bytes) -> _Stats:
    """The delivered files of the current version by what ``stat`` said of them when they were
    hashed, if that version was landed by this code under this key (otherwise everything is
    re-landed, so nothing is worth recognising)."""
    path = version.root / _STATS
    try:
        recorded = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}  # landed before stats were recorded, or unreadable: hash
    current = _fingerprint_of(key, ((e.sha256, e.file) for e in manifest.files))
    if recorded.get("inputs_fingerprint") != current or manifest.inputs_fingerprint != current:
        return {}
    return {(rel, size, mtime): sha for rel, size, mtime, sha in recorded.get("files", [])}


def delivery_landed(
    paths: DataPaths, source: str, entity: str, month: str, files: Sequence[str]
) -> bool:
    """Whether the partition's current version was landed from exactly ``files`` (paths under
    the drop folder, as `discover_names` gives them) as they are now: names, sizes,
    modification times. Then a landing would change nothing. A ``stat`` per file and no reads,
    so a file-drop sensor can ask it every minute."""
    version = current_version(paths, source, entity, month)
    if version is None:
        return False
    stats = version.root / _STATS
    try:
        head = _json_head(stats)
    except (OSError, ValueError):
        return False
    # by name under the drop folder: no path joined per file (~0.5 M files a national month)
    folder = os.open(paths.sources, os.O_RDONLY | os.O_DIRECTORY)
    try:
        now = []
        for rel in files:
            st = os.stat(rel, dir_fd=folder)
            now.append((rel, st.st_size, st.st_mtime_ns))
    finally:
        os.close(folder)
    if head is not None and "stat_digest" in head:
        return _stat_digest(now) == head["stat_digest"]
    try:  # recorded before the digest: compare with the whole list
        recorded = json.loads(stats.read_text())
    except (OSError, ValueError):
        return False
    return set(now) == {(rel, size, mtime) for rel, size, mtime, _ in recorded.get("files", [])}


def _stat_digest(stats: Iterable[tuple[str, int, int]]) -> str:
    """One hash of a set of (file, size, modification time): an unchanged rerun compares it
    with the recorded one instead of parsing and comparing ~0.5 M recorded entries."""
    lines = sorted(f"{rel}\0{size}\0{mtime}" for rel, size, mtime in set(stats))
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _write_stats(version: Version, fingerprint: str, stats: _Stats) -> None:
    trusted = time.time_ns() - RACY_NS
    files = sorted(
        [rel, size, mtime, sha] for (rel, size, mtime), sha in stats.items() if mtime < trusted
    )
    head = {
        "inputs_fingerprint": fingerprint,
        "stat_digest": _stat_digest((rel, size, mtime) for rel, size, mtime, _ in files),
        "file_count": len(files),
    }
    text = _with_files_last(head, _compact(files))
    write_bytes_atomic(version.root / _STATS, (text + "\n").encode("utf-8"))


def _dedupe_by_content(
    files: Sequence[_Found], csv: bool, known: _Stats
) -> tuple[list[_Delivered], dict[str, list[str]], _Stats]:
    """Hash and count every file (one read each) that ``known`` does not recognise by its
    name, size and modification time; later copies of the same bytes are only recorded as
    ``also_delivered_as`` of the first. A recognised file gets its recorded hash and size and
    no counts (-1): it only tells that the inputs did not change. Also returns every file's
    stat, taken *before* it was read: a file written while it was hashed then looks changed
    next time, and is hashed again."""
    unique: list[_Delivered] = []
    seen: set[str] = set()
    duplicates: dict[str, list[str]] = {}
    stats: _Stats = {}
    for path, rel in files:
        st = os.stat(path)
        stat_key = (rel, st.st_size, st.st_mtime_ns)
        sha = known.get(stat_key)
        count = (
            FileCount(sha, st.st_size, lines=-1, csv_records=-1)
            if sha is not None
            else count_file(path, csv=csv)
        )
        stats[stat_key] = count.sha256
        if count.sha256 in seen:
            duplicates.setdefault(count.sha256, []).append(rel)
            continue
        seen.add(count.sha256)
        unique.append(_Delivered(path, rel, count))
    return unique, duplicates, stats


def _fingerprint(unique: Sequence[_Delivered], key: bytes) -> str:
    """What the partition's content depends on: the code, the key, and each file's bytes and
    name (names are lineage: ``_source_file``; and they say which revision wins)."""
    return _fingerprint_of(key, ((item.count.sha256, item.rel) for item in unique))


def _fingerprint_of(key: bytes, files: Iterable[tuple[str, str]]) -> str:
    """``_fingerprint`` of (content hash, file) pairs."""
    h = hashlib.sha256()
    h.update(code_fingerprint().encode())
    # The key's hash, not the key: a new key must re-pseudonymise, and the key stays secret.
    h.update(hashlib.sha256(key).hexdigest().encode())
    for sha, rel in sorted(files):
        h.update(f"{sha}:{rel};".encode())
    return h.hexdigest()


def _read_manifest(path: Path) -> Manifest | None:
    if not path.exists():
        return None
    return Manifest.from_json(json.loads(path.read_text()))


def _rel(paths: DataPaths, path: Path) -> str:
    """The file's path under the drop folder. Files were found there (by globbing it), so
    that is plain path arithmetic; resolving every path (a few syscalls per folder level, for
    each of thousands of files) cost more than all the rest of an unchanged rerun."""
    try:
        return path.relative_to(paths.sources).as_posix()
    except ValueError:  # a path spelt another way (relative, through a link)
        return path.resolve().relative_to(paths.sources.resolve()).as_posix()
