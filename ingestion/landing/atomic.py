"""Atomic file writes: a reader, or a crash, sees the old content or the new, never half.

The one home of this rule (connector drops and cursors, manifests, the lake's key marker use
it). Partitions are published by the atomic pointer of ingestion.landing.versions."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any


def temp_sibling(path: Path, tag: str = "tmp") -> Path:
    return path.with_name(f".{path.name}.{tag}-{uuid.uuid4().hex[:8]}")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` so that a reader (or a crash) sees the old content or the new, never
    half: a uniquely named sibling, flushed to disk, then renamed over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_sibling(path)
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_json(path: Path, payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))
