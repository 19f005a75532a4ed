"""The warehouse: dbt models, Great Expectations on the marts, and publication by atomic rename."""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from ingestion.faults import fault_point
from orchestration.dbt import dbt_resource, mart_keys, warehouse_models
from orchestration.settings import configure

# Marts with a Great Expectations suite in quality/suites (same name).
CHECKED_MARTS = ("fct_insured_monthly", "mart_coverage__province_monthly", "dim_province")


def _mart_check(table: str):
    @asset_check(
        asset=AssetKey(["marts", table]),
        name="expectations",
        blocking=True,
        description=f"Great Expectations suite marts.{table}, on the build warehouse.",
    )
    def _check(context: AssetCheckExecutionContext) -> AssetCheckResult:
        from quality import validate_warehouse_table
        from warehouse.publish import build_path

        paths = configure()
        build = build_path(paths, context.run.run_id)
        fault_point("check.mart_expectations")
        result = validate_warehouse_table(build, f"marts.{table}")
        return AssetCheckResult(
            passed=result.success,
            severity=AssetCheckSeverity.ERROR,
            metadata={"summary": MetadataValue.md(result.summary())},
        )

    return _check


@asset(
    key=AssetKey(["warehouse", "labour_duckdb"]),
    deps=mart_keys(),
    group_name="warehouse",
    kinds={"duckdb"},
    description="The published warehouse data/warehouse/labour.duckdb that Superset and analysts "
    "open read-only: this run's build file, validated (no personal data in any column) and "
    "swapped in by atomic rename.",
)
def published_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    from warehouse.publish import build_path, publish

    paths = configure()
    result = publish(build_path(paths, context.run.run_id), paths.warehouse)
    if not result.published:
        context.log.warning(
            f"build {result.sequence} not published: a newer build is published already"
        )
    return MaterializeResult(
        metadata={
            "path": str(paths.warehouse),
            "published": result.published,
            "build_sequence": result.sequence,
            "bytes": result.bytes,
            "tables": MetadataValue.json(result.row_counts),
        }
    )


defs = Definitions(
    assets=[warehouse_models, published_warehouse],
    asset_checks=[_mart_check(t) for t in CHECKED_MARTS],
    resources={"dbt": dbt_resource()},
)
