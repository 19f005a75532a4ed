"""Environment the pipeline runs in, resolved once: data root, dbt's build file, Dagster home.

dbt runs as a subprocess and reads these from the environment, so they are exported here.
"""

from __future__ import annotations

import os

from ingestion.landing import DataPaths


def configure() -> DataPaths:
    paths = DataPaths.from_env()
    os.environ["LABOUR_DATA_DIR"] = str(paths.root)
    os.environ.setdefault("LABOUR_WAREHOUSE_BUILD_PATH", str(paths.warehouse_build))
    os.environ.setdefault("DAGSTER_HOME", str(paths.root / "dagster"))
    paths.warehouse_build.parent.mkdir(parents=True, exist_ok=True)
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
    return paths


# The first month the partitions cover; the simulator's default start is the same.
START_MONTH = os.environ.get("LABOUR_START_MONTH", "2024-01")
