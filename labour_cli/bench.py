"""`labour bench`: the pipeline end to end at several scales, timed, with peak memory.

Each step runs in its own process (as `make up` does), so its peak resident memory is its
own; the results are appended to docs/benchmarks.md. Speed goals live here, never in tests.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ingestion.landing.paths import REPO_ROOT

console = Console()


@dataclass
class Step:
    seconds: float
    peak_rss_mb: float


def _step(data: Path, *args: str) -> Step:
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_DEMO": "1",
        "DAGSTER_HOME": str(data / "dagster"),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "labour_cli.main", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"labour {' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    return Step(seconds, usage.ru_maxrss / 1024)


def _lake_totals(data: Path) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for manifest in (data / "lake/manifests").rglob("*.json"):
        m = json.loads(manifest.read_text())
        t = totals.setdefault(f"{m['source']}/{m['entity']}", {"files": 0, "rows": 0})
        t["files"] += len(m["files"])
        t["rows"] += m["rows_loaded"] + m["rows_quarantined"]
    return totals


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench(
    scales: list[float] = typer.Option([0.001, 0.01], "--scale", help="Repeatable."),
    months: int = typer.Option(3, help="Months of deliveries per scale."),
    output: Path = typer.Option(REPO_ROOT / "docs/benchmarks.md", help="Markdown to append."),
    keep: bool = typer.Option(False, help="Keep the temporary data folders."),
) -> None:
    """Time generate and run at each scale; append the results to docs/benchmarks.md."""
    rows = []
    for scale in scales:
        data = Path(tempfile.mkdtemp(prefix=f"labour-bench-{scale}-"))
        console.print(f"[bold]scale {scale}, {months} months[/] in {data}")
        gen = _step(data, "generate", "--scale", str(scale), "--months", str(months))
        run = _step(data, "run")
        totals = _lake_totals(data)
        lines = totals.get("sso_efiling/contributions", {}).get("rows", 0)
        rerun = _step(data, "run")
        rows.append(
            {
                "scale": scale,
                "months": months,
                "source_files": sum(t["files"] for t in totals.values()),
                "source_mb": _du(data / "sources") / 1e6,
                "contribution_lines": lines,
                "generate_s": gen.seconds,
                "generate_rss_mb": gen.peak_rss_mb,
                "run_s": run.seconds,
                "run_rss_mb": run.peak_rss_mb,
                "lines_per_s": lines / run.seconds if run.seconds else 0,
                "rerun_s": rerun.seconds,
                "lake_mb": _du(data / "lake") / 1e6,
                "warehouse_mb": (data / "warehouse/labour.duckdb").stat().st_size / 1e6,
            }
        )
        if not keep:
            shutil.rmtree(data, ignore_errors=True)
    _report(rows, output)


def _cell(key: str, value: object) -> str:
    if key == "scale":
        return f"{value:g}"
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def _report(rows: list[dict], output: Path) -> None:
    table = Table(*rows[0].keys(), title="labour bench")
    for r in rows:
        table.add_row(*(_cell(k, v) for k, v in r.items()))
    console.print(table)
    header = (
        "| scale | months | source files | source MB | contribution lines | generate s "
        "| generate peak MB | run s | run peak MB | lines/s (whole run) | unchanged rerun s "
        "| lake MB | warehouse MB |\n|" + "---|" * 13 + "\n"
    )
    body = "".join("| " + " | ".join(_cell(k, v) for k, v in r.items()) + " |\n" for r in rows)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    if not output.exists():
        output.write_text(
            "# Benchmarks\n\n`make bench` (`uv run labour bench`) runs `labour generate` and "
            "`labour run` in fresh processes at each scale, then an unchanged rerun. `run` is "
            "everything: landing every partition with its checks (Great Expectations included), "
            "dbt build with its tests, mart checks and publishing. Peak memory is the process's "
            "maximum resident set. Results are appended, newest last.\n"
        )
    with output.open("a") as fh:
        fh.write(f"\n## {stamp} ({machine})\n\n{header}{body}")
    console.print(f"appended to {output}")
