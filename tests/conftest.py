"""Shared fixtures: the whole pipeline, run once per test session at a small scale through the
CLI, as a user runs it. The integration, Superset and browser tests all read its output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCALE, MONTHS = "0.0002", "3"
TEST_KEY = "test-key-not-a-secret-0123456789"


def labour(
    data: Path, *args: str, timeout: int = 1200, repo: Path = REPO
) -> subprocess.CompletedProcess:
    """Run `labour …` from the checkout `repo` in a subprocess against the data root `data`;
    fail with its output."""
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_PSEUDONYM_KEY": TEST_KEY,
        "DAGSTER_HOME": str(data / "dagster"),
        "COLUMNS": "160",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "labour_cli.main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"labour {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}",
            pytrace=False,
        )
    return proc


#: lineage columns: they name the delivered files, and a connector's drops are named by the
#: time of the pull, so two runs that pull the same records give them different values
LINEAGE_COLUMNS = (
    "source_file",
    "source_line",
    "load_id",
    "_source_file",
    "_source_line",
    "_load_id",
    "source_file_names",  # lineage__mart_rows: the files behind a mart row, pulled drops included
    "input_loads",  # incremental facts: the partitions and load ids a row was built from
)


def warehouse_digest(warehouse: Path, exclude: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Per table of a warehouse: row count, distinct rows and a content hash, independent of
    row order (two warehouses with equal digests hold the same rows, duplicates included);
    ``exclude``: columns left out of the comparison."""
    import duckdb

    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema in ('staging', 'intermediate', 'marts') "
            "order by 1, 2, ordinal_position"
        ).fetchall():
            if column not in exclude:
                columns.setdefault((schema, table), []).append(f'"{column}"')
        for (schema, table), cols in sorted(columns.items()):
            row = ", ".join(cols)
            out[f"{schema}.{table}"] = con.execute(
                f"select count(*), count(distinct ({row})), sum(hash({row})) "
                f'from "{schema}"."{table}"'
            ).fetchone()
    return out


@pytest.fixture(scope="session")
def small_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data root with simulated deliveries, the lake and the published warehouse."""
    data = tmp_path_factory.mktemp("pipeline")
    labour(data, "generate", "--scale", SCALE, "--months", MONTHS)
    labour(data, "run")
    return data
