"""Roles, demo users and row-level security: Executive (dashboards, no SQL Lab), Analyst
(SQL Lab on the warehouse only), Provincial officer (every warehouse dataset with a province
limited to one province). None of them may export assets (see BYPASS_PERMS). What each role
may do is proven over the REST API by tests/superset/test_access_matrix.py (docs/security.md)."""

from __future__ import annotations

from typing import Any

from warehouse.serving.api import Superset, SupersetAPIError
from warehouse.serving.bundle import ImportReport, province_dataset_uuids, verify_import
from warehouse.serving.config import DEMO_PROVINCE, DEMO_USERS, PROVINCE_COLUMN, demo_credentials

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
# Exports that bypass row-level security or show the database URI: a dashboard or chart
# export (YAML ZIP) holds the database's sqlalchemy_uri, and /api/v1/dashboard/<id>/
# export_as_example/ (permission can_export on Dashboard) writes every row of every dataset
# as Parquet without RLS. CSV of chart data (can_csv) stays: it goes through RLS.
BYPASS_PERMS = {
    ("can_export", "Dashboard"),
    ("can_export", "Chart"),
    ("can_export_as_example", "Dashboard"),
}
ROLES: dict[str, dict[str, Any]] = {
    "Executive": {"base": ["Gamma"], "drop_views": SQL_LAB_VIEWS},
    "Analyst": {"base": ["Gamma", "sql_lab"], "drop_views": set()},
    "Provincial officer": {"base": ["Gamma"], "drop_views": SQL_LAB_VIEWS},
}


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
                if (
                    p["view_menu_name"] in spec["drop_views"]
                    or (p["permission_name"], p["view_menu_name"]) in BYPASS_PERMS
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

    # row-level security: the officer sees one province in every dataset that has one; the
    # national datasets (the fund) carry no province and are the same for every role
    rls_name = f"Provincial officer: {DEMO_PROVINCE}"
    body = {
        "name": rls_name,
        "description": "Demo: the Provincial officer sees one province in every warehouse "
        f"dataset with a {PROVINCE_COLUMN}.",
        "filter_type": "Regular",
        "tables": sorted(report.datasets[u] for u in province_dataset_uuids()),
        "roles": [roles["Provincial officer"]],
        "group_key": "province",
        "clause": f"{PROVINCE_COLUMN} = '{DEMO_PROVINCE}'",
    }
    rules = api.json("GET", "rowlevelsecurity/?q=(page_size:100)")["result"]
    rule = _find(rules, "name", rls_name)
    if rule:
        api.json("PUT", f"rowlevelsecurity/{rule['id']}", json=body)
    else:
        api.json("POST", "rowlevelsecurity/", json=body)
    return {"roles": roles, "permissions": role_perm_ids, "province": DEMO_PROVINCE}
