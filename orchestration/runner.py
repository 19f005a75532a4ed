"""Run the whole pipeline in-process, as real Dagster runs recorded in DAGSTER_HOME (so the
Dagster UI shows them): every delivered month of every lake table, then the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dagster import DagsterInstance

from ingestion.landing import DataPaths, discover, entities

# (step, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class RunSummary:
    months: list[str] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)


def delivered_partitions(paths: DataPaths) -> tuple[list[str], list[str]]:
    """Months of the monthly tables and quarters of the quarterly ones (their specs'
    ``partition:``), from the files on disk."""
    monthly: set[str] = set()
    quarterly: set[str] = set()
    for parser in entities():
        found = discover(paths, parser.source, parser.entity)
        (quarterly if parser.partition == "quarterly" else monthly).update(found)
    return sorted(monthly), sorted(quarterly)


def _pull_connectors(paths: DataPaths) -> None:
    """Connectors (HTTP APIs, databases) pull what is new into raw drops first, so that the
    month they land in is run like any delivered month."""
    for parser in entities():
        if parser.spec.spec.reader.kind in ("http_json", "sql"):
            from ingestion.connectors import pull

            pull(paths, parser.source, parser.spec.spec)


def run_pipeline(paths: DataPaths, progress: Progress | None = None) -> RunSummary:
    from orchestration.definitions import defs

    instance = DagsterInstance.get()
    _pull_connectors(paths)
    months, quarters = delivered_partitions(paths)
    if not months:
        raise RuntimeError(f"no deliveries under {paths.sources}: run `labour generate` first")
    summary = RunSummary(months=months, quarters=quarters)
    steps = [("lake_quarterly", q) for q in quarters] + [("lake_monthly", m) for m in months]
    total = len(steps) + 1
    for i, (job_name, partition) in enumerate(steps):
        if progress:
            progress(f"{job_name} {partition}", i, total)
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance, partition_key=partition
        )
        summary.run_ids.append(result.run_id)
    if progress:
        progress("dbt build + checks + publish", len(steps), total)
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(instance=instance)
    summary.run_ids.append(result.run_id)
    if progress:
        progress("done", total, total)
    return summary
