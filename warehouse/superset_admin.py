"""Superset as code: import/export the dashboard bundle, roles, demo users, row-level security.

Runs in the pipeline's environment and talks to a running Superset only through its REST API
(superset-client for the session: login, JWT, CSRF). Superset itself runs in its own venv
(warehouse/superset/server.sh).

- The bundle (warehouse/superset/bundle/) is Superset's own YAML export format with fixed
  UUIDs. `import_bundle` zips it, puts the real path of the published warehouse into the
  database URI (the YAML holds `${LABOUR_WAREHOUSE}`), POSTs it to /api/v1/assets/import/
  (which overwrites every asset: re-importing changes nothing) and verifies what Superset holds.
- `export_bundle` writes UI edits back: it exports the dashboard, then normalises the files
  (placeholder URI, instance ids renumbered, keys sorted) so that an export right after an
  import reproduces the files in git byte for byte.
- `provision` creates the roles Executive / Analyst / Provincial officer, one demo user each
  (passwords generated once into $LABOUR_DATA_DIR/superset/demo_users.json, mode 600) and a
  row-level-security rule limiting every warehouse dataset to one province for the officer.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

REPO = Path(__file__).resolve().parents[1]
SUPERSET_DIR = REPO / "warehouse" / "superset"
BUNDLE = SUPERSET_DIR / "bundle"
SERVER_SH = SUPERSET_DIR / "server.sh"
URI_PLACEHOLDER = "duckdb:///${LABOUR_WAREHOUSE}"
DATABASE_NAME = "labour_warehouse"
DASHBOARD_SLUG = "coverage"
DEMO_PROVINCE = os.environ.get("LABOUR_DEMO_PROVINCE", "TH-50")  # Chiang Mai

# Roles: (name, base roles whose permissions are copied, extra (permission, view) pairs,
# permissions removed). Gamma = see dashboards/charts of the datasets granted; sql_lab = SQL Lab.
SQL_LAB_VIEWS = {
    "SQL Lab",
    "SQLLab",
    "SqlLab",
    "Query",
    "SavedQuery",
    "TabStateView",
    "TableSchemaView",
}
ROLES: dict[str, dict[str, Any]] = {
    "Executive": {"base": ["Gamma"], "drop_views": SQL_LAB_VIEWS},
    "Analyst": {"base": ["Gamma", "sql_lab"], "drop_views": set()},
    "Provincial officer": {"base": ["Gamma"], "drop_views": SQL_LAB_VIEWS},
}
DEMO_USERS = {
    "executive": ("Executive", "ผู้บริหาร", "Executive"),
    "analyst": ("Analyst", "นักวิเคราะห์", "Analyst"),
    "officer_cm": ("Provincial officer", "เจ้าหน้าที่จังหวัด", "Provincial officer"),
}


def data_dir() -> Path:
    return Path(os.environ.get("LABOUR_DATA_DIR") or REPO / "data").resolve()


def warehouse_path() -> Path:
    return data_dir() / "warehouse" / "labour.duckdb"


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


# ---------------------------------------------------------------------------------------
# REST session
class SupersetAPIError(RuntimeError):
    pass


@dataclass
class Superset:
    """A logged-in API session (superset-client: JWT + CSRF token on a requests session)."""

    url: str = field(default_factory=superset_url)
    username: str = "admin"
    password: str = ""

    def __post_init__(self) -> None:
        os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
        from supersetapiclient.client import SupersetClient

        self.client = SupersetClient(host=self.url, username=self.username, password=self.password)
        self.session = self.client.session  # logs in now

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.session.request(method, f"{self.url}/api/v1/{path.lstrip('/')}", **kw)

    def json(self, method: str, path: str, expect: tuple[int, ...] = (200, 201), **kw: Any) -> Any:
        r = self.request(method, path, **kw)
        if r.status_code not in expect:
            raise SupersetAPIError(f"{method} {path} -> {r.status_code}: {r.text[:800]}")
        return r.json()

    def list_all(self, path: str, columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = 0
        cols = f"columns:!({','.join(columns)})," if columns else ""
        while True:
            res = self.json("GET", f"{path}?q=({cols}page:{page},page_size:100)")
            out.extend(res["result"])
            if len(res["result"]) < 100:
                return out
            page += 1


def admin_session() -> Superset:
    creds = demo_credentials()
    user = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    return Superset(username=user, password=creds[user]["password"])


def wait_healthy(url: str | None = None, timeout: float = 120) -> None:
    url = url or superset_url()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/health", timeout=5).text == "OK":
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SupersetAPIError(f"Superset at {url} is not healthy after {timeout:.0f} s")


# ---------------------------------------------------------------------------------------
# bundle
def bundle_files(bundle: Path = BUNDLE) -> dict[str, str]:
    return {
        p.relative_to(bundle).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(bundle.rglob("*.yaml"))
    }


def bundle_uuids(bundle: Path = BUNDLE) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, text in bundle_files(bundle).items():
        kind = name.split("/", 1)[0]
        if kind == "metadata.yaml":
            continue
        out.setdefault(kind, set()).add(yaml.safe_load(text)["uuid"])
    return out


def bundle_zip(bundle: Path = BUNDLE, warehouse: Path | None = None) -> bytes:
    """The bundle as Superset's import ZIP, with the real warehouse path in the database URI."""
    warehouse = (warehouse or warehouse_path()).resolve()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in bundle_files(bundle).items():
            if name.startswith("databases/"):
                text = text.replace(URI_PLACEHOLDER, f"duckdb:///{warehouse}")
            zf.writestr(f"bundle/{name}", text)
    return buf.getvalue()


