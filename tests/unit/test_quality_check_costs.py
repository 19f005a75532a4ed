"""The cheaper ways the blocking checks and the reader work give the same answers as the
plain ones: national IDs cleaned only where not already canonical, lineage columns counted as
dictionaries, small partitions validated through the chunked path (cross-row checks in DuckDB),
chunks that span files, and GX without its batch fingerprint."""

from __future__ import annotations

import importlib
import random
from collections import Counter
from decimal import Decimal

import polars as pl
import pytest

from ingestion.thai.national_id import clean_national_id_expr, clean_national_ids
from quality import samples
from quality.conservation import _column_counts
from quality.validate import _chunks, _gx, validate, validate_lake_partition
from quality.validate import partition_dir as lake_dir

SUITE = "sso_efiling.contributions"
PARAMS = {"partition_month": "2024-01"}


def _clean_every_value(s: pl.Series) -> pl.Series:
    """The cleaning rule applied to every value (what clean_national_ids did before)."""
    return pl.select(clean_national_id_expr(pl.lit(s))).to_series().alias(s.name)


@pytest.mark.parametrize(
    "values",
    [
        ["1101700230708", "3100600123456"],  # all canonical: the fast path only
        ["1 1017 00230 70 8", "๑๑๐๑๗๐๐๒๓๐๗๐๘", None, "x", "", "11017002307089"],
        ["1101700230708", "1-1017-00230-70-8", None, " 1101700230708 ", "1101700230708"],
        [None, None],
        [],
    ],
)
def test_clean_national_ids_equals_the_rule_on_every_value(values):
    s = pl.Series("nid", values, dtype=pl.String)
    got = clean_national_ids(s)
    assert got.name == "nid" and got.dtype == pl.String
    assert got.to_list() == _clean_every_value(s).to_list()


def test_clean_national_ids_of_a_large_mixed_batch():
    rng = random.Random(7)
    values = [str(rng.randrange(10**12, 10**13)) for _ in range(5000)]
    for i in range(0, 5000, 97):  # sprinkle the forms that need cleaning or are invalid
        values[i] = rng.choice([None, "1 1017 00230 70 8", "๑๑๐๑๗๐๐๒๓๐๗๐๘", "12345", "abc"])
    s = pl.Series("national_id", values)
    assert clean_national_ids(s).to_list() == _clean_every_value(s).to_list()


def test_clean_national_ids_of_integers():
    s = pl.Series("n", [1101700230708, None, 42])
    assert clean_national_ids(s).to_list() == _clean_every_value(s).to_list()


def test_lineage_counts_as_dictionaries_across_row_groups(tmp_path):
    rng = random.Random(3)
    names = [rng.choice(["a.txt", "b.txt", "ก.txt", None]) for _ in range(5000)]
    df = pl.DataFrame({"_source_file": names, "_load_id": ["L1"] * 5000})
    df.write_parquet(tmp_path / "x.parquet", row_group_size=700)  # many dictionaries
    df.drop("_load_id").write_parquet(tmp_path / "y.parquet", row_group_size=900)

    files, ids = _column_counts([tmp_path / "x.parquet"], "_source_file", "_load_id")
    assert files == Counter(names) and ids == Counter({"L1": 5000})
    files, ids = _column_counts(
        [tmp_path / "x.parquet", tmp_path / "y.parquet"], "_source_file", "_load_id"
    )
    assert files == Counter(names) + Counter(names)
    assert ids is None  # a file lacks the column
    assert _column_counts([], "_source_file") == [Counter()]


def _bad_month() -> pl.DataFrame:
    base = samples.contributions()
    df = pl.concat(
        [base.with_columns(employer_account=pl.lit(f"{1000000001 + i:010d}")) for i in range(5)]
    ).with_row_index("_i")
    df = df.with_columns(
        wage=pl.when(pl.col("_i") == 2).then(pl.lit(Decimal("100.00"))).otherwise("wage")
    ).drop("_i")
    return pl.concat([df, df.slice(1, 1), df.slice(4, 1)])  # two duplicated lines


