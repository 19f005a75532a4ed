import numpy as np
import polars as pl
import pytest
from stdnum.th import pin

from ingestion.thai import (
    clean_national_id,
    clean_national_ids,
    is_non_thai_id,
    is_valid_national_id,
    national_id_problem,
    valid_national_ids,
)


def with_check(first12: str) -> str:
    """Reference check digit, written from the formula in DOMAIN.md (not from stdnum)."""
    s = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - s % 11) % 10)


VALID = with_check("110170023070")  # 1101700230708
NON_THAI = with_check("001234567890")


def test_reference_formula_matches_stdnum():
    rng = np.random.default_rng(1)
    for n in rng.integers(10**11, 9 * 10**11, 500):
        first12 = f"{n:012d}"
        assert with_check(first12)[-1] == pin.calc_check_digit(first12)


@pytest.mark.parametrize(
    "text",
    [VALID, NON_THAI, f" {VALID} ", "1-1017-00230-70-8", "1 1017 00230 70 8", "๑๑๐๑๗๐๐๒๓๐๗๐๘"],
)
def test_valid(text):
    assert is_valid_national_id(text)
    assert national_id_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1101700230705", "bad check digit: last digit is 5, expected 8"),
        ("110170023070", "has 12 digits, expected 13"),
        ("11017002307080", "has 14 digits, expected 13"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "missing"),
        ("11017OO230708", "non-digit characters: 'O'"),
        ("1101700230708.0", "non-digit"),
        ("1.101700230708e12", "non-digit"),
        (with_check("910170023070"), "first digit 9"),
    ],
)
def test_invalid(text, reason):
    assert not is_valid_national_id(text)
    problem = national_id_problem(text)
    assert problem is not None and reason in problem


def test_every_wrong_check_digit_is_rejected():
    for d in "0123456789":
        candidate = VALID[:12] + d
        assert is_valid_national_id(candidate) == (candidate == VALID)


def test_non_thai_ids_are_valid_but_flagged():
    assert is_valid_national_id(NON_THAI)
    assert is_non_thai_id(NON_THAI)
    assert not is_non_thai_id(VALID)
    assert not is_non_thai_id("0123")
    assert not is_non_thai_id(None)
    # stdnum alone would drop it; we must not
    assert not pin.is_valid(NON_THAI)


def test_clean_national_id():
    assert clean_national_id("1-1017-00230-70-8") == VALID
    assert clean_national_id("๑๑๐๑๗๐๐๒๓๐๗๐๘") == VALID
    assert clean_national_id("1101700230705") == "1101700230705"  # check digit not tested
    assert clean_national_id("12345") is None
    assert clean_national_id(None) is None
    assert clean_national_id("١١٠١٧٠٠٢٣٠٧٠٨") is None  # other scripts' digits are not accepted


SAMPLES = [
    VALID,
    NON_THAI,
    "1101700230705",
    "110170023070",
    "11017002307080",
    "1-1017-00230-70-8",
    " 1101700230708\t",
    "๑๑๐๑๗๐๐๒๓๐๗๐๘",
    "11017OO230708",
    "١١٠١٧٠٠٢٣٠٧٠٨",
    with_check("910170023070"),
    "",
    "-",
    "0000000000000",
    None,
]


def test_vectorised_agrees_with_scalar_on_samples():
    s = pl.Series("id", SAMPLES)
    out = valid_national_ids(s)
    assert out.dtype == pl.Boolean and out.name == "id"
    assert out.to_list() == [is_valid_national_id(v) for v in SAMPLES]
    assert clean_national_ids(s).to_list() == [clean_national_id(v) for v in SAMPLES]


def test_vectorised_agrees_with_scalar_random():
    rng = np.random.default_rng(7)
    ids = [f"{n:013d}" for n in rng.integers(0, 10**13, 20_000)]
    ids += [with_check(f"{n:012d}") for n in rng.integers(0, 10**12, 20_000)]
    out = valid_national_ids(pl.Series(ids)).to_list()
    assert out == [is_valid_national_id(v) for v in ids]
    assert 15_000 < sum(out) < 40_000


def test_vectorised_empty():
    assert valid_national_ids(pl.Series([], dtype=pl.String)).to_list() == []
