"""Thai person names and titles: the dictionaries the personal-data detector looks names up in.

The name lists are pythainlp's offline corpora (``thai_male_names``, ``thai_female_names``:
given names; ``thai_family_names``), the word list its ``thai_words`` (a title glued to a common
word, such as นายจ้าง "employer" or นางพยาบาล "nurse", is a word, not a name).
"""

from __future__ import annotations

from functools import cache

#: Titles written before a person's name: Mr, Mrs, Miss (also abbreviated), boy, girl.
#: Longest first, so that นางสาว is tried before นาง.
TITLES: tuple[str, ...] = ("นางสาว", "เด็กชาย", "เด็กหญิง", "นาง", "นาย", "น.ส.", "ด.ช.", "ด.ญ.")


@cache
def given_names() -> frozenset[str]:
    """Thai given names (male and female), from pythainlp's corpora."""
    from pythainlp.corpus import thai_female_names, thai_male_names

    return frozenset(thai_male_names()) | frozenset(thai_female_names())


@cache
def family_names() -> frozenset[str]:
    """Thai family names, from pythainlp's corpus."""
    from pythainlp.corpus import thai_family_names

    return frozenset(thai_family_names())


@cache
def thai_words() -> frozenset[str]:
    """Thai dictionary words (pythainlp's ``thai_words``)."""
    from pythainlp.corpus import thai_words as words

    return frozenset(words())
