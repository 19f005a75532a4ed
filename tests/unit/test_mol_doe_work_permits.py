"""The Department of Employment's work-permit workbook reader (ingestion.sources.mol_doe.
work_permits) against the simulator's own workbooks (written from contracts §1.9 without the
reader's code): every sheet row accounted for, the junk rows quarantined, and the permits in
force at each month's end, computed here from the landed rows, equal the simulator's truth."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingestion.landing.records import count_sheet_rows
from ingestion.simulator import mol_doe, sso_benefits, sso_registry
from ingestion.simulator.generate import generate
from ingestion.sources import ENTITIES
from ingestion.sources._csv_spec import lake_schema
from ingestion.sources.mol_doe import work_permits as wp

KEY = b"unit-test-key-not-a-secret"


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("doe")
    summary = generate(
        out,
        scale=0.0005,
        months=3,
        sources=(sso_registry.Simulator, sso_benefits.Simulator, mol_doe.Simulator),
    )
    return out, summary.sources["mol_doe"]


@pytest.fixture(scope="module")
def landed(simulated) -> pl.DataFrame:
    out, _ = simulated
    frames = []
    for path in sorted((out / "mol_doe" / "work_permits").glob("*.xlsx")):
        rel = str(path.relative_to(out))
        result = wp.parse(path, rel, KEY)
        assert result.file_error is None, result.file_error
        # every non-empty row of the sheet, counted by another Excel reader, is accounted for
        assert result.rows_in + result.rows_control == count_sheet_rows(path, wp.SHEET)
        frames.append(result.rows.with_columns(month=pl.lit(wp.partition_month(path))))
    return pl.concat(frames)


def test_schema_is_the_specs():
    spec = next(e for e in ENTITIES if (e.source, e.entity) == ("mol_doe", "work_permits")).spec
    assert lake_schema(spec) == wp.SCHEMA


def test_partition_month_from_the_name():
    assert wp.partition_month("work_permits_256701.xlsx") == "2024-01"
    assert wp.partition_month("work_permits_256701_p2.xlsx") == "2024-01"
    with pytest.raises(ValueError, match="work_permits_202401"):
        wp.partition_month("work_permits_202401.xlsx")


def test_junk_rows_are_quarantined_the_rest_loaded(simulated, landed):
    _, summary = simulated
    assert landed.height == summary.permit_rows - summary.permit_error_rows > 0
    assert summary.permit_error_rows > 0
    assert landed.select("_source_file", "permit_no").is_unique().all()
    assert "full_name" not in landed.columns and "birth_date" not in landed.columns
    assert landed.get_column("id_non_thai").any()  # IDs starting with 0: flagged, kept


def test_permits_in_force_equal_the_truth(simulated, landed):
    """The stock of a month = each permit's latest version delivered by then, in force on the
    month's last day: computed here in polars, compared with the simulator's truth."""
    out, _ = simulated
    truth = pl.read_csv(out / "_truth" / mol_doe.TRUTH_PERMITS)
    got = []
    for month in sorted(landed.get_column("month").unique()):
        end = pl.lit(month + "-01").str.to_date().dt.month_end()
        latest = (
            landed.filter(pl.col("month") <= month)
            .sort("month", "_source_file", "_source_line")
            .group_by("permit_no")
            .last()
        )
        in_force = latest.filter(
            (pl.col("issue_date") <= end)
            & (pl.col("expiry_date") >= end)
            & (pl.col("cancel_date").is_null() | (pl.col("cancel_date") > end))
        )
        got.append(
            in_force.group_by("province_code", "nationality_code")
            .agg(permit_holders=pl.col("person_key").n_unique())
            .with_columns(month=pl.lit(month))
        )
    key = ["month", "province_code", "nationality_code"]
    expected = truth.filter(pl.col("permit_holders") > 0).select(*key, "permit_holders").sort(key)
    assert pl.concat(got).select(*key, "permit_holders").sort(key).rows() == expected.rows()


def test_the_simulated_api_serves_what_the_specs_pull():
    """Each API table's spec reads its URL from the variable the simulator's API sets, and
    de-duplicates on the id field the API sorts by."""
    from ingestion.simulator.http_api import SIMULATED_APIS

    for entity in ("job_seekers", "vacancies", "placements"):
        spec = next(e for e in ENTITIES if (e.source, e.entity) == ("mol_doe", entity)).spec
        served = SIMULATED_APIS[f"mol_doe/{entity}"]
        assert spec.reader.options["url_env"] == served.url_env
        assert spec.reader.options["id"] == {"field": served.id_field}
        assert served.store == f"mol_doe/{mol_doe.STORES[entity]}"


def test_a_big_month_is_split_into_workbooks_that_land_together(tmp_path, monkeypatch):
    monkeypatch.setattr(mol_doe, "ROWS_PER_WORKBOOK", 500)
    summary = generate(
        tmp_path,
        scale=0.0005,
        months=1,
        sources=(sso_registry.Simulator, sso_benefits.Simulator, mol_doe.Simulator),
    ).sources["mol_doe"]
    parts = sorted((tmp_path / "mol_doe" / "work_permits").glob("*.xlsx"))
    assert [p.name for p in parts] == [
        "work_permits_256701.xlsx",
        "work_permits_256701_p2.xlsx",
        "work_permits_256701_p3.xlsx",
    ]
    results = [wp.parse(p, p.name, KEY) for p in parts]
    assert {wp.partition_month(p) for p in parts} == {"2024-01"}
    assert sum(r.rows.height for r in results) == summary.permit_rows - summary.permit_error_rows
    permits = pl.concat([r.rows for r in results]).get_column("permit_no")
    assert permits.is_unique().all()
