"""The partition month of every delivered file comes from its name through one range-checked
rule (ingestion.thai.year_month): a CE year where BE is expected (``insured_202401.csv``, which
once became partition 1481-01 and aborted the run), month 13 or a year decades ahead is a
ValueError naming the file, what was found and what was expected; landing reports such a file as
an unrecognised delivery and lands the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingestion.landing import DataPaths, discover, unrecognised_deliveries
from ingestion.sources._csv_spec import SpecCsvReader
from ingestion.sources.nso_lfs import labour_force
from ingestion.sources.spec import EntitySpec
from ingestion.sources.sso_efiling import contributions
from ingestion.sources.sso_registry import employers, insured

TODAY = dt.date(2026, 11, 29)  # 2569 BE

GOOD = [
    (insured.partition_month, "insured_256701.csv", "2024-01"),
    (employers.partition_month, "employers_256912.csv", "2026-12"),
    (contributions.partition_month, "SPS110_0105500001_000000_256701.txt", "2024-01"),
    (labour_force.partition_month, "lfs_2567_q2.xlsx", "2024-04"),
]


@pytest.mark.parametrize(("partition_month", "name", "month"), GOOD)
def test_good_names(partition_month, name, month):
    assert partition_month(Path(name), today=TODAY) == month


BAD = [
    (insured.partition_month, "insured_202401.csv", "'202401'", "Christian-Era year"),
    (insured.partition_month, "insured_256713.csv", "'256713'", "month 13"),
    (employers.partition_month, "employers_202401.csv", "'202401'", "expected Buddhist Era (2567)"),
    (employers.partition_month, "employers_258001.csv", "'258001'", "more than 5 years ahead"),
    (
        contributions.partition_month,
        "SPS110_0105500001_000000_202401.txt",
        "'202401'",
        "Christian-Era year",
    ),
    (contributions.partition_month, "SPS110_0105500001_000000_256700.txt", "'256700'", "month 0"),
    (labour_force.partition_month, "lfs_2024_q2.xlsx", "'2024'", "expected Buddhist Era (2567)"),
    (labour_force.partition_month, "lfs_1999_q1.xlsx", "'1999'", "Christian-Era year"),
]


@pytest.mark.parametrize(("partition_month", "name", "found", "why"), BAD)
def test_impossible_names_raise_a_value_error_naming_file_found_and_expected(
    partition_month, name, found, why
):
    with pytest.raises(ValueError) as exc:
        partition_month(Path("drop") / name, today=TODAY)
    message = str(exc.value)
    assert message.startswith(name + ":"), message
    assert found in message and why in message
    assert "Buddhist-Era" in message  # what was expected
    assert "1481" not in message


def _spec_reader(month_format: str, partition: str = "monthly") -> SpecCsvReader:
    entity = EntitySpec.model_validate(
        {
            "name": "trainees",
            "description": "x",
            "partition": partition,
            "reader": {"kind": "csv"},
            "files": {
                "pattern": "mol_dsd/trainees/trainees_*.csv",
                "month_regex": r"trainees_(\d{4}-?\d{2})\.csv",
                "month_format": month_format,
            },
            "columns": [{"name": "course"}],
        }
    )
    return SpecCsvReader("mol_dsd", entity)


def test_spec_reader_partition_month_is_range_checked():
    be, ce = _spec_reader("be_yyyymm"), _spec_reader("ce_yyyymm")
    assert be.partition_month("trainees_2567-02.csv", today=TODAY) == "2024-02"
    assert ce.partition_month("trainees_202402.csv", today=TODAY) == "2024-02"
    assert _spec_reader("be_yyyymm", "quarterly").partition_month("trainees_256705.csv") == (
        "2024-04"
    )
    with pytest.raises(ValueError, match=r"trainees_202402\.csv: .*'202402'.*Christian-Era"):
        be.partition_month("trainees_202402.csv", today=TODAY)
    with pytest.raises(ValueError, match=r"trainees_256702\.csv: .*expected Christian Era"):
        ce.partition_month("trainees_256702.csv", today=TODAY)
    with pytest.raises(ValueError, match="month 13"):
        be.partition_month("trainees_256713.csv", today=TODAY)


def test_landing_reports_an_impossible_name_and_lands_the_rest(tmp_path):
    paths = DataPaths(tmp_path)
    folder = paths.sources / "sso_registry" / "insured"
    folder.mkdir(parents=True)
    for name in ("insured_256701.csv", "insured_202401.csv", "insured_256713.csv"):
        (folder / name).write_bytes(b"x\r\n")
    found = discover(paths, "sso_registry", "insured")
    assert {m: [p.name for p in ps] for m, ps in found.items()} == {
        "2024-01": ["insured_256701.csv"]
    }
    reported = dict(unrecognised_deliveries(paths, "sso_registry", "insured"))
    assert set(reported) == {
        "sso_registry/insured/insured_202401.csv",
        "sso_registry/insured/insured_256713.csv",
    }
    assert "Christian-Era" in reported["sso_registry/insured/insured_202401.csv"]
    assert "month 13" in reported["sso_registry/insured/insured_256713.csv"]
