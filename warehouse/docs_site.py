"""The data dictionary: dbt docs of the published warehouse, rebuilt after each publish and served.

`build_docs` runs ``dbt docs generate`` against the published warehouse (opened read-only, so
Superset and analysts keep reading it), catalog included, into a fresh folder, and swaps it in
behind one symlink, ``<data root>/docs``: a reader sees the old docs or the new, never half.
The folder holds ``index.html`` (dbt's static page with the manifest and the catalog inside:
no request leaves the machine) and ``manifest.json`` / ``catalog.json`` for tools.

`serve` serves that folder over plain HTTP from a daemon thread and returns the URL; each
request resolves the symlink again, so a server started once shows every later build.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ingestion.landing.paths import REPO_ROOT, DataPaths

DBT_DIR = REPO_ROOT / "dbt_project"
BUILDS = "docs_builds"
#: built folders kept besides the current one (a browser may still be loading the previous)
KEEP = 2
#: what `labour up` offers; 8580 is free of the other local services (Superset 8088, Dagster 3000)
DEFAULT_PORT = 8580


class DocsError(RuntimeError):
    pass


def docs_dir(paths: DataPaths) -> Path:
    """The folder served: a symlink to the newest complete build."""
    return paths.root / "docs"


def model_url(base_url: str, model: str, project: str = "labour") -> str:
    """The docs page of one model (dbt docs routes by unique id after ``#!/model/``)."""
    return f"{base_url.rstrip('/')}/#!/model/model.{project}.{model}"


def _dbt_executable() -> str:
    return shutil.which("dbt", path=str(Path(sys.executable).parent)) or "dbt"


def _profiles(warehouse: Path) -> str:
    # read-only: the published file is held open by readers, and docs change nothing in it
    return (
        "labour:\n"
        "  target: docs\n"
        "  outputs:\n"
        "    docs:\n"
        "      type: duckdb\n"
        f"      path: '{warehouse}'\n"
        "      threads: 2\n"
        "      config_options:\n"
        "        access_mode: READ_ONLY\n"
    )


def build_docs(paths: DataPaths, warehouse: Path | None = None, timeout: int = 900) -> Path:
    """Generate the docs of ``warehouse`` (default: the published one) and swap them in as
    ``<data root>/docs``. Returns that path; raises DocsError with dbt's output on failure."""
    warehouse = (warehouse or paths.warehouse).resolve()
    if not warehouse.exists():
        raise DocsError(f"no warehouse at {warehouse}: publish it first")
    builds = paths.root / BUILDS
    build = builds / f"{time.time_ns():020d}-{uuid.uuid4().hex[:6]}"
    work = build / ".dbt"
    work.mkdir(parents=True)
    (work / "profiles.yml").write_text(_profiles(warehouse))
    env = {**os.environ, "LABOUR_DATA_DIR": str(paths.root)}
    cmd = [
        _dbt_executable(),
        "docs",
        "generate",
        "--static",
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(work),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        "--no-partial-parse",
        "--quiet",
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(build, ignore_errors=True)
        raise DocsError(f"dbt docs generate took more than {timeout} s") from exc
    target = work / "target"
    if proc.returncode != 0 or not (target / "static_index.html").exists():
        shutil.rmtree(build, ignore_errors=True)
        output = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        raise DocsError(f"dbt docs generate failed ({proc.returncode}):\n{output}")
    os.replace(target / "static_index.html", build / "index.html")
    for name in ("manifest.json", "catalog.json"):
        os.replace(target / name, build / name)
    shutil.rmtree(work, ignore_errors=True)
    _swap_in(docs_dir(paths), build)
    _clear_old(builds, keep=build)
    return docs_dir(paths)


def _swap_in(link: Path, build: Path) -> None:
    """Point ``link`` at ``build`` with one rename (a relative link: the data root can move)."""
    if link.exists() and not link.is_symlink():  # a docs folder made by hand: out of the way
        shutil.rmtree(link)
    tmp = link.with_name(f".{link.name}.link-{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(build, link.parent), tmp)
    os.replace(tmp, link)


def _clear_old(builds: Path, keep: Path) -> None:
    done = sorted((d for d in builds.iterdir() if d.is_dir() and d != keep), reverse=True)
    for d in done[KEEP - 1 :]:
        shutil.rmtree(d, ignore_errors=True)


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass  # quiet: `labour up` prints the URL, not every request


def serve(
    port: int = DEFAULT_PORT, paths: DataPaths | None = None, host: str = "127.0.0.1"
) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``<data root>/docs`` at http://host:port/ from a daemon thread (it stops with the
    process; call ``server.shutdown()`` to stop it sooner). Port 0 picks a free port."""
    paths = paths or DataPaths.from_env()
    handler = functools.partial(_Handler, directory=str(docs_dir(paths)))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="dbt-docs", daemon=True).start()
    return f"http://{host}:{server.server_address[1]}/", server


# -- a server that outlives the command that starts it (what `labour up` needs) -------------
def _pidfile(paths: DataPaths) -> Path:
    return paths.root / "docs_server.pid"


def _alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def start(port: int = DEFAULT_PORT, paths: DataPaths | None = None, timeout: float = 20) -> str:
    """Start ``python -m warehouse.docs_site`` in its own session (it keeps serving after the
    caller exits), record its pid under the data root, wait until it answers; return the URL.
    A server already running for this data root is reused."""
    import urllib.request

    paths = paths or DataPaths.from_env()
    pidfile = _pidfile(paths)
    url = f"http://127.0.0.1:{port}/"
    if _alive(pidfile):
        return pidfile.read_text().split()[1]
    log = (paths.root / "docs_server.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "warehouse.docs_site", "--port", str(port)],
        cwd=REPO_ROOT,
        env={**os.environ, "LABOUR_DATA_DIR": str(paths.root)},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    pidfile.write_text(f"{proc.pid} {url}\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DocsError(f"the docs server exited; see {paths.root / 'docs_server.log'}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return url
        except OSError:
            time.sleep(0.3)
    raise DocsError(f"the docs server is not answering at {url} after {timeout:.0f} s")


def stop(paths: DataPaths | None = None) -> None:
    """Stop the server `start` started for this data root (by its recorded pid)."""
    import signal

    pidfile = _pidfile(paths or DataPaths.from_env())
    pid = _alive(pidfile)
    if pid:
        os.killpg(pid, signal.SIGTERM)
    pidfile.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    import argparse
    import signal

    # `labour down` stops this server with SIGTERM; a shell that ignores it (some job runners
    # do) would pass the ignore on, and the server would outlive `make down`
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description="Serve the dbt docs of the published warehouse.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    url, server = serve(args.port)
    print(f"dbt docs at {url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