@dataclass
class ImportReport:
    seconds: float
    dashboards: dict[str, int]
    charts: dict[str, int]
    datasets: dict[str, int]
    databases: dict[str, int]


def import_bundle(
    api: Superset, bundle: Path = BUNDLE, warehouse: Path | None = None
) -> ImportReport:
    started = time.perf_counter()
    data = bundle_zip(bundle, warehouse)
    r = api.request(
        "POST",
        "assets/import/",
        files={"bundle": ("bundle.zip", data, "application/zip")},
        data={"passwords": "{}"},
        headers={"Accept": "application/json"},
    )
    if r.status_code != 200:
        raise SupersetAPIError(f"import failed ({r.status_code}): {r.text[:2000]}")
    seconds = time.perf_counter() - started
    return verify_import(api, bundle, seconds)


def verify_import(api: Superset, bundle: Path = BUNDLE, seconds: float = 0.0) -> ImportReport:
    """Every UUID of the bundle exists in Superset and the dashboard holds every chart."""
    want = bundle_uuids(bundle)
    found: dict[str, dict[str, int]] = {}
    for kind, endpoint in (
        ("dashboards", "dashboard/"),
        ("charts", "chart/"),
        ("datasets", "dataset/"),
        ("databases", "database/"),
    ):
        rows = api.list_all(endpoint, ("id", "uuid"))
        by_uuid = {str(r["uuid"]): r["id"] for r in rows if r.get("uuid")}
        missing = want.get(kind, set()) - by_uuid.keys()
        if missing:
            raise SupersetAPIError(f"after import, Superset lacks {kind}: {sorted(missing)}")
        found[kind] = {u: by_uuid[u] for u in want.get(kind, set())}
    for dash_id in found["dashboards"].values():
        charts = api.json("GET", f"dashboard/{dash_id}/charts")["result"]
        on_dash = {str(c["form_data"].get("slice_id")) for c in charts}
        expected = {str(i) for i in found["charts"].values()}
        if not expected <= on_dash:
            raise SupersetAPIError(f"dashboard {dash_id} lacks charts {expected - on_dash}")
    return ImportReport(
        seconds, found["dashboards"], found["charts"], found["datasets"], found["databases"]
    )


# ---------------------------------------------------------------------------------------
# export (UI edits back into git)
_INSTANCE_KEYS = ("slice_id", "dashboards", "url_params")


def _dump(obj: Any) -> str:
    return yaml.safe_dump(obj, allow_unicode=True, sort_keys=True, width=100)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"


