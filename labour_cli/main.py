"""`labour`: the command line under the Makefile (generate, run, up)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from labour_cli import bench as bench_module
from labour_cli import dashboards, source

app = typer.Typer(help="Labour-data lakehouse: SSO and MOL sources → lake → warehouse.")
app.add_typer(dashboards.app, name="dashboards", help="Superset: import, export, provision.")
app.add_typer(source.app, name="source")
app.command("bench")(bench_module.bench)
# The console writes to its own duplicate of the terminal, so that `run` can send the logs
# of Dagster and dbt (which write to fds 1 and 2) to a file without hiding the progress bar.
console = Console(file=os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8"))


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


@app.command()
def generate(
    scale: float = typer.Option(0.001, help="1.0 = national magnitudes (~24.8 M insured)."),
    months: int = typer.Option(12, help="Months of deliveries to write."),
    start: str = typer.Option("2024-01", help="First month, YYYY-MM (CE)."),
    seed: int = typer.Option(2024, help="Random seed: same seed, same bytes."),
    out: Path | None = typer.Option(None, help="Default: <data>/sources."),
) -> None:
    """Write synthetic source deliveries exactly as the agencies produce them."""
    from ingestion.landing import DataPaths
    from ingestion.simulator import generate as simulate

    target = out or DataPaths.from_env().sources
    started = time.perf_counter()
    with _progress() as bar:
        tasks: dict[str, int] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        summary = simulate(
            target, scale=scale, months=months, start=start, seed=seed, progress=report
        )
    console.print(f"[green]wrote[/] {target} in {time.perf_counter() - started:.1f} s")
    console.print(summary)


@app.command()
def run(
    verbose: bool = typer.Option(False, help="Stream Dagster and dbt logs to the terminal."),
    demo: bool = typer.Option(
        False, help="Synthetic data only: allow the public demo key when no key is set."
    ),
    rekey: bool = typer.Option(
        False, help="Rotate the pseudonymisation key: re-land every partition under this key."
    ),
    rebuild_months: str | None = typer.Option(
        None,
        help="A backfill: refresh the warehouse for these monthly partitions, rebuilding "
        "these months of the incremental facts although their lake inputs are unchanged: "
        "YYYY-MM or YYYY-MM:YYYY-MM.",
    ),
    full_refresh: bool = typer.Option(
        False, help="Build the warehouse from an empty file, not from the published one."
    ),
) -> None:
    """Materialize every delivered partition and the warehouse, in-process, as Dagster runs.
    The warehouse is rebuilt only when the lake or the dbt project changed since the published
    build, and then incrementally: its big facts rebuild only the months whose inputs changed."""
    from orchestration.partitions import run_tags_for_months
    from orchestration.runner import month_range, run_pipeline
    from orchestration.settings import configure

    try:
        months = month_range(rebuild_months) if rebuild_months else None
        if months:
            run_tags_for_months(months)  # refuses months outside the monthly partitions
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--rebuild-months") from None
    paths = configure()
    _claim_key(paths, demo=demo, rekey=rekey)
    _serve_simulated_apis(paths)
    log = paths.root / "logs" / f"run-{time.strftime('%Y%m%d-%H%M%S')}.log"
    started = time.perf_counter()
    with _progress() as bar, nullcontext() if verbose else _logs_to(log):
        task = bar.add_task("pipeline", total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        try:
            summary = run_pipeline(
                paths, progress=report, rebuild_months=months, full_refresh=full_refresh
            )
        except Exception as exc:
            bar.stop()
            console.print(f"[red]pipeline failed:[/] {exc}")
            if not verbose:
                console.print(f"full log: {log}")
            raise typer.Exit(1) from exc
    if not verbose:
        console.print(f"Dagster and dbt logs: {log}")
    console.print(
        f"[{'red' if summary.failed else 'green'}]pipeline "
        f"{'stopped' if summary.failed else 'done'}[/] in {time.perf_counter() - started:.1f} s: "
        f"{len(summary.months)} months, {len(summary.quarters)} quarters, "
        f"{len(summary.run_ids)} Dagster runs"
    )
    _print_lake(paths)
    _print_unrecognised(summary)
    for failure in summary.failed:
        console.print(f"[red]refused[/] {failure}")
    if summary.failed:
        console.print(
            "[red]The warehouse was not refreshed:[/] it still shows the last state that passed "
            "every check. Fix or replace the refused deliveries and run again."
        )
        raise typer.Exit(1)
    if summary.unchanged:
        console.print(
            f"{len(summary.unchanged)} partitions unchanged since they were landed "
            "(same files, sizes and times): not landed again"
        )
    if summary.up_to_date_since is not None:
        console.print(
            f"[green]warehouse up to date[/] (lake unchanged since build "
            f"{summary.up_to_date_since}): not rebuilt"
        )
    _print_warehouse(paths)


def _serve_simulated_apis(paths) -> None:
    """Demo data only: the simulated hotline API, served in the background for the pull, when
    the simulator wrote its store and no real URL is configured."""
    from ingestion.simulator.http_api import serve_simulated_apis

    for variable, url in serve_simulated_apis(paths.sources).items():
        console.print(f"simulated API for the pull: {variable}={url}")


def _claim_key(paths, *, demo: bool, rekey: bool) -> None:
    """Refuse to run without a real key unless told this is a demo; refuse a key other than
    the lake's unless re-keying (ingestion.landing.keys). Never prints the key."""
    from ingestion.landing import KeyMismatchError, claim_lake
    from ingestion.pseudonym import DEMO_ENV, KEY_ENV, PseudonymKeyError, load_key

    if demo and not os.environ.get(KEY_ENV):
        os.environ[DEMO_ENV] = "1"
        console.print(
            "[yellow]Demo: LABOUR_PSEUDONYM_KEY is not set, so the public DEMO key "
            "pseudonymises national IDs. Synthetic data only; set your own key for real data.[/]"
        )
    try:
        fingerprint = claim_lake(paths, load_key(), rekey=rekey)
    except (PseudonymKeyError, KeyMismatchError) as exc:
        console.print(f"[red]not started:[/] {exc}")
        if isinstance(exc, PseudonymKeyError):
            console.print("For synthetic demo data only: `labour run --demo`.")
        raise typer.Exit(2) from exc
    console.print(f"pseudonymisation key fingerprint {fingerprint}")


