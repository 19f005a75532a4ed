"""Labels of published Thai tables (NSO, SSO yearbooks): footnote marks glued to them."""

from __future__ import annotations

import re

# "กรุงเทพมหานคร 1/", "เชียงใหม่2/", "ชลบุรี2/ *", "ตาก (3)", "มาตรา ๓๓ ๑/": marks at the end,
# Arabic or Thai digits, possibly several.
_FOOTNOTE = re.compile(r"(?:\s*(?:[0-9๐-๙]+/|\([0-9๐-๙]+\)|\*+))+$")


def strip_footnote(label: str) -> str:
    """The label without the footnote marks glued to its end, stripped.

    >>> strip_footnote("กรุงเทพมหานคร 1/"), strip_footnote("ชลบุรี2/ *"), strip_footnote("ตาก (๓)")
    ('กรุงเทพมหานคร', 'ชลบุรี', 'ตาก')
    >>> strip_footnote("10")  # a code, not "1" + a mark
    '10'
    """
    return _FOOTNOTE.sub("", label).strip()
