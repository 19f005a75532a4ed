"""Atomic file and directory replacement, so a killed run never leaves half a partition.

A reader either sees the old partition or the new one. A crash between the two renames of
`replace_dir` leaves a `.old-*` or `.tmp-*` sibling behind; `clean_stale` removes them, and
because the manifest is written last, the next run rebuilds the partition anyway.
"""

from __future__ import annotations

import json
import os
import shutil
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


def replace_dir(staged: Path, final: Path) -> None:
    """Swap `staged` into place as `final` (or remove `final` when `staged` is None-like)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = temp_sibling(final, "old")
        os.replace(final, old)
    if staged.exists():
        os.replace(staged, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def clean_stale(directory: Path) -> None:
    """Remove leftovers of a killed run (hidden `.tmp-*` / `.old-*` siblings)."""
    if not directory.exists():
        return
    for child in directory.iterdir():
        if child.name.startswith(".") and (".tmp-" in child.name or ".old-" in child.name):
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
