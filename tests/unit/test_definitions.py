"""Snapshot test: all Dagster definitions load, with the assets and checks the design names."""

from __future__ import annotations

from dagster import AssetKey


def test_definitions_load() -> None:
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    keys = set(repo.asset_graph.get_all_asset_keys())
    for source, entity in [
        ("sso_registry", "insured"),
        ("sso_registry", "employers"),
        ("sso_efiling", "contributions"),
        ("nso_lfs", "labour_force"),
    ]:
        assert AssetKey(["lake", source, entity]) in keys
    for mart in [
        "dim_province",
        "dim_date",
        "dim_establishment",
        "dim_industry",
        "fct_insurance_spells",
        "fct_insured_monthly",
        "fct_contributions",
        "mart_coverage__province_monthly",
    ]:
        assert AssetKey(["marts", mart]) in keys, mart
    assert AssetKey(["warehouse", "labour_duckdb"]) in keys

    # dbt sources resolve to the lake assets, so lineage runs from files to dashboards.
    upstream = repo.asset_graph.get(AssetKey(["staging", "stg_sso_efiling__contributions"]))
    assert AssetKey(["lake", "sso_efiling", "contributions"]) in upstream.parent_keys

    checks = {(k.asset_key, k.name) for k in repo.asset_graph.asset_check_keys}
    assert (AssetKey(["lake", "sso_efiling", "contributions"]), "row_conservation") in checks
    assert (AssetKey(["marts", "fct_insured_monthly"]), "expectations") in checks
    for job in ("lake_monthly", "lake_quarterly", "refresh_warehouse"):
        assert defs.resolve_job_def(job) is not None


def test_code_location_loads_as_the_dagster_ui_loads_it(tmp_path) -> None:
    """`dagster-webserver -m orchestration.definitions` (started by `make up`) loads the module
    as a code location, with stricter rules than importing `defs` (e.g. one Definitions object
    at module scope), and from a process whose PATH may not include the virtual environment."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    venv_bin = Path(sys.executable).parent
    env = {
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PATH": "/usr/bin:/bin",  # no venv on PATH: dbt must still be found
        "DAGSTER_HOME": str(tmp_path),
        "LABOUR_DATA_DIR": str(tmp_path / "data"),
    }
    proc = subprocess.run(
        [str(venv_bin / "dagster"), "definitions", "validate", "-m", "orchestration.definitions"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Validation successful" in proc.stdout + proc.stderr


def test_dbt_assets_are_grouped_by_layer_and_marts_by_guideline():
    from orchestration.dbt import warehouse_group

    assert warehouse_group(["labour", "ref_provinces"]) == "reference"
    assert warehouse_group(["labour", "staging", "sso_registry", "stg_x"]) == "staging"
    assert warehouse_group(["labour", "intermediate", "int_x"]) == "intermediate"
    assert warehouse_group(["labour", "marts", "dim_province"]) == "marts_conformed"
    assert warehouse_group(["labour", "marts", "coverage", "mart_x"]) == "marts_coverage"
