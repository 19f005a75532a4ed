"""The warehouse: dbt models, Great Expectations on the marts, and publication by atomic rename."""

import os

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    BackfillPolicy,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from ingestion.faults import fault_point
from orchestration.dbt import dbt_resource, mart_keys, warehouse_models
from orchestration.partitions import monthly
from orchestration.settings import configure

# Published tables with a blocking Great Expectations check on the build warehouse, each by its
# own suite in quality/suites (same name, marts.<table>); a table without one would fall back to
# the personal-data suite ("pii": no national ID in any column). The issue-9 marts have theirs:
# the linked KILM indicators (ranges, grain, the labour-force identities, kingdom = sum of the
# provinces) and the anomalies (seed kinds, one row per case, persons only as pseudonyms).
CHECKED_MARTS = (
    "fct_insured_monthly",
    "mart_coverage__province_monthly",
    "dim_province",
    "dim_person",
    "fct_work_permits",
    "mart_linked__labour_market_indicators",
    "mart_governance__anomalies",
)


def _suite_of(table: str) -> str:
    """The suite validate_warehouse_table runs on marts.<table>: its own, else "pii"."""
    from quality import WAREHOUSE_SUITES

    return f"marts.{table}" if f"marts.{table}" in WAREHOUSE_SUITES else "pii"


def _mart_check(table: str):
    @asset_check(
        asset=AssetKey(["marts", table]),
        name="expectations",
        blocking=True,
        description=f"Great Expectations suite {_suite_of(table)}, on the build warehouse.",
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
    # Partitioned as the dbt models are, so that a backfill (from the UI too) publishes in the
    # run that built: the build file belongs to that run. A partition here is a month the
    # published build was refreshed for.
    partitions_def=monthly,
    backfill_policy=BackfillPolicy.single_run(),
)
def published_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    from warehouse.publish import build_path, publish

    paths = configure()
    result = publish(build_path(paths, context.run.run_id), paths.warehouse)
    if not result.published:
        context.log.warning(
            f"build {result.sequence} not published: a newer build is published already"
        )
    docs = _data_dictionary(context, paths) if result.published else "not rebuilt"
    return MaterializeResult(
        metadata={
            "path": str(paths.warehouse),
            "published": result.published,
            "build_sequence": result.sequence,
            "bytes": result.bytes,
            "tables": MetadataValue.json(result.row_counts),
            "docs": docs,
        }
    )


def _data_dictionary(context: AssetExecutionContext, paths) -> str:
    """dbt docs of the warehouse just published (warehouse/docs_site.py). The warehouse is
    published already: a failure here is logged as an error and recorded, not raised."""
    from warehouse.docs_site import DocsError, build_docs

    if os.environ.get("LABOUR_DOCS", "on") == "off":
        # for runs nobody reads the docs of (the fault tests' dozens of reruns): ~30 s each
        return "not rebuilt (LABOUR_DOCS=off)"
    try:
        return str(build_docs(paths))
    except (DocsError, OSError) as exc:
        context.log.error(f"dbt docs not generated: {exc}")
        return f"failed: {str(exc)[:500]}"


defs = Definitions(
    assets=[warehouse_models, published_warehouse],
    asset_checks=[_mart_check(t) for t in CHECKED_MARTS],
    resources={"dbt": dbt_resource()},
)
