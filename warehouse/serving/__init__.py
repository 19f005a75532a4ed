"""Serving: Superset as code, run from the pipeline's environment through Superset's REST API.

Superset itself runs in its own virtual environment (warehouse/superset/server.sh). Modules:
config (paths, constants, demo logins), api (the REST and browser-like sessions), bundle
(dashboards as code: import, verify, export), access (roles, users, row-level security), charts
(every dashboard chart and how to request its data), server (lifecycle and the `make up`
sequence), latency (chart-data measurements), soak (`make soak`: load while publishing).
"""

from warehouse.serving.access import BYPASS_PERMS, ROLES, SQL_LAB_VIEWS, provision
from warehouse.serving.api import (
    Superset,
    SupersetAPIError,
    WebSession,
    admin_session,
    wait_healthy,
)
from warehouse.serving.bundle import (
    BundleDashboard,
    ImportReport,
    bundle_dashboards,
    bundle_datasets,
    bundle_files,
    bundle_uuids,
    bundle_zip,
    export_bundle,
    import_bundle,
    normalise_export,
    province_dataset_uuids,
    verify_import,
)
from warehouse.serving.charts import (
    LEGACY_VIZ_TYPES,
    ChartDataError,
    ChartQuery,
    chart_rows,
    dashboard_charts,
)
from warehouse.serving.config import (
    BUNDLE,
    DASHBOARD_SLUG,
    DATABASE_NAME,
    DEMO_PROVINCE,
    DEMO_USERS,
    PROVINCE_COLUMN,
    REPO,
    SERVER_SH,
    SUPERSET_DIR,
    URI_PLACEHOLDER,
    credentials_file,
    data_dir,
    demo_credentials,
    superset_env,
    superset_url,
    warehouse_path,
)
from warehouse.serving.latency import measure_chart_latency
from warehouse.serving.server import server, up

__all__ = [
    "BUNDLE",
    "BYPASS_PERMS",
    "DASHBOARD_SLUG",
    "DATABASE_NAME",
    "DEMO_PROVINCE",
    "DEMO_USERS",
    "LEGACY_VIZ_TYPES",
    "PROVINCE_COLUMN",
    "REPO",
    "ROLES",
    "SERVER_SH",
    "SQL_LAB_VIEWS",
    "SUPERSET_DIR",
    "URI_PLACEHOLDER",
    "BundleDashboard",
    "ChartDataError",
    "ChartQuery",
    "ImportReport",
    "Superset",
    "SupersetAPIError",
    "WebSession",
    "admin_session",
    "bundle_dashboards",
    "bundle_datasets",
    "bundle_files",
    "bundle_uuids",
    "bundle_zip",
    "chart_rows",
    "credentials_file",
    "dashboard_charts",
    "data_dir",
    "demo_credentials",
    "export_bundle",
    "import_bundle",
    "measure_chart_latency",
    "normalise_export",
    "province_dataset_uuids",
    "provision",
    "server",
    "superset_env",
    "superset_url",
    "up",
    "verify_import",
    "wait_healthy",
    "warehouse_path",
]
