"""What makes months flow without anyone typing a command, under the dagster-daemon that
`labour up` starts: after the file-drop sensors (orchestration.lake) have landed a delivery,
this sensor refreshes the warehouse (dbt build, mart checks, publish) once the lake is quiet.

It compares storage ids in the Dagster instance: the newest materialization of any lake table
against the newest of the published warehouse. A landing newer than the last publication asks
for one ``refresh_warehouse`` run, keyed by that landing, so a refresh that fails its checks is
not retried in a loop (the next landing asks again). While any run is queued or running it
waits, so a month delivered as a dozen files, each landed by its own run, is published once.
A landing that left the lake as it was (an unchanged rerun: every partition keeps its version)
asks for nothing: the published build's lake fingerprint still matches (warehouse.publish).
"""

from dagster import (
    AssetKey,
    DagsterRunStatus,
    RunRequest,
    RunsFilter,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from ingestion.sources import ENTITIES
from orchestration.lake import lake_key
from orchestration.settings import SENSOR_INTERVAL_S, configure, sensor_status

REFRESH_JOB = "refresh_warehouse"
PUBLISHED = AssetKey(["warehouse", "labour_duckdb"])
_BUSY = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


def _newest_materialization(context: SensorEvaluationContext, keys: list[AssetKey]) -> int:
    """The storage id of the newest materialization of any of ``keys`` (0: none yet)."""
    newest = 0
    for record in context.instance.get_asset_records(keys):
        last = record.asset_entry.last_materialization_record
        if last is not None:
            newest = max(newest, last.storage_id)
    return newest


def warehouse_after_landing() -> SensorDefinition:
    lake_keys = [lake_key(t.source, t.entity) for t in ENTITIES]

    @sensor(
        name="refresh_warehouse_after_landing",
        job_name=REFRESH_JOB,
        minimum_interval_seconds=SENSOR_INTERVAL_S,
        default_status=sensor_status(),
        description="A lake partition landed after the warehouse was last published → "
        "refresh the warehouse (once no run is queued or running).",
    )
    def _sensor(context: SensorEvaluationContext):
        landed = _newest_materialization(context, lake_keys)
        if not landed:
            return SkipReason("nothing landed yet")
        if _newest_materialization(context, [PUBLISHED]) > landed:
            return SkipReason("the published warehouse is newer than every landing")
        from warehouse.publish import up_to_date

        since = up_to_date(configure())
        if since is not None:
            return SkipReason(f"warehouse up to date (lake unchanged since build {since})")
        busy = context.instance.get_run_records(RunsFilter(statuses=_BUSY), limit=1)
        if busy:
            return SkipReason(f"waiting for run {busy[0].dagster_run.run_id} to finish")
        return RunRequest(run_key=f"after_landing:{landed}")

    return _sensor
