import csv
import doctest
import importlib
from pathlib import Path

import pytest

from ingestion.thai import provinces
from ingestion.thai.provinces import SEED_COLUMNS, write_seed

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

# The 88 divisions of ISIC Rev.4 (= the first two digits of TSIC 2009).
ISIC4_DIVISIONS = [
    *(1, 2, 3, 5, 6, 7, 8, 9, *range(10, 34), 35, 36, 37, 38, 39, 41, 42, 43, 45, 46, 47),
    *(49, 50, 51, 52, 53, 55, 56, 58, 59, 60, 61, 62, 63, 64, 65, 66, 68, *range(69, 76)),
    *(*range(77, 83), 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99),
]


def read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_province_seed_equals_provinces():
    rows = read("ref_provinces.csv")
    assert list(rows[0]) == list(SEED_COLUMNS)
    expected = [
        dict(zip(SEED_COLUMNS, (p.code, p.numeric, p.name_th, p.name_en, p.region_th,
                                p.region_en), strict=True))
        for p in provinces()
    ]  # fmt: skip
    assert rows == expected
    assert len(rows) == 77


def test_write_seed_reproduces_committed_file(tmp_path):
    out = write_seed(tmp_path / "ref_provinces.csv")
    assert out.read_bytes() == (SEEDS / "ref_provinces.csv").read_bytes()


def test_tsic_sections_cover_divisions_without_overlap():
    rows = read("ref_tsic_sections.csv")
    assert list(rows[0]) == ["section_code", "name_en", "name_th", "division_from", "division_to"]
    assert [r["section_code"] for r in rows] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    owner: dict[int, str] = {}
    previous_end = 0
    for r in rows:
        assert len(r["division_from"]) == 2 and len(r["division_to"]) == 2
        lo, hi = int(r["division_from"]), int(r["division_to"])
        assert 1 <= lo <= hi <= 99
        assert lo > previous_end, f"section {r['section_code']} overlaps the previous one"
        previous_end = hi
        for d in range(lo, hi + 1):
            owner[d] = r["section_code"]
        assert r["name_en"] and r["name_th"]
    assert set(ISIC4_DIVISIONS) <= set(owner)
    assert len(ISIC4_DIVISIONS) == 88
    assert owner[1] == owner[3] == "A"
    assert owner[10] == owner[33] == "C"
    assert owner[84] == "O"
    assert owner[99] == "U"


@pytest.mark.parametrize(
    "name",
    [
        "ingestion.thai",
        "ingestion.thai.dates",
        "ingestion.thai.digits",
        "ingestion.thai.national_id",
        # attribute access ingestion.thai.provinces is the function; import the module by name
        "ingestion.thai.provinces",
        "ingestion.pseudonym",
    ],
)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
