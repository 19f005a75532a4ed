"""Which pseudonymisation key a lake was landed under, so one lake never mixes two.

A ``person_key`` links a person across sources and months only if every partition was
pseudonymised with the same key: a lake landed partly under one key and partly under another
links nobody, silently. So each manifest records the key's *fingerprint* (an HMAC of a fixed
label under the key: it identifies the key, cannot be turned back into it, and cannot be used
to compute pseudonyms), and the lake keeps the fingerprint it was landed under in
``lake/key.json``. A run under another key stops before writing anything, and says what to do.

Rotating the key on purpose is ``labour run --rekey``: the lake's fingerprint is replaced,
every partition is re-landed under the new key (its inputs fingerprint includes the key), and
until every partition has been re-landed the warehouse refuses to build
(:func:`assert_lake_single_key`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from ingestion.landing.atomic import write_json
from ingestion.landing.paths import DataPaths

_LABEL = b"labour-lakehouse key fingerprint v1"


class KeyMismatchError(RuntimeError):
    """The run's key is not the key the lake was landed under."""


def key_fingerprint(key: bytes) -> str:
    """16 hex characters that identify ``key`` (never the key, nor anything that derives
    pseudonyms from it)."""
    return hmac.new(bytes(key), _LABEL, hashlib.sha256).hexdigest()[:16]


def _marker(paths: DataPaths) -> Path:
    return paths.lake / "key.json"


def lake_fingerprint(paths: DataPaths) -> str | None:
    marker = _marker(paths)
    if not marker.exists():
        return None
    return json.loads(marker.read_text(encoding="utf-8"))["key_fingerprint"]


def claim_lake(paths: DataPaths, key: bytes, *, rekey: bool = False) -> str:
    """The run's fingerprint, after making sure the lake is (or becomes) landed under it.

    An empty lake takes the run's key. A lake under another key raises
    :class:`KeyMismatchError`, unless ``rekey``: then the lake is re-keyed to this key."""
    fingerprint = key_fingerprint(key)
    current = lake_fingerprint(paths)
    if current is None:
        # A lake from before fingerprints existed, or a fresh one: adopt it only if no
        # manifest says otherwise.
        others = committed_fingerprints(paths) - {fingerprint}
        if others and not rekey:
            raise _mismatch(paths, sorted(others)[0], fingerprint)
        write_json(_marker(paths), {"key_fingerprint": fingerprint})
    elif current != fingerprint:
        if not rekey:
            raise _mismatch(paths, current, fingerprint)
        write_json(_marker(paths), {"key_fingerprint": fingerprint, "previous": current})
    return fingerprint


def _mismatch(paths: DataPaths, lake: str, run: str) -> KeyMismatchError:
    return KeyMismatchError(
        f"the lake at {paths.lake} was landed under the pseudonymisation key with fingerprint "
        f"{lake}, but LABOUR_PSEUDONYM_KEY has fingerprint {run}. Landing with it would mix "
        "two keys in one lake and link people wrongly. If the key was changed by mistake, set "
        "the old one back. If you are rotating the key on purpose, run `labour run --rekey`: "
        "it re-lands every partition under the new key."
    )


def committed_fingerprints(paths: DataPaths) -> set[str]:
    """The key fingerprints of every committed partition ("" for a manifest without one)."""
    from ingestion.landing.partition import read_manifest_head  # partition imports this

    found: set[str] = set()
    for manifest in (paths.lake / "manifests").glob("*/*/month=*.json"):
        if manifest.name.startswith(".") or not manifest.exists():
            continue
        found.add(read_manifest_head(manifest).get("key_fingerprint", ""))
    return found


def assert_lake_single_key(paths: DataPaths) -> None:
    """Raise unless every committed partition was landed under the lake's key: the warehouse
    must never join pseudonyms made with two keys."""
    lake = lake_fingerprint(paths)
    stray = committed_fingerprints(paths) - {lake}
    if stray:
        stale = sorted(f or "(none recorded)" for f in stray)
        raise KeyMismatchError(
            f"the lake holds partitions pseudonymised under key fingerprint(s) "
            f"{', '.join(stale)}, not the lake's key {lake}: a re-key was not finished. Run "
            "`labour run --rekey` with the new key to re-land them before building the warehouse."
        )
