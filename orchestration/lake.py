"""One factory for every lake table, driven by its source spec (ingestion/sources/<system>/
source.yaml): the asset, its two blocking checks and its file-drop sensor.

Each lake asset lands one partition (ingestion.landing) and then runs two blocking checks on
it: row conservation over the manifest, and the table's Great Expectations suite. A failed
blocking check stops everything downstream (dbt, publishing) in the same run.
"""

import hashlib

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    DefaultSensorStatus,
    MaterializeResult,
    MetadataValue,
    PartitionsDefinition,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    multi_asset,
    sensor,
)

from ingestion.landing import discover, land_partition, unrecognised_deliveries
from ingestion.pseudonym import load_key
from ingestion.sources import EntitySpec
from orchestration.partitions import partitions_for
from orchestration.settings import configure

CONSERVATION = "row_conservation"
EXPECTATIONS = "expectations"


def lake_key(source: str, entity: str) -> AssetKey:
    return AssetKey(["lake", source, entity])


def suite_name(table: EntitySpec) -> str:
    """The table's Great Expectations suite: the hand-written one its spec names, or one built
    from the spec's columns and expectations (quality.suites.from_spec), registered here."""
    from quality.suites.from_spec import register_spec_suite

    return register_spec_suite(table.source, table.spec)


def lake_assets(table: EntitySpec) -> AssetsDefinition:
    """The lake asset of one spec'd table, with its partitions and checks."""
    suite_name(table)
    return lake_asset(
        table.source,
        table.entity,
        partitions_for(table.partition),
        " ".join(table.spec.description.split()),
        pull_from=table.spec if table.spec.reader.kind in ("http_json", "sql") else None,
    )


def lake_asset(
    source: str,
    entity: str,
    partitions_def: PartitionsDefinition,
    description: str,
    pull_from=None,
) -> AssetsDefinition:
    """``pull_from``: the entity spec of a connector (HTTP API, database): each run first pulls
    what is new since its cursor into a raw drop, then lands the partition."""
    key = lake_key(source, entity)

    @multi_asset(
        name=f"lake__{source}__{entity}",
        specs=[
            AssetSpec(
                key,
                description=description,
                group_name=source,
                kinds={"parquet", "polars"},
                partitions_def=partitions_def,
                metadata={"lake_path": f"lake/raw/{source}/{entity}/month=YYYY-MM/"},
            )
        ],
        check_specs=[
            AssetCheckSpec(
                CONSERVATION,
                asset=key,
                blocking=True,
                description="Per file: rows in = rows loaded + rows quarantined; the Parquet "
                "and quarantine row counts equal the manifest's.",
            ),
            AssetCheckSpec(
                EXPECTATIONS,
                asset=key,
                blocking=True,
                description=f"Great Expectations suite for {source}/{entity}.",
            ),
        ],
        partitions_def=partitions_def,
    )
    def _asset(context: AssetExecutionContext):
        from quality import check_partition_conservation, validate_lake_partition

        paths = configure()
        month = context.partition_key
        if pull_from is not None:
            from ingestion.connectors import pull

            pulled = pull(paths, source, pull_from)
            context.log.info(
                f"pulled {pulled.records} new records from {source}/{entity} "
                f"(cursor {pulled.cursor_before!r} → {pulled.cursor_after!r})"
            )
        manifest = land_partition(source, entity, month, key=load_key(), paths=paths)
        if not manifest.files:
            context.log.warning(f"no files delivered for {source}/{entity} {month}")
        for rel, reason in unrecognised_deliveries(paths, source, entity):
            context.log.error(f"not loaded, cannot tell its month: {rel}: {reason}")
        quarantined = [f for f in manifest.files if f.status != "loaded"]
        for f in quarantined[:20]:
            context.log.warning(f"{f.file}: {f.rows_quarantined} rows quarantined {f.reason or ''}")

        conservation = check_partition_conservation(paths.lake, source, entity, month)
        if manifest.rows_loaded:
            quality = validate_lake_partition(paths.lake, source, entity, month)
            quality_result = AssetCheckResult(
                check_name=EXPECTATIONS,
                passed=quality.success,
                severity=AssetCheckSeverity.ERROR,
                metadata={"summary": MetadataValue.md(quality.summary())},
            )
        else:
            quality_result = AssetCheckResult(
                check_name=EXPECTATIONS,
                passed=True,
                metadata={"summary": "no rows loaded in this partition"},
            )
        yield MaterializeResult(
            asset_key=key,
            metadata={
                "files": len(manifest.files),
                "rows_loaded": manifest.rows_loaded,
                "rows_quarantined": manifest.rows_quarantined,
                "files_quarantined_whole": sum(
                    1 for f in manifest.files if f.status == "quarantined"
                ),
                "unchanged_inputs_skipped": manifest.skipped,
                "load_id": manifest.load_id,
            },
        )
        yield AssetCheckResult(
            check_name=CONSERVATION,
            passed=conservation.success,
            severity=AssetCheckSeverity.ERROR,
            metadata={"summary": MetadataValue.md(conservation.summary())},
        )
        yield quality_result

    return _asset


def file_drop_sensor(table: EntitySpec) -> SensorDefinition:
    """Watches the table's drop folder: a partition whose delivered files changed (a new file,
    a new version) gets a run. The run key is the partition's file list with sizes and
    modification times, so an unchanged folder requests nothing, and landing itself skips
    byte-identical inputs. Stopped by default: turn it on in the Dagster UI."""
    source, entity = table.source, table.entity
    partitions_def = partitions_for(table.partition)

    @sensor(
        name=f"{source}__{entity}__file_drop",
        asset_selection=[lake_key(source, entity)],
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description=f"New or changed files under data/sources/{table.pattern} → land the "
        "partition they belong to.",
    )
    def _sensor(context: SensorEvaluationContext):
        paths = configure()
        known = set(partitions_def.get_partition_keys())
        requested = 0
        for month, files in sorted(discover(paths, source, entity).items()):
            if month not in known:
                context.log.warning(f"{source}/{entity}: partition {month} is not defined yet")
                continue
            h = hashlib.sha256()
            for f in files:
                st = f.stat()
                h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns};".encode())
            requested += 1
            yield RunRequest(partition_key=month, run_key=f"{month}:{h.hexdigest()[:20]}")
        if not requested:
            yield SkipReason(f"no deliveries under data/sources/{table.pattern}")

    return _sensor
