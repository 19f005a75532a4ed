"""NSO Labour Force Survey, table 3 (contracts §1.14) → ``raw/nso_lfs/employment_by_industry``.

Sheet ``ตาราง 3`` of ``nso_lfs/status_<BEYYYY>_q<N>.xlsx``: the employed by TSIC 2009 section
(``หมวด A`` … ``หมวด U``) after a total column (``รวม``), by region and province, in the same frame
as table 2 (title naming the quarter, Thai and English header rows, kingdom total, region
subtotals, notes), read by the same code (``labour_status.parse_table``). Control totals, or the
sheet is quarantined whole: per row the total = Σ sections; Σ provinces = region subtotal and
Σ regions = kingdom total, every column; 77 provinces once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingestion.sources import ParseResult
from ingestion.sources._workbook import SheetError
from ingestion.sources.nso_lfs import labour_status

SOURCE = "nso_lfs"
ENTITY = "employment_by_industry"
SHEET = "ตาราง 3"
# TSIC 2009 (= ISIC Rev.4) sections.
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
COLUMNS = ("employed", *(f"section_{c.lower()}" for c in SECTIONS))
HEADER_TH = ("จังหวัด", "รวม", *(f"หมวด {c}" for c in SECTIONS))
HEADER_EN = ("Province", "Total", *(f"Section {c}" for c in SECTIONS))

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "year": pl.Int16(),
    "quarter": pl.Int8(),
    "province_code": pl.String(),
    **{c: pl.Int64() for c in COLUMNS},
}

__all__ = ["ENTITY", "SCHEMA", "SOURCE", "parse", "partition_month"]


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """First month of the quarter, as table 2 (the same workbook)."""
    return labour_status.partition_month(path, today=today)


def _check_row(row: int, v: dict[str, int]) -> None:
    sections = sum(v[c] for c in COLUMNS[1:])
    if v["employed"] != sections:
        raise SheetError(
            row,
            "employed",
            f"total employed {v['employed']:,} does not equal the sum of the sections "
            f"({sections:,})",
        )


TABLE = labour_status.RegionTable(SHEET, HEADER_TH, HEADER_EN, COLUMNS, _check_row, SCHEMA)


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    """``key`` is unused (no personal data) but keeps the common signature."""
    return labour_status.parse_table(path, rel, TABLE)
