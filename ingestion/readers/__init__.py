"""Readers, one per delivery format. They know formats, not entities: the per-entity parsers in
:mod:`ingestion.sources` call them. Errors: :class:`RowError` per record, :class:`FileRejected`
for a whole file."""

from ingestion.readers.csv_cp874 import CsvData, read_csv_cp874
from ingestion.readers.encoding import decode_cp874, decode_cp874_to_utf8
from ingestion.readers.errors import FileRejected, RowError, describe
from ingestion.readers.excel import SheetData, read_excel_table, read_sheet
from ingestion.readers.fixed_width import (
    Field,
    FixedWidthData,
    FixedWidthLayout,
    RecordLayout,
    read_fixed_width,
    read_fixed_width_many,
)

__all__ = [
    "CsvData",
    "Field",
    "FileRejected",
    "FixedWidthData",
    "FixedWidthLayout",
    "RecordLayout",
    "RowError",
    "SheetData",
    "decode_cp874",
    "decode_cp874_to_utf8",
    "describe",
    "read_csv_cp874",
    "read_excel_table",
    "read_fixed_width",
    "read_fixed_width_many",
    "read_sheet",
]
