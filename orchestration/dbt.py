"""The dbt project as Dagster assets: each model and seed an asset keyed [schema, name], each
dbt test an asset check, dbt sources wired to the lake assets through their `meta.dagster`.

The assets share the lake's monthly partitions, and a refresh is a run over one month or a range
of them (one run for a range: a single-run backfill policy, since the warehouse is built and
published as one file). The run's months reach dbt as the var ``rebuild_months``: the
incremental facts rebuild those months whatever their inputs, plus any other month whose lake
inputs changed (macros/incremental.sql), so a month outside the range is never left stale.
The other models are rebuilt whole by every refresh."""

import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, BackfillPolicy
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from ingestion.faults import fault_point
from ingestion.landing.paths import REPO_ROOT
from orchestration.partitions import monthly
from orchestration.settings import configure

DBT_DIR = REPO_ROOT / "dbt_project"

configure()
project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# The dbt installed beside this interpreter, so the code location loads even when the process
# was started without the virtual environment on PATH (e.g. a bare dagster-webserver).
DBT_EXECUTABLE = shutil.which("dbt", path=str(Path(sys.executable).parent)) or "dbt"


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)


def _manifest_stale(manifest: Path) -> bool:
    """No manifest, or a model, macro, seed or project file newer than it (a new source's
    staging model, a regenerated sources YAML): the assets would not match what dbt builds."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    files = [DBT_DIR / "dbt_project.yml"]
    for sub in ("models", "macros", "seeds", "tests"):
        files += [p for p in (DBT_DIR / sub).rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in files if p.exists())


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than the project's files
    (outside `dagster dev`, nothing else would, and loading definitions needs it)."""
    project.prepare_if_dev()
    if _manifest_stale(project.manifest_path):
        dbt_cli().cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project.manifest_path


def warehouse_group(fqn: list[str]) -> str:
    """``fqn`` = [project, folder, …, name]: seeds → reference, staging, intermediate,
    marts/<guideline>/… → marts_<guideline>, marts/<model> → marts_conformed."""
    folders = fqn[1:-1]
    if not folders:
        return "reference"  # seeds sit at the top of seeds/
    if folders[0] == "marts":
        return f"marts_{folders[1]}" if len(folders) > 1 else "marts_conformed"
    return folders[0]


class LabourTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """Groups that read as the architecture does: the layers, and the marts by guideline
        (their folder under models/marts/); conformed dims and facts in ``marts_conformed``."""
        return warehouse_group(dbt_resource_props.get("fqn") or [])


translator = LabourTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


#: Run tag of a warehouse refresh (`labour run --full-refresh`, or by hand when launching
#: ``refresh_warehouse`` in the Dagster UI): build from an empty file instead of from a copy of
#: the published warehouse ("true"). Which months to rebuild is the run's partitions.
FULL_REFRESH_TAG = "labour/full_refresh"


def build_args(months: list[str], full_refresh: bool = False) -> list[str]:
    """The `dbt build` arguments of a refresh run over these monthly partitions."""
    args = ["build", "--vars", json.dumps({"rebuild_months": sorted(months)})]
    if full_refresh:
        args.append("--full-refresh")
    return args


@dbt_assets(
    manifest=ensure_manifest(),
    project=project,
    dagster_dbt_translator=translator,
    partitions_def=monthly,
    backfill_policy=BackfillPolicy.single_run(),
)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` into this run's own build file, under the build lock: seeds, staging,
    intermediate, marts, and their tests. Refuses a lake that mixes pseudonymisation keys.
    The build file starts as a copy of the published warehouse (warehouse.publish.building),
    so the incremental facts only rebuild the run's months and those whose lake inputs
    changed."""
    from ingestion.landing import assert_lake_single_key
    from warehouse.publish import building

    paths = configure()
    assert_lake_single_key(paths)
    months = monthly.get_partition_keys_in_range(context.partition_key_range)
    full = context.run.tags.get(FULL_REFRESH_TAG) == "true"
    with building(paths, context.run.run_id, full=full) as build:
        # dbt reads its target file from the environment (profiles.yml)
        os.environ["LABOUR_WAREHOUSE_BUILD_PATH"] = str(build)
        for event in dbt.cli(build_args(months, full), context=context).stream():
            fault_point("dbt.event")
            yield event


def dbt_resource() -> DbtCliResource:
    return dbt_cli()


def mart_keys() -> list[AssetKey]:
    return [k for k in warehouse_models.keys if k.path[0] == "marts"]
