"""Re-deliveries: the same file twice, the same file renamed, and a corrected filing that
replaces an earlier one for the same employer branch and month (the correction wins; the lake
keeps both, the replaced one marked)."""

from __future__ import annotations

import shutil
from decimal import Decimal

import polars as pl

from ingestion.landing import DataPaths, land_partition
from tests.unit.test_sources_contributions import DETAILS, good_lines, nid, write_file

KEY = b"test-key-0123456789"
MONTH = "2024-01"


def land(paths: DataPaths):
    return land_partition("sso_efiling", "contributions", MONTH, key=KEY, paths=paths)


def lake(paths: DataPaths) -> pl.DataFrame:
    return pl.read_parquet(paths.raw("sso_efiling", "contributions", MONTH) / "*.parquet")


def test_the_same_file_twice_is_recorded_not_loaded_twice(tmp_path):
    paths = DataPaths(tmp_path)
    original, rel = write_file(paths.sources, good_lines())
    first = land(paths)
    copy = paths.sources / "sso_efiling/resent-256702" / original.name
    copy.parent.mkdir(parents=True)
    shutil.copy(original, copy)
    again = land(paths)
    assert again.skipped and again.load_id == first.load_id
    (entry,) = again.files
    assert entry.file == rel and entry.also_delivered_as == [
        copy.relative_to(paths.sources).as_posix()
    ]
    assert lake(paths).height == len(DETAILS)


def test_the_same_file_renamed_is_relanded_under_its_new_name(tmp_path):
    paths = DataPaths(tmp_path)
    original, _ = write_file(paths.sources, good_lines())
    land(paths)
    before = lake(paths).drop("_source_file", "_load_id")
    moved = paths.sources / "sso_efiling/256701-redelivered" / original.name
    moved.parent.mkdir(parents=True)
    original.rename(moved)
    land(paths)
    lake_rows = lake(paths)
    # the same rows, and their lineage points at the file that exists now
    assert lake_rows.drop("_source_file", "_load_id").equals(before)
    assert set(lake_rows["_source_file"]) == {moved.relative_to(paths.sources).as_posix()}


def test_a_corrected_filing_wins_and_the_lake_keeps_both(tmp_path):
    paths = DataPaths(tmp_path)
    _, first_rel = write_file(paths.sources, good_lines())
    corrected = [*DETAILS[:2], (nid("310170023071"), Decimal("9000"), Decimal("450"), "005")]
    path, _ = write_file(paths.sources, good_lines(corrected))
    r2 = path.with_name(path.name.replace(".txt", "_R2.txt"))
    path.rename(r2)
    write_file(paths.sources, good_lines())  # the first filing again, as delivered
    manifest = land(paths)
    assert manifest.committed
    by_file = {e.file: e for e in manifest.files}
    r2_rel = r2.relative_to(paths.sources).as_posix()
    assert by_file[first_rel].superseded_by == r2_rel and by_file[r2_rel].superseded_by is None
    rows = lake(paths)
    assert rows.height == 2 * len(DETAILS)  # both revisions are in the lake
    current = rows.filter(pl.col("_superseded_by").is_null())
    assert set(current["_source_file"]) == {r2_rel}
    assert current["wage"].sum() == Decimal("44000")  # 15,000 + 20,000 + 9,000
    marked = rows.filter(pl.col("_superseded_by").is_not_null())
    assert set(marked["_superseded_by"]) == {r2_rel}
