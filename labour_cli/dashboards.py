"""`labour dashboards …`: Superset dashboards as code, and `serve` for `labour up`.

labour dashboards import      import warehouse/superset/bundle into the running Superset
labour dashboards export      write edits made in the Superset UI back into the bundle
labour dashboards provision   roles, demo users and row-level security
labour dashboards up          start Superset (init if needed), import, provision
labour dashboards down        stop Superset and the Dagster UI
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Superset dashboards as code (warehouse/superset/bundle).", no_args_is_help=True
)
console = Console()

DAGSTER_HOST, DAGSTER_PORT = "127.0.0.1", int(os.environ.get("DAGSTER_PORT", "3000"))


@app.command("import")
def import_() -> None:
    """Import the bundle (idempotent: fixed UUIDs, overwrite) and verify what Superset holds."""
    from warehouse import serving as sa

    api = sa.admin_session()
    report = sa.import_bundle(api)
    console.print(
        f"[green]imported[/] {len(report.dashboards)} dashboard, {len(report.charts)} charts, "
        f"{len(report.datasets)} datasets, {len(report.databases)} database "
        f"in {report.seconds:.1f} s "
        f"(warehouse {sa.warehouse_path()})"
    )


@app.command()
def export() -> None:
    """Write the dashboards as they are now in Superset (UI edits) back into the bundle."""
    from warehouse import serving as sa

    api = sa.admin_session()
    files = sa.export_bundle(api)
    console.print(f"[green]exported[/] {len(files)} files into {sa.BUNDLE}; review with `git diff`")


@app.command()
def provision() -> None:
    """Create/refresh the roles, the demo users and the row-level-security rule."""
    from warehouse import serving as sa

    out = sa.provision(sa.admin_session())
    console.print(
        f"[green]provisioned[/] roles {', '.join(out['roles'])}; officer sees {out['province']}"
    )
    print_logins()


@app.command()
def up() -> None:
    """Start Superset and the Dagster UI, import the bundle, provision users."""
    serve()


@app.command()
def down() -> None:
    """Stop Superset and the Dagster UI."""
    stop()


def print_logins() -> None:
    from warehouse import serving as sa

    table = Table("user", "role", "password", title=f"Demo logins ({sa.credentials_file()})")
    for user, c in sa.demo_credentials().items():
        table.add_row(user, c["role"], c["password"])
    console.print(table)


# -- Dagster UI --------------------------------------------------------------------------
def _dagster_pidfile() -> Path:
    from warehouse import serving as sa

    return sa.data_dir() / "dagster" / "webserver.pid"


def _pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start_dagster_ui(timeout: float = 90) -> str:
    import requests

    url = f"http://{DAGSTER_HOST}:{DAGSTER_PORT}"
    pidfile = _dagster_pidfile()
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    if _pid_alive(pidfile):
        return url
    env = {**os.environ}
    env.setdefault("DAGSTER_HOME", str(pidfile.parent))
    log = (pidfile.parent / "webserver.log").open("ab")
    exe = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen(
        [str(exe), "-h", DAGSTER_HOST, "-p", str(DAGSTER_PORT), "-m", "orchestration.definitions"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    pidfile.write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dagster-webserver exited; see {pidfile.parent / 'webserver.log'}")
        try:
            if requests.get(f"{url}/server_info", timeout=2).ok:
                _check_code_location(url)
                return url
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"Dagster UI not up at {url} after {timeout:.0f} s")


_LOCATIONS = """{ workspaceOrError { __typename ... on Workspace { locationEntries { name
  locationOrLoadError { __typename ... on PythonError { message } } } } } }"""


def _check_code_location(url: str) -> None:
    """The webserver answers even when the code location failed to load: ask it."""
    import requests

    answer = requests.post(f"{url}/graphql", json={"query": _LOCATIONS}, timeout=30).json()
    entries = answer["data"]["workspaceOrError"].get("locationEntries", [])
    for entry in entries:
        loaded = entry["locationOrLoadError"] or {}
        if loaded.get("__typename") == "PythonError":
            raise RuntimeError(f"Dagster code location {entry['name']} failed: {loaded['message']}")


def stop_dagster_ui() -> None:
    import signal

    pidfile = _dagster_pidfile()
    pid = _pid_alive(pidfile)
    if pid:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(30):
            if not _pid_alive(pidfile):
                break
            time.sleep(0.5)
    pidfile.unlink(missing_ok=True)


# -- what `labour up` calls ----------------------------------------------------------------
def serve(dagster_ui: bool = True) -> None:
    """Superset (init, start, import, provision) and the Dagster UI; print URLs and logins."""
    from warehouse import serving as sa

    if not sa.warehouse_path().exists():
        console.print(
            f"[red]no published warehouse at {sa.warehouse_path()}[/]: run `labour run` first"
        )
        raise typer.Exit(1)
    sa.up(print_fn=console.print)
    for dash in sa.bundle_dashboards():
        console.print(
            f"[bold green]{dash.title}:[/] {sa.superset_url()}/superset/dashboard/{dash.slug}/"
        )
    console.print(f"[bold green]Data dictionary (dbt docs):[/] {_start_docs()}")
    if dagster_ui:
        console.print(f"[bold green]Dagster UI:[/] {start_dagster_ui()}")
    print_logins()
    console.print("Stop them with `make down`.")


def _start_docs() -> str:
    """The dbt docs of the published warehouse (built by each pipeline run; docs/lineage.md)."""
    from ingestion.landing import DataPaths
    from warehouse import docs_site

    if not (docs_site.docs_dir(DataPaths.from_env()) / "index.html").exists():
        return "[yellow]not built yet[/] (the next `labour run` builds it)"
    return docs_site.start()


def stop() -> None:
    from warehouse import docs_site
    from warehouse import serving as sa

    docs_site.stop()
    stop_dagster_ui()
    sa.server("stop")
