"""The dbt source YAML of each source system, generated from its spec
(ingestion/sources/<system>/source.yaml) into
dbt_project/models/staging/<system>/_<system>__sources.yml, so dbt's sources, their columns and
their Dagster lineage (`meta.dagster.asset_key` → the lake asset) always match the spec.

`labour source sync-dbt` writes the files; `labour source sync-dbt --check` (and a unit test)
fails when a committed file differs from what the spec generates.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from ingestion.landing.paths import REPO_ROOT
from ingestion.sources.spec import SourceSpec, source_specs

STAGING_DIR = REPO_ROOT / "dbt_project" / "models" / "staging"
WIDTH = 100

_EXTERNAL = (
    "read_parquet('{{{{ env_var('LABOUR_DATA_DIR', '../data') }}}}/lake/raw/{system}/{{name}}"
    "/*/*.parquet', hive_partitioning = true, hive_types_autocast = false, "
    "union_by_name = true)"
)


def sources_yml_path(system: str, staging_dir: Path = STAGING_DIR) -> Path:
    return staging_dir / system / f"_{system}__sources.yml"


def _text(value: str) -> str:
    return " ".join(value.split())


def _scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when it reads back the same, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _description(key_indent: int, value: str) -> list[str]:
    text = _text(value)
    pad = " " * key_indent
    if len(pad) + len("description: ") + len(text) <= WIDTH:
        return [f"{pad}description: {_scalar(text)}"]
    body = textwrap.wrap(text, WIDTH - key_indent - 2, break_on_hyphens=False)
    return [f"{pad}description: >", *(f"{pad}  {line}" for line in body)]


def render_sources_yml(spec: SourceSpec) -> str:
    s = spec.system
    out = [
        f"# Generated from ingestion/sources/{s}/source.yaml by `labour source sync-dbt`:",
        "# edit the spec, not this file.",
        "version: 2",
        "",
        "sources:",
        f"  - name: {s}",
        *_description(4, spec.description),
        "    config:",
        "      meta:",
        f'        external_location: "{_EXTERNAL.format(system=s)}"',
        "    tables:",
    ]
    for e in spec.entities:
        out += [
            f"      - name: {e.name}",
            *_description(8, e.description),
            "        config:",
            "          meta:",
            "            dagster:",
            f'              asset_key: ["lake", "{s}", "{e.name}"]',
            "        columns:",
        ]
        for c in e.lake_columns:
            out.append(f"          - name: {c.name}")
            if c.description:
                out += _description(12, c.description)
        out += ["          - name: month", *_description(12, e.partition_description)]
    return "\n".join(out) + "\n"


def expected_files(staging_dir: Path = STAGING_DIR) -> dict[Path, str]:
    return {sources_yml_path(s.system, staging_dir): render_sources_yml(s) for s in source_specs()}


def stale_files(staging_dir: Path = STAGING_DIR) -> list[Path]:
    """The sources files that differ from (or are missing against) their specs."""
    return [
        p
        for p, text in expected_files(staging_dir).items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]


def sync(staging_dir: Path = STAGING_DIR) -> list[Path]:
    """Write every stale sources file; returns the files written."""
    written = []
    for p, text in expected_files(staging_dir).items():
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
            written.append(p)
    return written
