"""One factory for every lake table, driven by its source spec (ingestion/sources/<system>/
source.yaml): the asset, its blocking checks and its file-drop sensor.

Each lake asset lands one partition into a new version and runs the blocking checks of
quality.lake_checks (row conservation against an independent record count, the quarantined
share, personal data in quarantine, the Great Expectations suite) on that version *before* it
is published: a version that fails them is never visible, the previous one stays, and the run
fails saying why. Deliveries nobody can place (a misnamed file, a file no spec claims) are a
warning check of their own.
"""

import hashlib
import os

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Failure,
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

from ingestion.landing import (
    CheckOutcome,
    delivery_landed,
    discover_names,
    land_partition,
    unclaimed_files,
    unrecognised_deliveries,
)
from ingestion.pseudonym import load_key
from ingestion.sources import EntitySpec
from orchestration.defs.connectors.definitions import pull_key
from orchestration.partitions import partitions_for
from orchestration.settings import SENSOR_INTERVAL_S, configure, sensor_status
from quality.lake_checks import BLOCKING_CHECKS, CONSERVATION, staged_partition_checks

DELIVERIES = "deliveries_recognised"
_CHECK_DESCRIPTIONS = {
    "row_conservation": "Per file: physical records counted from the bytes = rows in + control "
    "records; rows in = loaded + quarantined; Parquet and quarantine row counts equal the "
    "manifest's. Run on the staged version before it is published.",
    "quarantine_share": "The quarantined share of rows is within the spec's threshold, and "
    "some rows were loaded.",
    "quarantine_personal_data": "No national ID, person name or phone number in quarantine.",
    "expectations": "The table's Great Expectations suite, on the staged version.",
}


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
    pulled = table.spec.reader.kind in ("http_json", "sql")
    return lake_asset(
        table,
        partitions_for(table.partition),
        " ".join(table.spec.description.split()),
        deps=[pull_key(table.source, table.entity)] if pulled else [],
    )


def lake_asset(
    table: EntitySpec,
    partitions_def: PartitionsDefinition,
    description: str,
    deps: list[AssetKey],
) -> AssetsDefinition:
    source, entity = table.source, table.entity
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
                deps=deps,
                skippable=True,  # a month with no delivery yet is not materialized
                metadata={"lake_path": f"lake/raw/{source}/{entity}/month=YYYY-MM/"},
            )
        ],
        check_specs=[
            *[
                AssetCheckSpec(
                    name, asset=key, blocking=True, description=_CHECK_DESCRIPTIONS[name]
                )
                for name in BLOCKING_CHECKS
            ],
            AssetCheckSpec(
                DELIVERIES,
                asset=key,
                description="Every file in the source's drop folder is claimed by a spec and "
                "placed in a partition (warns with the paths of those that are not).",
            ),
        ],
        partitions_def=partitions_def,
    )
    def _asset(context: AssetExecutionContext):
        from quality import check_partition_conservation

        paths = configure()
        month = context.partition_key
        manifest = land_partition(
            source,
            entity,
            month,
            key=load_key(),
            paths=paths,
            checks=staged_partition_checks(source, entity, month, table.spec.quarantine_threshold),
        )
        if not manifest.files:
            # not a failure: a month may be delivered later; nothing is landed or refused
            context.log.warning(f"no files delivered for {source}/{entity} {month}")
            yield _deliveries_check(paths, source, entity, context)
            for name in BLOCKING_CHECKS:
                yield AssetCheckResult(
                    asset_key=key,
                    check_name=name,
                    passed=True,
                    metadata={"summary": "no files delivered for this partition: nothing landed"},
                )
            return
        quarantined = [f for f in manifest.files if f.status != "loaded"]
        for f in quarantined[:20]:
            context.log.warning(f"{f.file}: {f.rows_quarantined} rows quarantined {f.reason or ''}")
        yield _deliveries_check(paths, source, entity, context)

        checks = {c.name: c for c in manifest.checks}
        if manifest.skipped:
            # The data did not change: the outcomes recorded when this version was committed
            # stand, but conservation is cheap, so it is checked again on what readers see.
            now = check_partition_conservation(paths.lake, source, entity, month)
            checks[CONSERVATION] = CheckOutcome(CONSERVATION, now.success, now.summary())
        if manifest.committed:
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
                    "key_fingerprint": manifest.key_fingerprint,
                },
            )
        for name in BLOCKING_CHECKS:
            outcome = checks.get(name)
            yield AssetCheckResult(
                asset_key=key,
                check_name=name,
                passed=bool(outcome and outcome.passed),
                severity=AssetCheckSeverity.ERROR,
                metadata={
                    "summary": MetadataValue.md(
                        outcome.summary if outcome else "not run (no files delivered)"
                    )
                },
            )
        if not manifest.committed:
            why = "; ".join(c.name for c in manifest.failed_checks)
            raise Failure(
                description=f"{source}/{entity} {month}: the new version was refused by "
                f"{why}; readers still see the previous version. Refused version kept at "
                f"{manifest.rejected_version}.",
                metadata={c.name: MetadataValue.md(c.summary) for c in manifest.failed_checks},
            )

    return _asset