def normalise_export(contents: dict[str, str], bundle: Path = BUNDLE) -> dict[str, str]:
    """Exported ZIP contents -> bundle files: stable names, no instance ids, placeholder URI."""
    existing = {}  # uuid -> file name in the bundle
    for name, text in bundle_files(bundle).items():
        if name != "metadata.yaml":
            existing[yaml.safe_load(text)["uuid"]] = name
    configs = {}
    for name, text in contents.items():
        rel = name.split("/", 1)[1]
        if rel == "metadata.yaml" or not rel.endswith(".yaml"):
            continue
        configs[rel] = yaml.safe_load(text)

    charts = {c["uuid"]: c for n, c in configs.items() if n.startswith("charts/")}
    # canonical chart ids: position order of the exported files' names
    out: dict[str, str] = {"metadata.yaml": _dump({"version": "1.0.0", "type": "assets"})}
    chart_file = {}
    for rel, cfg in configs.items():
        kind = rel.split("/", 1)[0]
        if cfg["uuid"] in existing:
            target = existing[cfg["uuid"]]
        elif kind == "charts":
            target = f"charts/{_slug(cfg.get('slice_name', ''))}_{cfg['uuid'][:8]}.yaml"
        elif kind == "datasets":
            target = f"datasets/{DATABASE_NAME}/{cfg['table_name']}.yaml"
        else:
            target = rel
        if kind == "charts":
            chart_file[cfg["uuid"]] = target
        configs[rel]["__target"] = target
    canon = {u: i for i, u in enumerate(sorted(charts, key=lambda u: chart_file[u]), start=1)}
    old_to_canon: dict[int, int] = {}
    for rel, cfg in configs.items():
        if rel.startswith("dashboards/"):
            for node in cfg.get("position", {}).values():
                if isinstance(node, dict) and node.get("type") == "CHART":
                    meta = node["meta"]
                    if meta.get("uuid") in canon:
                        old_to_canon[meta["chartId"]] = canon[meta["uuid"]]
                        meta["chartId"] = canon[meta["uuid"]]

    def remap(ids: list[int]) -> list[int]:
        return sorted(old_to_canon.get(i, i) for i in ids)

    for rel, cfg in configs.items():
        target = cfg.pop("__target")
        if rel.startswith("databases/"):
            cfg["sqlalchemy_uri"] = URI_PLACEHOLDER
        elif rel.startswith("charts/"):
            params = cfg.get("params") or {}
            for key in _INSTANCE_KEYS:
                params.pop(key, None)
            params["datasource"] = "0__table"
            if cfg.get("query_context"):
                qc = json.loads(cfg["query_context"])
                qc["datasource"] = {"id": 0, "type": "table"}
                fd = qc.get("form_data") or {}
                for key in _INSTANCE_KEYS:
                    fd.pop(key, None)
                if "datasource" in fd:
                    fd["datasource"] = "0__table"
                for q in qc.get("queries", []):
                    q.pop("datasource", None)
                cfg["query_context"] = json.dumps(qc, ensure_ascii=False, sort_keys=True)
        elif rel.startswith("dashboards/"):
            meta = cfg.get("metadata") or {}
            for nf in meta.get("native_filter_configuration", []):
                scope = nf.get("scope") or {}
                if "excluded" in scope:
                    scope["excluded"] = remap(scope["excluded"])
                nf.pop("chartsInScope", None)
                nf.pop("tabsInScope", None)
            gcc = meta.get("global_chart_configuration") or {}
            if "chartsInScope" in gcc:
                gcc["chartsInScope"] = remap(gcc["chartsInScope"])
            meta["chart_configuration"] = {
                str(old_to_canon.get(int(k), k)) if str(k).isdigit() else k: v
                for k, v in (meta.get("chart_configuration") or {}).items()
            }
            meta.pop("positions", None)
        out[target] = _dump(cfg)
    return out


def export_bundle(api: Superset, bundle: Path = BUNDLE, write: bool = True) -> dict[str, str]:
    """Export the bundle's dashboards from Superset and write them back into `bundle`."""
    dash_ids = sorted(verify_import(api, bundle).dashboards.values())
    r = api.request("GET", f"dashboard/export/?q=!({','.join(map(str, dash_ids))})")
    if r.status_code != 200:
        raise SupersetAPIError(f"export failed ({r.status_code}): {r.text[:500]}")
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        contents = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    files = normalise_export(contents, bundle)
    if write:
        for old in bundle.rglob("*.yaml"):
            if old.relative_to(bundle).as_posix() not in files:
                old.unlink()
        for rel, text in files.items():
            p = bundle / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
    return files


# ---------------------------------------------------------------------------------------
# roles, users, row-level security
def _find(rows: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any] | None:
    return next((r for r in rows if r.get(key) == value), None)


def _role_ids(api: Superset) -> dict[str, int]:
    return {r["name"]: r["id"] for r in api.list_all("security/roles/")}


def _pvm_index(api: Superset) -> dict[tuple[str, str], int]:
    rows = api.list_all("security/permissions-resources/")
    return {(r["permission"]["name"], r["view_menu"]["name"]): r["id"] for r in rows}


