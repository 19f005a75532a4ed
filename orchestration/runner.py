"""Run the whole pipeline in-process, as real Dagster runs recorded in DAGSTER_HOME (so the
Dagster UI shows them): every delivered month of every lake table, then the warehouse."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from dagster import DagsterInstance

from ingestion.landing import DataPaths, Survey, delivery_landed, entities, survey
from warehouse.publish import up_to_date

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
    #: "job partition" of the partitions whose every table was landed from the files as they
    #: are now: not run again (landing them would keep the version they have)
    unchanged: list[str] = field(default_factory=list)
    warehouse_refreshed: bool = False
    #: the published build's sequence number when the lake and the dbt project were unchanged
    #: since it was built, so the warehouse was not rebuilt (None: it was, or it failed)
    up_to_date_since: int | None = None
    #: the drop folder as the run found it (its files not loaded are reported after the run)
    survey: Survey | None = None


#: (partitioning, source, entity) → {partition key: the files delivered for it, as their
#: paths under the drop folder}
Deliveries = dict[tuple[str, str, str], dict[str, list[str]]]


def deliveries(paths: DataPaths, found: Survey | None = None) -> Deliveries:
    """Every table's delivered files by partition, from the files on disk (or their
    ``survey``)."""
    delivered = (found or survey(paths)).delivered
    return {
        (
            "quarterly" if parser.partition == "quarterly" else "monthly",
            parser.source,
            parser.entity,
        ): delivered.get((parser.source, parser.entity), {})
        for parser in entities()
    }


def delivered_partitions(
    paths: DataPaths, found: Deliveries | None = None
) -> tuple[list[str], list[str]]:
    """Months of the monthly tables and quarters of the quarterly ones (their specs'
    ``partition:``), from the files on disk."""
    monthly: set[str] = set()
    quarterly: set[str] = set()
    for (kind, _, _), by_key in (found if found is not None else deliveries(paths)).items():
        (quarterly if kind == "quarterly" else monthly).update(by_key)
    return sorted(monthly), sorted(quarterly)


def landed_as_delivered(paths: DataPaths, found: Deliveries, kind: str, key: str) -> bool:
    """Whether landing partition ``key`` of every ``kind`` table again would change nothing:
    each table's current version was landed from exactly the files delivered now (names,
    sizes, modification times: ``delivery_landed``, a stat per file) and the lake's public
    links to it are in place (a run killed between the swap and the links is landed again,
    which repairs them). The caller checks the code and the key: every partition landed by
    the ingestion code as it is now, under the run's key."""
    for (table_kind, source, entity), by_key in found.items():
        files = by_key.get(key)
        if table_kind != kind or not files:
            continue
        if not delivery_landed(paths, source, entity, key, files):
            return False
        for public in (
            paths.raw(source, entity, key),
            paths.quarantine(source, entity, key),
            paths.manifest(source, entity, key),
        ):
            if not (public.is_symlink() and public.exists()):
                return False
    return True


#: the ingestion code every partition was last landed (or found unchanged) under, written by a
#: run whose every partition succeeded: a reader, a normaliser or a spec changed since means
#: every partition is landed again (its inputs fingerprint includes the code's)
_LANDED_BY = ".landed_by_code.json"


def landed_by_current_code(paths: DataPaths) -> bool:
    from ingestion.landing.fingerprint import code_fingerprint

    record = paths.lake / _LANDED_BY
    if not record.exists():
        return False
    return json.loads(record.read_text()).get("code_fingerprint") == code_fingerprint()


def _record_landed_code(paths: DataPaths) -> None:
    from ingestion.landing.atomic import write_json
    from ingestion.landing.fingerprint import code_fingerprint

    write_json(paths.lake / _LANDED_BY, {"code_fingerprint": code_fingerprint()})


def lake_under_key(paths: DataPaths) -> bool:
    """Every committed partition pseudonymised under the run's key (after a key rotation
    that was not finished, partitions must be landed again however unchanged their files)."""
    from ingestion.landing.keys import committed_fingerprints, key_fingerprint
    from ingestion.pseudonym import load_key

    return committed_fingerprints(paths) <= {key_fingerprint(load_key())}


