"""One factory for every lake table, so each source system's folder only declares what it has.

Each lake asset lands one partition (ingestion.landing) and then runs two blocking checks on
it: row conservation over the manifest, and the table's Great Expectations suite. A failed
blocking check stops everything downstream (dbt, publishing) in the same run.
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    PartitionsDefinition,
    multi_asset,
)

from ingestion.landing import land_partition, unrecognised_deliveries
from ingestion.pseudonym import load_key
from orchestration.settings import configure

CONSERVATION = "row_conservation"
EXPECTATIONS = "expectations"


def lake_key(source: str, entity: str) -> AssetKey:
    return AssetKey(["lake", source, entity])


def lake_asset(
    source: str, entity: str, partitions_def: PartitionsDefinition, description: str
) -> AssetsDefinition:
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
