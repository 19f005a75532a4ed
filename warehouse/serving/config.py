"""Where Superset, its data and the demo logins live; one place for every serving constant.

The data root itself has one home, `ingestion.landing.paths.DataPaths` (LABOUR_DATA_DIR,
default <repo>/data): this module asks it and passes it on to Superset's process explicitly
(see `superset_env`), because superset_config.py runs in Superset's own venv and cannot
import the pipeline's code."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from ingestion.landing.paths import DataPaths

REPO = Path(__file__).resolve().parents[2]
SUPERSET_DIR = REPO / "warehouse" / "superset"
BUNDLE = SUPERSET_DIR / "bundle"
SERVER_SH = SUPERSET_DIR / "server.sh"
URI_PLACEHOLDER = "duckdb:///${LABOUR_WAREHOUSE}"
DATABASE_NAME = "labour_warehouse"
DASHBOARD_SLUG = "coverage"  # the first dashboard (guideline 1); every one: bundle_dashboards()
PROVINCE_COLUMN = "province_code"  # TH-NN: row-level security and the map of Thailand key on it
DEMO_PROVINCE = os.environ.get("LABOUR_DEMO_PROVINCE", "TH-50")  # Chiang Mai

DEMO_USERS = {
    "executive": ("Executive", "ผู้บริหาร", "Executive"),
    "analyst": ("Analyst", "นักวิเคราะห์", "Analyst"),
    "officer_cm": ("Provincial officer", "เจ้าหน้าที่จังหวัด", "Provincial officer"),
}


def data_dir() -> Path:
    return DataPaths.from_env().root


def warehouse_path() -> Path:
    """The published warehouse Superset reads (read-only)."""
    return DataPaths.from_env().warehouse


def superset_env() -> dict[str, str]:
    """What every Superset process (server.sh, gunicorn, the superset CLI) must be given:
    superset_config.py refuses to start without LABOUR_DATA_DIR rather than guess it."""
    return {"LABOUR_DATA_DIR": str(data_dir())}


def superset_url() -> str:
    host = os.environ.get("SUPERSET_HOST", "127.0.0.1")
    port = os.environ.get("SUPERSET_PORT", "8088")
    return f"http://{host}:{port}"


# ---------------------------------------------------------------------------------------
# credentials
def credentials_file() -> Path:
    return data_dir() / "superset" / "demo_users.json"


def demo_credentials() -> dict[str, dict[str, str]]:
    """{username: {password, role}}, generated once (admin too) and kept under data/."""
    path = credentials_file()
    creds: dict[str, dict[str, str]] = {}
    if path.exists():
        creds = json.loads(path.read_text())
    changed = False
    admin_user = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    if admin_user not in creds:
        creds[admin_user] = {
            "password": os.environ.get("SUPERSET_ADMIN_PASSWORD") or secrets.token_urlsafe(12),
            "role": "Admin",
        }
        changed = True
    for user, (role, *_names) in DEMO_USERS.items():
        if user not in creds:
            creds[user] = {"password": secrets.token_urlsafe(12), "role": role}
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(creds, fh, indent=2)
    return creds