@pytest.fixture(scope="module")
def gx_loaded():
    _gx()


def test_a_small_partition_gets_the_verdict_of_one_frame(tmp_path, gx_loaded):
    """Below CHUNK_ROWS the partition is still one GX frame, but its cross-row checks run in
    DuckDB: the same verdict and counts as validating the frame whole with GX."""
    df = _bad_month()
    d = lake_dir(tmp_path, "raw", "sso_efiling", "contributions", "2024-01")
    d.mkdir(parents=True)
    df.slice(0, 9).write_parquet(d / "part-00000.parquet")
    df.slice(9).write_parquet(d / "part-00001.parquet")
    lake = validate_lake_partition(tmp_path, "sso_efiling", "contributions", "2024-01")
    whole = validate(df, SUITE, PARAMS)
    assert not lake.success and lake.rows_checked == df.height
    assert [o.key for o in lake.results] == [o.key for o in whole.results]
    got = {o.key: (o.success, o.unexpected_count) for o in lake.results}
    assert got == {o.key: (o.success, o.unexpected_count) for o in whole.results}
    # every outcome as GX gives it on the whole frame, examples in its order included
    assert [o.line() for o in lake.results] == [o.line() for o in whole.results]
    dup = next(o for o in lake.results if o.key == "line_unique")
    assert dup.unexpected_count == 4 and len(dup.examples) == 4  # both rows of each pair


def test_chunks_span_files_and_keep_every_row(tmp_path):
    df = pl.DataFrame({"a": list(range(23)), "b": [str(i) for i in range(23)]})
    files = []
    for i, start in enumerate(range(0, 23, 4)):
        f = tmp_path / f"p{i}.parquet"
        df.slice(start, 4).write_parquet(f)
        files.append(f)
    chunks = list(_chunks(files, 10))
    assert [c.height for c in chunks] == [8, 8, 7]  # whole files of 4 rows, at most 10 a chunk
    assert pl.concat(chunks).equals(df)
    # a file of another schema starts a chunk of its own
    pl.DataFrame({"a": [99]}).write_parquet(tmp_path / "z.parquet")
    chunks = list(_chunks([*files, tmp_path / "z.parquet"], 100))
    assert [c.height for c in chunks] == [23, 1]


def test_gx_does_not_fingerprint_batches(gx_loaded):
    """The batch fingerprint hashes every value and is read by nothing here."""
    engine = importlib.import_module("great_expectations.execution_engine.pandas_execution_engine")
    assert engine.HASH_THRESHOLD == 0


def test_a_revised_filing_is_not_a_duplicate_of_the_file_it_supersedes(tmp_path, gx_loaded):
    """A corrected filing (an _R1 revision) repeats the lines of the file it replaces, which stay
    in the partition marked ``_superseded_by``: keys are unique among the current rows, and a
    line repeated by two current files is still refused."""
    base = samples.contributions().with_columns(_source_file=pl.lit("a/x.txt"))
    old = base.with_columns(_superseded_by=pl.lit("a/x_R1.txt"))
    revision = base.with_columns(
        _source_file=pl.lit("a/x_R1.txt"), _superseded_by=pl.lit(None, pl.String)
    )
    d = lake_dir(tmp_path, "raw", "sso_efiling", "contributions", "2024-01")
    d.mkdir(parents=True)
    old.write_parquet(d / "part-00000.parquet")
    revision.write_parquet(d / "part-00001.parquet")

    def line_unique() -> bool:
        lake = validate_lake_partition(tmp_path, "sso_efiling", "contributions", "2024-01")
        return next(o for o in lake.results if o.key == "line_unique").success

    assert line_unique()
    # the same lines from a second file that supersedes nothing: duplicates
    revision.with_columns(_source_file=pl.lit("a/y.txt")).write_parquet(d / "part-00002.parquet")
    assert not line_unique()
