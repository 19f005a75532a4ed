import re

import numpy as np
import polars as pl
import pytest
from stdnum.th import pin

from ingestion.thai import (
    ID_MASK,
    check_digit,
    clean_national_id,
    clean_national_ids,
    is_non_thai_id,
    is_valid_national_id,
    mask_national_ids,
    mask_national_ids_expr,
    national_id_problem,
    national_ids_in_text,
    valid_national_ids,
    with_check_digit,
)
from ingestion.thai import national_id as nid_module


def reference_check_digit(first12: str) -> str:
    """The test oracle, written from the formula in DOMAIN.md (not from stdnum). The code has
    one implementation (ingestion.thai.check_digit); this checks it."""
    s = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - s % 11) % 10)


VALID = with_check_digit("110170023070")  # 1101700230708
NON_THAI = with_check_digit("001234567890")
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def test_check_digit_matches_the_domain_formula_and_stdnum():
    rng = np.random.default_rng(1)
    for n in rng.integers(0, 10**12, 2000):
        first12 = f"{n:012d}"
        assert (
            check_digit(first12) == reference_check_digit(first12) == pin.calc_check_digit(first12)
        )
    assert VALID == "1101700230708"


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        NON_THAI,
        f" {VALID} ",
        "1-1017-00230-70-8",
        "1 1017 00230 70 8",
        "๑๑๐๑๗๐๐๒๓๐๗๐๘",
        "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘",
        "1.1017.00230.70.8",  # dots are separators
        "1\u00a01017\u00a000230\u00a070\u00a08",  # no-break spaces (copied from a web page)
        "1\t1017\t00230\t70\t8",
        "1\u20131017\u201300230\u201370\u20138",  # en dashes (word processors)
        f"{VALID}\r\n",
    ],
)
def test_valid(text):
    assert is_valid_national_id(text)
    assert national_id_problem(text) is None
    assert clean_national_id(text) == VALID or clean_national_id(text) == NON_THAI


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
        ("1101700230708.0", "has 14 digits"),  # an Excel float: the dot goes, 14 digits remain
        ("1.101700230708e12", "non-digit characters: 'e'"),
        ("1101700230708/", "non-digit characters: '/'"),
        ("1\u30001017002307080", "non-digit"),  # an ideographic space is not a separator
        (with_check_digit("910170023070"), "first digit 9"),
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


def test_the_vectorised_separator_class_is_the_documented_set():
    found = set(re.findall(nid_module._SEPARATOR_CLASS, nid_module.ID_SEPARATORS))
    assert found == set(nid_module.ID_SEPARATORS)
    others = "".join(chr(c) for c in range(0x20, 0x3000) if chr(c) not in nid_module.ID_SEPARATORS)
    assert not re.findall(nid_module._SEPARATOR_CLASS, others)


SAMPLES = [
    VALID,
    NON_THAI,
    "1101700230705",
    "110170023070",
    "11017002307080",
    "1-1017-00230-70-8",
    " 1101700230708\t",
    "1.1017.00230.70.8",
    "1\u00a01017\u00a000230\u00a070\u00a08",
    "1\u20131017\u201300230\u201370\u20138",
    "1101700230708.0",
    "1\u30001017002307080",
    "๑๑๐๑๗๐๐๒๓๐๗๐๘",
    "11017OO230708",
    "١١٠١٧٠٠٢٣٠٧٠٨",
    with_check_digit("910170023070"),
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
    ids += [with_check_digit(f"{n:012d}") for n in rng.integers(0, 10**12, 20_000)]
    out = valid_national_ids(pl.Series(ids)).to_list()
    assert out == [is_valid_national_id(v) for v in ids]
    assert 15_000 < sum(out) < 40_000


def test_vectorised_empty():
    assert valid_national_ids(pl.Series([], dtype=pl.String)).to_list() == []


# ---- masking: quarantine records must never hold an ID, in any form ------------------------

DASHED = f"{VALID[0]}-{VALID[1:5]}-{VALID[5:10]}-{VALID[10:12]}-{VALID[12]}"
ID_FORMS = [
    VALID,
    NON_THAI,
    "1101700230705",  # a mistyped ID is still personal data: masked whatever its check digit
    DASHED,
    DASHED.replace("-", " "),
    DASHED.replace("-", "."),
    DASHED.replace("-", "\u00a0"),
    "1-1017 00230.70-8",  # mixed separators
    VALID.translate(THAI),
    DASHED.translate(THAI),
    VALID[:6].translate(THAI) + VALID[6:],  # mixed Thai and Arabic digits
]


@pytest.mark.parametrize("form", ID_FORMS)
def test_mask_hides_every_form(form):
    for text in (form, f"เลขที่{form}ชื่อ", f"x,{form},y", f"({form})"):
        masked = mask_national_ids(text)
        assert ID_MASK in masked
        assert not re.search(r"[0-9๐-๙]{4}", masked.replace(ID_MASK, "")), masked
        assert pl.select(mask_national_ids_expr(pl.lit(text))).item() == masked


@pytest.mark.parametrize(
    "text",
    [
        "wage 00000015000.00000000750.00",  # fixed-width amounts: dots are not separators here
        "wage 00000001500000",  # a 14-digit zero-padded amount: not an ID, stays readable
        "15/02/2567 081-234-5678",
        "0105500001 000000",  # account and branch: 16 digits, no 13 of them stand alone
        "2" + VALID + "003",  # an ID glued to other digits is a longer number (not found either)
        "2024-01-15 12:00:00",
        "1,234,567,890,123.50",
        "ref 123456789012",  # 12 digits
    ],
)
def test_mask_keeps_what_is_not_an_id(text):
    assert mask_national_ids(text) == text
    assert pl.select(mask_national_ids_expr(pl.lit(text))).item() == text


def test_ids_next_to_each_other_are_all_masked():
    text = f"{VALID},{NON_THAI},{DASHED} {VALID}"
    expected = f"{ID_MASK},{ID_MASK},{ID_MASK} {ID_MASK}"
    assert mask_national_ids(text) == expected
    assert pl.select(mask_national_ids_expr(pl.lit(text))).item() == expected


def test_what_the_detector_finds_the_mask_hides():
    texts = [
        *ID_FORMS,
        f"นาย ก เลขประจำตัว {DASHED} กรุงเทพ",
        f"id={VALID};",
        f"sso_efiling/x/SPS110_{VALID}_000000.txt",
    ]
    found = national_ids_in_text(pl.Series(texts)).get_column("valid").to_list()
    assert sum(found) == len(texts) - 1  # all but the one with a wrong check digit
    masked = pl.select(mask_national_ids_expr(pl.lit(pl.Series(texts)))).to_series()
    assert not national_ids_in_text(masked).get_column("valid").any()
