"""The whole pipeline at a small scale, through the CLI, as a user runs it.

Generates deliveries with the simulator, runs every Dagster asset, and checks the published
warehouse against the simulator's truth files; then runs again, and re-delivers a file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from quality.pii import scan_duckdb
from tests.conftest import labour, warehouse_digest

pytestmark = pytest.mark.integration


def _lake_digest(data: Path, areas: tuple[str, ...] = ("raw", "quarantine", "manifests")) -> dict:
    """Every lake file's modification time: a rewritten file shows up even with equal bytes."""
    lake = data / "lake"
    return {
        str(p.relative_to(lake)): p.stat().st_mtime_ns
        for area in areas
        for p in sorted((lake / area).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def pipeline(small_pipeline: Path) -> Path:
    return small_pipeline


def test_coverage_mart_equals_simulator_truth(pipeline: Path) -> None:
    truth = pl.read_csv(
        pipeline / "sources/_truth/insured_by_province_section_month.csv",
        schema_overrides={"section": pl.Int64, "insured_persons": pl.Int64},
    ).filter(pl.col("insured_persons") > 0)
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        mart = con.sql(
            "select strftime(month_start, '%Y-%m') as month, province_code, "
            "cast(section as bigint) as section, cast(insured_persons as bigint) "
            "as insured_persons from marts.mart_coverage__province_monthly "
            "where insured_persons > 0"
        ).pl()
    key = ["month", "province_code", "section"]
    assert mart.sort(key).equals(truth.select(mart.columns).sort(key)), (
        "coverage mart differs from the simulator's truth"
    )


def test_workforce_in_mart_equals_lfs_truth(pipeline: Path) -> None:
    truth = pl.read_csv(pipeline / "sources/_truth/labour_force_by_province_quarter.csv")
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        mart = con.sql(
            "select distinct cast(year(month_start) as bigint) as year, "
            "cast(quarter(month_start) as bigint) as quarter, province_code, "
            "cast(labour_force as bigint) as labour_force, "
            "cast(informal_workforce as bigint) as informal_workforce "
            "from marts.mart_coverage__province_monthly"
        ).pl()
    key = ["year", "quarter", "province_code"]
    joined = mart.join(truth, on=key, how="left", suffix="_truth")
    assert joined.height == mart.height and joined.height > 0
    assert (joined["labour_force"] == joined["labour_force_truth"]).all()
    assert (joined["informal_workforce"] == joined["informal_workforce_truth"]).all()


def test_contributions_equal_truth(pipeline: Path) -> None:
    truth = pl.read_csv(pipeline / "sources/_truth/contributions_by_month.csv")
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        wages, lines = con.execute(
            "select sum(total_wages), sum(insured_lines) from marts.fct_contributions"
        ).fetchone()
    assert float(wages) == pytest.approx(float(truth["wages_loaded"].sum()), abs=0.005)
    assert int(lines) == int(truth["insured_lines_loaded"].sum())
    bad = 0
    for manifest in (pipeline / "lake/manifests/sso_efiling/contributions").glob("*.json"):
        files = json.loads(manifest.read_text())["files"]
        bad += sum(1 for f in files if f["status"] == "quarantined")
    assert bad == int(truth["files_bad_totals"].sum()) > 0


def test_every_row_is_loaded_or_quarantined(pipeline: Path) -> None:
    from quality import check_lake_conservation

    manifests = list((pipeline / "lake/manifests").rglob("*.json"))
    assert manifests
    quarantined = 0
    for path in manifests:
        for f in json.loads(path.read_text())["files"]:
            assert f["rows_in"] == f["rows_loaded"] + f["rows_quarantined"], f
            quarantined += f["rows_quarantined"]
    assert quarantined > 0, "the simulator injects errors: some rows must be quarantined"
    assert check_lake_conservation(pipeline / "lake").success


def test_quarantine_names_file_line_field_and_reason(pipeline: Path) -> None:
    q = pl.read_parquet(pipeline / "lake/quarantine/sso_registry/insured/*/*.parquet")
    assert q.height > 0
    assert q["_source_file"].str.starts_with("sso_registry/insured/").all()
    assert (q["_source_line"] > 1).all()
    assert set(q["field"].unique()) & {"national_id", "province", "start_date", "birth_date"}
    assert q["reason"].str.len_chars().min() > 5


def test_no_national_id_in_the_warehouse(pipeline: Path) -> None:
    ids = set()
    for f in (pipeline / "sources/sso_registry/insured").glob("*.csv"):
        ids.update(
            pl.read_csv(f.read_bytes().decode("cp874").encode(), infer_schema=False)
            .get_column("เลขประจำตัวประชาชน")
            .to_list()
        )
    assert len(ids) > 100
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        assert scan_duckdb(con) == []
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        sample = sorted(ids)[:50]
        for schema, table, column in columns:
            hit = con.execute(
                f'select count(*) from "{schema}"."{table}" where "{column}" in ?', [sample]
            ).fetchone()[0]
            assert hit == 0, f"national ID in {schema}.{table}.{column}"


def test_rerun_and_redelivery_change_nothing(pipeline: Path) -> None:
    warehouse = pipeline / "warehouse/labour.duckdb"
    before_marts, before_lake = warehouse_digest(warehouse), _lake_digest(pipeline)

    labour(pipeline, "run")
    assert warehouse_digest(warehouse) == before_marts
    # the hotline connector's cursor: everything was pulled the first time, nothing twice
    drops = list((pipeline / "sources/sso_hotline/contacts").glob("*.jsonl"))
    assert len(drops) == 1
    assert _lake_digest(pipeline) == before_lake, "an unchanged rerun rewrote the lake"

    # An employer sends January's file again with February's drop, and the registry extract
    # of January is delivered again, byte for byte.
    jan, feb = sorted((pipeline / "sources/sso_efiling").iterdir())[:2]
    original = sorted(jan.glob("SPS110_*.txt"))[0]
    shutil.copy(original, feb / original.name)
    insured = sorted((pipeline / "sources/sso_registry/insured").glob("*.csv"))[0]
    insured.write_bytes(insured.read_bytes())
    # A file whose name does not say its month is reported, not loaded, and breaks nothing.
    (feb / "SPS110_resent.txt").write_bytes(original.read_bytes())
    proc = labour(pipeline, "run")
    assert "not loaded" in proc.stdout and "SPS110_resent.txt" in proc.stdout
    assert warehouse_digest(warehouse) == before_marts
    data_areas = ("raw", "quarantine")
    assert _lake_digest(pipeline, data_areas) == {
        k: v for k, v in before_lake.items() if k.split("/")[0] in data_areas
    }, "a byte-identical re-delivery rewrote lake data"
    manifests = (pipeline / "lake/manifests/sso_efiling/contributions").glob("*.json")
    redelivered = [
        f for m in manifests for f in json.loads(m.read_text())["files"] if f["also_delivered_as"]
    ]
    assert len(redelivered) == 1


def test_the_key_never_reaches_a_log_the_lake_or_the_warehouse(pipeline: Path) -> None:
    from tests.conftest import TEST_KEY

    key = TEST_KEY.encode()
    checked = 0
    for path in pipeline.rglob("*"):
        if path.is_file() and "sources" not in path.relative_to(pipeline).parts[:1]:
            assert key not in path.read_bytes(), f"the pseudonymisation key is in {path}"
            checked += 1
    assert checked > 20
    assert list((pipeline / "logs").glob("run-*.log")), "the run log is checked too"
    manifests = list((pipeline / "lake/manifests").rglob("*.json"))
    fingerprints = {json.loads(m.read_text())["key_fingerprint"] for m in manifests}
    assert len(fingerprints) == 1 and "" not in fingerprints
