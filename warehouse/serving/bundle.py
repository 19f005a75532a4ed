"""Dashboards as code: the YAML bundle in git, imported into Superset and exported back.

The bundle (warehouse/superset/bundle/) is Superset's own export format with fixed UUIDs.
Import zips it, puts the published warehouse's real path into the database URI, POSTs it to
/api/v1/assets/import/ (which overwrites every asset, so re-importing changes nothing) and
verifies what Superset holds. Export normalises what Superset writes (placeholder URI,
instance ids renumbered, keys sorted) so that an export right after an import reproduces the
files in git byte for byte."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from warehouse.serving.api import Superset, SupersetAPIError
from warehouse.serving.config import (
    BUNDLE,
    DATABASE_NAME,
    PROVINCE_COLUMN,
    URI_PLACEHOLDER,
    warehouse_path,
)


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


@dataclass(frozen=True)
class BundleDashboard:
    """One dashboard of the bundle, as the code and the tests need it."""

    uuid: str
    slug: str
    title: str
    file: str
    chart_uuids: frozenset[str]


def bundle_dashboards(bundle: Path = BUNDLE) -> list[BundleDashboard]:
    """Every dashboard of the bundle with the charts its layout holds, in file order."""
    out = []
    for name, text in bundle_files(bundle).items():
        if not name.startswith("dashboards/"):
            continue
        dash = yaml.safe_load(text)
        charts = frozenset(
            node["meta"]["uuid"]
            for node in dash["position"].values()
            if isinstance(node, dict) and node.get("type") == "CHART"
        )
        out.append(
            BundleDashboard(dash["uuid"], dash["slug"], dash["dashboard_title"], name, charts)
        )
    return out


def bundle_datasets(bundle: Path = BUNDLE) -> dict[str, dict[str, Any]]:
    """dataset uuid -> its YAML (table_name, schema, sql, columns, metrics)."""
    return {
        (d := yaml.safe_load(text))["uuid"]: d
        for name, text in bundle_files(bundle).items()
        if name.startswith("datasets/")
    }


def province_dataset_uuids(bundle: Path = BUNDLE) -> set[str]:
    """The datasets with a province on every row: row-level security applies to them (a rule
    on a dataset without the column would break every query of it)."""
    return {
        uuid
        for uuid, ds in bundle_datasets(bundle).items()
        if any(c["column_name"] == PROVINCE_COLUMN for c in ds["columns"])
    }


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
    """Every UUID of the bundle exists in Superset and each dashboard holds every chart of its
    layout."""
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
    for dash in bundle_dashboards(bundle):
        dash_id = found["dashboards"][dash.uuid]
        charts = api.json("GET", f"dashboard/{dash_id}/charts")["result"]
        on_dash = {str(c["form_data"].get("slice_id")) for c in charts}
        expected = {str(found["charts"][u]) for u in dash.chart_uuids}
        if not expected <= on_dash:
            raise SupersetAPIError(f"dashboard {dash.slug} lacks charts {expected - on_dash}")
    return ImportReport(
        seconds, found["dashboards"], found["charts"], found["datasets"], found["databases"]
    )


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
                # Superset's import leaves these ids as they were in the file (they are not
                # remapped like the filters' scopes): derive them from the dashboard's own charts
                own = {
                    n["meta"]["chartId"]
                    for n in cfg.get("position", {}).values()
                    if isinstance(n, dict) and n.get("type") == "CHART"
                }
                excluded = set((gcc.get("scope") or {}).get("excluded") or [])
                gcc["chartsInScope"] = sorted(own - excluded)
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
