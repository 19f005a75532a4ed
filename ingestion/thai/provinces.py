"""The 77 provinces of Thailand: reference list and name normalisation to ISO 3166-2:TH.

Reference data come from ``pycountry`` (offline ISO 3166-2 data, Thai names through its
``iso3166-2`` gettext catalogue), with explicit corrections where pycountry 26.2 is wrong or
incomplete for our purpose (see ``_THAI_NAME_FIXES`` and ``_EXCLUDED``). The 2-digit
interior-ministry province code equals the number of the ISO code (TH-10 Bangkok … TH-96
Narathiwat).

:func:`normalise_province` maps the many spellings found in government files to the ISO code by
*exact* lookup of a normalised key in a table of known spellings; it never guesses (no fuzzy or
edit-distance matching), and raises :class:`UnknownProvinceError` instead.
"""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import astuple, dataclass, fields
from functools import cache
from pathlib import Path

import polars as pl
import pycountry

from ingestion.thai.digits import to_arabic_digits
from ingestion.thai.labels import strip_footnote

REGION_BANGKOK = ("กรุงเทพมหานคร", "Bangkok")
REGION_CENTRAL = ("ภาคกลาง", "Central")
REGION_NORTH = ("ภาคเหนือ", "North")
REGION_NORTHEAST = ("ภาคตะวันออกเฉียงเหนือ", "Northeast")
REGION_SOUTH = ("ภาคใต้", "South")

# pycountry 26.2 gaps, corrected here explicitly:
# * TH-10 and TH-38 have no Thai translation in pycountry's iso3166-2 catalogue (it returns the
#   English name);
# * TH-39 is spelled หนองบัวลำพู there, the official name is หนองบัวลำภู (with ภ).
_THAI_NAME_FIXES = {
    "TH-10": "กรุงเทพมหานคร",
    "TH-38": "บึงกาฬ",
    "TH-39": "หนองบัวลำภู",
}
# pycountry lists TH-S, Pattaya (พัทยา), a special-administration *city* inside Chon Buri, not a
# province: excluded, which leaves the 77 provinces.
_EXCLUDED = {"TH-S"}
# English names are pycountry's ISO romanisation, except Bangkok: ISO's "Krung Thep Maha Nakhon"
# is kept as an accepted spelling, but tables and dashboards in English say "Bangkok".
_ENGLISH_NAME_FIXES = {"TH-10": "Bangkok"}


@dataclass(frozen=True, slots=True)
class Province:
    """One province. ``code`` is ISO 3166-2:TH (``TH-10``), ``numeric`` the interior-ministry
    code (``10``); regions follow the National Statistical Office's five-region grouping."""

    code: str
    numeric: str
    name_th: str
    name_en: str
    region_th: str
    region_en: str


class UnknownProvinceError(ValueError):
    """A value that is not (unambiguously) one of the 77 provinces."""


def _region(numeric: int) -> tuple[str, str]:
    # NSO's five regions (Labour Force Survey tables). The interior-ministry numbering is
    # grouped by area, so the NSO assignment follows from the code: 10 Bangkok; 11–27 Central
    # and East and 70–77 West, all in NSO's "Central"; 30–49 Northeast; 50–58 upper North and
    # 60–67 lower North, all in NSO's "North" (Nakhon Sawan … Phetchabun); 80–96 South.
    if numeric == 10:
        return REGION_BANGKOK
    if 11 <= numeric <= 27 or 70 <= numeric <= 77:
        return REGION_CENTRAL
    if 30 <= numeric <= 49:
        return REGION_NORTHEAST
    if 50 <= numeric <= 67:
        return REGION_NORTH
    if 80 <= numeric <= 96:
        return REGION_SOUTH
    raise AssertionError(f"no NSO region for province code {numeric}")


