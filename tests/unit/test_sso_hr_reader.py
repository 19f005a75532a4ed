"""The SSO staff-welfare workbook reader (ingestion/sources/sso_hr/welfare.py): every non-empty
sheet row accounted for as landing counts it apart, the simulator's workbooks read back to the
simulator's own figures, the office list, the schema equal to the spec, file names."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingestion.landing.records import count_sheet_rows
from ingestion.simulator import sso_hr as simulator
from ingestion.simulator.world import World, month_calendar
from ingestion.sources.spec import get_entity_spec
from ingestion.sources.sso_hr import welfare

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs" / "sso_hr__welfare"
CASES = [pytest.param(p, id=p.parent.name) for p in sorted(CORPUS.glob("*/*.xlsx"))]


@pytest.mark.parametrize("path", CASES)
def test_every_sheet_row_is_data_control_or_quarantined(path: Path) -> None:
    result = welfare.parse(path, f"sso_hr/welfare/{path.name}", b"")
    assert result.rows_in == result.rows.height + result.quarantine.height
    assert result.rows_in + result.rows_control == count_sheet_rows(path, welfare.SHEET)


def test_simulator_workbooks_read_back_to_its_truth(tmp_path: Path) -> None:
    """Two months written by the simulator (numbers sometimes typed as text, Thai digits, '-')
    parse to exactly the figures its truth table holds."""
    world = World(0.0002, month_calendar("2024-01", 2), 7)
    sim = simulator.Simulator(world, tmp_path, lambda _name: None)
    for month in world.months:
        world.step(month)
        sim.month(month)
    sim.finish()
    truth = pl.read_csv(tmp_path / "_truth" / simulator.TRUTH, infer_schema=False)
    frames = []
    for path in sorted((tmp_path / "sso_hr" / "welfare").glob("*.xlsx")):
        result = welfare.parse(path, f"sso_hr/welfare/{path.name}", b"")
        assert result.quarantine.height == 0, result.quarantine
        frames.append(result.rows)
    got = pl.concat(frames).select(
        pl.col("report_month").dt.strftime("%Y-%m").alias("month"),
        "office_code",
        "province_code",
        *(pl.col(m).cast(pl.String) for m in simulator.MEASURES),
    )
    assert got.height == 2 * 89
    assert got.sort("month", "office_code").equals(
        truth.select(got.columns).sort("month", "office_code")
    )


def test_offices_are_head_office_bangkok_areas_and_one_per_other_province() -> None:
    offices = welfare.office_codes()
    kinds = pl.Series([kind for kind, _ in offices.values()]).value_counts(sort=True)
    assert dict(kinds.iter_rows()) == {"provincial": 76, "bangkok_area": 12, "head_office": 1}
    assert offices["0000"] == ("head_office", "TH-12")
    assert offices["5000"] == ("provincial", "TH-50")
    assert {o.code for o in simulator.offices()} == set(offices)


def test_schema_is_the_spec() -> None:
    spec = get_entity_spec("sso_hr", "welfare")
    lake = {k: v for k, v in welfare.SCHEMA.items() if not k.startswith("_")}
    assert list(lake) == [c.name for c in spec.columns]


def test_partition_month_from_the_file_name() -> None:
    assert welfare.partition_month("welfare_256701.xlsx") == "2024-01"
    with pytest.raises(ValueError, match="welfare"):
        welfare.partition_month("welfare_2024-01.xlsx")
