"""Superset's lifecycle (warehouse/superset/server.sh does the work) and `make up`'s sequence."""

from __future__ import annotations

import os
import subprocess
from typing import Any

from warehouse.serving.access import provision
from warehouse.serving.api import SupersetAPIError, admin_session
from warehouse.serving.bundle import import_bundle
from warehouse.serving.config import SERVER_SH, demo_credentials, superset_env


def server(cmd: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run server.sh with the data root resolved here (superset_config.py requires it)."""
    full = {**os.environ, **superset_env(), **(env or {})}
    return subprocess.run([str(SERVER_SH), cmd], env=full, check=False, text=True)


def up(print_fn=print) -> dict[str, Any]:
    """init (idempotent) + start Superset, import the bundle, provision roles and users."""
    creds = demo_credentials()
    admin = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    env = {"SUPERSET_ADMIN_PASSWORD": creds[admin]["password"]}
    for cmd in ("init", "start"):
        if server(cmd, env).returncode != 0:
            raise SupersetAPIError(f"server.sh {cmd} failed")
    api = admin_session()
    report = import_bundle(api)
    print_fn(
        f"imported the dashboard bundle in {report.seconds:.1f} s: "
        f"{len(report.charts)} charts, {len(report.datasets)} datasets"
    )
    provision(api, report)
    return {"report": report, "credentials": creds}
