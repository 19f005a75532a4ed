"""Source specs (ingestion/sources/<system>/source.yaml): they load, the Python readers agree with
them, the committed dbt sources YAML is the generated one, the generic CSV reader does what a
spec declares, and orchestration derives assets, checks and sensors from them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest
import yaml

from ingestion.sources import ENTITIES
from ingestion.sources._csv_spec import SpecCsvReader, lake_schema
from ingestion.sources.spec import EntitySpec, SpecError, load_spec, source_specs

KEY = b"unit-test-key-0123456789"

TRAINEES = yaml.safe_load(
    r"""
name: trainees
description: Skill-training participants.
reader: {kind: csv, encoding: cp874}
files: {pattern: "mol_dsd/trainees/trainees_*.csv", month_regex: 'trainees_(\d{6})\.csv'}
columns:
  - {name: person_key, header: เลขประจำตัวประชาชน, personal: pseudonymise, normalise: [national_id]}
  - {name: full_name, header: ชื่อ, personal: drop}
  - {name: province_code, header: จังหวัด, normalise: [province]}
  - {name: course, header: หลักสูตร, values: [A, B]}
  - {name: trained_on, header: วันที่อบรม, type: date, normalise: [be_date]}
  - {name: hours, header: ชั่วโมง, type: int32, min: 0, max: 500}
  - {name: fee, header: ค่าอบรม, type: decimal, precision: 12, scale: 2, nullable: true}
