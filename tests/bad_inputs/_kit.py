"""What every bad-input case module shares: the case registry and the plain workbook writer.

Cases are built from the contracts, never by calling a reader, so these helpers only write
bytes: a registry (:class:`Cases`) that refuses a path registered twice, and
:func:`sheet_bytes` for a one-sheet workbook of title rows, a table and a footer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

import xlsxwriter

Builder = Callable[[], bytes]


class Cases(dict[str, Builder]):
    """path under the corpus → the builder of that file's bytes."""

    def case(self, rel: str) -> Callable[[Builder], Builder]:
        def register(build: Builder) -> Builder:
            if rel in self:
                raise ValueError(f"case {rel} defined twice")
            self[rel] = build
            return build

        return register


def sheet_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str,
    title: str,
    author: str,
    created: dt.datetime,
) -> bytes:
    """One sheet, row by row from A1: ints as numbers, None as an empty cell, anything else as
    text (what an agency's export writes; the document properties keep the bytes fixed)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"title": title, "author": author, "created": created})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    wb.close()
    return out.getvalue()
