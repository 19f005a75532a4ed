"""Row conservation over the lake manifests: rows in = loaded + quarantined, per file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from quality import samples
from quality.conservation import check_lake_conservation, check_partition_conservation

SRC, ENT, MONTH = "sso_registry", "insured", "2024-01"
F1 = "sso_registry/insured/insured_256701.csv"
F2 = "sso_registry/insured/insured_256701_resend.csv"


def quarantine_rows(source_file: str, n: int, load_id: str = "load-2024-01") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_source_file": [source_file] * n,
            "_source_line": pl.Series(range(100, 100 + n), dtype=pl.Int64),
            "field": ["province"] * n,
            "reason": ["unknown province"] * n,
            "record": ["x-xxxx-xxxxx-xx-x,นาย,…"] * n,
            "_load_id": [load_id] * n,
        }
    )


def write_lake(
    lake: Path,
    raw: pl.DataFrame | None,
    quarantine: pl.DataFrame | None,
    files: list[dict],
    totals: tuple[int, int] | None = None,
    month: str = MONTH,
    load_id: str = "load-2024-01",
) -> None:
    if raw is not None:
        d = lake / "raw" / SRC / ENT / f"month={month}"
        d.mkdir(parents=True, exist_ok=True)
        raw.write_parquet(d / "part-0.parquet")
    if quarantine is not None:
        d = lake / "quarantine" / SRC / ENT / f"month={month}"
        d.mkdir(parents=True, exist_ok=True)
        quarantine.write_parquet(d / "part-0.parquet")
    loaded = sum(f["rows_loaded"] for f in files)
    quarantined = sum(f["rows_quarantined"] for f in files)
    if totals:
        loaded, quarantined = totals
    manifest = {
        "source": SRC,
        "entity": ENT,
        "month": month,
        "load_id": load_id,
        "inputs_fingerprint": "abc",
        "rows_loaded": loaded,
        "rows_quarantined": quarantined,
        "files": [
            {"sha256": "0" * 64, "bytes": 1, "reason": None, "also_delivered_as": [], **f}
            for f in files
        ],
    }
    m = lake / "manifests" / SRC / ENT / f"month={month}.json"
    m.parent.mkdir(parents=True, exist_ok=True)
    m.write_text(json.dumps(manifest), encoding="utf-8")


def entry(
    file: str,
    rows_in: int,
    loaded: int,
    quarantined: int,
    status: str | None = None,
    counted: int | None = None,
):
    """A manifest entry; the file's bytes held a header line and ``counted`` records (default:
    exactly what the parser says it read)."""
    status = status or (
        "loaded" if not quarantined else "quarantined" if not loaded else "partly_quarantined"
    )
    return {
        "file": file,
        "records_counted": (rows_in if counted is None else counted) + 1,
        "count_unit": "csv records",
        "rows_control": 1,
        "rows_in": rows_in,
        "rows_loaded": loaded,
        "rows_quarantined": quarantined,
        "status": status,
    }


def good_lake(lake: Path) -> None:
    raw = pl.concat([samples.insured(F1), samples.insured(F2).head(1)])  # 4 + 1 rows
    write_lake(
        lake,
        raw,
        quarantine_rows(F1, 2),
        [entry(F1, 6, 4, 2), entry(F2, 1, 1, 0)],
    )


def test_conserved_partition_passes(tmp_path):
    good_lake(tmp_path)
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert res.success, res.summary()
    assert (res.rows_in, res.rows_loaded, res.rows_quarantined) == (7, 5, 2)
    assert (res.parquet_rows, res.quarantine_rows) == (5, 2)
    assert [f.parquet_rows for f in res.files] == [4, 1]
    assert "conserved" in res.summary() and res.metadata()["failing_files"] == 0


def test_no_quarantine_dir_means_zero(tmp_path):
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 4, 4, 0)])
    assert check_partition_conservation(tmp_path, SRC, ENT, MONTH).success
    # … and is a failure when the manifest says rows were quarantined
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 5, 4, 1)])
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert not res.success
    assert "quarantine Parquet has 0 rows, Σ rows_quarantined is 1" in res.summary()
    assert res.failing_files[0].problems == ["0 rows in quarantine, manifest says 1"]


def test_rows_in_not_equal_loaded_plus_quarantined(tmp_path):
    write_lake(tmp_path, samples.insured(F1), quarantine_rows(F1, 2), [entry(F1, 7, 4, 2)])
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert not res.success
    (bad,) = res.failing_files
    assert bad.file == F1
    assert "rows_in 7 != rows_loaded 4 + rows_quarantined 2 (difference +1)" in bad.problems
    assert F1 in res.summary()


def test_a_record_the_parser_did_not_account_for_is_caught(tmp_path):
    # the parser says 6 rows in and accounts for all 6: only the count from the bytes (7
    # records besides the header) shows that one record was skipped
    write_lake(
        tmp_path, samples.insured(F1), quarantine_rows(F1, 2), [entry(F1, 6, 4, 2, counted=7)]
    )
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert not res.success
    (bad,) = res.failing_files
    assert "8 physical records (csv records) counted in the file" in bad.problems[0]
    assert "difference +1" in bad.problems[0]


def test_a_manifest_without_an_independent_count_fails(tmp_path):
    e = entry(F1, 4, 4, 0)
    del e["records_counted"]
    write_lake(tmp_path, samples.insured(F1), None, [e])
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert "no independent record count" in res.failing_files[0].problems[0]


def test_parquet_rows_differ_from_manifest(tmp_path):
    raw = pl.concat([samples.insured(F1), samples.insured(F1).head(1)])  # 5 rows, manifest 4
    write_lake(tmp_path, raw, None, [entry(F1, 4, 4, 0)])
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert "partition Parquet has 5 rows, Σ rows_loaded is 4" in res.problems
    assert res.failing_files[0].problems == ["5 rows in the partition, manifest says 4"]
    # footers only: the total still catches it
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH, per_file=False)
    assert not res.success and not res.failing_files


def test_rows_attributed_to_the_wrong_file(tmp_path):
    raw = samples.insured(F1)  # all four rows claim F1, the manifest says 3 + 1
    write_lake(tmp_path, raw, None, [entry(F1, 3, 3, 0), entry(F2, 1, 1, 0)])
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert not res.problems  # the totals agree …
    assert {f.file for f in res.failing_files} == {F1, F2}  # … the files do not


def test_manifest_totals_must_equal_file_sums(tmp_path):
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 4, 4, 0)], totals=(5, 0))
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert "manifest rows_loaded 5 != Σ files' rows_loaded 4" in res.problems


def test_status_must_agree_with_numbers(tmp_path):
    write_lake(
        tmp_path, samples.insured(F1), quarantine_rows(F1, 1), [entry(F1, 5, 4, 1, "loaded")]
    )
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert res.failing_files[0].problems == ["status 'loaded' but rows were quarantined"]


def test_stale_partition_load_id(tmp_path):
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 4, 4, 0)], load_id="load-new")
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert any("_load_id load-2024-01, manifest says load-new" in p for p in res.problems)


def test_rows_from_unlisted_file(tmp_path):
    raw = pl.concat([samples.insured(F1), samples.insured(F2).head(1)])
    write_lake(tmp_path, raw, None, [entry(F1, 4, 4, 0)], totals=(5, 0))
    res = check_partition_conservation(tmp_path, SRC, ENT, MONTH)
    assert any(F2 in p and "does not list" in p for p in res.problems)


def test_missing_manifest(tmp_path):
    res = check_partition_conservation(tmp_path, SRC, ENT, "2024-03")
    assert not res.success and "manifest missing" in res.problems[0]


@pytest.mark.parametrize("per_file", [True, False])
def test_lake_conservation(tmp_path, per_file):
    good_lake(tmp_path)
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 4, 4, 0)], month="2024-02")
    res = check_lake_conservation(tmp_path, per_file=per_file)
    assert res.success, res.summary()
    assert [p.month for p in res.partitions] == ["2024-01", "2024-02"]
    assert res.metadata()["rows_in"] == 11

    # a partition with data but no manifest, and a broken one
    orphan = tmp_path / "raw" / "sso_registry" / "employers" / "month=2024-01"
    orphan.mkdir(parents=True)
    samples.employers().write_parquet(orphan / "part-0.parquet")
    write_lake(tmp_path, samples.insured(F1), None, [entry(F1, 5, 4, 0)], month="2024-02")
    res = check_lake_conservation(tmp_path, per_file=per_file)
    assert not res.success
    assert [p.month for p in res.failing] == ["2024-02"]
    assert res.problems == [
        "raw/sso_registry/employers/month=2024-01 holds data but has no manifest"
    ]
    assert "NOT conserved" in res.summary()


def test_empty_lake_is_conserved(tmp_path):
    assert check_lake_conservation(tmp_path).success
