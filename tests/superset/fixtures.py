"""One real Superset per test session, on a warehouse built by the pipeline at a small scale.

Shared by tests/superset and tests/browser (their conftest.py import `superset_server`).
The server runs from a temporary LABOUR_DATA_DIR on port 8098 (not 8088, which `make up` uses)
and is stopped when the test process exits.

Speed-ups, both optional:
- LABOUR_TEST_WAREHOUSE=<data root>/warehouse/labour.duckdb serves that warehouse instead of
  running the session's pipeline (tests/conftest.py `small_pipeline`); its data root's lake is
  what the access tests try to read through SQL;
- the migrated metadata DB (`superset db upgrade` + `superset init`, ~40 s) is kept as a
  template in warehouse/superset/.venv/.test-template/, keyed by the lock it was built with.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / "warehouse" / "superset" / ".venv"
PORT = os.environ.get("LABOUR_TEST_SUPERSET_PORT", "8098")


@dataclass
class SupersetServer:
    url: str
    data_dir: Path
    warehouse: Path
    credentials: dict
    report: object
    lake: Path  # the pipeline's lake beside the warehouse served (files SQL must not reach)


_SERVER: SupersetServer | None = None


def _source_warehouse(pipeline: Path | None) -> Path:
    given = os.environ.get("LABOUR_TEST_WAREHOUSE")
    if given:
        return Path(given).resolve()
    assert pipeline is not None
    return pipeline / "warehouse" / "labour.duckdb"


def _build_warehouse(data: Path, source: Path) -> Path:
    """Copy the session's pipeline warehouse (or LABOUR_TEST_WAREHOUSE) into this data root."""
    target = data / "warehouse" / "labour.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _metadata_from_template(home: Path, env: dict[str, str]) -> None:
    lock = (REPO / "warehouse" / "superset" / "requirements.lock").read_bytes()
    key = hashlib.sha256(lock).hexdigest()[:16]
    template = VENV / ".test-template" / key
    files = ("superset.db", "secret_key", "demo_users.json")
    home.mkdir(parents=True, exist_ok=True)
    if not all((template / f).exists() for f in files):
        from warehouse import serving as sa

        creds = sa.demo_credentials()  # reads LABOUR_DATA_DIR from os.environ
        env = {**env, "SUPERSET_ADMIN_PASSWORD": creds["admin"]["password"]}
        subprocess.run([str(REPO / "warehouse/superset/server.sh"), "init"], env=env, check=True)
        template.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copy2(home / f, template / f)
    else:
        for f in files:
            shutil.copy2(template / f, home / f)


def start_server(pipeline: Path | None) -> SupersetServer:
    global _SERVER
    if _SERVER is not None:
        return _SERVER
    if not (VENV / "bin" / "superset").exists():
        subprocess.run([str(REPO / "warehouse/superset/install.sh")], check=True)
    data = Path(tempfile.mkdtemp(prefix="labour-superset-"))
    source = _source_warehouse(pipeline)
    warehouse = _build_warehouse(data, source)
    os.environ.update(
        {"LABOUR_DATA_DIR": str(data), "SUPERSET_PORT": PORT, "SUPERSET_HOST": "127.0.0.1"}
    )
    env = {**os.environ}
    _metadata_from_template(data / "superset", env)

    from warehouse import serving as sa

    def stop() -> None:
        subprocess.run([str(REPO / "warehouse/superset/server.sh"), "stop"], env=env, check=False)
        shutil.rmtree(data, ignore_errors=True)

    atexit.register(stop)
    subprocess.run([str(REPO / "warehouse/superset/server.sh"), "start"], env=env, check=True)
    api = sa.admin_session()
    report = sa.import_bundle(api)
    sa.provision(api, report)
    _SERVER = SupersetServer(
        sa.superset_url(),
        data,
        warehouse,
        sa.demo_credentials(),
        report,
        source.parents[1] / "lake",
    )
    return _SERVER


@pytest.fixture(scope="session")
def superset_server(request: pytest.FixtureRequest) -> SupersetServer:
    # the pipeline run only when no warehouse is given (LABOUR_TEST_WAREHOUSE)
    pipeline = None
    if not os.environ.get("LABOUR_TEST_WAREHOUSE"):
        pipeline = request.getfixturevalue("small_pipeline")
    try:
        return start_server(pipeline)
    except Exception as exc:  # one clear failure instead of a cascade
        pytest.fail(f"could not start Superset for the tests: {exc}", pytrace=False)
