"""`labour bench` (`make bench SCALE=… MONTHS=…`): one run, one machine, the same files.

1. ``labour generate`` of MONTHS + 1 months; the last month's deliveries are held back.
2. Ingestion against its limit, back to back on the same สปส.1-10 files of the first MONTHS
   months: the raw-parse limit (:mod:`labour_cli.bench_limit`: the fastest plain parse to typed
   Parquet, two processes) and the project's landing with its blocking checks
   (:mod:`labour_cli.bench_ingest`), and their throughput ratio.
3. The whole pipeline, files → published warehouse (``labour run``): wall time and the peak
   resident memory of the whole process tree (children included, sampled with psutil).
4. One new month: the held-back deliveries are added and ``labour run`` times the increment.
5. An unchanged rerun.
6. With ``--charts``: chart-data latency p50/p95 of every chart of every dashboard, on the
   Superset that ``make up`` started (it serves the ``make up`` warehouse, not the bench's: run
   ``make up`` at the scale to measure first). Without it the figure is recorded as not measured.

Each step runs in fresh processes, so that its memory is its own. The machine is shared, so the
load average is recorded next to every figure. Results: a section appended to
docs/benchmarks.md with a plot (docs/img/), and docs/benchmarks.json (this run at the top level,
earlier runs under ``history``). Speed goals live here and in the issue, never in tests.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ingestion.landing.paths import REPO_ROOT

console = Console()
DOCS = REPO_ROOT / "docs"
GOALS = {
    "ingest_ratio_to_limit": (">=", 0.5),
    "national_year_seconds_estimate": ("<=", 20 * 60),
    "peak_rss_gb": ("<=", 12.0),
    "incremental_month_seconds": ("<=", 120.0),
    "unchanged_rerun_seconds": ("<=", 30.0),
    "chart_p95_ms": ("<=", 300.0),
}


@dataclass
class Step:
    name: str
    seconds: float
    peak_tree_rss_gb: float
    load_before: float
    load_after: float
    stdout: str = field(default="", repr=False)


class _TreeSampler(threading.Thread):
    """Peak of the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            self.peak = max(self.peak, total)
            self.done.wait(self.every)


def _run(name: str, data: Path, argv: list[str], env_extra: dict | None = None) -> Step:
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_DEMO": "1",
        "DAGSTER_HOME": str(data / "dagster"),
        **(env_extra or {}),
    }
    env.pop("LABOUR_PSEUDONYM_KEY", None)  # the demo key: the bench data is synthetic
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed ({proc.returncode}): {err.decode()[-3000:]}")
    step = Step(name, seconds, sampler.peak / 1e9, load_before, os.getloadavg()[0], out.decode())
    console.print(
        f"  {name}: {seconds:,.1f} s, peak {step.peak_tree_rss_gb:.2f} GB, "
        f"load {load_before:.1f}→{step.load_after:.1f}"
    )
    return step


def _labour(name: str, data: Path, *args: str) -> Step:
    return _run(name, data, [sys.executable, "-m", "labour_cli.main", *args])


def _hold_back_last_month(data: Path, month: str) -> list[tuple[Path, Path]]:
    """Move every delivery whose partition is ``month`` out of ``sources/``; (from, to) pairs."""
    from ingestion.landing.partition import discover
    from ingestion.landing.paths import DataPaths
    from ingestion.landing.registry import entities

    paths = DataPaths(data)
    held = data / "held_back"
    moves: dict[Path, Path] = {}  # a file may feed two tables: once (a dict: ~0.5 M files)
    sources = paths.sources.resolve()
    for parser in entities():
        if not parser.pattern:
            continue
        for path in discover(paths, parser.source, parser.entity).get(month, []):
            rel = Path(path).resolve().relative_to(sources)
            moves.setdefault(paths.sources / rel, held / rel)
    made: set[Path] = set()
    for src, dst in moves.items():
        if dst.parent not in made:
            dst.parent.mkdir(parents=True, exist_ok=True)
            made.add(dst.parent)
        shutil.move(src, dst)
    return list(moves.items())


