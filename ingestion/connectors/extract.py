"""Pull new records from a connector into raw drops, and keep the cursor between runs.

One pull, under a lock (two pulls of one entity never interleave):

1. **State**: the saved cursor state (:mod:`ingestion.connectors.cursor`), brought up to date
   with the drops on disk. The state is only a summary of the drops: drops newer than the
   last one it accounts for (a run killed between writing a drop and saving the state) are
   folded in, and a state whose last drop is gone (drops wiped, data root replaced) is rebuilt
   from the drops there are. So a crash at any moment neither skips records nor pulls the
   same records twice.
2. **Fetch** what the source has at or after the cursor (``>=``) and keep what the rule says
   (new records; at the cursor, only versions not pulled yet).
3. **Write** the kept records as a JSON-lines drop (:mod:`ingestion.connectors.drops`: named by
   the Asia/Bangkok date of the pull, landing in that month's partition) with the project's
   atomic writer, **then** save the state. Nothing kept: no drop, state unchanged.

All or nothing for an HTTP API: the drop is written only after the last page was read, so a
failure on any page leaves no drop and the cursor where it was. A SQL query streams in the
cursor's order, so its pull is cut into drops of ``drop_records`` records (default 100,000),
each written and then accounted for in the state before the next: a failure keeps the drops
already complete, the state consistent with them, and the next pull goes on from there.

Delivery into the lake is therefore exactly once when the drops are intact, and at least once
in the worst case (a state and drops restored from different backups): **duplicates are
removed in staging**, where the model keeps one row per record id and cursor value (the last
drop's), and the latest version per id where a current view is wanted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ingestion.connectors.cursor import (
    CursorState,
    CursorWindow,
    read_state,
    record_line,
    save_state,
    state_path,
)
from ingestion.connectors.drops import (
    bangkok,
    drop_folder,
    drop_month,
    drop_time,
    existing_drops,
    new_drop_path,
)
from ingestion.connectors.errors import ConnectorError
from ingestion.connectors.options import ConnectorOptions, connector_options
from ingestion.faults import fault_point
from ingestion.landing.atomic import write_bytes_atomic
from ingestion.landing.paths import DataPaths
from ingestion.readers.jsonl import iter_json_lines

SQL_DROP_RECORDS = 100_000


@dataclass
class PullResult:
    file: Path | None  # the (last) new drop, None when nothing new
    records: int  # records written, over all of this pull's drops
    cursor_before: Any
    cursor_after: Any
    files: list[Path] = field(default_factory=list)  # every drop this pull wrote
    #: the partition the drops land in: the month of the pull in Bangkok (``YYYY-MM``)
    month: str | None = None
    skipped: int = 0  # returned by the source but pulled before (at or before the cursor)
    repeated: int = 0  # the same version twice within this pull, written once
    recovered: list[str] = field(default_factory=list)  # drops folded into a stale state


def current_state(paths: DataPaths, options: ConnectorOptions) -> tuple[CursorState, list[str]]:
    """The state consistent with the drops on disk, and the drops it had to fold in."""
    if options.cursor_field is None:  # a full pull each time keeps no state
        return CursorState(), []
    folder = drop_folder(paths, options.system, options.entity)
    drops = existing_drops(folder, options.entity)
    saved = read_state(paths, options.system, options.entity)
    if saved is not None and saved.file in {d.name for d in drops}:
        state, todo = saved, [d for d in drops if d.name > saved.file]
    else:  # no state, or its last drop is gone: rebuild from the drops there are
        state, todo = CursorState(), drops
    for drop in todo:
        window = CursorWindow(state, options)
        for line in iter_json_lines(drop):
            window.fold(line.value, line.data)
        pulled_at = _pulled_at(drop.name) or state.pulled_at
        state = dataclasses.replace(window.advanced(drop.name, pulled_at), file=drop.name)
    return state, [d.name for d in todo]


def _pulled_at(name: str) -> str | None:
    try:
        return drop_time(name).isoformat()
    except ValueError:  # not a name a pull wrote
        return None


def _fetch(options: ConnectorOptions, cursor: Any, **kwargs: Any) -> Iterable[dict[str, Any]]:
    from ingestion.connectors.http_json import fetch_records
    from ingestion.connectors.sql import fetch_rows

    if options.kind == "http_json":
        return fetch_records(options.raw, cursor, **kwargs)
    return fetch_rows(options.raw, cursor)


def _batches(
    records: Iterable[dict[str, Any]], window: CursorWindow, size: int | None
) -> Iterator[list[bytes]]:
    """Kept records as drop lines, in batches of ``size`` (None: one batch, all or nothing).
    Between batches the caller restarts ``window`` from the state it saved."""
    lines: list[bytes] = []
    for record in records:
        line = record_line(record)
        if window.admit(record, line):
            lines.append(line + b"\n")
            if size and len(lines) >= size:
                yield lines
                lines = []
    if lines:
        yield lines


def pull(
    paths: DataPaths,
    system: str,
    entity: Any,
    *,
    now: dt.datetime | None = None,
    **kwargs: Any,
) -> PullResult:
    """Fetch what is new since the saved cursor into drops (see the module docstring).
    ``now``: the time of the pull (default: the clock); ``kwargs`` go to the HTTP fetcher."""
    options = connector_options(system, entity)
    lock = state_path(paths, system, entity.name).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(lock, timeout=float(options.raw.get("lock_timeout", 600))):
            return _pull_locked(paths, options, bangkok(now), **kwargs)
    except Timeout:
        raise ConnectorError(f"{options.where}: another pull holds {lock}") from None


def _pull_locked(
    paths: DataPaths, options: ConnectorOptions, now: dt.datetime, **kwargs: Any
) -> PullResult:
    state, recovered = current_state(paths, options)
    if recovered:
        save_state(paths, options.system, options.entity, state)
    before = state.cursor
    result = PullResult(None, 0, before, before, recovered=recovered)
    window = CursorWindow(state, options)
    size = None
    if options.kind == "sql":  # in cursor order: a complete drop is a consistent stopping point
        size = int(options.raw.get("drop_records", SQL_DROP_RECORDS))
    folder = drop_folder(paths, options.system, options.entity)
    for lines in _batches(_fetch(options, before, **kwargs), window, size):
        drop = new_drop_path(folder, options.entity, now)
        write_bytes_atomic(drop, b"".join(lines))
        fault_point("connector.after_drop")  # a crash here: the next pull folds this drop in
        if options.cursor_field:
            state = window.advanced(drop.name, _pulled_at(drop.name))
            save_state(paths, options.system, options.entity, state)
            window.restart(state)  # the next batch is checked against the saved state
        result.files.append(drop)
        result.records += len(lines)
    result.skipped, result.repeated = window.skipped, window.repeated
    result.file = result.files[-1] if result.files else None
    result.month = drop_month(result.file.name) if result.file else None
    result.cursor_after = state.cursor
    return result


def connector_parser(system: str, entity: Any):
    """The landing parser of a connector's drops: the spec's own parse module when it names
    one (e.g. the hotline's, which adds the topic classifier), else the generic JSON-lines
    reader (columns as the spec says)."""
    if entity.reader.module:
        import importlib

        return importlib.import_module(entity.reader.module)
    from ingestion.sources._csv_spec import SpecJsonlReader

    return SpecJsonlReader(system, entity)
