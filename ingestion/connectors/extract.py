"""Pull new records from a connector into a raw drop, and keep the cursor between runs."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingestion.landing.paths import DataPaths

STATE_FILE = "_cursor.json"


@dataclass
class PullResult:
    file: Path | None  # the new drop, None when nothing new
    records: int
    cursor_before: Any
    cursor_after: Any


def _state_path(paths: DataPaths, system: str, entity: str) -> Path:
    return paths.sources / system / entity / STATE_FILE


def read_cursor(paths: DataPaths, system: str, entity: str) -> Any:
    p = _state_path(paths, system, entity)
    return json.loads(p.read_text())["cursor"] if p.exists() else None


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def pull(
    paths: DataPaths,
    system: str,
    entity: Any,
    *,
    now: dt.datetime | None = None,
    **kwargs: Any,
) -> PullResult:
    """Fetch what is new since the saved cursor and write it as
    ``<system>/<entity>/<entity>_<YYYYMM>_<stamp>.jsonl`` (the month of the pull, CE).

    The drop is written (atomically) before the cursor is saved: a run killed in between
    pulls the same records again next time (at least once; staging keeps the latest version
    of a record by its key), it never skips any."""
    from ingestion.connectors.http_json import ConnectorError, fetch_records
    from ingestion.connectors.sql import fetch_rows

    options = entity.reader.options
    kind = entity.reader.kind
    field = (options.get("cursor") or {}).get("field") or (options.get("cursor") or {}).get(
        "column"
    )
    before = read_cursor(paths, system, entity.name)
    if kind == "http_json":
        records = fetch_records(options, before, **kwargs)
    elif kind == "sql":
        records = fetch_rows(options, before)
    else:
        raise ConnectorError(f"{system}/{entity.name}: reader {kind} does not pull")
    now = now or dt.datetime.now(dt.UTC)
    lines: list[bytes] = []
    after = before
    for r in records:
        lines.append(json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
        if field and r.get(field) is not None and (after is None or r[field] > after):
            after = r[field]
    if not lines:
        return PullResult(None, 0, before, before)
    folder = paths.sources / system / entity.name
    folder.mkdir(parents=True, exist_ok=True)
    drop = folder / f"{entity.name}_{now:%Y%m}_{now:%Y%m%dT%H%M%S%f}.jsonl"
    _write_atomic(drop, b"".join(lines))
    if field:
        state = {"cursor": after, "pulled_at": now.isoformat(), "file": drop.name}
        _write_atomic(_state_path(paths, system, entity.name), json.dumps(state).encode())
    return PullResult(drop, len(lines), before, after)


def connector_parser(system: str, entity: Any):
    """The landing parser of a connector's drops (JSON lines, columns as the spec says)."""
    from ingestion.sources._csv_spec import SpecJsonlReader

    return SpecJsonlReader(system, entity)
