"""Parsers of the Social Security Fund's monthly workbook (one module per sheet)."""