"""
)
HEADER = "เลขประจำตัวประชาชน,ชื่อ,จังหวัด,หลักสูตร,วันที่อบรม,ชั่วโมง,ค่าอบรม\r\n"
ROWS = (
    "1101700230708,สมชาย ใจดี,กรุงเทพฯ,A,15/01/2567,๑๒,1500.50\r\n"  # good, Thai digits
    "1101700230709,สมหญิง,กทม,A,15/01/2567,12,\r\n"  # bad check digit
    "1101700230708,สมชาย,ไม่มี,B,15/01/2567,12,\r\n"  # unknown province
    "1101700230708,สมชาย,เชียงใหม่,C,15/01/2567,12,\r\n"  # not in the set
    "1101700230708,สมชาย,เชียงใหม่,B,31/02/2567,12,\r\n"  # impossible date
    "1101700230708,สมชาย,เชียงใหม่,B,01/02/2567,x,\r\n"  # not an integer
    "1101700230708,สมชาย,เชียงใหม่,B,01/02/2567,12\r\n"  # ragged
)


def _reader(**overrides) -> SpecCsvReader:
    raw = {**TRAINEES, **overrides}
    return SpecCsvReader("mol_dsd", EntitySpec.model_validate(raw))


def test_every_spec_loads_and_names_its_folder():
    specs = source_specs()
    assert {s.system for s in specs} >= {"sso_registry", "sso_efiling", "nso_lfs"}
    for s in specs:
        assert load_spec(s.path) == s


def test_python_readers_match_their_specs():
    """The lake schema a spec declares is exactly what its Python reader writes."""
    for t in ENTITIES:
        if t.spec.reader.kind != "python":
            continue
        module = t.load()
        assert list(module.SCHEMA) == list(lake_schema(t.spec)), f"{t.source}/{t.entity}"
        assert lake_schema(t.spec) == module.SCHEMA, f"{t.source}/{t.entity}"


def test_a_bad_spec_names_its_file(tmp_path: Path):
    bad = tmp_path / "broken" / "source.yaml"
    bad.parent.mkdir()
    bad.write_text("system: broken\ndescription: x\nentities:\n  - name: t\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"broken/source\.yaml"):
        load_spec(bad)


def test_committed_dbt_sources_equal_the_generated_ones():
    """Fails when a spec changed without `uv run labour source sync-dbt` (or the YAML was
    edited by hand)."""
    from orchestration.dbt_sources import expected_files, stale_files

    assert expected_files()
    assert stale_files() == [], "run `uv run labour source sync-dbt`"
    for path, text in expected_files().items():
        parsed = yaml.safe_load(text)["sources"][0]
        assert parsed["name"] == path.parent.name
        for table in parsed["tables"]:
            key = table["config"]["meta"]["dagster"]["asset_key"]
            assert key == ["lake", parsed["name"], table["name"]]


def test_generic_csv_reader_types_normalises_and_quarantines(tmp_path: Path):
    reader = _reader()
    path = tmp_path / "trainees_256701.csv"
    path.write_bytes((HEADER + ROWS).encode("cp874"))
    assert reader.partition_month(path) == "2024-01"
    res = reader.parse(path, "mol_dsd/trainees/trainees_256701.csv", KEY)
    assert res.rows_in == 7 and res.rows.height == 1 and res.quarantine.height == 6
    row = res.rows.row(0, named=True)
    assert row["province_code"] == "TH-10"
    assert row["trained_on"] == dt.date(2024, 1, 15)
    assert row["hours"] == 12
    assert len(row["person_key"]) == 26 and "full_name" not in res.rows.columns
    assert res.rows.schema == lake_schema(reader.spec)
    q = res.quarantine
    assert q["_source_line"].to_list() == [3, 4, 5, 6, 7, 8]
    assert q["field"].to_list() == [
        "person_key",
        "province_code",
        "course",
        "trained_on",
        "hours",
        "line",
    ]
    assert all(len(r) > 10 for r in q["reason"].to_list())
    # personal data never reaches quarantine in clear
    assert not q["record"].str.contains("1101700230708").any()
    assert not q["record"].str.contains("สมชาย").any()


def test_generic_csv_reader_utf8_and_rejected_files(tmp_path: Path):
    reader = _reader(reader={"kind": "csv", "encoding": "utf-8"})
    good = tmp_path / "trainees_256702.csv"
    good.write_bytes((HEADER + ROWS.splitlines(keepends=True)[0]).encode("utf-8"))
    res = reader.parse(good, "x/trainees_256702.csv", KEY)
    assert res.rows.height == 1 and res.status == "loaded"

    wrong_header = tmp_path / "trainees_256703.csv"
    wrong_header.write_bytes(("a,b\r\n" + ROWS).encode("utf-8"))
    res = reader.parse(wrong_header, "x/trainees_256703.csv", KEY)
    assert res.status == "quarantined" and res.rows_in == 7
    assert "header row" in res.file_error
    with pytest.raises(ValueError, match="does not match"):
        reader.partition_month(tmp_path / "other.csv")


def test_spec_suite_from_columns():
    from quality import validate
    from quality.suites import LAKE_SUITES
    from quality.suites.from_spec import register_spec_suite

    spec = EntitySpec.model_validate(TRAINEES)
    name = register_spec_suite("mol_dsd", spec)
    assert LAKE_SUITES[("mol_dsd", "trainees")] == name == "mol_dsd.trainees"
    frame = pl.DataFrame(
        {
            "_source_file": ["f", "f"],
            "_source_line": [2, 3],
            "_load_id": ["l", "l"],
            "person_key": ["kqddnvqobcf7pdt2qvwmsu7wdm", "kqddnvqobcf7pdt2qvwmsu7wdm"],
            "province_code": ["TH-10", "TH-99"],
            "course": ["A", "B"],
            "trained_on": [dt.date(2024, 1, 1)] * 2,
            "hours": [12, 900],
            "fee": [None, None],
        }
    )
    result = validate(frame, name)
    failed = {r.key for r in result.failures}
    assert failed == {"province_code_known_province", "hours_between"}, result.summary()


def test_orchestration_derives_assets_checks_and_sensors_from_specs():
    from dagster import AssetKey, build_sensor_context

    from orchestration.definitions import defs
    from orchestration.lake import file_drop_sensor

    repo = defs.get_repository_def()
    checks = {(k.asset_key, k.name) for k in repo.asset_graph.asset_check_keys}
    sensors = {s.name for s in repo.sensor_defs}
    for t in ENTITIES:
        key = AssetKey(["lake", t.source, t.entity])
        assert (key, "row_conservation") in checks and (key, "expectations") in checks
        assert f"{t.source}__{t.entity}__file_drop" in sensors
        node = repo.asset_graph.get(key)
        assert node.group_name == t.source
        assert node.partitions_def.get_partition_keys()[0] == "2024-01"

    lfs = next(t for t in ENTITIES if t.entity == "labour_force")
    sensor = file_drop_sensor(lfs)
    old = os.environ.get("LABOUR_DATA_DIR")
    try:
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            os.environ["LABOUR_DATA_DIR"] = d
            drop = Path(d) / "sources" / "nso_lfs"
            drop.mkdir(parents=True)
            (drop / "lfs_2567_q2.xlsx").write_bytes(b"not really a workbook")
            requests = list(sensor(build_sensor_context()))
            assert [r.partition_key for r in requests] == ["2024-04"]
            again = list(sensor(build_sensor_context()))
            assert again[0].run_key == requests[0].run_key  # unchanged folder, same run key
    finally:
        if old is None:
            os.environ.pop("LABOUR_DATA_DIR", None)
        else:
            os.environ["LABOUR_DATA_DIR"] = old


@pytest.mark.parametrize("kind", ["csv", "python"])
def test_scaffold_writes_a_valid_spec_stub_model_and_test(tmp_path: Path, kind: str):
    from labour_cli.source import scaffold

    (tmp_path / "ingestion/sources").mkdir(parents=True)
    (tmp_path / "tests/unit").mkdir(parents=True)
    files = scaffold(tmp_path, "mol_dsd", "trainees", kind)
    spec = load_spec(tmp_path / "ingestion/sources/mol_dsd/source.yaml")
    entity = spec.entities[0]
    assert entity.reader.kind == kind and entity.files.pattern.startswith("mol_dsd/trainees/")
    for path in files:
        if path.suffix == ".py":
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
    sql = (tmp_path / "dbt_project/models/staging/mol_dsd/stg_mol_dsd__trainees.sql").read_text()
    assert "source('mol_dsd', 'trainees')" in sql and "partition_month('month')" in sql

    # the stub says clearly what to do until it is filled
    import importlib.util

    stub = tmp_path / "ingestion/sources/mol_dsd/trainees.py"
    mod_spec = importlib.util.spec_from_file_location("scaffold_stub", stub)
    module = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(module)
    assert module.partition_month(Path("trainees_256703.csv")) == "2024-03"
    with pytest.raises(NotImplementedError, match="not written yet"):
        module.parse(Path("x.csv"), "mol_dsd/trainees/x.csv", KEY)
