import base64
import hashlib
import hmac
import logging
import re

import polars as pl
import pytest

from ingestion.pseudonym import (
    DEMO_KEY,
    PseudonymKeyError,
    load_key,
    person_key,
    person_key_one,
)

KEY = b"unit-test-key-0123456789"


def reference(national_id: str, key: bytes) -> str:
    digest = hmac.new(key, national_id.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()[:26]


def test_matches_contract_definition():
    ids = ["1101700230708", "0012345678901", "3100600000000", "1101700230708"]
    out = person_key(pl.Series("national_id", ids), KEY)
    assert out.name == "national_id"
    assert out.to_list() == [reference(i, KEY) for i in ids]
    assert out[0] == out[3]
    assert person_key_one(ids[0], KEY) == reference(ids[0], KEY)


def test_shape_of_key():
    k = person_key(pl.Series(["1101700230708"]), KEY)[0]
    assert len(k) == 26
    assert re.fullmatch(r"[a-z2-7]{26}", k)
    assert not re.search(r"\d{5}", k)


def test_depends_on_key():
    s = pl.Series(["1101700230708"])
    assert person_key(s, KEY)[0] != person_key(s, KEY + b"x")[0]


def test_formatting_variants_give_the_same_key_and_invalid_give_null():
    s = pl.Series(["1-1017-00230-70-8", "๑๑๐๑๗๐๐๒๓๐๗๐๘", " 1101700230708 ", None, "123", ""])
    out = person_key(s, KEY).to_list()
    assert out[:3] == [reference("1101700230708", KEY)] * 3
    assert out[3:] == [None, None, None]


def test_many_rows_agree_with_reference():
    ids = [f"{1_000_000_000_000 + i * 7919:013d}" for i in range(5000)]
    s = pl.Series(ids * 3)
    out = person_key(s, KEY).to_list()
    assert out == [reference(i, KEY) for i in ids * 3]


def test_empty_and_all_null():
    assert person_key(pl.Series([], dtype=pl.String), KEY).to_list() == []
    out = person_key(pl.Series([None, None], dtype=pl.String), KEY)
    assert out.to_list() == [None, None] and out.dtype == pl.String


def test_rejects_bad_key():
    with pytest.raises(PseudonymKeyError):
        person_key(pl.Series(["1101700230708"]), b"")
    with pytest.raises(PseudonymKeyError):
        person_key(pl.Series(["1101700230708"]), "a string key")  # type: ignore[arg-type]


def test_load_key_from_env(monkeypatch):
    monkeypatch.setenv("LABOUR_PSEUDONYM_KEY", "a-long-enough-secret-key")
    monkeypatch.delenv("LABOUR_DEMO", raising=False)
    assert load_key() == b"a-long-enough-secret-key"


def test_load_key_unset_raises(monkeypatch):
    monkeypatch.delenv("LABOUR_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("LABOUR_DEMO", raising=False)
    with pytest.raises(PseudonymKeyError, match="LABOUR_PSEUDONYM_KEY is not set"):
        load_key()
    monkeypatch.setenv("LABOUR_DEMO", "0")
    with pytest.raises(PseudonymKeyError):
        load_key()


def test_load_key_too_short(monkeypatch):
    monkeypatch.setenv("LABOUR_PSEUDONYM_KEY", "short")
    with pytest.raises(PseudonymKeyError, match="at least 16"):
        load_key()


def test_load_key_demo(monkeypatch, caplog):
    monkeypatch.delenv("LABOUR_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("LABOUR_DEMO", "1")
    with caplog.at_level(logging.WARNING, logger="ingestion.pseudonym"):
        assert load_key() == DEMO_KEY
    assert "DEMO" in caplog.text


def test_load_key_prefers_real_key_in_demo_mode(monkeypatch):
    monkeypatch.setenv("LABOUR_PSEUDONYM_KEY", "a-long-enough-secret-key")
    monkeypatch.setenv("LABOUR_DEMO", "1")
    assert load_key() == b"a-long-enough-secret-key"


@pytest.mark.parametrize("key_length", [1, 16, 63, 64, 65, 200])
def test_batched_hmac_equals_the_standard_library(key_length):
    """The batched HMAC (pads hashed once) is HMAC-SHA256 itself, for keys shorter than, as
    long as and longer than the SHA-256 block (a long key is hashed first, RFC 2104)."""
    import random

    from ingestion.pseudonym import _hmac_sha256_many

    rng = random.Random(key_length)
    key = bytes(rng.randrange(256) for _ in range(key_length))
    messages = [str(rng.randrange(10**12, 10**13)).encode() for _ in range(50)] + [b"", b"x" * 100]
    expected = b"".join(hmac.digest(key, m, hashlib.sha256) for m in messages)
    assert _hmac_sha256_many(key, messages) == expected
