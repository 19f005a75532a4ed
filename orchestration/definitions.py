"""The Dagster code location: one Definitions merged from one module per source system."""

from dagster import (
    AssetSelection,
    Definitions,
    build_schedule_from_partitioned_job,
    define_asset_job,
)

from orchestration.defs.nso_lfs.definitions import defs as nso_lfs
from orchestration.defs.sso_efiling.definitions import defs as sso_efiling
from orchestration.defs.sso_registry.definitions import defs as sso_registry
from orchestration.defs.warehouse.definitions import defs as warehouse
from orchestration.partitions import monthly, quarterly

lake_monthly = define_asset_job(
    "lake_monthly",
    selection=AssetSelection.groups("sso_registry", "sso_efiling"),
    partitions_def=monthly,
    description="Land one month of the SSO deliveries into the lake, with their checks.",
)
lake_quarterly = define_asset_job(
    "lake_quarterly",
    selection=AssetSelection.groups("nso_lfs"),
    partitions_def=quarterly,
    description="Land one quarter of the NSO Labour Force Survey into the lake.",
)
refresh_warehouse = define_asset_job(
    "refresh_warehouse",
    selection=AssetSelection.groups("warehouse"),
    description="dbt build, mart checks, publish: run after the month's lake partitions land.",
)

defs = Definitions.merge(
    sso_registry,
    sso_efiling,
    nso_lfs,
    warehouse,
    Definitions(
        jobs=[lake_monthly, lake_quarterly, refresh_warehouse],
        schedules=[build_schedule_from_partitioned_job(lake_monthly, hour_of_day=6)],
    ),
)
