"""The project's ingestion of สปส.1-10 files, timed the way `make bench` compares it with the
raw-parse limit (labour_cli.bench_limit): ``land_partition`` of each month with the blocking
checks a run applies (row conservation, quarantine share and personal data, Great Expectations),
into a scratch lake whose ``sources`` is the bench's delivery folder.

Like the limit, process start-up and imports (Great Expectations included, and the parse
helper's) are not timed. ``cpu_seconds`` is the CPU time of the process tree over the same
span: on a shared machine the wall clock also measures the neighbours.

    uv run python -m labour_cli.bench_ingest <data root with sources/> <YYYY-MM> ... [--profile F]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

SOURCE, ENTITY = "sso_efiling", "contributions"
BENCH_KEY = b"labour-bench-pseudonym-key-not-secret"


def _tree_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process and its live children (the
    parse helper): on a shared machine the wall clock also measures the neighbours."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for proc in (me, *me.children(recursive=True)):
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def land_months(root: Path, months: list[str], profile: Path | None = None) -> dict:
    """Land each month of contributions under ``root`` (its ``sources/`` holds the files)."""
    from ingestion.landing import land_partition
    from ingestion.landing.paths import DataPaths
    from ingestion.sources.spec import source_specs
    from ingestion.sources.sso_efiling import _worker
    from quality.lake_checks import staged_partition_checks
    from quality.validate import _gx

    _gx()  # import Great Expectations (and DuckDB, pyarrow.parquet) before the clock starts
    if _worker.enabled():  # the parse helper's start-up too, as the limit warms its pool
        _worker.submit(_worker.warm).result()
    import duckdb  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    threshold = next(
        e.quarantine_threshold
        for s in source_specs()
        if s.system == SOURCE
        for e in s.entities
        if e.name == ENTITY
    )
    paths = DataPaths(root)
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    lines = files = 0
    checks_seconds = 0.0
    cpu_started = _tree_cpu_seconds()
    started = time.perf_counter()
    for month in months:
        checks = staged_partition_checks(SOURCE, ENTITY, month, threshold)

        def timed(version_root, manifest, checks=checks):
            nonlocal checks_seconds
            t = time.perf_counter()
            out = list(checks(version_root, manifest))
            checks_seconds += time.perf_counter() - t
            return out

        manifest = land_partition(SOURCE, ENTITY, month, key=BENCH_KEY, paths=paths, checks=timed)
        if not manifest.committed:
            failed = ", ".join(c.name for c in manifest.failed_checks)
            raise SystemExit(f"{month}: the landing was refused by {failed}")
        lines += manifest.rows_loaded + manifest.rows_quarantined
        files += len(manifest.files)
    seconds = time.perf_counter() - started
    cpu_seconds = _tree_cpu_seconds() - cpu_started
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, color=False))
    return {
        "months": months,
        "files": files,
        "detail_lines": lines,
        "seconds": seconds,
        "checks_seconds": checks_seconds,
        "cpu_seconds": cpu_seconds,
        "lines_per_s": lines / seconds if seconds else 0.0,
        "lines_per_s_without_checks": lines / (seconds - checks_seconds)
        if seconds > checks_seconds
        else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("months", nargs="+")
    ap.add_argument("--profile", type=Path, default=None, help="write a pyinstrument profile")
    args = ap.parse_args()
    print(json.dumps(land_months(args.root, args.months, args.profile)))


if __name__ == "__main__":
    main()
