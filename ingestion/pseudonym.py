"""Pseudonymisation of national IDs into ``person_key`` (data contract §3).

``person_key`` = HMAC-SHA256 keyed by ``LABOUR_PSEUDONYM_KEY`` over the 13 ASCII digits of the
ID, base32 (RFC 4648 alphabet) in lower case without padding, first 26 characters (130 bits).
Base32 has no long digit runs, so a key can never be mistaken for an ID.

The key is read from the environment by :func:`load_key`. For demos and tests only,
``LABOUR_DEMO=1`` allows running without a key: the fixed, public :data:`DEMO_KEY` is then used,
with a warning. Keys made with the demo key are not pseudonymous: anyone can recompute them.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os

import numpy as np
import polars as pl

from ingestion.thai.national_id import clean_national_ids

log = logging.getLogger(__name__)

KEY_ENV = "LABOUR_PSEUDONYM_KEY"
DEMO_ENV = "LABOUR_DEMO"
#: Public, fixed key used only when ``LABOUR_DEMO=1`` and no key is set. Not a secret.
DEMO_KEY = b"labour-lakehouse-demo-key-NOT-SECRET-do-not-use-in-production"
MIN_KEY_LENGTH = 16
PERSON_KEY_LENGTH = 26
_ALPHABET = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz234567", dtype=np.uint8)


class PseudonymKeyError(RuntimeError):
    """The pseudonymisation key is missing or unusable."""


@functools.cache
def _warn_demo_key_once() -> None:
    """Once per process: every partition a run lands loads the key again."""
    log.warning(
        "%s is not set: using the public DEMO pseudonymisation key (LABOUR_DEMO=1). "
        "person_key values are NOT pseudonymous; never use this with real data.",
        KEY_ENV,
    )


def load_key() -> bytes:
    """The HMAC key: the UTF-8 bytes of ``$LABOUR_PSEUDONYM_KEY`` (at least 16 characters).

    If the variable is unset or empty and ``LABOUR_DEMO=1``, returns :data:`DEMO_KEY` and logs a
    warning; otherwise raises :class:`PseudonymKeyError`.
    """
    value = os.environ.get(KEY_ENV, "")
    if value:
        if len(value) < MIN_KEY_LENGTH:
            raise PseudonymKeyError(
                f"{KEY_ENV} is {len(value)} characters long; use at least {MIN_KEY_LENGTH} "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return value.encode("utf-8")
    if os.environ.get(DEMO_ENV) == "1":
        _warn_demo_key_once()
        return DEMO_KEY
    raise PseudonymKeyError(
        f"{KEY_ENV} is not set. Set it to a secret of at least {MIN_KEY_LENGTH} characters "
        f"(kept out of the repository), or set {DEMO_ENV}=1 to use the public demo key."
    )


def person_key_one(national_id: str, key: bytes) -> str:
    """Reference (scalar) ``person_key`` of one canonical 13-digit ID.

    >>> person_key_one("1101700230708", b"k" * 16)
    'kqddnvqobcf7pdt2qvwmsu7wdm'
    """
    import base64

    digest = hmac.digest(key, national_id.encode("ascii"), hashlib.sha256)
    return base64.b32encode(digest).decode("ascii").lower()[:PERSON_KEY_LENGTH]


def _base32_prefix(digests: bytes, n: int) -> np.ndarray:
    # First 26 base32 characters = first 130 bits of each digest, 5 bits per character.
    raw = np.frombuffer(digests, dtype=np.uint8).reshape(n, 32)[:, :17]
    bits = np.unpackbits(raw, axis=1)[:, : PERSON_KEY_LENGTH * 5]
    b = bits.reshape(n, PERSON_KEY_LENGTH, 5)
    idx = (b[..., 0] << 4) | (b[..., 1] << 3) | (b[..., 2] << 2) | (b[..., 3] << 1) | b[..., 4]
    return _ALPHABET[idx]  # (n, 26) uint8


def _hmac_sha256_many(key: bytes, messages: list[bytes]) -> bytes:
    """HMAC-SHA256 (RFC 2104) of each message, concatenated: the hash states after the key's
    inner and outer pads are computed once and copied per message, a third of the cost of
    ``hmac.digest`` per message (which pads the key again each time). Equal to ``hmac.digest``
    (checked in tests/unit/test_pseudonym.py)."""
    if len(key) > 64:  # the SHA-256 block size: longer keys are hashed first (RFC 2104)
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    out = []
    for message in messages:
        i = inner.copy()
        i.update(message)
        o = outer.copy()
        o.update(i.digest())
        out.append(o.digest())
    return b"".join(out)


def person_key(ids: pl.Series, key: bytes) -> pl.Series:
    """``person_key`` for a Series of national IDs (String), null where the ID is null or not
    13 digits after cleaning (Thai digits, spaces and hyphens are normalised first, so
    ``1-1017-00230-70-8`` and ``1101700230708`` get the same key). The check digit is not
    tested: validate and quarantine first.

    Fast path: each distinct ID is hashed once (:func:`_hmac_sha256_many`, the key's pads
    hashed once for all of them); the base32 encoding is done for all IDs at once in numpy.

    >>> import polars as pl
    >>> person_key(pl.Series(["1101700230708", None]), b"k" * 16).to_list()
    ['kqddnvqobcf7pdt2qvwmsu7wdm', None]
    """
    if not isinstance(key, bytes | bytearray) or not key:
        raise PseudonymKeyError("person_key needs a non-empty bytes key (see load_key())")
    clean = clean_national_ids(ids)
    uniques = clean.drop_nulls().unique()
    n = uniques.len()
    if n == 0:
        return pl.Series(ids.name, [None] * ids.len(), dtype=pl.String)
    digests = _hmac_sha256_many(bytes(key), uniques.cast(pl.Binary).to_list())
    chars = _base32_prefix(digests, n)
    keys = pl.Series(chars.view(f"S{PERSON_KEY_LENGTH}").ravel()).cast(pl.String)
    mapping = pl.DataFrame({"id": uniques, "person_key": keys})
    out = clean.to_frame("id").join(mapping, on="id", how="left", maintain_order="left")
    return out.get_column("person_key").alias(ids.name)
