"""validate(): results people can read; lake partitions and warehouse tables."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingestion.thai import ID_MASK, with_check_digit
from quality import samples
from quality.validate import (
    QualityResult,
    _gx,
    gx_import_seconds,
    validate,
    validate_lake_partition,
    validate_warehouse_table,
)

ID = with_check_digit("310050012345")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(scope="module", autouse=True)
def gx_loaded():
    _gx()


def test_importing_quality_does_not_import_gx():
    code = "import sys, quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_result_fields_and_summary():
    df = samples.insured().with_columns(person_key=pl.lit("NOT-A-KEY"), sex=pl.lit("X"))
    result = validate(df, "sso_registry.insured")
    assert isinstance(result, QualityResult)
    assert not result.success
    assert result.rows_checked == 4
    fail = {r.key: r for r in result.failures}
    assert fail["person_key_format"].unexpected_count == 4
    assert fail["person_key_format"].examples[0] == "NOT-A-KEY"
    assert fail["person_key_format"].expectation == "expect_column_values_to_match_regex"
    assert fail["sex_in_set"].columns == ["sex"]
    text = result.summary()
    assert text.startswith("**sso_registry.insured** FAILED")
    assert "❌ `sex` is M or F: 4 rows (100.00 %)" in text
    assert "`NOT-A-KEY`" in text
    meta = result.metadata()
    assert meta["failed"] == 2 and meta["rows_checked"] == 4 and meta["summary"] == text
    assert gx_import_seconds() is not None


@pytest.mark.parametrize(
    "shown",
    [ID, f"{ID[0]}-{ID[1:5]}-{ID[5:10]}-{ID[10:12]}-{ID[12]}", ID.translate(THAI_DIGITS)],
)
def test_examples_never_show_a_national_id(shown):
    df = samples.insured().with_columns(person_key=pl.lit(shown))
    result = validate(df, "sso_registry.insured")
    assert shown not in result.summary() and ID not in result.summary()
    assert ID_MASK in result.summary()  # the example is shown, masked
    assert "no_national_id" in {r.key for r in result.failures}


def test_missing_column_is_a_clear_failure():
    result = validate(samples.employers().drop("tsic_code"), "sso_registry.employers")
    fail = {r.key: r for r in result.failures}
    assert fail["tsic_code_format"].error == "missing column(s) tsic_code"
    assert "missing column(s) tsic_code" in result.summary()


def test_unknown_suite_and_parameter():
    with pytest.raises(KeyError, match="no quality suite"):
        validate(samples.employers(), "nope")
    with pytest.raises(KeyError, match="unknown parameter"):
        validate(samples.employers(), "sso_registry.employers", {"wage_ceiling": 1})
    with pytest.raises(TypeError):
        validate([1, 2], "pii")


def test_empty_frame_passes_row_checks():
    df = samples.contributions().head(0)
    assert validate(df, "sso_efiling.contributions").success


def write_partition(lake: Path, source: str, entity: str, month: str, df: pl.DataFrame) -> Path:
    d = lake / "raw" / source / entity / f"month={month}"
    d.mkdir(parents=True, exist_ok=True)
    df.write_parquet(d / "part-0.parquet", compression="zstd")
    return d


def test_validate_lake_partition(tmp_path):
    write_partition(tmp_path, "sso_efiling", "contributions", "2024-01", samples.contributions())
    result = validate_lake_partition(tmp_path, "sso_efiling", "contributions", "2024-01")
    assert result.success, result.summary()
    assert "month=2024-01" in result.summary()
    # the partition month is checked against the rows
    write_partition(tmp_path, "sso_efiling", "contributions", "2024-02", samples.contributions())
    bad = validate_lake_partition(tmp_path, "sso_efiling", "contributions", "2024-02")
    assert {r.key for r in bad.failures} == {"wage_month_is_partition"}

    write_partition(tmp_path, "nso_lfs", "labour_force", "2024-04", samples.labour_force(2024, 2))
    assert validate_lake_partition(tmp_path, "nso_lfs", "labour_force", "2024-04").success
    write_partition(tmp_path, "sso_registry", "insured", "2024-01", samples.insured())
    assert validate_lake_partition(tmp_path, "sso_registry", "insured", "2024-01").success


def test_validate_missing_lake_partition_fails(tmp_path):
    result = validate_lake_partition(tmp_path, "sso_registry", "employers", "2024-01")
    assert not result.success
    assert "no Parquet files" in result.summary()
    with pytest.raises(KeyError):
        validate_lake_partition(tmp_path, "nope", "x", "2024-01")


def test_validate_warehouse_table(tmp_path):
    db = tmp_path / "labour.duckdb"
    con = duckdb.connect(str(db))
    con.sql("create schema marts")
    con.register("dim", samples.dim_province().to_arrow())
    con.register("cov", samples.coverage_province_monthly().to_arrow())
    con.sql("create table marts.dim_province as select * from dim")
    con.sql("create table marts.mart_coverage__province_monthly as select * from cov")
    con.sql(f"create table marts.leaky as select 'note {ID}' as note")
    con.sql("create table marts.short_dim as select * from dim limit 76")
    con.close()

    assert validate_warehouse_table(db, "marts.dim_province").success
    t = time.perf_counter()
    assert validate_warehouse_table(db, "marts.mart_coverage__province_monthly").success
    assert time.perf_counter() - t < 5
    leaky = validate_warehouse_table(db, "marts.leaky")  # no suite of its own: PII only
    assert leaky.suite == "pii" and not leaky.success
    short = validate_warehouse_table(db, "marts.short_dim", suite_name="marts.dim_province")
    assert "row_count_77" in {r.key for r in short.failures}
    assert "observed 76" in short.summary()
    # read-only: another read-only reader can open the file at the same time
    with duckdb.connect(str(db), read_only=True):
        assert validate_warehouse_table(db, "marts.dim_province").success
