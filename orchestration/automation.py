"""What makes months flow without anyone typing a command, under the dagster-daemon that
`labour up` starts: after the file-drop sensors (orchestration.lake) have landed a delivery,
this sensor refreshes the warehouse (dbt build, mart checks, publish) once the lake is quiet.

It compares storage ids in the Dagster instance: the newest materialization of any lake table
against the newest of the published warehouse. A landing newer than the last publication asks
for one ``refresh_warehouse`` run, keyed by that landing, so a refresh that fails its checks is
not retried in a loop (the next landing asks again). While any run is queued or running it
waits, so a month delivered as a dozen files, each landed by its own run, is published once.
The refresh runs for the monthly partitions landed since that publication (one run over their
range: orchestration.dbt), so the Dagster UI shows which months of the warehouse it refreshed.
A landing that left the lake as it was (an unchanged rerun: every partition keeps its version)
asks for nothing: the published build's lake fingerprint still matches (warehouse.publish).
"""

from dagster import (
    AssetKey,
    AssetRecordsFilter,
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


def _months_landed_since(
    context: SensorEvaluationContext, keys: list[AssetKey], after: int
) -> set[str]:
    """The partitions of ``keys`` materialized after storage id ``after`` (a quarter is keyed
    by its first month, so every one is a monthly partition key too)."""
    months: set[str] = set()
    for key in keys:
        cursor = None
        while True:
            page = context.instance.fetch_materializations(
                AssetRecordsFilter(asset_key=key, after_storage_id=after or None),
                limit=1000,
                cursor=cursor,
            )
            months |= {r.partition_key for r in page.records if r.partition_key}
            if not page.has_more:
                break
            cursor = page.cursor
    return months


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
        published = _newest_materialization(context, [PUBLISHED])
        if published > landed:
            return SkipReason("the published warehouse is newer than every landing")
        from warehouse.publish import up_to_date

        since = up_to_date(configure())
        if since is not None:
            return SkipReason(f"warehouse up to date (lake unchanged since build {since})")
        busy = context.instance.get_run_records(RunsFilter(statuses=_BUSY), limit=1)
        if busy:
            return SkipReason(f"waiting for run {busy[0].dagster_run.run_id} to finish")
        from orchestration.partitions import PARTITION_NAME_TAG, monthly, run_tags_for_months

        months = [
            m
            for m in _months_landed_since(context, lake_keys, published)
            if monthly.has_partition_key(m)
        ]
        if not months:
            return SkipReason("no monthly partition landed since the last publication")
        tags = run_tags_for_months(months)
        return RunRequest(
            run_key=f"after_landing:{landed}",
            # one month as the partition key, several as the range tags of one run
            partition_key=tags.pop(PARTITION_NAME_TAG, None),
            tags=tags,
        )

    return _sensor