def month_range(spec: str) -> list[str]:
    """'2024-01:2024-03' → ['2024-01', '2024-02', '2024-03']; '2024-05' → ['2024-05']."""
    first, _, last = spec.partition(":")
    last = last or first
    try:
        y, m = (int(x) for x in first.split("-"))
        ey, em = (int(x) for x in last.split("-"))
    except ValueError:
        raise ValueError(f"months {spec!r}: expected YYYY-MM or YYYY-MM:YYYY-MM") from None
    if not (1 <= m <= 12 and 1 <= em <= 12) or (y, m) > (ey, em):
        raise ValueError(f"months {spec!r}: not a range of months")
    out = []
    while (y, m) <= (ey, em):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def run_pipeline(
    paths: DataPaths,
    progress: Progress | None = None,
    *,
    rebuild_months: list[str] | None = None,
    full_refresh: bool = False,
) -> RunSummary:
    """Every delivered partition, then the warehouse. A partition that fails (a blocking check
    refused its new version) does not stop the others, but the warehouse is then not
    refreshed: it keeps showing the last state that passed every check. A partition whose
    files are those its current version was landed from is not run again (``unchanged``).
    Nor is the warehouse refreshed when the
    lake and the dbt project are those the published warehouse was built from, unless
    ``rebuild_months`` (months of the incremental facts to rebuild anyway) or ``full_refresh``
    (build from an empty file, not from the published warehouse) asks for a build."""
    # The whole code location (its dbt assets: ~5 s of imports) is loaded only when a
    # partition lands or the warehouse is built, not for an unchanged rerun.
    from orchestration.defs.connectors import definitions as connectors
    from orchestration.partitions import PARTITIONS
    from orchestration.sqlite_tuning import install as tune_dagster_sqlite

    tune_dagster_sqlite()
    instance = DagsterInstance.get()
    if any(j.name == connectors.PULL_JOB for j in connectors.defs.resolve_all_job_defs()):
        # connectors pull once, before the partitions their drops land in are known
        result = connectors.defs.resolve_job_def(connectors.PULL_JOB).execute_in_process(
            instance=instance, raise_on_error=False
        )
        if not result.success:
            raise RuntimeError(f"pulling from the connectors failed: {_failure(result)}")
    drop_folder = survey(paths)
    found = deliveries(paths, drop_folder)
    months, quarters = delivered_partitions(paths, found)
    if not months:
        raise RuntimeError(f"no deliveries under {paths.sources}: run `labour generate` first")
    summary = RunSummary(months=months, quarters=quarters, survey=drop_folder)
    steps = []
    # the code first: a run that lands everything again needs no key check of the lake
    may_skip = landed_by_current_code(paths) and lake_under_key(paths)
    for job_name, kind, keys in (
        ("lake_quarterly", "quarterly", quarters),
        ("lake_monthly", "monthly", months),
    ):
        known = set(PARTITIONS[kind].get_partition_keys())
        for key in keys:
            if key not in known:
                summary.out_of_range.append(f"{kind} {key}")
            elif may_skip and landed_as_delivered(paths, found, kind, key):
                summary.unchanged.append(f"{job_name} {key}")
            else:
                steps.append((job_name, key))
    total = len(steps) + 1
    if steps:
        from orchestration.definitions import defs
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
    _record_landed_code(paths)
    # An unchanged lake (nothing landed, superseded or quarantined anew) and an unchanged
    # project would rebuild the very warehouse that is published: the refresh is left out of
    # the run, so neither dbt nor its blocking checks run (they passed on that build).
    forced = bool(rebuild_months) or full_refresh
    summary.up_to_date_since = None if forced else up_to_date(paths)
    if summary.up_to_date_since is not None:
        if progress:
            progress("warehouse up to date", total, total)
        return summary
    if progress:
        progress("dbt build + checks + publish", len(steps), total)
    from orchestration.dbt import FULL_REFRESH_TAG
    from orchestration.definitions import defs
    from orchestration.partitions import monthly, run_tags_for_months

    in_range = [k for k in (*months, *quarters) if monthly.has_partition_key(k)]
    tags = run_tags_for_months(
        refresh_months([key for _, key in steps], in_range, rebuild_months, full_refresh)
    )
    if full_refresh:
        tags[FULL_REFRESH_TAG] = "true"
    result = defs.resolve_job_def("refresh_warehouse").execute_in_process(
        instance=instance, raise_on_error=False, tags=tags
    )
    summary.run_ids.append(result.run_id)
    if not result.success:
        summary.failed.append(f"refresh_warehouse: {_failure(result)}")
    summary.warehouse_refreshed = result.success
    if progress:
        progress("done", total, total)
    return summary


def refresh_months(
    landed: list[str],
    delivered: list[str],
    rebuild_months: list[str] | None = None,
    full_refresh: bool = False,
) -> list[str]:
    """The monthly partitions a warehouse refresh runs for (the dbt var ``rebuild_months``):
    the months this run landed (a quarter is keyed by its first month) and those asked for;
    every delivered month for a full refresh; the newest delivered month when nothing landed
    and nothing was asked (the dbt project changed). The run covers the range from the first
    to the last of them; a month outside it whose inputs changed is rebuilt all the same."""
    wanted = set(landed) | set(rebuild_months or ())
    if full_refresh:
        wanted |= set(delivered)
    if not wanted and delivered:
        wanted = {max(delivered)}
    return sorted(wanted)


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
