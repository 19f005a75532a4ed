"""Serving: Superset as code, run from the pipeline's environment through Superset's REST API.

Superset itself runs in its own virtual environment (warehouse/superset/server.sh). Modules:
config (paths, constants, demo logins), api (the REST session), bundle (dashboards as code:
import, verify, export), access (roles, users, row-level security), server (lifecycle and the
`make up` sequence), latency (chart-data measurements).
"""

from warehouse.serving.access import ROLES, SQL_LAB_VIEWS, provision
from warehouse.serving.api import Superset, SupersetAPIError, admin_session, wait_healthy
from warehouse.serving.bundle import (
    ImportReport,
    bundle_files,
    bundle_uuids,
    bundle_zip,
    export_bundle,
    import_bundle,
    normalise_export,
    verify_import,
)
from warehouse.serving.config import (
    BUNDLE,
    DASHBOARD_SLUG,
    DATABASE_NAME,
    DEMO_PROVINCE,
    DEMO_USERS,
    REPO,
    SERVER_SH,
    SUPERSET_DIR,
    URI_PLACEHOLDER,
    credentials_file,
    data_dir,
    demo_credentials,
    superset_url,
    warehouse_path,
)
from warehouse.serving.latency import measure_chart_latency
from warehouse.serving.server import server, up

__all__ = [
    "BUNDLE",
    "DASHBOARD_SLUG",
    "DATABASE_NAME",
    "DEMO_PROVINCE",
    "DEMO_USERS",
    "REPO",
    "ROLES",
    "SERVER_SH",
    "SQL_LAB_VIEWS",
    "SUPERSET_DIR",
    "URI_PLACEHOLDER",
    "ImportReport",
    "Superset",
    "SupersetAPIError",
    "admin_session",
    "bundle_files",
    "bundle_uuids",
    "bundle_zip",
    "credentials_file",
    "data_dir",
    "demo_credentials",
    "export_bundle",
    "import_bundle",
    "measure_chart_latency",
    "normalise_export",
    "provision",
    "server",
    "superset_url",
    "up",
    "verify_import",
    "wait_healthy",
    "warehouse_path",
]
