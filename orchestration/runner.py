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
    #: "job partition: why" of every partition run that failed (a refused version, an error)
    failed: list[str] = field(default_factory=list)
    #: delivered partitions outside the partitions Dagster knows (too early, in the future)
    out_of_range: list[str] = field(default_factory=list)
    warehouse_refreshed: bool = False


def delivered_partitions(paths: DataPaths) -> tuple[list[str], list[str]]:
    """Months of the monthly tables and quarters of the quarterly ones (their specs'
    ``partition:``), from the files on disk."""
    monthly: set[str] = set()
    quarterly: set[str] = set()
    for parser in entities():
        found = discover(paths, parser.source, parser.entity)
        (quarterly if parser.partition == "quarterly" else monthly).update(found)
    return sorted(monthly), sorted(quarterly)


def run_pipeline(paths: DataPaths, progress: Progress | None = None) -> RunSummary:
    """Every delivered partition, then the warehouse. A partition that fails (a blocking check
    refused its new version) does not stop the others, but the warehouse is then not
    refreshed: it keeps showing the last state that passed every check."""
    from orchestration.definitions import defs
    from orchestration.defs.connectors.definitions import PULL_JOB
    from orchestration.partitions import PARTITIONS

    instance = DagsterInstance.get()
    if any(j.name == PULL_JOB for j in defs.resolve_all_job_defs()):
        # connectors pull once, before the partitions their drops land in are known
        result = defs.resolve_job_def(PULL_JOB).execute_in_process(
            instance=instance, raise_on_error=False
        )
        if not result.success:
            raise RuntimeError(f"pulling from the connectors failed: {_failure(result)}")
    months, quarters = delivered_partitions(paths)
    if not months:
        raise RuntimeError(f"no deliveries under {paths.sources}: run `labour generate` first")
    summary = RunSummary(months=months, quarters=quarters)
    steps = []
    for job_name, kind, keys in (
        ("lake_quarterly", "quarterly", quarters),
        ("lake_monthly", "monthly", months),
    ):
        known = set(PARTITIONS[kind].get_partition_keys())
        for key in keys:
            if key in known:
                steps.append((job_name, key))
            else:
                summary.out_of_range.append(f"{kind} {key}")
    total = len(steps) + 1
    for i, (job_name, partition) in enumerate(steps):
        if progress:
            progress(f"{job_name} {partition}", i, total)
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance, partition_key=partition, raise_on_error=False
        )
        summary.run_ids.append(result.run_id)
        if not result.success:
            summary.failed.append(f"{job_name} {partition}: {_failure(result)}")
    if summary.failed:
        if progress:
            progress("warehouse not refreshed", total, total)
        return summary
    if progress:
        progress("dbt build + checks + publish", len(steps), total)
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
        instance=instance, raise_on_error=False
    )
    summary.run_ids.append(result.run_id)
    if not result.success:
        summary.failed.append(f"refresh_warehouse: {_failure(result)}")
    summary.warehouse_refreshed = result.success
    if progress:
        progress("done", total, total)
    return summary


def _failure(result) -> str:
    """The first failure's message of an in-process run (a Failure's description, an error)."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data:
            error = event.step_failure_data.error
            user = event.step_failure_data.user_failure_data
            if user is not None and user.description:
                return user.description
            if error is not None:
                return (error.cause or error).message.strip().splitlines()[-1]
    return f"failed (Dagster run {result.run_id})"