@cache
def _provinces() -> tuple[Province, ...]:
    thai = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["th"])
    result = []
    for sub in pycountry.subdivisions.get(country_code="TH"):
        if sub.code in _EXCLUDED:
            continue
        numeric = sub.code.removeprefix("TH-")
        name_th = _THAI_NAME_FIXES.get(sub.code) or thai.gettext(sub.name)
        if not re.fullmatch(r"[\u0e00-\u0e7f]+", name_th):
            raise RuntimeError(f"pycountry has no Thai name for {sub.code} ({sub.name})")
        name_en = _ENGLISH_NAME_FIXES.get(sub.code, sub.name)
        region_th, region_en = _region(int(numeric))
        result.append(Province(sub.code, numeric, name_th, name_en, region_th, region_en))
    result.sort(key=lambda p: p.code)
    if len(result) != 77:
        raise RuntimeError(f"expected 77 provinces from pycountry, got {len(result)}")
    return tuple(result)


def provinces() -> list[Province]:
    """The 77 provinces, sorted by code.

    >>> ps = provinces()
    >>> len(ps), ps[0]
    (77, Province(code='TH-10', numeric='10', name_th='กรุงเทพมหานคร', name_en='Bangkok', \
region_th='กรุงเทพมหานคร', region_en='Bangkok'))
    """
    return list(_provinces())


# Spellings beyond the official Thai name, the ISO English name and the codes. Keys are matched
# after normalisation (case, spaces, hyphens, dots and apostrophes ignored), so "Lop Buri",
# "Lopburi" and "lop-buri" are one entry.
_ALIASES: dict[str, tuple[str, ...]] = {
    "TH-10": (
        "Krung Thep Maha Nakhon",
        "Krung Thep",
        "Bangkok Metropolis",
        "Bangkok Metropolitan",
        "กรุงเทพฯ",
        "กรุงเทพ",
        "กทม.",
        "กรุงเทพมหานครฯ",
    ),
    "TH-11": ("Samut Prakarn", "Samutprakarn"),
    "TH-14": ("Ayutthaya", "Ayuthaya", "Ayudhya", "Phra Nakhon Si Ayudhya", "อยุธยา"),
    "TH-18": ("Chainat",),
    "TH-19": ("Sara Buri",),
    "TH-22": ("Chantaburi", "Chantha Buri"),
    "TH-24": ("Chachoengsau",),
    "TH-27": ("Sakaeo", "Sa Kaew", "Srakaew", "Sra Kaeo"),
    "TH-30": ("Korat", "Khorat"),
    "TH-33": ("Sisaket", "Srisaket", "Si Saket"),
    "TH-34": ("Ubon Ratchatani", "Ubon"),
    "TH-37": ("Amnatcharoen", "Amnat Charoen"),
    "TH-38": ("Bueng Kan", "Bung Kan", "Beung Kan", "Buengkan"),
    # pycountry's misspelling of the Thai name; unambiguous, so accepted as input.
    "TH-39": ("Nong Bua Lamphu", "Nongbua Lamphu", "หนองบัวลำพู"),
    "TH-44": ("Mahasarakham", "Maha Sarakam"),
    "TH-45": ("Roi-Et", "Roiet", "Roi Ed"),
    "TH-51": ("Lampoon",),
    "TH-57": ("Chiangrai",),
    "TH-50": ("Chiangmai",),
    "TH-58": ("Maehongson",),
    "TH-62": ("Kamphaengphet", "Kampaeng Phet", "Kamphaeng Phech"),
    "TH-65": ("Phitsanulok", "Pitsanulok"),
    "TH-67": ("Phetchaboon", "Petchabun"),
    "TH-76": ("Phetburi", "Petchaburi", "Phetchaburee"),
    "TH-77": ("Prachuab Khiri Khan", "Prachuap Khirikhan"),
    "TH-80": ("Nakhon Si Thammarat", "Nakorn Sri Thammarat", "Nakhon Sri Thammarat"),
    "TH-82": ("Phang Nga", "Pang Nga", "Phang-nga"),
    "TH-84": ("Surat", "Suratthani"),
    "TH-93": ("Phattalung", "Patthalung"),
}