@app.command()
def up(
    scale: float = typer.Option(0.001, help="Simulator scale for the demo data."),
    months: int = typer.Option(12, help="Months of demo data."),
    serve: bool = typer.Option(
        True, help="Start Superset, the Dagster UI and the dagster-daemon afterwards."
    ),
) -> None:
    """Generate demo data (if none), run every asset, publish the warehouse, serve it, and
    start the dagster-daemon so new deliveries land and publish by themselves."""
    from ingestion.landing import DataPaths
    from ingestion.simulator.http_api import SIMULATED_APIS
    from orchestration.settings import AUTOMATION_ENV

    paths = DataPaths.from_env()
    if not any(paths.sources.glob("*/*")):
        generate(scale=scale, months=months, start="2024-01", seed=2024, out=None)
    unset = [s.url_env for s in SIMULATED_APIS.values() if not os.environ.get(s.url_env)]
    run(verbose=False, demo=True, rekey=False, rebuild_months=None, full_refresh=False)
    console.print(f"\n[bold green]Warehouse published:[/] {paths.warehouse}")
    if serve:
        # sensors and schedules load RUNNING in the processes started from here (the Dagster
        # UI and the daemon), so both show and do the same
        os.environ.setdefault(AUTOMATION_ENV, "on")
        _serve(paths)
        # the simulated APIs this run started for its pull (demo data), for the daily pull
        _start_daemon(paths, simulated=[v for v in unset if os.environ.get(v)])