def _deliveries_check(paths, source: str, entity: str, context) -> AssetCheckResult:
    """Misnamed deliveries of this table and files in the system's folder no spec claims."""
    problems = [
        *(
            f"`{rel}`: cannot tell its partition: {why}"
            for rel, why in unrecognised_deliveries(paths, source, entity)
        ),
        *(f"`{rel}`: {why}" for rel, why in unclaimed_files(paths, source)),
    ]
    for line in problems:
        context.log.error(f"not loaded: {line}")
    return AssetCheckResult(
        asset_key=lake_key(source, entity),
        check_name=DELIVERIES,
        passed=not problems,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "not_loaded": len(problems),
            "files": MetadataValue.md("\n".join(f"- {p}" for p in problems) or "all recognised"),
        },
    )


def file_drop_sensor(table: EntitySpec) -> SensorDefinition:
    """Watches the table's drop folder: a partition whose delivered files are not those its
    current version was landed from (a new file, a rewritten one, a removed one) gets a run.
    Both sides are compared by name, size and modification time (``delivery_landed``: a stat
    per file, no reads), and the run key is the partition's file list with the same stats, so
    a delivery is requested once. Running when started by `labour up` (LABOUR_AUTOMATION),
    stopped otherwise (orchestration.settings)."""
    source, entity = table.source, table.entity
    partitions_def = partitions_for(table.partition)

    @sensor(
        name=f"{source}__{entity}__file_drop",
        asset_selection=[lake_key(source, entity)],
        minimum_interval_seconds=SENSOR_INTERVAL_S,
        default_status=sensor_status(),
        description=f"New or changed files under data/sources/{table.pattern} → land the "
        "partition they belong to.",
    )
    def _sensor(context: SensorEvaluationContext):
        paths = configure()
        known = set(partitions_def.get_partition_keys())
        requested = landed = 0
        for month, files in sorted(discover_names(paths, source, entity).items()):
            if month not in known:
                context.log.warning(f"{source}/{entity}: partition {month} is not defined yet")
                continue
            if delivery_landed(paths, source, entity, month, files):
                landed += 1
                continue
            h = hashlib.sha256()
            for rel in files:
                st = os.stat(paths.sources / rel)
                h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns};".encode())
            requested += 1
            yield RunRequest(partition_key=month, run_key=f"{month}:{h.hexdigest()[:20]}")
        if not requested:
            yield SkipReason(
                f"{landed} partitions under data/sources/{table.pattern}, all landed as delivered"
                if landed
                else f"no deliveries under data/sources/{table.pattern}"
            )

    return _sensor