def provision(api: Superset, report: ImportReport | None = None) -> dict[str, Any]:
    """Roles, demo users and RLS; idempotent (everything is set, not added)."""
    report = report or verify_import(api)
    db_id = next(iter(report.databases.values()))
    database = api.json("GET", f"database/{db_id}")["result"]
    db_perm = f"[{database['database_name']}].(id:{db_id})"
    pvms = _pvm_index(api)
    if ("database_access", db_perm) not in pvms:
        raise SupersetAPIError(f"no database_access permission for {db_perm}")

    roles = _role_ids(api)
    role_perm_ids: dict[str, list[int]] = {}
    for name, spec in ROLES.items():
        perms: set[int] = set()
        for base in spec["base"]:
            for p in api.json("GET", f"security/roles/{roles[base]}/permissions/")["result"]:
                if p["view_menu_name"] in spec["drop_views"] or (
                    p["permission_name"] in ("can_sqllab", "menu_access")
                    and p["view_menu_name"] in spec["drop_views"]
                ):
                    continue
                perms.add(p["id"])
        perms.add(pvms[("database_access", db_perm)])
        if name == "Analyst":
            for schema_perm in [v for (pn, v) in pvms if pn == "schema_access"]:
                if schema_perm.startswith(f"[{database['database_name']}]"):
                    perms.add(pvms[("schema_access", schema_perm)])
        if name not in roles:
            roles[name] = api.json("POST", "security/roles/", json={"name": name})["id"]
        api.json(
            "POST",
            f"security/roles/{roles[name]}/permissions",
            json={"permission_view_menu_ids": sorted(perms)},
        )
        role_perm_ids[name] = sorted(perms)

    # demo users
    creds = demo_credentials()
    users = api.list_all("security/users/")
    for username, (role, first, last) in DEMO_USERS.items():
        body = {
            "first_name": first,
            "last_name": last,
            "username": username,
            "email": f"{username}@demo.sso.go.th.invalid",
            "active": True,
            "roles": [roles[role]],
            "password": creds[username]["password"],
        }
        existing = _find(users, "username", username)
        if existing:
            api.json("PUT", f"security/users/{existing['id']}", json=body)
        else:
            api.json("POST", "security/users/", json=body)

    # row-level security: the officer sees one province in every warehouse dataset
    rls_name = f"Provincial officer: {DEMO_PROVINCE}"
    body = {
        "name": rls_name,
        "description": "Demo: the Provincial officer sees one province in every warehouse dataset.",
        "filter_type": "Regular",
        "tables": sorted(report.datasets.values()),
        "roles": [roles["Provincial officer"]],
        "group_key": "province",
        "clause": f"province_code = '{DEMO_PROVINCE}'",
    }
    rules = api.json("GET", "rowlevelsecurity/?q=(page_size:100)")["result"]
    rule = _find(rules, "name", rls_name)
    if rule:
        api.json("PUT", f"rowlevelsecurity/{rule['id']}", json=body)
    else:
        api.json("POST", "rowlevelsecurity/", json=body)
    return {"roles": roles, "permissions": role_perm_ids, "province": DEMO_PROVINCE}


# ---------------------------------------------------------------------------------------
# server lifecycle (server.sh does the work)
def server(cmd: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    return subprocess.run([str(SERVER_SH), cmd], env=full, check=False, text=True)


def up(print_fn=print) -> dict[str, Any]:
    """init (idempotent) + start Superset, import the bundle, provision roles and users."""
    creds = demo_credentials()
    admin = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    env = {"SUPERSET_ADMIN_PASSWORD": creds[admin]["password"], "LABOUR_DATA_DIR": str(data_dir())}
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


# ---------------------------------------------------------------------------------------
# measurements
def measure_chart_latency(
    api: Superset, warehouse: Path | None = None, n: int = 20
) -> dict[str, Any]:
    """Per chart: /api/v1/chart/data median and p95 over n requests, and the same SQL run
    directly on the warehouse with DuckDB (what Superset adds = the difference)."""
    import statistics

    import duckdb

    warehouse = warehouse or warehouse_path()
    keys = {}
    for p in (BUNDLE / "charts").glob("*.yaml"):
        keys[yaml.safe_load(p.read_text())["uuid"]] = p.stem
    report = verify_import(api)
    out: dict[str, Any] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for uuid, chart_id in sorted(report.charts.items(), key=lambda kv: keys[kv[0]]):
            qc = json.loads(api.json("GET", f"chart/{chart_id}")["result"]["query_context"])
            qc["force"] = True
            api_ms = []
            for _ in range(n):
                t0 = time.perf_counter()
                api.json("POST", "chart/data", json=qc)
                api_ms.append((time.perf_counter() - t0) * 1000)
            sql = api.json("POST", "chart/data", json={**qc, "result_type": "query"})["result"][0][
                "query"
            ]
            db_ms = []
            for _ in range(n):
                t0 = time.perf_counter()
                con.execute(sql).fetchall()
                db_ms.append((time.perf_counter() - t0) * 1000)
            api_ms.sort()
            db_ms.sort()
            p95 = api_ms[max(0, round(0.95 * n) - 1)]
            out[keys[uuid]] = {
                "median_ms": round(statistics.median(api_ms), 1),
                "p95_ms": round(p95, 1),
                "duckdb_median_ms": round(statistics.median(db_ms), 1),
                "superset_adds_ms": round(statistics.median(api_ms) - statistics.median(db_ms), 1),
            }
    return out
