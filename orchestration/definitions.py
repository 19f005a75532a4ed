"""The Dagster code location: the lake tables derived from the source specs, the warehouse,
and one job per partitioning (monthly, quarterly) over the lake tables."""

from datetime import timedelta

from dagster import (
    AssetSelection,
    Definitions,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from ingestion.sources import ENTITIES
from orchestration.automation import warehouse_after_landing

# Modules, not their `defs`: Dagster refuses a code location with more than one Definitions
# object at module scope.
from orchestration.defs.connectors import definitions as connectors
from orchestration.defs.sources import definitions as sources
from orchestration.defs.warehouse import definitions as warehouse
from orchestration.lake import lake_key
from orchestration.partitions import TIMEZONE, monthly, quarterly
from orchestration.settings import schedule_status
from orchestration.sqlite_tuning import install as tune_dagster_sqlite

tune_dagster_sqlite()


def _lake_tables(partition: str) -> AssetSelection:
    return AssetSelection.assets(
        *[lake_key(t.source, t.entity) for t in ENTITIES if t.partition == partition]
    )


lake_monthly = define_asset_job(
    "lake_monthly",
    selection=_lake_tables("monthly"),
    partitions_def=monthly,
    description="Land one month of every monthly source into the lake, with their checks.",
)
lake_quarterly = define_asset_job(
    "lake_quarterly",
    selection=_lake_tables("quarterly"),
    partitions_def=quarterly,
    description="Land one quarter of every quarterly source (the NSO Labour Force Survey).",
)
refresh_warehouse = define_asset_job(
    "refresh_warehouse",
    selection=AssetSelection.assets(warehouse.warehouse_models, warehouse.published_warehouse),
    description="dbt build, mart checks, publish: run after the month's lake partitions land.",
)


@schedule(
    job=lake_monthly,
    cron_schedule="0 6 1 * *",
    execution_timezone=TIMEZONE,
    default_status=schedule_status(),
    description="06:00 Bangkok on the 1st: land the month that has just ended.",
)
def lake_monthly_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    ended = (context.scheduled_execution_time.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return RunRequest(partition_key=ended, run_key=f"lake_monthly:{ended}")


# a job over no assets cannot be built: only the partitionings some source uses
_used = {t.partition for t in ENTITIES}
defs = Definitions.merge(
    connectors.defs,
    sources.defs,
    warehouse.defs,
    Definitions(
        jobs=[
            *([lake_monthly] if "monthly" in _used else []),
            *([lake_quarterly] if "quarterly" in _used else []),
            refresh_warehouse,
        ],
        schedules=[lake_monthly_schedule] if "monthly" in _used else [],
        sensors=[warehouse_after_landing()],
    ),
)
