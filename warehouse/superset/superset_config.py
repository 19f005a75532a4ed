"""Superset 6.1 configuration for the labour-data lakehouse.

Loaded by Superset through ``SUPERSET_CONFIG_PATH`` (server.sh sets it).
Everything Superset writes lives under ``$LABOUR_DATA_DIR/superset/``
(default ``<repo>/data/superset/``), which is git-ignored:

- ``superset.db``  the SQLite metadata database (users, dashboards, charts);
- ``secret_key``   the generated local SECRET_KEY, when SUPERSET_SECRET_KEY is unset;
- ``superset.pid`` / ``superset.log``  the gunicorn process (server.sh).

Only standard-library imports here: this file is read inside Superset's venv.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]
LABOUR_DATA_DIR = Path(os.environ.get("LABOUR_DATA_DIR") or _REPO / "data").resolve()
SUPERSET_HOME = LABOUR_DATA_DIR / "superset"
SUPERSET_HOME.mkdir(parents=True, exist_ok=True)

# Superset's own scratch folder (uploads, examples.db): keep it out of ~/.superset.
DATA_DIR = str(SUPERSET_HOME)

# --- metadata database ---------------------------------------------------------
# SQLite for one machine; PostgreSQL when Superset runs on more than one host.
SQLALCHEMY_DATABASE_URI = os.environ.get("SUPERSET_DATABASE_URI") or (
    f"sqlite:///{SUPERSET_HOME / 'superset.db'}?check_same_thread=false"
)


# --- secret key ----------------------------------------------------------------
def _secret_key() -> str:
    """SUPERSET_SECRET_KEY, else a random key generated once and kept on disk.

    Never Superset's built-in default: it would let anyone forge sessions. The key
    also encrypts stored database passwords, so keep the file when upgrading.
    """
    from_env = os.environ.get("SUPERSET_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = SUPERSET_HOME / "secret_key"
    if not key_file.exists():
        key = secrets.token_urlsafe(42)
        # O_EXCL: two processes starting at once cannot both write a key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(key + "\n")
    key = key_file.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{key_file} holds a key shorter than 32 characters")
    return key


SECRET_KEY = _secret_key()

# --- web server ------------------------------------------------------------------
# Served on 127.0.0.1 directly; turn this on only behind a reverse proxy that sets
# X-Forwarded-* headers.
ENABLE_PROXY_FIX = False
SUPERSET_WEBSERVER_TIMEOUT = 120
SQLLAB_TIMEOUT = 120
# Quiet flask-limiter's "in-memory storage" warning: one host, memory is fine.
RATELIMIT_STORAGE_URI = "memory://"

# --- CSRF ------------------------------------------------------------------------
# CSRF stays on for the browser UI. The REST API still works:
#  - POST /api/v1/security/login needs no CSRF token (it returns a JWT);
#  - other API writes send the JWT plus X-CSRFToken from
#    GET /api/v1/security/csrf_token/ with that session's cookie. superset-client
#    1.0 does exactly that, so nothing needs to be exempted.
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = 60 * 60 * 24 * 7

# --- feature flags -------------------------------------------------------------------
# In 6.1 native filters, versioned (ZIP of YAML) import/export and row-level
# security are always on and have no flag any more.
FEATURE_FLAGS = {
    # Dashboards can be limited to roles (executives per guideline).
    "DASHBOARD_RBAC": True,
    # Jinja in SQL stays off: analysts get plain read-only SQL.
    "ENABLE_TEMPLATE_PROCESSING": False,
    # No Celery here: reports, alerts, thumbnails and async queries stay off.
    "ALERT_REPORTS": False,
    "THUMBNAILS": False,
    "GLOBAL_ASYNC_QUERIES": False,
}

# --- language ------------------------------------------------------------------------
# Superset 6.1 ships no Thai translation (superset/translations has no "th"), so the
# UI stays in English; dashboards carry Thai in their titles, labels and markdown.
BABEL_DEFAULT_LOCALE = "en"
LANGUAGES: dict[str, dict[str, str]] = {}

# --- databases ---------------------------------------------------------------------
# PREVENT_UNSAFE_DB_CONNECTIONS blocks only sqlite://, shillelagh and superset://
# (superset/security/analytics_db_safety.py); duckdb:// is allowed, so keep it on.
PREVENT_UNSAFE_DB_CONNECTIONS = True

# --- caches ------------------------------------------------------------------------
# Metadata (CACHE_CONFIG) and chart results (DATA_CACHE_CONFIG). Off by default so a
# freshly published warehouse shows at once; set SUPERSET_DATA_CACHE_SECONDS (e.g.
# 3600) to cache on disk under $LABOUR_DATA_DIR/superset/cache.
_CACHE_SECONDS = int(os.environ.get("SUPERSET_DATA_CACHE_SECONDS") or 0)
if _CACHE_SECONDS > 0:
    _CACHE_DIR = str(SUPERSET_HOME / "cache")
    CACHE_CONFIG = {
        "CACHE_TYPE": "FileSystemCache",
        "CACHE_DIR": _CACHE_DIR,
        "CACHE_DEFAULT_TIMEOUT": _CACHE_SECONDS,
        "CACHE_KEY_PREFIX": "superset_meta_",
    }
    DATA_CACHE_CONFIG = {**CACHE_CONFIG, "CACHE_KEY_PREFIX": "superset_data_"}
