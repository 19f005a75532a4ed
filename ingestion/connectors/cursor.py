"""The incremental cursor: which records a pull keeps, and the state saved between pulls.

The rule (``>=`` with de-duplication by record id):

* a pull asks the source for every record whose cursor value is **at or after** the saved
  cursor (``>=``, never ``>``: a record that arrives later with the same timestamp as the last
  one pulled would be skipped for ever by ``>``);
* a record **after** the cursor is kept;
* a record **at** the cursor is kept unless the same version was pulled before: the state
  keeps, for the records at the cursor value, their id and a digest of the exact line written
  (``at_cursor``). So a record at the cursor is pulled once and only once, and a record whose
  content changed without its timestamp moving is a new version, not lost;
* a record **before** the cursor was pulled by an earlier pull (the source ignored the
  filter) and is skipped;
* a later version of a record (same id, a newer cursor value) is a new record version: kept.
  The lake keeps every version; staging keeps the latest per id (see docs/adding-a-source.md);
* within one pull, the same version twice (paging that shifts while it runs) is kept once.

The saved state (``data/state/connectors/<system>/<entity>.json``)::

    {"version": 2, "cursor": "2024-01-05T08:00:00",
     "at_cursor": {"5": ["3f1c…"], "7": ["9a0b…"]},   # id (as JSON) → digests of its lines
     "file": "trainees_202401_20240131T150000000000.jsonl",  # the last drop it accounts for
     "pulled_at": "2024-01-31T15:00:00+07:00"}

It is only a summary of the drops: a lost or stale state is rebuilt from them
(:func:`ingestion.connectors.extract.current_state`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingestion.connectors.errors import ConnectorError
from ingestion.connectors.options import ConnectorOptions
from ingestion.landing.atomic import write_bytes_atomic
from ingestion.landing.paths import DataPaths

STATE_VERSION = 2


def state_path(paths: DataPaths, system: str, entity: str) -> Path:
    """Outside ``data/sources/``: the drop folder holds deliveries only."""
    return paths.root / "state" / "connectors" / system / f"{entity}.json"


@dataclass(frozen=True)
class CursorState:
    cursor: Any = None
    #: id (canonical JSON) → digests of the versions already pulled at ``cursor``
    at_cursor: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the last drop this state accounts for (drops sort by name in pull order)
    file: str | None = None
    pulled_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "cursor": self.cursor,
            "at_cursor": {k: sorted(v) for k, v in sorted(self.at_cursor.items())},
            "file": self.file,
            "pulled_at": self.pulled_at,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CursorState:
        return cls(
            raw.get("cursor"),
            {k: tuple(v) for k, v in (raw.get("at_cursor") or {}).items()},
            raw.get("file"),
            raw.get("pulled_at"),
        )


def read_state(paths: DataPaths, system: str, entity: str) -> CursorState | None:
    """The saved state, or None when there is none (or it cannot be read: rebuilt then)."""
    p = state_path(paths, system, entity)
    try:
        raw = json.loads(p.read_bytes())
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
        return None
    return CursorState.from_json(raw)


def save_state(paths: DataPaths, system: str, entity: str, state: CursorState) -> None:
    data = json.dumps(state.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    write_bytes_atomic(state_path(paths, system, entity), data.encode("utf-8") + b"\n")


def read_cursor(paths: DataPaths, system: str, entity: str) -> Any:
    state = read_state(paths, system, entity)
    return state.cursor if state else None


def record_line(record: Mapping[str, Any]) -> bytes:
    """The record as one line of a drop (without the line end): canonical, so that the same
    version always gives the same bytes and the same digest."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")


def line_digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:16]


class CursorWindow:
    """Applies the rule above to the records of one pull, then gives the next state."""

    def __init__(self, state: CursorState, options: ConnectorOptions) -> None:
        self.options = options
        self.skipped = 0  # returned by the source but pulled before
        self.repeated = 0  # the same version twice within this pull
        self.restart(state)

    def restart(self, state: CursorState) -> None:
        """Go on against ``state`` (saved after a drop of a pull in cursor order); the counts
        go on adding up."""
        self.state = state
        self._seen: set[str] = set()  # digests kept since the start or the last restart
        self._top: Any = None  # highest cursor value kept since then
        self._at_top: dict[str, set[str]] = {}

    def _value(self, record: Mapping[str, Any]) -> Any:
        name = self.options.cursor_field
        value = record.get(name) if name else None
        if name and value is None:
            raise ConnectorError(
                f"{self.options.where}: record {self.record_id(record)} has no {name}: an "
                f"incremental pull cannot place it (fix the source, or the query, e.g. "
                f"coalesce({name}, created_at))"
            )
        return value

    def record_id(self, record: Mapping[str, Any]) -> str:
        ids = self.options.id_fields
        missing = [f for f in ids if record.get(f) is None]
        if missing:
            raise ConnectorError(
                f"{self.options.where}: a record has no {', '.join(missing)} (its id): "
                f"{', '.join(sorted(record))[:200]}"
            )
        value = record[ids[0]] if len(ids) == 1 else [record[f] for f in ids]
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def _compare(self, a: Any, b: Any) -> int:
        try:
            return (a > b) - (a < b)
        except TypeError:
            raise ConnectorError(
                f"{self.options.where}: cursor values {a!r} and {b!r} cannot be compared "
                f"({self.options.cursor_field} must be of one type)"
            ) from None

    def admit(self, record: Mapping[str, Any], line: bytes) -> bool:
        """Whether ``record`` (as ``line``) belongs in this pull's drop; remembers it if so."""
        if self.options.cursor_field is None:
            return True  # a full pull each time: no state
        value, rid, digest = self._value(record), self.record_id(record), line_digest(line)
        if self.state.cursor is not None:
            order = self._compare(value, self.state.cursor)
            if order < 0 or (order == 0 and digest in self.state.at_cursor.get(rid, ())):
                self.skipped += 1
                return False
        if digest in self._seen:
            self.repeated += 1
            return False
        self._seen.add(digest)
        self._take(value, rid, digest)
        return True

    def fold(self, record: Any, line: bytes) -> None:
        """Account for a record already in a drop (rebuilding the state from the drops);
        lines that cannot be placed are landing's business (quarantined there)."""
        if not isinstance(record, Mapping):
            return
        try:
            value, rid = self._value(record), self.record_id(record)
            if self.state.cursor is not None and self._compare(value, self.state.cursor) < 0:
                return
            self._take(value, rid, line_digest(line))
        except ConnectorError:
            return

    def _take(self, value: Any, rid: str, digest: str) -> None:
        order = 1 if self._top is None else self._compare(value, self._top)
        if order > 0:
            self._top, self._at_top = value, {}
        if order >= 0:
            self._at_top.setdefault(rid, set()).add(digest)

    def advanced(self, file: str | None, pulled_at: str | None) -> CursorState:
        """The state after this pull (unchanged cursor if nothing was kept)."""
        if self._top is None:
            return self.state
        at: dict[str, set[str]] = {}
        if self.state.cursor is not None and self._compare(self._top, self.state.cursor) == 0:
            at = {k: set(v) for k, v in self.state.at_cursor.items()}
        for rid, digests in self._at_top.items():
            at.setdefault(rid, set()).update(digests)
        return CursorState(self._top, {k: tuple(sorted(v)) for k, v in at.items()}, file, pulled_at)
