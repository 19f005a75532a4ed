"""The generic CSV reader checks dates by the one rule: a BE date column (``be_date``) through
ingestion.thai.be_year, an ISO date column through ingestion.thai.ce_year (a Buddhist-Era year
written where the Christian Era is agreed is quarantined with a reason that says so)."""

from __future__ import annotations

import datetime as dt

from ingestion.sources._csv_spec import SpecCsvReader
from ingestion.sources.spec import EntitySpec

KEY = b"unit-test-key-0123456789"


def _reader() -> SpecCsvReader:
    entity = EntitySpec.model_validate(
        {
            "name": "permits",
            "description": "x",
            "reader": {"kind": "csv", "encoding": "utf-8"},
            "files": {
                "pattern": "doe/permits/permits_*.csv",
                "month_regex": r"permits_(\d{6})\.csv",
            },
            "columns": [
                {"name": "issued_on", "type": "date", "date_format": "%Y-%m-%d"},
                {"name": "expires_on", "type": "date", "normalise": ["be_date"], "nullable": True},
            ],
        }
    )
    return SpecCsvReader("doe", entity)


def test_dates_are_range_checked(tmp_path):
    path = tmp_path / "permits_256701.csv"
    path.write_text(
        "issued_on,expires_on\n"
        "2024-01-25,25/01/2569\n"  # good
        "2567-01-25,\n"  # a BE year in the ISO column
        "1700-01-01,\n"  # no such permit
        "2024-02-30,\n"  # impossible
        "2024-01-25,25/01/2024\n",  # a CE year in the BE column
        encoding="utf-8",
    )
    res = _reader().parse(path, "doe/permits/permits_256701.csv", KEY)
    assert res.rows.get_column("issued_on").to_list() == [dt.date(2024, 1, 25)]
    assert res.rows.get_column("expires_on").to_list() == [dt.date(2026, 1, 25)]
    reasons = dict(res.quarantine.select("_source_line", "reason").iter_rows())
    assert reasons[3] == (
        "'2567-01-25': 2567 looks like a Buddhist-Era year; expected Christian Era (2024)"
    )
    assert "not a plausible Christian-Era year" in reasons[4]
    assert reasons[5] == "invalid date '2024-02-30' (expected %Y-%m-%d)"
    assert "2024 looks like a Christian-Era year; expected Buddhist Era (2567)" in reasons[6]
