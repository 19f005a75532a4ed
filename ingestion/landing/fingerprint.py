"""The content hash of the ingestion code (delivered files: ingestion.landing.records).

The code hash (the Python and the source specs, ``sources/*/source.yaml``) is part of every
partition's fingerprint, so a change to a reader, a normaliser or a spec rebuilds the lake
instead of leaving partitions parsed by old rules.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_INGESTION = Path(__file__).resolve().parents[1]


@cache
def code_fingerprint() -> str:
    h = hashlib.sha256()
    # the code, and the source specs that drive the generic readers
    files = [*_INGESTION.rglob("*.py"), *_INGESTION.glob("sources/*/source.yaml")]
    for path in sorted(files):
        rel = path.relative_to(_INGESTION)
        if rel.parts[0] == "simulator":  # the simulator does not shape the lake
            continue
        h.update(rel.as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()
