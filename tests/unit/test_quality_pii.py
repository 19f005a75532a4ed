"""The national-ID detector: vectorised, check-digit exact, no false alarms on pseudonyms."""

from __future__ import annotations

import random

import pandas as pd
import polars as pl
import pytest
import stdnum.th.pin

from quality.pii import (
    find_national_ids,
    is_valid_national_id,
    mask_digit_runs,
    national_id_check_digit,
    national_id_columns_per_row,
    national_id_mask,
)
from quality.samples import pseudonym

FIRST12 = "110170020345"
VALID = FIRST12 + str(national_id_check_digit(FIRST12))
INVALID = FIRST12 + str((national_id_check_digit(FIRST12) + 1) % 10)
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def test_check_digit_agrees_with_stdnum():
    rng = random.Random(7)
    for _ in range(3000):
        n = str(rng.randint(1, 8)) + "".join(rng.choice("0123456789") for _ in range(12))
        assert is_valid_national_id(n) == stdnum.th.pin.is_valid(n), n
    assert stdnum.th.pin.is_valid(VALID)
    assert not is_valid_national_id(INVALID)


def test_ids_starting_with_zero_count_too():
    # non-Thai workers' IDs may start with 0 (data-contracts §1.1); stdnum rejects those
    first12 = "012345678901"
    assert is_valid_national_id(first12 + str(national_id_check_digit(first12)))


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        f"นาย สมชาย เลขประจำตัว {VALID} กรุงเทพ",
        f"เลขที่{VALID}",  # Thai letters glued on
        f"id={VALID};",
        f"{VALID[0]}-{VALID[1:5]}-{VALID[5:10]}-{VALID[10:12]}-{VALID[12]}",
        f"{VALID[0]} {VALID[1:5]} {VALID[5:10]} {VALID[10:12]} {VALID[12]}",
        VALID.translate(THAI),  # Thai digits
        f"sso_efiling/x/SPS110_{VALID}_000000.txt",
    ],
)
def test_valid_ids_are_found(text):
    assert national_id_mask(pl.Series([text])).to_list() == [True]


@pytest.mark.parametrize(
    "text",
    [
        INVALID,  # wrong check digit
        f"ข้อความ {INVALID} ข้อความ",
        VALID + "0",  # 14-digit run
        "0" + VALID,
        pseudonym("somebody"),  # base32 pseudonym
        "a1b2" + VALID + "ff",  # inside a hex-like token (e.g. a load id)
        "1000000001",  # employer account
        "2024-01-15 12:00:00",
        "",
    ],
)
def test_non_ids_are_not_found(text):
    assert national_id_mask(pl.Series([text])).to_list() == [False]


def test_pseudonyms_never_flag():
    keys = pl.Series([pseudonym(str(i)) for i in range(2000)])
    assert not national_id_mask(keys).any()


def test_columns_per_row_and_counts_polars_and_pandas():
    df = pl.DataFrame(
        {
            "record": [f"x {VALID}", INVALID, None, f"{VALID}"],
            "note": ["ok", f"({VALID})", "ok", f"{VALID}"],
            "n": [1, 2, 3, 4],
            "person_key": [pseudonym(str(i)) for i in range(4)],
        }
    )
    assert national_id_columns_per_row(df).to_list() == ["record", "note", None, "record, note"]
    assert find_national_ids(df) == {"record": 2, "note": 2}
    assert find_national_ids(df.to_pandas()) == {"record": 2, "note": 2}
    assert find_national_ids(df, exclude=("note",)) == {"record": 2}
    cat = pd.DataFrame(
        {"c": pd.Categorical([VALID, "x"]), "o": pd.Series([VALID, None], dtype=object)}
    )
    assert find_national_ids(cat) == {"c": 1, "o": 1}


def test_mask_hides_id_shaped_runs():
    assert VALID not in mask_digit_runs(f"bad value {VALID}!")
    assert mask_digit_runs("1000000001") == "1000000001"
