"""`make soak`: chart data under load while the warehouse is published again and again.

N clients (threads, each its own browser-like session logged in as the Executive) ask for the
data of every chart of every dashboard in the bundle, round robin (/api/v1/chart/data, or
/superset/explore_json/ for legacy charts such as the Country Map), for S seconds against the
running Superset of `make up`. Meanwhile a publisher re-publishes the warehouse every few
seconds with `warehouse.publish.publish` (validate, then the atomic rename that readers must
survive), under its publish lock. An error is any failed request, an error inside a 200, or a
chart without rows; there must be none.

Environment: SOAK_SECONDS (120), SOAK_CLIENTS (20), SOAK_PUBLISH_EVERY (5 s), SOAK_NOTE (a
line for the benchmark record), SOAK_RECORD=0 to skip appending to docs/benchmarks.md.
Loopback only, and bounded: at most MAX_CLIENTS clients and MAX_SECONDS seconds.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import requests

from warehouse.serving.api import Superset, WebSession, wait_healthy
from warehouse.serving.bundle import verify_import
from warehouse.serving.charts import ChartDataError, ChartQuery, chart_rows, dashboard_charts
from warehouse.serving.config import REPO, credentials_file, superset_url, warehouse_path

MAX_CLIENTS = 64
MAX_SECONDS = 1800
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SOAK_USER = "executive"
BENCHMARKS = REPO / "docs" / "benchmarks.md"


@dataclass
class SoakResult:
    clients: int
    seconds: float
    charts: int
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    publishes: int = 0
    publish_errors: list[str] = field(default_factory=list)
    swaps: int = 0  # publishes after which the published file was a new file (inode)
    during_publish: int = 0  # requests in flight while a publish was under way
    notes: list[str] = field(default_factory=list)

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not self.publish_errors and self.publishes > 0


@dataclass
class _Client:
    index: int
    web: WebSession
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (start, end) monotonic
    errors: list[str] = field(default_factory=list)


def _check_bounds(url: str, clients: int, seconds: float) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"the soak runs against the loopback only, not {host}")
    if not 1 <= clients <= MAX_CLIENTS:
        raise ValueError(f"clients must be 1..{MAX_CLIENTS}, not {clients}")
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be in (0, {MAX_SECONDS}], not {seconds}")


def prepare_build(published: Path) -> Path:
    """A build file to publish again and again: a copy of what is published now, beside it
    (not under build/, whose old runs a pipeline run clears)."""
    build = published.parent / f".soak-{uuid.uuid4().hex[:8]}" / published.name
    build.parent.mkdir(parents=True)
    shutil.copyfile(published, build)
    return build


def _client_loop(client: _Client, charts: Sequence[ChartQuery], stop: threading.Event) -> None:
    i = client.index  # clients start at different charts: every chart is asked all the time
    while not stop.is_set():
        chart = charts[i % len(charts)]
        i += 1
        t0 = time.monotonic()
        try:
            chart_rows(chart.request(client.web), chart.legacy)
        except (ChartDataError, requests.RequestException, ValueError) as exc:
            client.errors.append(f"chart {chart.id} ({chart.viz_type}): {exc}"[:300])
            continue
        client.latencies.append((t0, time.monotonic()))


def _publisher(
    build: Path,
    published: Path,
    every: float,
    stop: threading.Event,
    result: SoakResult,
    windows: list[tuple[float, float]],
) -> None:
    from warehouse.publish import publish  # the pipeline's publish: lock, validate, rename

    inode = published.stat().st_ino
    while not stop.wait(every):
        if published.stat().st_ino != inode:
            # a pipeline run published a newer warehouse: never replace it with the old copy
            result.notes.append("a pipeline run published meanwhile; re-publishing stopped")
            return
        t0 = time.monotonic()
        try:
            done = publish(build, published, keep_build=True).published
        except Exception as exc:  # reported, and the soak fails
            result.publish_errors.append(f"{type(exc).__name__}: {exc}"[:300])
            continue
        if not done:
            result.notes.append("a newer build is published; re-publishing stopped")
            return
        windows.append((t0, time.monotonic()))
        result.publishes += 1
        new = published.stat().st_ino
        result.swaps += new != inode
        inode = new


def run_soak(
    url: str,
    password: str,
    charts: Sequence[ChartQuery],
    build: Path,
    published: Path,
    *,
    seconds: float = 120,
    clients: int = 20,
    publish_every: float = 5,
    min_publishes: int = 1,
    user: str = SOAK_USER,
) -> SoakResult:
    """Load for `seconds` (and on until `min_publishes` publishes are done, at most four times
    as long: each publish re-validates the whole warehouse, 5-12 s on 2 busy cores with the
    lineage tables) while re-publishing `build` over `published` every `publish_every` s."""
    _check_bounds(url, clients, seconds)
    if not charts:
        raise ValueError("no charts to request")
    sessions = [
        _Client(i, WebSession(url=url, username=user, password=password)) for i in range(clients)
    ]
    result = SoakResult(clients=clients, seconds=seconds, charts=len(charts))
    stop_clients, stop_publisher = threading.Event(), threading.Event()
    windows: list[tuple[float, float]] = []
    threads = [
        threading.Thread(target=_client_loop, args=(c, charts, stop_clients), daemon=True)
        for c in sessions
    ]
    publisher = threading.Thread(
        target=_publisher,
        args=(build, published, publish_every, stop_publisher, result, windows),
        daemon=True,
    )
    started = time.monotonic()
    for t in (*threads, publisher):
        t.start()
    deadline, cap = started + seconds, started + 4 * seconds
    while time.monotonic() < cap and (
        time.monotonic() < deadline or result.publishes < min_publishes
    ):
        time.sleep(0.2)
    stop_publisher.set()
    publisher.join()
    stop_clients.set()
    for t in threads:
        t.join()
    result.seconds = round(time.monotonic() - started, 1)
    for c in sessions:
        result.requests += len(c.latencies) + len(c.errors)
        result.errors += len(c.errors)
        result.error_samples += c.errors[:3]
        result.latencies_ms += [(t1 - t0) * 1000 for t0, t1 in c.latencies]
        result.during_publish += sum(
            any(t0 < w1 and t1 > w0 for w0, w1 in windows) for t0, t1 in c.latencies
        )
    return result


# -- `make soak` ---------------------------------------------------------------------------------
COLUMNS = (
    "clients",
    "seconds",
    "charts",
    "requests",
    "errors",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "publishes",
    "in flight at a publish",
)


def _cells(result: SoakResult) -> list[str]:
    return [
        str(result.clients),
        f"{result.seconds:.0f}",
        str(result.charts),
        f"{result.requests:,}",
        str(result.errors + len(result.publish_errors)),
        f"{result.percentile(50):.0f}",
        f"{result.percentile(95):.0f}",
        f"{result.percentile(99):.0f}",
        str(result.publishes),
        f"{result.during_publish:,}",
    ]


def append_benchmark(result: SoakResult, note: str = "", path: Path = BENCHMARKS) -> None:
    """A short section at the end of docs/benchmarks.md."""
    lines = [
        "",
        f"## Load during refresh (`make soak`), {datetime.now():%Y-%m-%d %H:%M} "
        f"({os.cpu_count()} cores, Python {platform.python_version()})",
        *([note] if note else []),
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---:|" * len(COLUMNS),
        "| " + " | ".join(_cells(result)) + " |",
        "",
    ]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    url = superset_url()
    seconds = float(os.environ.get("SOAK_SECONDS") or 120)
    clients = int(os.environ.get("SOAK_CLIENTS") or 20)
    every = float(os.environ.get("SOAK_PUBLISH_EVERY") or 5)
    creds_path = credentials_file()
    published = warehouse_path()
    if not creds_path.exists() or not published.exists():
        console.print(f"[red]no `make up` state ({creds_path}, {published})[/]: run `make up`")
        return 2
    try:
        wait_healthy(url, timeout=10)
    except Exception:
        console.print(f"[red]Superset does not answer at {url}[/]: run `make up`")
        return 2
    creds = json.loads(creds_path.read_text())  # read, never generated here
    admin = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    api = Superset(url=url, username=admin, password=creds[admin]["password"])
    charts = dashboard_charts(api, sorted(verify_import(api).dashboards.values()))
    build = prepare_build(published)
    console.print(
        f"{clients} clients × {seconds:.0f} s on {len(charts)} charts as {SOAK_USER}; "
        f"publishing {published.name} every {every:.0f} s"
    )
    try:
        result = run_soak(
            url,
            creds[SOAK_USER]["password"],
            charts,
            build,
            published,
            seconds=seconds,
            clients=clients,
            publish_every=every,
        )
    finally:
        shutil.rmtree(build.parent, ignore_errors=True)
    table = Table(*COLUMNS, title=f"Load during refresh: {url}")
    table.add_row(*_cells(result))
    console.print(table)
    for err in [*result.error_samples, *result.publish_errors][:10]:
        console.print(f"[red]error[/] {err}")
    for note in result.notes:
        console.print(f"[yellow]note[/] {note}")
    if os.environ.get("SOAK_RECORD", "1") != "0":
        append_benchmark(result, os.environ.get("SOAK_NOTE", ""))
        console.print(f"appended to {BENCHMARKS.relative_to(REPO)}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