# The official two-letter Thai province abbreviations (อักษรย่อจังหวัด, Royal Institute / Ministry
# of Interior), as used in government tables and on licence plates.
_ABBREVIATIONS = {
    "TH-10": "กท", "TH-11": "สป", "TH-12": "นบ", "TH-13": "ปท", "TH-14": "อย", "TH-15": "อท",
    "TH-16": "ลบ", "TH-17": "สห", "TH-18": "ชน", "TH-19": "สบ", "TH-20": "ชบ", "TH-21": "รย",
    "TH-22": "จบ", "TH-23": "ตร", "TH-24": "ฉช", "TH-25": "ปจ", "TH-26": "นย", "TH-27": "สก",
    "TH-30": "นม", "TH-31": "บร", "TH-32": "สร", "TH-33": "ศก", "TH-34": "อบ", "TH-35": "ยส",
    "TH-36": "ชย", "TH-37": "อจ", "TH-38": "บก", "TH-39": "นภ", "TH-40": "ขก", "TH-41": "อด",
    "TH-42": "ลย", "TH-43": "นค", "TH-44": "มค", "TH-45": "รอ", "TH-46": "กส", "TH-47": "สน",
    "TH-48": "นพ", "TH-49": "มห", "TH-50": "ชม", "TH-51": "ลพ", "TH-52": "ลป", "TH-53": "อต",
    "TH-54": "พร", "TH-55": "นน", "TH-56": "พย", "TH-57": "ชร", "TH-58": "มส", "TH-60": "นว",
    "TH-61": "อน", "TH-62": "กพ", "TH-63": "ตก", "TH-64": "สท", "TH-65": "พล", "TH-66": "พจ",
    "TH-67": "พช", "TH-70": "รบ", "TH-71": "กจ", "TH-72": "สพ", "TH-73": "นฐ", "TH-74": "สค",
    "TH-75": "สส", "TH-76": "พบ", "TH-77": "ปข", "TH-80": "นศ", "TH-81": "กบ", "TH-82": "พง",
    "TH-83": "ภก", "TH-84": "สฎ", "TH-85": "รน", "TH-86": "ชพ", "TH-90": "สข", "TH-91": "สต",
    "TH-92": "ตง", "TH-93": "พท", "TH-94": "ปน", "TH-95": "ยล", "TH-96": "นธ",
}  # fmt: skip

# Values that look like a province but are not one: a specific reason beats "unknown".
_NOT_PROVINCES = {
    "พัทยา": "Pattaya is a special-administration city in Chon Buri, not a province",
    "pattaya": "Pattaya is a special-administration city in Chon Buri, not a province",
    "phatthaya": "Pattaya is a special-administration city in Chon Buri, not a province",
    "ths": "TH-S (Pattaya) is a special-administration city in Chon Buri, not a province",
    "เบตง": "Betong is a district (and city) of Yala, not a province",
    "betong": "Betong is a district (and city) of Yala, not a province",
}

