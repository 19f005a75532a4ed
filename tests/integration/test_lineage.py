"""Lineage for every number and the data dictionary, on the session's `small_pipeline`.

A number on a mart is followed through marts.lineage__mart_sources to its delivered files under
data/sources, and counted again from those files with plain Python (csv, the cp874 codec and the
Thai normalisation API: no lake, no dbt); every mart row has lineage; every file it names exists
with the hash its partition's manifest recorded. The pipeline run also left dbt docs (manifest,
catalog, a static index.html) under data/docs, with the marts' descriptions in Thai and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import duckdb
import pytest

from ingestion.thai import is_valid_national_id, normalise_province, parse_be_date

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
THAI = re.compile("[\u0e00-\u0e7f]")
LATIN = re.compile("[A-Za-z]{3,}")


def _rows(pipeline: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(pipeline / "warehouse/labour.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _registry_spells(files: list[Path]) -> dict[tuple, dict]:
    """The insured registry's spells as its files state them (docs/data-contracts.md §1.1):
    cp874 CSV with a Thai header; a later file's version of a spell (national ID, section,
    start, employer, branch) replaces the earlier one, a later line within a file too. Rows the
    contract calls errors (bad check digit, impossible date, unknown province) are not spells."""
    spells: dict[tuple, dict] = {}
    for path in sorted(files):  # insured_<BEYYYYMM>.csv: name order is delivery order
        text = path.read_bytes().decode("cp874")
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        for row in reader:
            national_id, section, account, branch, province, start, end = (
                row[0],
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
            )
            if not is_valid_national_id(national_id):
                continue
            try:
                parse_be_date(row[4], kind="birth")
                spell = {
                    "id": national_id,
                    "section": int(section),
                    "province": normalise_province(province),
                    "start": parse_be_date(start),
                    "end": parse_be_date(end) if end.strip() else None,
                    "file": path,
                }
            except ValueError:
                continue
            key = (national_id, spell["section"], spell["start"], account, branch)
            spells[key] = spell
    return spells


def test_a_coverage_number_recounts_from_its_source_files(small_pipeline: Path) -> None:
    # the province-month with the most Section-33 insured in the latest month
    month, province, insured = _rows(
        small_pipeline,
        "select month_start, province_code, insured_persons "
        "from marts.mart_coverage__province_monthly where is_latest_month and section = 33 "
        "order by insured_persons desc, province_code limit 1",
    )[0]
    assert insured > 0
    key = f"month_start={month}|province_code={province}|section=33"
    lineage = _rows(
        small_pipeline,
        "select source_system, entity, source_file, rows_contributed "
        "from marts.lineage__mart_sources where mart_model = 'mart_coverage__province_monthly' "
        "and grain_key = ? and input_model = 'int_insured_spells_monthly'",
        [key],
    )
    assert lineage, f"no lineage for {key}"
    assert {(s, e) for s, e, _, _ in lineage} == {("sso_registry", "insured")}
    files = {small_pipeline / "sources" / f: n for _, _, f, n in lineage}

    # every registry delivery up to the month can hold a spell that is still active: the
    # lineage must name exactly those whose rows are in the count, and no other
    delivered = sorted((small_pipeline / "sources/sso_registry/insured").glob("insured_*.csv"))
    spells = _registry_spells(delivered)
    active = [
        s
        for s in spells.values()
        if s["section"] == 33
        and s["province"] == province
        and s["start"] <= _month_end(month)
        and (s["end"] is None or s["end"] >= month)
    ]
    assert len({s["id"] for s in active}) == insured
    per_file: dict[Path, int] = {}
    for s in active:
        per_file[s["file"]] = per_file.get(s["file"], 0) + 1
    assert per_file == files


def test_a_claims_number_recounts_from_its_source_files(small_pipeline: Path) -> None:
    """A flow from another system: the claims of the busiest cell of the benefits mart."""
    row = _rows(
        small_pipeline,
        "select month_start, province_code, benefit_type_code, section, claims "
        "from marts.mart_benefits__province_monthly order by claims desc, province_code limit 1",
    )[0]
    month, province, benefit, section, claims = row
    assert claims > 0
    key = (
        f"month_start={month}|province_code={province}|benefit_type_code={benefit}"
        f"|section={section}"
    )
    lineage = _rows(
        small_pipeline,
        "select source_file, rows_contributed from marts.lineage__mart_sources "
        "where mart_model = 'mart_benefits__province_monthly' and grain_key = ? "
        "and input_model = 'fct_benefit_claims'",
        [key],
    )
    assert sum(n for _, n in lineage) == claims
    for source_file, _ in lineage:
        assert source_file.startswith("sso_benefits/claims/")
        assert (small_pipeline / "sources" / source_file).is_file()


def test_every_mart_row_has_lineage(small_pipeline: Path) -> None:
    marts = [
        t
        for (t,) in _rows(
            small_pipeline,
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_name like 'mart\\_%' escape '\\'",
        )
    ]
    traced = dict(
        _rows(
            small_pipeline,
            "select mart_model, count(distinct grain_key) from marts.lineage__mart_sources "
            "group by mart_model",
        )
    )
    missing = sorted(set(marts) - set(traced))
    assert not missing, f"marts without lineage (declare meta.lineage, docs/lineage.md): {missing}"
    summary = dict(
        _rows(
            small_pipeline,
            "select mart_model, count(*) from marts.lineage__mart_rows group by mart_model",
        )
    )
    for mart in marts:
        (rows,) = _rows(small_pipeline, f"select count(*) from marts.{mart}")[0]
        # one lineage key per mart row: the declared grain identifies a row, and none is missed
        assert traced[mart] == rows, f"{mart}: {rows} rows, {traced[mart]} with lineage"
        assert summary[mart] == rows, f"{mart}: {rows} rows, {summary[mart]} in lineage__mart_rows"


def test_every_named_file_exists_with_its_manifest_hash(small_pipeline: Path) -> None:
    named = _rows(
        small_pipeline,
        "select distinct source_system, entity, partition_month, source_file, load_id, "
        "file_sha256 from marts.lineage__mart_sources where source_file is not null",
    )
    assert named
    manifests: dict[tuple[str, str], tuple[str, str]] = {}
    for path in (small_pipeline / "lake/manifests").glob("*/*/month=*.json"):
        manifest = json.loads(path.read_text())
        for delivered in manifest["files"]:
            manifests[(delivered["file"], manifest["load_id"])] = (
                delivered["sha256"],
                manifest["month"],
            )
    for system, _entity, month, source_file, load_id, sha256 in named:
        if system == "reference":  # a seed of the dbt project
            assert (REPO / "dbt_project" / source_file).is_file(), source_file
            continue
        path = small_pipeline / "sources" / source_file
        assert path.is_file(), f"{source_file} named by the lineage does not exist"
        assert source_file.startswith(f"{system}/"), source_file
        recorded, partition = manifests[(source_file, load_id)]
        assert sha256 == recorded == hashlib.sha256(path.read_bytes()).hexdigest(), source_file
        assert month.strftime("%Y-%m") == partition


def test_a_partition_rolled_up_names_its_manifest(small_pipeline: Path) -> None:
    """An input declared per: partition (the สปส.1-10 lines behind the national price of the
    arrears mart) has one row per partition: its manifest exists, is the partition's landing
    (load id), and lists as many files as the row says, the files lineage__lake_files has."""
    rolled = _rows(
        small_pipeline,
        "select distinct manifest_file, load_id, files_in_scope, source_system, entity "
        "from marts.lineage__mart_sources where lineage_scope = 'partition'",
    )
    assert any(system == "sso_efiling" for *_, system, _e in rolled), rolled
    for manifest_file, load_id, files, system, entity in rolled:
        manifest = json.loads((small_pipeline / manifest_file).read_text())
        assert manifest["load_id"] == load_id, manifest_file
        assert (manifest["source"], manifest["entity"]) == (system, entity)
        assert files == len(manifest["files"]) > 0, manifest_file
        (listed,) = _rows(
            small_pipeline,
            f"select count(*) from marts.lineage__lake_files where load_id = '{load_id}' "
            f"and source_system = '{system}' and entity = '{entity}'",
        )[0]
        assert listed == files, manifest_file


def test_the_run_generated_browsable_docs(small_pipeline: Path) -> None:
    docs = small_pipeline / "docs"
    manifest = json.loads((docs / "manifest.json").read_text())
    catalog = json.loads((docs / "catalog.json").read_text())
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    marts = [m for m in models if m.startswith(("mart_", "dim_", "fct_", "lineage__"))]
    assert "mart_coverage__province_monthly" in marts and "lineage__mart_sources" in marts
    for name in marts:
        description = models[name]["description"]
        # "ไทย / English": a Thai line and an English one
        assert THAI.search(description) and LATIN.search(description), f"{name}: {description!r}"
        # the catalog came from the published warehouse: the table and its columns are there
        assert f"model.labour.{name}" in catalog["nodes"], f"{name} missing from the catalog"
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test"]
    assert len(tests) > 100
    index = (docs / "index.html").read_text()
    assert "mart_coverage__province_monthly" in index  # the static page embeds the manifest
    # nothing is fetched from the internet when the page loads
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", index)