GENERATION_RECORD = "bench_generate.json"
# what a pipeline run leaves under the data root; a reused workdir starts without it
_RUN_STATE = ("lake", "warehouse", "dagster", "logs", "bench_ingest", "bench_limit_out")


def _step_record(step: Step) -> dict:
    return {
        "seconds": step.seconds,
        "peak_tree_rss_gb": step.peak_tree_rss_gb,
        "load_before": step.load_before,
        "load_after": step.load_after,
    }


def _write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _reused_generation(data: Path, wanted: dict) -> Step | None:
    """The generation step an earlier bench recorded in ``data``, with its deliveries restored
    and the earlier run's state removed; None (generate again) when the record does not match."""
    record_path = data / GENERATION_RECORD
    if not record_path.exists():
        console.print(f"[yellow]no {GENERATION_RECORD} in {data}: generating[/]")
        return None
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if {k: record.get(k) for k in wanted} != wanted:
        console.print(f"[yellow]{record_path} is for {record}, not {wanted}: generating[/]")
        return None
    held = data / "held_back"
    if held.exists():  # an earlier bench stopped before it put the new month back
        for path in sorted(p for p in held.rglob("*") if p.is_file()):
            target = data / "sources" / path.relative_to(held)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
        shutil.rmtree(held)
    for name in _RUN_STATE:
        shutil.rmtree(data / name, ignore_errors=True)
    console.print(f"  generate: reused {data / 'sources'} ({record['seconds']:,.1f} s when made)")
    return Step(
        "generate",
        record["seconds"],
        record["peak_tree_rss_gb"],
        record["load_before"],
        record["load_after"],
    )


def _months(start: str, n: int) -> list[str]:
    y, m = int(start[:4]), int(start[5:7])
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _be_folder(month: str) -> str:
    return f"{int(month[:4]) + 543}{month[5:7]}"


