"""The LFS table-2 reader (ingestion.sources.nso_lfs.labour_status) on the simulator's own
workbooks: every province row lands, and the figures read back give the simulator's truth
(the KILM numerators and denominators, and table 1's labour force). The bad-input corpus
(tests/bad_inputs/nso_lfs__labour_status) covers the broken workbooks."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ingestion.landing.records import count_sheet_rows
from ingestion.simulator import nso_lfs, nso_lfs_status
from ingestion.simulator.generate import generate
from ingestion.sources.nso_lfs import employment_by_industry
from ingestion.sources.nso_lfs import labour_status as reader


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lfs")
    # three quarters; only the two LFS simulators (the world is built all the same)
    generate(
        out,
        scale=0.0005,
        months=7,
        start="2024-02",
        seed=7,
        sources=(nso_lfs.Simulator, nso_lfs_status.Simulator),
    )
    return out


def _parsed(out: Path, module=reader) -> pl.DataFrame:
    frames = []
    for path in sorted((out / "nso_lfs").glob("status_*_q*.xlsx")):
        rel = f"nso_lfs/{path.name}"
        result = module.parse(path, rel, b"")
        assert result.file_error is None, result.file_error
        assert result.quarantine.height == 0
        assert result.rows.height == 77
        # every non-empty row of the sheet is data or control (landing's independent count)
        assert result.rows_in + result.rows_control == count_sheet_rows(path, module.SHEET)
        frames.append(result.rows)
    return pl.concat(frames)


def test_every_workbook_reads_back_to_the_truth(deliveries: Path) -> None:
    rows = _parsed(deliveries)
    assert rows.select("year", "quarter").unique().height == 3
    table1 = pl.read_csv(
        deliveries / "_truth" / nso_lfs.TRUTH, schema_overrides={"province_code": pl.String}
    ).cast({"year": pl.Int16, "quarter": pl.Int8})
    both = rows.join(table1, on=["year", "quarter", "province_code"], validate="1:1")
    assert both.height == rows.height
    # table 2 splits table 1's total labour force
    lf = pl.col("employed") + pl.col("unemployed") + pl.col("seasonally_inactive")
    assert both.select((lf == pl.col("labour_force")).all()).item()

    truth = pl.read_csv(
        deliveries / "_truth" / nso_lfs_status.TRUTH, schema_overrides={"province_code": pl.String}
    ).filter(pl.col("province_code").is_not_null())
    sdg = (
        pl.col("employees_without_social_security")
        + pl.col("own_account_informal_sector")
        + pl.col("contributing_family_workers")
    )
    recomputed = both.select(
        pl.col("year").cast(pl.Int64),
        pl.col("quarter").cast(pl.Int64),
        "province_code",
        lfpr_n=pl.col("employed") + pl.col("unemployed"),
        lfpr_d=pl.col("population_15_plus"),
        unemp_n=pl.col("unemployed"),
        nso_n=pl.col("informal_workforce"),
        sdg_n=sdg,
        agri_n=pl.col("employed_agriculture"),
        emp=pl.col("employed"),
    )
    expected = {
        "labour_force_participation_rate": ("lfpr_n", "lfpr_d"),
        "unemployment_rate": ("unemp_n", "lfpr_n"),
        "informal_employment_share_nso": ("nso_n", "emp"),
        "informal_employment_share_sdg_8_3_1": ("sdg_n", "emp"),
        "employment_share_agriculture": ("agri_n", "emp"),
    }
    for code, (num, den) in expected.items():
        t = truth.filter(pl.col("indicator_code") == code).join(
            recomputed, on=["year", "quarter", "province_code"], validate="1:1"
        )
        assert t.height == rows.height, code
        assert (t["numerator"] == t[num]).all(), code
        assert (t["denominator"] == t[den]).all(), code


def test_industry_sheet_reads_back_to_the_truth(deliveries: Path) -> None:
    """Table 3's sections, read back, are the simulator's, and each province's sections add
    up to table 2's employed, split by sector (A; B-F; G-U)."""
    sections = _parsed(deliveries, employment_by_industry)
    status = _parsed(deliveries)
    key = ["year", "quarter", "province_code"]
    both = sections.join(status, on=key, validate="1:1", suffix="_status")
    assert both.height == status.height
    assert (both["employed"] == both["employed_status"]).all()
    industry = sum(both[f"section_{c}"] for c in "bcdef")
    services = sum(both[f"section_{c}"] for c in "ghijklmnopqrstu")
    assert (both["section_a"] == both["employed_agriculture"]).all()
    assert (industry == both["employed_industry"]).all()
    assert (services == both["employed_services"]).all()
    truth = pl.read_csv(
        deliveries / "_truth" / nso_lfs_status.TRUTH_INDUSTRY,
        schema_overrides={"province_code": pl.String},
    ).filter(pl.col("province_code").is_not_null())
    long = sections.unpivot(
        index=key, on=[f"section_{c.lower()}" for c in "ABCDEFGHIJKLMNOPQRSTU"]
    ).select(
        pl.col("year").cast(pl.Int64),
        pl.col("quarter").cast(pl.Int64),
        "province_code",
        pl.col("variable").str.slice(8).str.to_uppercase().alias("section_code"),
        pl.col("value").alias("read"),
    )
    joined = truth.join(long, on=[*key, "section_code"], validate="1:1")
    assert joined.height == truth.height == 21 * status.height
    assert (joined["employed"] == joined["read"]).all()


def test_national_calibration_at_full_scale() -> None:
    """At scale 1.0 the Q2 2023 figures are near DOMAIN.md's: 430 k unemployed (about 1.1 %),
    about 55 % of the informal in agriculture, and the SDG 8.3.1 share several points above
    NSO's."""
    import numpy as np

    lf, informal = nso_lfs.labour_force(2024, 1.0, 2023, 2)
    table = nso_lfs_status.labour_status(np.random.default_rng(1), lf, informal, 2)
    kingdom = nso_lfs_status.indicators(2023, 2, table, informal).filter(
        pl.col("province_code").is_null()
    )
    value = dict(zip(kingdom["indicator_code"], kingdom["value_pct"], strict=True))
    assert 400_000 < table["unemployed"].sum() < 470_000
    assert 0.9 <= value["unemployment_rate"] <= 1.2
    assert 50 <= value["informal_in_agriculture_share_nso"] <= 60
    assert (
        3
        <= value["informal_employment_share_sdg_8_3_1"] - value["informal_employment_share_nso"]
        <= 8
    )
    assert 27 <= value["employment_share_agriculture"] <= 33


@pytest.mark.parametrize(
    ("text", "count"), [("1,234", 1234), ("๑,๒๓๔", 1234), ("-", 0), ("…", 0), ("12.0", 12)]
)
def test_parse_count(text: str, count: int) -> None:
    assert reader.parse_count(text, 9, "employed") == count


def test_parse_count_names_row_and_field() -> None:
    with pytest.raises(reader.SheetError, match="row 9 field employed"):
        reader.parse_count("12.5", 9, "employed")


def test_partition_month() -> None:
    assert reader.partition_month("nso_lfs/status_2567_q3.xlsx") == "2024-07"
    with pytest.raises(ValueError, match=r"status_2024_q3\.xlsx"):
        reader.partition_month("nso_lfs/status_2024_q3.xlsx")
