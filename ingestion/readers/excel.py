"""Excel reader for published tables with Thai title and header rows (e.g. NSO LFS).

The sheet is read with fastexcel (calamine) with no header and every cell as a string, keeping
leading empty rows so that row ``i`` of the frame is spreadsheet row ``i + 1``. The header row
is located by a label in its first non-empty column; the rows below it are returned with their
spreadsheet row numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from ingestion.readers.errors import FileRejected


@dataclass
class SheetData:
    """``rows``: ``_row`` (Int64, spreadsheet row number) then ``c0``, ``c1``, … (String, the
    sheet's columns from its first non-empty column), for the rows below the header row.
    ``header_row``: the spreadsheet row of the header; ``title_rows``: the non-empty first-column
    texts above it; ``headers``: the cells of the header row and of the skipped rows below it."""

    file: str
    header_row: int
    title_rows: list[str]
    headers: list[list[str | None]]
    rows: pl.DataFrame


def read_sheet(path: Path | str, sheet: str) -> pl.DataFrame:
    """The whole sheet as strings: ``_row`` (spreadsheet row) + ``c0``, ``c1``, …"""
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as err:  # calamine raises its own types
        raise FileRejected(str(path), None, None, f"not a readable Excel workbook: {err}") from err
    if sheet not in reader.sheet_names:
        raise FileRejected(
            str(path), None, None, f"sheet '{sheet}' not found; sheets: {reader.sheet_names}"
        )
    try:
        # The workbook's index can be whole while a sheet's XML is cut or corrupt: that only
        # shows when the sheet is loaded.
        loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
        frame = loaded.to_polars()
    except Exception as err:  # calamine raises its own types
        raise FileRejected(
            str(path), None, None, f"sheet '{sheet}' cannot be read (corrupt workbook): {err}"
        ) from err
    frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    return (
        frame.with_columns(pl.all().str.strip_chars())
        .with_row_index("_row", offset=1)
        .with_columns(pl.col("_row").cast(pl.Int64))
    )


def read_excel_table(
    path: Path | str,
    sheet: str,
    header_label: str,
    *,
    file: str | None = None,
    skip_after_header: int = 0,
    min_columns: int = 1,
) -> SheetData:
    """Locate the header row (first cell equal to ``header_label``) and return the rows below.

    ``skip_after_header`` rows right below the header (e.g. a second header row in English)
    are left out of ``rows``.

    :raises FileRejected: unreadable workbook, missing sheet, header label not found.
    """
    name = file if file is not None else str(path)
    try:
        frame = read_sheet(path, sheet)
    except FileRejected as err:
        raise FileRejected(name, err.line, err.field, err.reason) from None
    if frame.width - 1 < min_columns:
        raise FileRejected(
            name, None, None, f"sheet '{sheet}' has fewer than {min_columns} columns"
        )
    hits = frame.filter(pl.col("c0") == header_label)
    if not hits.height:
        raise FileRejected(
            name, None, None, f"sheet '{sheet}': header row with label '{header_label}' not found"
        )
    header_row = int(hits.get_column("_row").item(0))
    titles = [t for t in frame.filter(pl.col("_row") < header_row).get_column("c0").to_list() if t]
    headers = [
        list(frame.filter(pl.col("_row") == header_row + k).row(0)[1:])
        for k in range(skip_after_header + 1)
        if header_row + k <= frame.height
    ]
    rows = frame.filter(pl.col("_row") > header_row + skip_after_header)
    return SheetData(name, header_row, titles, headers, rows)
