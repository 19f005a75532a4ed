"""Connector pulls as their own assets: one unpartitioned asset ``["sources", <system>,
<entity>]`` per connector table (``reader.kind`` ``http_json`` or ``sql`` in its source spec),
grouped with its system. Materialising it pulls what is new since the cursor into a raw drop
(ingestion.connectors.pull), once, however many lake partitions are landed afterwards; the drop
lands in the partition of the month of the pull in Bangkok, through the lake asset
``["lake", <system>, <entity>]`` that depends on it.

The job ``pull_connectors`` pulls every connector; its schedule runs it daily at 05:00
Asia/Bangkok, before the monthly lake job. Adding a connector needs no code here.
"""

from collections.abc import Iterable

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSelection,
    Definitions,
    MaterializeResult,
    ScheduleDefinition,
    asset,
    define_asset_job,
)

from ingestion.connectors import CONNECTOR_KINDS
from ingestion.sources import ENTITIES, EntitySpec
from orchestration.settings import configure, schedule_status

KINDS = {"http_json": "api", "sql": "postgres"}
PULL_JOB = "pull_connectors"
TIMEZONE = "Asia/Bangkok"


def pull_key(source: str, entity: str) -> AssetKey:
    return AssetKey(["sources", source, entity])


def connector_tables(tables: Iterable[EntitySpec] = ENTITIES) -> list[EntitySpec]:
    return [t for t in tables if t.spec is not None and t.spec.reader.kind in CONNECTOR_KINDS]


def pull_asset(table: EntitySpec) -> AssetsDefinition:
    source, entity, kind = table.source, table.entity, table.spec.reader.kind

    @asset(
        key=pull_key(source, entity),
        group_name=source,
        kinds={KINDS[kind]},
        description=f"Pull new records of {source}/{entity} ({kind}) into a raw JSON-lines "
        f"drop under data/sources/{source}/{entity}/, named by the Bangkok date of the pull. "
        "Cursor >= with de-duplication by record id; state in "
        f"data/state/connectors/{source}/{entity}.json.",
    )
    def _pull(context: AssetExecutionContext) -> MaterializeResult:
        from ingestion.connectors import pull

        paths = configure()
        result = pull(paths, source, table.spec)
        if result.recovered:
            context.log.warning(
                f"{len(result.recovered)} drop(s) written by an interrupted pull were accounted "
                f"for in the cursor: {', '.join(result.recovered)}"
            )
        context.log.info(
            f"pulled {result.records} new records from {source}/{entity} "
            f"(cursor {result.cursor_before!r} → {result.cursor_after!r}; "
            f"{result.skipped} already pulled, skipped)"
        )
        return MaterializeResult(
            metadata={
                "records": result.records,
                "drops": [f.name for f in result.files],
                "partition": result.month or "",
                "cursor_before": str(result.cursor_before),
                "cursor_after": str(result.cursor_after),
                "skipped_already_pulled": result.skipped,
                "repeated_in_pull": result.repeated,
            }
        )

    return _pull


def build_defs(tables: Iterable[EntitySpec] = ENTITIES) -> Definitions:
    found = connector_tables(tables)
    if not found:  # a job over no assets cannot be built
        return Definitions()
    assets = [pull_asset(t) for t in found]
    job = define_asset_job(
        PULL_JOB,
        selection=AssetSelection.assets(*[pull_key(t.source, t.entity) for t in found]),
        description="Pull every connector (HTTP APIs, databases) into raw drops.",
    )
    schedule = ScheduleDefinition(
        name=f"{PULL_JOB}_daily",
        job=job,
        cron_schedule="0 5 * * *",
        execution_timezone=TIMEZONE,
        default_status=schedule_status(),
        description="Daily at 05:00 Bangkok time.",
    )
    return Definitions(assets=assets, jobs=[job], schedules=[schedule])


defs = build_defs()