def _serve(paths) -> None:
    """Superset and the Dagster UI. What their tools print (Superset's init, migrations and
    bundle import: hundreds of lines) goes to a log file; the URLs and logins to the terminal."""
    log = paths.root / "logs" / f"serve-{time.strftime('%Y%m%d-%H%M%S')}.log"
    # dashboards prints through its module console: through ours, that survives the redirect
    dashboards.console = console
    try:
        with console.status("starting Superset and the Dagster UI"), _logs_to(log):
            dashboards.serve()
    except Exception:
        console.print(f"[red]serving failed;[/] full log: {log}")
        raise
    console.print(f"Superset and Dagster UI start-up logs: {log}")


def _start_daemon(paths, simulated: list[str]) -> None:
    from labour_cli import daemon
    from orchestration.settings import SENSOR_INTERVAL_S, automation_on

    with console.status("starting dagster-daemon"):
        pid = daemon.start(paths, env=daemon.serve_simulated_apis(paths, simulated))
    state = "on" if automation_on() else "off (LABOUR_AUTOMATION)"
    console.print(
        f"[bold green]dagster-daemon:[/] running (pid {pid}); file-drop sensors and schedules "
        f"{state}, every {SENSOR_INTERVAL_S} s; log {daemon.log_file(paths)}"
    )
    console.print(
        f"Drop a delivery under {paths.sources}/ and it lands and is published by itself."
    )


@app.command()
def down() -> None:
    """Stop the dagster-daemon, Superset and the Dagster UI."""
    from ingestion.landing import DataPaths
    from labour_cli import daemon

    if daemon.stop(DataPaths.from_env()):
        console.print("dagster-daemon stopped")
    dashboards.stop()


@contextmanager
def _logs_to(path: Path) -> Iterator[None]:
    """Send everything written to fds 1 and 2 (Dagster's loggers, dbt's subprocess output) to
    a log file, while the console keeps writing to the terminal through its own fd."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def _print_lake(paths) -> None:
    from ingestion.landing.partition import read_manifest_head

    table = Table(
        "lake table", "partitions", "files", "rows loaded", "rows quarantined", title="Lake"
    )
    for source_dir in sorted((paths.lake / "manifests").glob("*/*")):
        manifests = [read_manifest_head(p) for p in sorted(source_dir.glob("*.json"))]
        table.add_row(
            f"{source_dir.parent.name}/{source_dir.name}",
            str(len(manifests)),
            f"{sum(m['file_count'] for m in manifests):,}",
            f"{sum(m['rows_loaded'] for m in manifests):,}",
            f"{sum(m['rows_quarantined'] for m in manifests):,}",
        )
    console.print(table)


def _print_unrecognised(summary) -> None:
    """Every delivered file that was not landed, with its path and why (as the run found the
    drop folder)."""
    found = summary.survey
    for rel, reason in [*found.unrecognised, *found.unclaimed] if found else []:
        console.print(f"[red]not loaded[/] {rel}: {reason}")
    for partition in summary.out_of_range:
        console.print(
            f"[red]not loaded[/] {partition}: outside the partitions the pipeline knows "
            "(from LABOUR_START_MONTH to this month)"
        )


def _print_warehouse(paths) -> None:
    import duckdb

    if not paths.warehouse.exists():
        return
    table = Table("table", "rows", title=f"Warehouse {paths.warehouse}")
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        for schema, name, kind in con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_schema = 'marts' order by 2"
        ).fetchall():
            if kind == "VIEW":
                # a view runs its query to be counted (lineage__mart_rows: ~80 s at scale 0.02)
                table.add_row(f"{schema}.{name}", "view")
                continue
            n = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            table.add_row(f"{schema}.{name}", f"{n:,}")
    console.print(table)


if __name__ == "__main__":
    app()
