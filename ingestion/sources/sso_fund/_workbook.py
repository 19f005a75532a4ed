"""The fund's monthly workbook file (contracts §1.8): its name gives the month. What its two
sheets share with other agencies' report workbooks is in :mod:`ingestion.sources._workbook`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ingestion.sources._common import month_from_name

FILE_PATTERN = re.compile(r"portfolio_(\d{6})\.xlsx")


def partition_month(path: Path | str, *, today: dt.date | None = None) -> str:
    """``portfolio_256701.xlsx`` → ``2024-01``; ValueError naming the file otherwise."""
    return month_from_name(path, FILE_PATTERN, today=today)
