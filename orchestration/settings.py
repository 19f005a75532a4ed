"""Environment the pipeline runs in, resolved once: data root, dbt's build file, Dagster home.

dbt runs as a subprocess and reads these from the environment, so they are exported here.
"""

from __future__ import annotations

import os

from dagster import DefaultScheduleStatus, DefaultSensorStatus

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


#: ``labour up`` sets this to "on": the file-drop sensors, the warehouse refresh that follows
#: them and the schedules then start RUNNING in the dagster-daemon it starts. Anywhere else
#: (the test suite, `dagster definitions validate`, a bare `dagster dev`) they load STOPPED, so
#: nothing ticks unless asked to, and they can still be turned on in the Dagster UI.
AUTOMATION_ENV = "LABOUR_AUTOMATION"


def automation_on() -> bool:
    return os.environ.get(AUTOMATION_ENV, "off").lower() in ("on", "1", "true")


def sensor_status() -> DefaultSensorStatus:
    return DefaultSensorStatus.RUNNING if automation_on() else DefaultSensorStatus.STOPPED


def schedule_status() -> DefaultScheduleStatus:
    return DefaultScheduleStatus.RUNNING if automation_on() else DefaultScheduleStatus.STOPPED


#: How often each file-drop sensor looks at its folder (a stat per file, no reads).
SENSOR_INTERVAL_S = int(os.environ.get("LABOUR_SENSOR_INTERVAL_S", "60"))
