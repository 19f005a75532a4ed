"""Superset 6.1 configuration for the labour-data lakehouse.

Loaded by Superset through ``SUPERSET_CONFIG_PATH`` (server.sh sets it).
Everything Superset writes lives under ``$LABOUR_DATA_DIR/superset/``, which is git-ignored:

- ``superset.db``  the SQLite metadata database (users, dashboards, charts);
- ``secret_key``   the generated local SECRET_KEY, when SUPERSET_SECRET_KEY is unset;
- ``superset.pid`` / ``superset.log``  the gunicorn process (server.sh).

Only standard-library imports here: this file is read inside Superset's venv.

The data root has one home, ``ingestion/landing/paths.py`` (``DataPaths.from_env()``), which
this venv cannot import (the pipeline's packages need polars). So this file does not guess a
default: the serving layer (``warehouse.serving.superset_env``) and server.sh resolve the root
through DataPaths and pass ``LABOUR_DATA_DIR`` to every Superset process; without it Superset
refuses to start instead of writing its metadata to a second, made-up location.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting that would make Superset unsafe or write to the wrong place."""


def _data_root() -> Path:
    root = os.environ.get("LABOUR_DATA_DIR", "").strip()
    if not root:
        raise ConfigError(
            "LABOUR_DATA_DIR is not set. Start Superset through warehouse/superset/server.sh or "
            "`uv run labour dashboards up`, which resolve the data root with "
            "ingestion.landing.paths.DataPaths and pass it on."
        )
    return Path(root).resolve()


LABOUR_DATA_DIR = _data_root()
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
# Keys published in Superset's code and docs: a session signed with one of them can be forged
# by anyone, so they are refused outright (Superset itself only warns in debug mode). Short
# keys (older defaults and tutorial keys are all shorter than 32 characters) are refused too.
PUBLIC_SECRET_KEYS = frozenset(
    {
        "CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET",  # superset.constants.CHANGE_ME_SECRET_KEY
        "YOUR_OWN_RANDOM_GENERATED_SECRET_KEY",  # the example in Superset's configuration docs
    }
)
MIN_SECRET_KEY_LENGTH = 32


def _check_secret_key(key: str, origin: str) -> str:
    if key in PUBLIC_SECRET_KEYS:
        raise ConfigError(
            f"{origin} holds a publicly known SECRET_KEY: anyone could forge a session. "
            "Generate one, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(42))'`."
        )
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"{origin} holds a SECRET_KEY shorter than {MIN_SECRET_KEY_LENGTH} characters."
        )
    return key


def _secret_key() -> str:
    """SUPERSET_SECRET_KEY, else a random key generated once and kept on disk (mode 600).

    Never Superset's built-in default: it would let anyone forge sessions. The key
    also encrypts stored database passwords, so keep the file when upgrading. The key is
    never printed: error messages name where it came from, not what it is.
    """
    from_env = os.environ.get("SUPERSET_SECRET_KEY", "").strip()
    if from_env:
        return _check_secret_key(from_env, "SUPERSET_SECRET_KEY")
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
    return _check_secret_key(key_file.read_text().strip(), str(key_file))


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