def _chart_latency() -> dict | None:
    """p50/p95 over every chart of every dashboard on the running `make up` Superset."""
    from warehouse.serving.api import Superset, wait_healthy
    from warehouse.serving.config import credentials_file, superset_url
    from warehouse.serving.latency import measure_chart_latency

    url = superset_url()
    creds_path = credentials_file()
    if not creds_path.exists():
        console.print(f"[yellow]no `make up` credentials at {creds_path}: charts not measured[/]")
        return None
    try:
        wait_healthy(url, timeout=10)
    except Exception:
        console.print(f"[yellow]Superset does not answer at {url}: charts not measured[/]")
        return None
    admin = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    creds = json.loads(creds_path.read_text())
    api = Superset(url=url, username=admin, password=creds[admin]["password"])
    per_chart = measure_chart_latency(api)
    medians = sorted(v["median_ms"] for v in per_chart.values())
    p95s = sorted(v["p95_ms"] for v in per_chart.values())
    return {
        "charts": len(per_chart),
        "chart_p50_ms": medians[len(medians) // 2],
        "chart_p95_ms": max(p95s),  # the slowest chart's p95: every chart must meet the goal
        "per_chart": per_chart,
    }


def bench(
    scale: float = typer.Option(0.05, help="Simulator scale (1.0 = national)."),
    months: int = typer.Option(3, help="Months in the full run; one more is the new month."),
    start: str = typer.Option("2024-01", help="First month (YYYY-MM)."),
    charts: bool = typer.Option(False, help="Also time the charts on the `make up` Superset."),
    workdir: Path | None = typer.Option(None, help="Where to generate (default: a temp dir)."),
    keep: bool = typer.Option(False, help="Keep the generated data."),
    reuse: bool = typer.Option(
        False,
        help="Reuse the deliveries an earlier `bench --keep` generated in --workdir (same scale, "
        "months and start; its recorded generation time is reported); lake, warehouse and "
        "Dagster state there are removed first.",
    ),
    record: bool = typer.Option(True, help="Write docs/benchmarks.md and .json."),
    charts_only: bool = typer.Option(
        False,
        help="Only time the charts on the running Superset (serving the warehouse of "
        "LABOUR_DATA_DIR, e.g. the kept workdir of a bench at --scale) and add the figures to "
        "that scale's latest result.",
    ),
) -> None:
    """Ingestion against the raw-parse limit, the whole pipeline, a new month, an unchanged
    rerun (and chart latency): one run, same machine, same files."""
    if charts_only:
        _charts_only(scale)
        return
    data = workdir or Path(tempfile.mkdtemp(prefix=f"labour-bench-{scale:g}-"))
    data.mkdir(parents=True, exist_ok=True)
    all_months = _months(start, months + 1)
    full, new = all_months[:-1], all_months[-1]
    console.print(f"[bold]labour bench[/]: scale {scale:g}, {months} months + 1 new, in {data}")
    load_start = os.getloadavg()
    try:
        wanted = {"scale": scale, "months": months + 1, "start": start}
        gen = _reused_generation(data, wanted) if reuse else None
        if gen is None:
            gen = _labour(
                "generate", data, "generate", "--scale", str(scale), "--months", str(months + 1),
                "--start", start,
            )  # fmt: skip
            _write_json(data / GENERATION_RECORD, {**wanted, **_step_record(gen)})
        held = _hold_back_last_month(data, new)
        efiling = [data / "sources/sso_efiling" / _be_folder(m) for m in full]
        warm_seconds = _warm_page_cache(efiling)
        console.print(f"  read the สปส.1-10 files once, into the page cache: {warm_seconds:,.1f} s")
        limit_step = _run(
            "raw-parse limit",
            data,
            [
                sys.executable, "-m", "labour_cli.bench_limit", *map(str, efiling),
                "--out", str(data / "bench_limit_out"),
            ],
        )  # fmt: skip
        limit = json.loads(limit_step.stdout.strip().splitlines()[-1])
        shutil.rmtree(data / "bench_limit_out", ignore_errors=True)
        scratch = data / "bench_ingest"
        scratch.mkdir(exist_ok=True)
        (scratch / "sources").symlink_to(data / "sources")
        profile = data / "ingest_profile.txt"
        ingest_step = _run(
            "project ingestion",
            data,
            [
                sys.executable, "-m", "labour_cli.bench_ingest", str(scratch), *full,
                "--profile", str(profile),
            ],
        )  # fmt: skip
        ingest = json.loads(ingest_step.stdout.strip().splitlines()[-1])
        shutil.rmtree(scratch, ignore_errors=True)
        failed = None
        try:
            run = _labour("pipeline (files → warehouse)", data, "run", "--demo")
            for src, dst in held:
                src.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(dst, src)
            incremental = _labour("one new month", data, "run", "--demo")
            unchanged = _labour("unchanged rerun", data, "run", "--demo")
        except RuntimeError as err:
            # the ingestion figures stand; the pipeline's are recorded as not measured, and why
            failed = f"{err}\n{_run_log_tail(data)}"
            console.print(f"[red]{failed}[/]")
            run = incremental = unchanged = Step("failed", float("nan"), float("nan"), 0.0, 0.0)
        chart = _chart_latency() if charts and failed is None else None
        if profile.exists():
            shutil.copyfile(profile, DOCS / "img" / "bench_ingest_profile.txt")
        steps = {
            "generate": gen,
            "limit": limit_step,
            "ingest": ingest_step,
            "run": run,
            "incremental": incremental,
            "unchanged": unchanged,
        }
        result = _result(scale, months, limit, ingest, steps, chart, load_start)
        result["cold_read_seconds"] = round(warm_seconds, 1)
        result["pipeline_error"] = _last_error(failed) if failed else None
        result["held_back_files"] = len(held)
        result["source_mb"] = _du(data / "sources") / 1e6
        result["lake_mb"] = _du(data / "lake") / 1e6
        published = data / "warehouse/labour.duckdb"
        result["warehouse_mb"] = published.stat().st_size / 1e6 if published.exists() else None
    finally:
        if not keep:
            shutil.rmtree(data, ignore_errors=True)
    _print(result)
    if record:
        _record(result)


def _charts_only(scale: float) -> None:
    """Chart latency on its own: a national warehouse takes an hour to build, so its charts are
    timed against the kept bench workdir served by ``labour up`` and recorded with that run."""
    from warehouse.serving.config import warehouse_path

    chart = _chart_latency()
    if chart is None:
        raise typer.Exit(1)
    served = warehouse_path()
    json_path = DOCS / "benchmarks.json"
    latest = json.loads(json_path.read_text()) if json_path.exists() else {}
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    figures = {
        "chart_p50_ms": chart["chart_p50_ms"],
        "chart_p95_ms": chart["chart_p95_ms"],
        "charts_measured": chart["charts"],
        "per_chart": chart["per_chart"],
        "charts_when": when,
        "charts_warehouse_mb": round(served.stat().st_size / 1e6, 1),
    }
    if latest.get("scale") == scale:
        json_path.write_text(json.dumps({**latest, **figures}, indent=2, ensure_ascii=False))
    slowest = sorted(chart["per_chart"].items(), key=lambda kv: -kv[1]["p95_ms"])[:10]
    lines = [
        "",
        f"## Chart data at scale {scale:g}, {when}",
        "",
        f"Every chart of every dashboard ({chart['charts']}), 20 requests each as a dashboard "
        f"asks for them, on Superset serving {served} ({figures['charts_warehouse_mb']:,} MB): "
        f"p50 {chart['chart_p50_ms']} ms, p95 of the slowest chart {chart['chart_p95_ms']} ms "
        f"({_verdict('chart_p95_ms', chart['chart_p95_ms'])} goal).",
        "",
        "| slowest charts | median ms | p95 ms | DuckDB alone, median ms |",
        "|---|---:|---:|---:|",
        *[
            f"| {key} | {v['median_ms']} | {v['p95_ms']} | {v['duckdb_median_ms']} |"
            for key, v in slowest
        ],
        "",
    ]
    with (DOCS / "benchmarks.md").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    console.print(f"chart p50 {chart['chart_p50_ms']} ms, p95 {chart['chart_p95_ms']} ms")


def _run_log_tail(data: Path, lines: int = 15) -> str:
    """The last error lines of the newest `labour run` log (the run writes its logs there)."""
    logs = sorted((data / "logs").glob("run-*.log"))
    if not logs:
        return ""
    text = logs[-1].read_text(errors="replace").splitlines()
    keep = [ln for ln in text if "DEBUG" not in ln][-lines:]
    return f"{logs[-1]}:\n" + "\n".join(keep)


#: dbt's and DuckDB's own error lines say what failed; a traceback's last line ("raise error")
#: does not
_CAUSE = re.compile(
    r"(Runtime|Invalid Input|Database|Compilation|Binder|Parser|Conversion|Out of Memory) Error"
)
_ANY_ERROR = re.compile(r"\w*Error\b.*:\s*\S")


def _last_error(text: str) -> str:
    """The line that says what failed, for the table: the first dbt/DuckDB error that names a
    cause, else the last ``…Error: …`` line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    causes = [ln for ln in lines if _CAUSE.search(ln) and not ln.endswith(")")]
    if causes:
        return causes[0][:300]
    errors = [ln for ln in lines if _ANY_ERROR.search(ln)]
    return (errors or lines or ["?"])[-1][:300]


def _warm_page_cache(folders: list[Path]) -> float:
    """Read every file under ``folders`` once. The limit runs first: cold, it measured the
    disk (122 s for a national month) and the project's ingestion, warm after it, looked as
    fast as the limit; both sides now read the files from the page cache."""
    from ingestion.landing.partition import files_under

    start = time.perf_counter()
    for folder in folders:
        for rel in files_under(str(folder), None):
            with open(folder / rel, "rb") as fh:
                while fh.read(1 << 20):
                    pass
    return time.perf_counter() - start


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _result(scale, months, limit, ingest, steps: dict[str, Step], chart, load_start) -> dict:
    gen, limit_step, ingest_step = steps["generate"], steps["limit"], steps["ingest"]
    run, incremental, unchanged = steps["run"], steps["incremental"], steps["unchanged"]
    ratio = ingest["lines_per_s"] / limit["lines_per_s"] if limit["lines_per_s"] else None
    ratio_landing = (
        ingest["lines_per_s_without_checks"] / limit["lines_per_s"]
        if limit["lines_per_s"]
        else None
    )
    per_month_run = run.seconds / months
    return {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "scale": scale,
        "months": months,
        "contribution_files": limit["files"],
        "contribution_lines": limit["detail_lines"],
        "limit_lines_per_s": round(limit["lines_per_s"]),
        "limit_seconds": round(limit["seconds"], 2),
        "ingest_detail_lines": ingest["detail_lines"],  # = contribution_lines: same files
        "ingest_lines_per_s": round(ingest["lines_per_s"]),
        "ingest_seconds": round(ingest["seconds"], 2),
        "ingest_checks_seconds": round(ingest["checks_seconds"], 2),
        "ingest_ratio_to_limit": round(ratio, 3) if ratio is not None else None,
        "ingest_ratio_to_limit_without_checks": round(ratio_landing, 3)
        if ratio_landing is not None
        else None,
        "generate_seconds": round(gen.seconds, 1),
        "full_year_seconds": _r(run.seconds),  # the MONTHS-month run at this scale
        # linear in scale and months: fixed costs (start-up, dbt parse) make it pessimistic
        "national_year_seconds_estimate": _r(per_month_run * 12 / scale, 0),
        "peak_rss_gb": _r(max(s.peak_tree_rss_gb for s in (run, incremental, unchanged)), 2),
        "generate_peak_rss_gb": round(gen.peak_tree_rss_gb, 2),
        "limit_peak_rss_gb": round(limit_step.peak_tree_rss_gb, 2),
        "ingest_peak_rss_gb": round(ingest_step.peak_tree_rss_gb, 2),
        "incremental_month_seconds": _r(incremental.seconds),
        "unchanged_rerun_seconds": _r(unchanged.seconds),
        "chart_p50_ms": chart["chart_p50_ms"] if chart else None,
        "chart_p95_ms": chart["chart_p95_ms"] if chart else None,
        "charts_measured": chart["charts"] if chart else 0,
        "per_chart": chart["per_chart"] if chart else {},
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_per_step": {
            s.name: [round(s.load_before, 2), round(s.load_after, 2)] for s in steps.values()
        },
    }


def _r(x: float, digits: int = 1) -> float | None:
    """Rounded, or None for a step that was not measured (NaN)."""
    return None if x != x else round(x, digits)


def _print(r: dict) -> None:
    table = Table("measure", "value", "goal", title=f"labour bench, scale {r['scale']:g}")
    for k, v in r.items():
        if k in ("per_chart", "load_average_per_step"):
            continue
        goal = GOALS.get(k)
        table.add_row(k, str(v), f"{goal[0]} {goal[1]:g}" if goal else "")
    console.print(table)


def _verdict(key: str, value) -> str:
    goal = GOALS.get(key)
    if goal is None or value is None:
        return ""
    op, target = goal
    met = value >= target if op == ">=" else value <= target
    return f"{op} {target:g} {'✅' if met else '❌'}"


def _plot(r: dict, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.6))
    labels = ["raw-parse limit", "project landing\n(no checks)", "project landing\n+ checks"]
    values = [
        r["limit_lines_per_s"],
        (r["ingest_ratio_to_limit_without_checks"] or 0) * r["limit_lines_per_s"],
        r["ingest_lines_per_s"],
    ]
    a.bar(labels, [v / 1000 for v in values], color=["#888", "#4c72b0", "#1f3b73"])
    a.axhline(r["limit_lines_per_s"] / 2000, ls="--", c="r", lw=1, label="goal: ½ the limit")
    a.set_ylabel("k detail lines / s")
    a.set_title(f"SPS 1-10 ingestion ({r['contribution_lines']:,} lines)", fontsize=10)
    a.legend(fontsize=8)
    steps = {
        f"pipeline\n{r['months']} months": r["full_year_seconds"],
        "one new\nmonth": r["incremental_month_seconds"],
        "unchanged\nrerun": r["unchanged_rerun_seconds"],
    }
    b.bar(list(steps), [v or 0 for v in steps.values()], color="#55a868")
    b.set_ylabel("seconds")
    b.set_title(f"labour run at scale {r['scale']:g} (peak {r['peak_rss_gb']} GB)", fontsize=10)
    fig.suptitle(f"labour bench {r['when']}, load {r['load_average_start'][0]}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _unit(value: float | None, unit: str) -> str:
    return "not measured" if value is None else f"{value:,g} {unit}"


def _record(r: dict) -> None:
    stamp = r["when"].replace(" ", "_").replace(":", "")
    img = DOCS / "img" / f"bench_{stamp}.png"
    plotted = _plot(r, img)
    json_path = DOCS / "benchmarks.json"
    history = []
    if json_path.exists():
        old = json.loads(json_path.read_text())
        history = old.pop("history", [])
        if "scale" in old and "ingest_ratio_to_limit" in old:
            history.append(old)
    json_path.write_text(json.dumps({**r, "history": history}, indent=2, ensure_ascii=False))
    rows = [
        ("raw-parse limit (2 processes, no checks)", f"{r['limit_lines_per_s']:,} lines/s", ""),
        ("project landing + blocking checks", f"{r['ingest_lines_per_s']:,} lines/s", ""),
        ("ingestion ratio to the limit", r["ingest_ratio_to_limit"], "ingest_ratio_to_limit"),
        ("… without the checks", r["ingest_ratio_to_limit_without_checks"], ""),
        (f"pipeline, {r['months']} months (files → published warehouse)",
         _unit(r["full_year_seconds"], "s"), ""),
        ("national year, linear estimate (12 months / scale)",
         _unit(r["national_year_seconds_estimate"], "s"), "national_year_seconds_estimate"),
        ("peak RSS of the process tree (pipeline runs)", _unit(r["peak_rss_gb"], "GB"),
         "peak_rss_gb"),
        ("one new month", _unit(r["incremental_month_seconds"], "s"),
         "incremental_month_seconds"),
        ("unchanged rerun", _unit(r["unchanged_rerun_seconds"], "s"), "unchanged_rerun_seconds"),
        ("chart data p95 (slowest chart)",
         f"{r['chart_p95_ms']} ms" if r["chart_p95_ms"] is not None else "not measured",
         "chart_p95_ms"),
    ]  # fmt: skip
    key_value = {
        "ingest_ratio_to_limit": r["ingest_ratio_to_limit"],
        "national_year_seconds_estimate": r["national_year_seconds_estimate"],
        "peak_rss_gb": r["peak_rss_gb"],
        "incremental_month_seconds": r["incremental_month_seconds"],
        "unchanged_rerun_seconds": r["unchanged_rerun_seconds"],
        "chart_p95_ms": r["chart_p95_ms"],
    }
    lines = [
        "",
        f"## `make bench SCALE={r['scale']:g} MONTHS={r['months']}`, {r['when']} ({r['machine']})",
        "",
        f"{r['contribution_files']:,} สปส.1-10 files, {r['contribution_lines']:,} detail lines "
        f"({r['months']} months); load average at the start "
        f"{' / '.join(str(x) for x in r['load_average_start'])} (1/5/15 min, 2 cores; "
        "the per-step load averages below show whether anything else ran; the limit and the "
        "project's ingestion ran back to back on the same files"
        + (
            f", from the page cache: reading them once before took {r['cold_read_seconds']:,} s)."
            if r.get("cold_read_seconds") is not None
            else ")."
        ),
        "",
        "| measure | value | goal |",
        "|---|---:|---|",
        *[
            f"| {name} | {value} | {_verdict(key, key_value.get(key)) if key else ''} |"
            for name, value, key in rows
        ],
        "",
        *([f"![bench {r['when']}](img/{img.name})", ""] if plotted else ["(no plot: matplotlib "
                                                                          "missing)", ""]),
        *([f"Pipeline not measured: {r['pipeline_error']}", ""] if r.get("pipeline_error") else []),
        "Slowest steps of the project's ingestion: `docs/img/bench_ingest_profile.txt` "
        "(pyinstrument).",
        "",
        "Load average before → after each step: "
        + "; ".join(f"{k} {v[0]}→{v[1]}" for k, v in r["load_average_per_step"].items())
        + ".",
        "",
    ]  # fmt: skip
    md = DOCS / "benchmarks.md"
    if not md.exists():
        md.write_text("# Benchmarks\n")
    with md.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    console.print(f"appended to {md.relative_to(REPO_ROOT)}; {json_path.relative_to(REPO_ROOT)}")
