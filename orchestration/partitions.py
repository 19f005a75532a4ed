"""Partitions: monthly for most sources; quarterly (keyed by the quarter's first month) for the
Labour Force Survey, which NSO publishes per calendar quarter."""

from __future__ import annotations

from dagster import MonthlyPartitionsDefinition, TimeWindowPartitionsDefinition

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
