"""The dagster-daemon of `labour up`: it ticks the file-drop sensors, the warehouse refresh that
follows them and the schedules (orchestration.lake, orchestration.automation), so a delivery
dropped under data/sources/ lands and is published without anyone typing a command.

Started like the Dagster UI (labour_cli.dashboards): its own session, a pidfile in DAGSTER_HOME,
its output in ``<data>/logs/dagster-daemon.log``; `labour down` / `make down` stop it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ingestion.landing import DataPaths

REPO = Path(__file__).resolve().parents[1]
#: the daemons that must report a heartbeat before the daemon counts as running
NEEDED = ("SENSOR", "SCHEDULER", "QUEUED_RUN_COORDINATOR")
#: one run at a time on a 2-core machine: a landing and a dbt build do not fight for the cores,
#: and the refresh sensor waits for the queue to drain anyway
INSTANCE_YAML = """\
# written by labour_cli.daemon when missing; edit freely
run_queue:
  max_concurrent_runs: 1
telemetry:
  enabled: false
"""


def dagster_home(paths: DataPaths) -> Path:
    return Path(os.environ.get("DAGSTER_HOME", paths.root / "dagster"))


def pidfile(paths: DataPaths) -> Path:
    return dagster_home(paths) / "daemon.pid"


def log_file(paths: DataPaths) -> Path:
    return paths.root / "logs" / "dagster-daemon.log"


def running(paths: DataPaths) -> int | None:
    """The daemon's process id if it runs, else None."""
    return _alive(pidfile(paths))


def ensure_instance_config(paths: DataPaths) -> Path:
    """DAGSTER_HOME/dagster.yaml with a bounded run queue, unless one is there already."""
    home = dagster_home(paths)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_YAML)
    return config


def start(paths: DataPaths, env: dict[str, str] | None = None, timeout: float = 120) -> int:
    """Start ``dagster-daemon run`` over the project's code location (no-op when it runs) and
    wait until its sensor, scheduler and run-queue daemons report a heartbeat."""
    if pid := running(paths):
        return pid
    ensure_instance_config(paths)
    env = {**os.environ, **(env or {})}
    env.setdefault("DAGSTER_HOME", str(dagster_home(paths)))
    env.setdefault("LABOUR_DATA_DIR", str(paths.root))
    log = log_file(paths)
    log.parent.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).with_name("dagster-daemon")
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [str(exe), "run", "-m", "orchestration.definitions"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pidfile(paths).write_text(str(proc.pid))
    try:
        _wait_for_heartbeats(proc, env["DAGSTER_HOME"], timeout, log)
    except BaseException:  # not up (or interrupted): leave no half-started daemon behind
        stop(paths)
        raise
    return proc.pid


def _wait_for_heartbeats(proc: subprocess.Popen, home: str, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dagster-daemon exited ({proc.returncode}); see {log}")
        if _heartbeats(home) >= set(NEEDED):
            return
        time.sleep(1)
    raise RuntimeError(f"dagster-daemon sent no heartbeat in {timeout:.0f} s; see {log}")


def _heartbeats(home: str) -> set[str]:
    """The daemon types that have reported a heartbeat to the instance in ``home``."""
    from dagster import DagsterInstance

    try:
        with DagsterInstance.from_config(home) as instance:
            return set(instance.get_daemon_heartbeats())
    except Exception:  # the instance's storage is still being created by the daemon
        return set()


def serve_simulated_apis(paths: DataPaths, variables: list[str]) -> dict[str, str]:
    """Demo data only: the simulated APIs (ingestion.simulator.http_api) whose URL variables
    `labour run` set for its own pull are served from that process, which ends with `labour up`;
    the daemon's daily pull needs them to live on, so they get a background process of their
    own (stopped with the daemon). Returns ``{variable: url}`` for the daemon's environment."""
    from ingestion.simulator.http_api import SIMULATED_APIS

    if not variables:
        return {}
    urls_file = dagster_home(paths) / "simulated_apis.json"
    if _alive(_api_pidfile(paths)) and urls_file.exists():
        urls = json.loads(urls_file.read_text())
    else:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingestion.simulator.http_api", "--data", str(paths.root)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        _api_pidfile(paths).write_text(str(proc.pid))
        urls = {}
        for _ in SIMULATED_APIS:  # it prints VARIABLE=url per store, then serves
            name, _, url = proc.stdout.readline().strip().partition("=")
            if not url:
                raise RuntimeError("the simulated APIs did not start for the dagster-daemon")
            urls[name] = url
        urls_file.write_text(json.dumps(urls))
    return {name: url for name, url in urls.items() if name in variables}


def _api_pidfile(paths: DataPaths) -> Path:
    return dagster_home(paths) / "simulated_apis.pid"


def _alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def stop(paths: DataPaths, timeout: float = 30) -> bool:
    """Stop the daemon (its whole session: code server, launched runs) and the simulated APIs
    served for it. True if the daemon ran."""
    if api := _alive(_api_pidfile(paths)):
        os.killpg(api, signal.SIGTERM)
        _reap(api)
    _api_pidfile(paths).unlink(missing_ok=True)
    pid = running(paths)
    if pid:
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and running(paths):
            time.sleep(0.5)
            _reap(pid)
        if running(paths):
            os.killpg(pid, signal.SIGKILL)
            _reap(pid)
    pidfile(paths).unlink(missing_ok=True)
    return pid is not None


def _reap(pid: int) -> None:
    """Collect the daemon's exit status when this process started it (a zombie still answers
    ``kill(pid, 0)``); another process's child is not ours to wait for."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