# PDF text extraction splits sara am (ำ, U+0E33) into nikhahit + sara aa, or loses the nikhahit
# and leaves a space: "ล าปาง", "ลําปาง" → "ลำปาง". A Thai syllable never starts with sara aa,
# so a consonant (+ optional tone mark) followed by these sequences is always a split sara am.
_SPLIT_SARA_AM = re.compile(r"([\u0e01-\u0e2e][\u0e48-\u0e4b]?)(?:\s*\u0e4d\s*|\s+)\u0e32")
_PREFIX = re.compile(r"^(?:จังหวัด|จ\.\s*|changwat\s+)", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+province$", re.IGNORECASE)
_IGNORED = re.compile(r"[\s\-._'’`,]+")


def _keys(text: str) -> list[str]:
    """Lookup keys for ``text``: as written, then without a จังหวัด / จ. prefix.

    The unprefixed form is tried second so that the abbreviation "จ.บ." (จบ, Chanthaburi) is not
    read as "จ." + "บ".
    """
    s = to_arabic_digits(text).strip()
    s = _SPLIT_SARA_AM.sub("\\1\u0e33", s)
    s = strip_footnote(s)  # "กรุงเทพมหานคร 1/", "เชียงใหม่2/", "ตาก*"
    s = _SUFFIX.sub("", s).strip()
    keys = [_IGNORED.sub("", s).casefold()]
    unprefixed = _PREFIX.sub("", s).strip()
    if unprefixed != s:
        keys.append(_IGNORED.sub("", unprefixed).casefold())
    return keys


def _key(text: str) -> str:
    return _keys(text)[-1]


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(spelling: str, code: str) -> None:
        key = _key(spelling)
        other = table.setdefault(key, code)
        if other != code:  # a spelling shared by two provinces must not resolve to either
            raise AssertionError(f"spelling {spelling!r} maps to both {other} and {code}")

    for p in _provinces():
        for spelling in (p.code, p.numeric, p.name_th, p.name_en, _ABBREVIATIONS[p.code]):
            add(spelling, p.code)
        for spelling in _ALIASES.get(p.code, ()):
            add(spelling, p.code)
    for sub in pycountry.subdivisions.get(country_code="TH"):
        if sub.code not in _EXCLUDED:
            add(sub.name, sub.code)  # the ISO name, for TH-10 "Krung Thep Maha Nakhon"
    return table


def normalise_province(text: str) -> str:
    """The ISO 3166-2:TH code (``TH-10``) of a province written in any common way.

    Accepted: the official Thai name, with or without ``จังหวัด`` / ``จ.``; Bangkok's short
    forms (กรุงเทพฯ, กรุงเทพ, กทม.); the two-letter Thai abbreviation (ชม); English names and
    romanisation variants (Bangkok, Krung Thep Maha Nakhon, Lopburi / Lop Buri, Korat …), case,
    spaces, hyphens and dots ignored; the interior-ministry code (``10``); the ISO code
    (``TH-10``, ``th10``); Thai digits; footnote marks glued on (``กรุงเทพมหานคร 1/``); sara am
    split by PDF extraction (``ล าปาง``); stray whitespace.

    >>> normalise_province("กทม.")
    'TH-10'
    >>> normalise_province("จ.เชียงใหม่2/")
    'TH-50'
    >>> normalise_province("ล าปาง")
    'TH-52'
    >>> normalise_province("Lop Buri"), normalise_province("LOPBURI"), normalise_province("๑๖")
    ('TH-16', 'TH-16', 'TH-16')

    :raises UnknownProvinceError: the value is empty, unknown or ambiguous (never a guess).
    """
    if not isinstance(text, str):
        raise UnknownProvinceError(f"{text!r}: expected a province name or code string")
    keys = _keys(text)
    key = keys[-1]
    if not key:
        raise UnknownProvinceError(f"{text!r}: empty province")
    table = _lookup()
    for candidate in keys:
        if candidate in table:
            return table[candidate]
    if key in _NOT_PROVINCES:
        raise UnknownProvinceError(f"{text!r}: {_NOT_PROVINCES[key]}")
    raise UnknownProvinceError(f"{text!r}: not a known spelling of one of the 77 provinces")


def _code_or_none(value: str) -> str | None:
    try:
        return normalise_province(value)
    except UnknownProvinceError:
        return None


def province_codes(s: pl.Series) -> pl.Series:
    """Vectorised :func:`normalise_province`: ISO codes, null where unknown (or null).

    Each distinct value is normalised once, then mapped back, so a column of millions of rows
    with a hundred spellings costs a hundred lookups.

    >>> import polars as pl
    >>> province_codes(pl.Series(["กทม.", "Chonburi", "Atlantis", None])).to_list()
    ['TH-10', 'TH-20', None, None]
    """
    strings = s.cast(pl.String)
    uniques = strings.drop_nulls().unique()
    mapping = {v: _code_or_none(v) for v in uniques.to_list()}
    return strings.replace_strict(mapping, default=None, return_dtype=pl.String).alias(s.name)


SEED_COLUMNS = ("province_code", "province_numeric", "name_th", "name_en", "region_th", "region_en")
assert len(SEED_COLUMNS) == len(fields(Province))


def write_seed(path: str | Path) -> Path:
    """Write the dbt seed ``ref_provinces.csv`` (UTF-8, header, 77 rows) from :func:`provinces`.

    ``uv run python -m ingestion.thai.provinces dbt_project/seeds/ref_provinces.csv``
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(SEED_COLUMNS)
        writer.writerows(astuple(p) for p in _provinces())
    return path


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(write_seed(sys.argv[1] if len(sys.argv) > 1 else "dbt_project/seeds/ref_provinces.csv"))
