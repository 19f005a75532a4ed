"""One real Superset per test session, on a warehouse built by the pipeline at a small scale.

Shared by tests/superset and tests/browser (their conftest.py import `superset_server`).
The server runs from a temporary LABOUR_DATA_DIR on port 8098 (not 8088, which `make up` uses)
and is stopped when the test process exits.

Speed-ups, both optional:
- LABOUR_TEST_WAREHOUSE=/path/labour.duckdb reuses a published warehouse instead of running
  `labour generate` + `labour run`;
- the migrated metadata DB (`superset db upgrade` + `superset init`, ~40 s) is kept as a
  template in warehouse/superset/.venv/.test-template/, keyed by the lock it was built with.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / "warehouse" / "superset" / ".venv"
PORT = os.environ.get("LABOUR_TEST_SUPERSET_PORT", "8098")
SCALE, MONTHS = "0.0002", "3"


@dataclass
class SupersetServer:
    url: str
    data_dir: Path
    warehouse: Path
    credentials: dict
    report: object


_SERVER: SupersetServer | None = None


def _labour(data: Path, *args: str) -> None:
    env = {
        **os.environ,
        "LABOUR_DATA_DIR": str(data),
        "LABOUR_PSEUDONYM_KEY": "superset-test-key",
        "DAGSTER_HOME": str(data / "dagster"),
        "LABOUR_WAREHOUSE_BUILD_PATH": str(data / "warehouse" / "build" / "labour.duckdb"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "labour_cli.main", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"labour {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )


def _build_warehouse(data: Path) -> Path:
    target = data / "warehouse" / "labour.duckdb"
    given = os.environ.get("LABOUR_TEST_WAREHOUSE")
    if given:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(given, target)
        return target
    _labour(data, "generate", "--scale", SCALE, "--months", MONTHS)
    _labour(data, "run")
    return target


def _metadata_from_template(home: Path, env: dict[str, str]) -> None:
    lock = (REPO / "warehouse" / "superset" / "requirements.lock").read_bytes()
    key = hashlib.sha256(lock).hexdigest()[:16]
    template = VENV / ".test-template" / key
    files = ("superset.db", "secret_key", "demo_users.json")
    home.mkdir(parents=True, exist_ok=True)
    if not all((template / f).exists() for f in files):
        from warehouse import superset_admin as sa

        creds = sa.demo_credentials()  # reads LABOUR_DATA_DIR from os.environ
        env = {**env, "SUPERSET_ADMIN_PASSWORD": creds["admin"]["password"]}
        subprocess.run([str(REPO / "warehouse/superset/server.sh"), "init"], env=env, check=True)
        template.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copy2(home / f, template / f)
    else:
        for f in files:
            shutil.copy2(template / f, home / f)


def start_server() -> SupersetServer:
    global _SERVER
    if _SERVER is not None:
        return _SERVER
    if not (VENV / "bin" / "superset").exists():
        subprocess.run([str(REPO / "warehouse/superset/install.sh")], check=True)
    data = Path(tempfile.mkdtemp(prefix="labour-superset-"))
    warehouse = _build_warehouse(data)
    os.environ.update(
        {"LABOUR_DATA_DIR": str(data), "SUPERSET_PORT": PORT, "SUPERSET_HOST": "127.0.0.1"}
    )
    env = {**os.environ}
    _metadata_from_template(data / "superset", env)

    from warehouse import superset_admin as sa

    def stop() -> None:
        subprocess.run([str(REPO / "warehouse/superset/server.sh"), "stop"], env=env, check=False)
        shutil.rmtree(data, ignore_errors=True)

    atexit.register(stop)
    subprocess.run([str(REPO / "warehouse/superset/server.sh"), "start"], env=env, check=True)
    api = sa.admin_session()
    report = sa.import_bundle(api)
    sa.provision(api, report)
    _SERVER = SupersetServer(sa.superset_url(), data, warehouse, sa.demo_credentials(), report)
    return _SERVER


@pytest.fixture(scope="session")
def superset_server() -> SupersetServer:
    try:
        return start_server()
    except Exception as exc:  # one clear failure instead of a cascade
        pytest.fail(f"could not start Superset for the tests: {exc}", pytrace=False)
