"""Partitions: monthly for most sources; quarterly (keyed by the quarter's first month) for the
Labour Force Survey, which NSO publishes per calendar quarter."""

from __future__ import annotations

from collections.abc import Iterable

from dagster import MonthlyPartitionsDefinition, TimeWindowPartitionsDefinition
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
    PARTITION_NAME_TAG,
)

from orchestration.settings import START_MONTH

#: Partitions and schedules keep Thai time: a month ends at midnight in Bangkok, not UTC.
TIMEZONE = "Asia/Bangkok"

#: ``end_offset=1``: the current month is a partition too, so what the connectors pull during
#: a month (drops named by the Bangkok date of the pull) lands while the month runs; the
#: monthly schedule still lands the month that has just ended (orchestration.definitions).
monthly = MonthlyPartitionsDefinition(
    start_date=START_MONTH, fmt="%Y-%m", timezone=TIMEZONE, end_offset=1
)

quarterly = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1,4,7,10 *",
    start=START_MONTH,
    fmt="%Y-%m",
    timezone=TIMEZONE,
)


PARTITIONS = {"monthly": monthly, "quarterly": quarterly}


def partitions_for(kind: str):
    """The partitions definition a source spec's ``partition:`` names."""
    try:
        return PARTITIONS[kind]
    except KeyError:
        raise KeyError(f"unknown partitioning {kind!r}; known: {', '.join(PARTITIONS)}") from None


def run_tags_for_months(months: Iterable[str]) -> dict[str, str]:
    """Run tags of one run over the monthly partitions from the first to the last of
    ``months``: one partition, or a range run as a single-run backfill launches it (the
    warehouse is built once for all of them)."""
    keys = sorted(set(months))
    if not keys:
        raise ValueError("a warehouse refresh is for at least one month")
    unknown = [k for k in keys if not monthly.has_partition_key(k)]
    if unknown:
        raise ValueError(
            f"months {', '.join(unknown)} are not monthly partitions "
            f"(from {START_MONTH} to the current month)"
        )
    if keys[0] == keys[-1]:
        return {PARTITION_NAME_TAG: keys[0]}
    return {ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]}
