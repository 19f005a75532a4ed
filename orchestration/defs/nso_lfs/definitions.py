"""NSO Labour Force Survey: workforce and informal workforce by province and quarter."""

from dagster import Definitions

from orchestration.lake import lake_asset
from orchestration.partitions import quarterly

defs = Definitions(
    assets=[
        lake_asset(
            "nso_lfs",
            "labour_force",
            quarterly,
            "Labour force and informal workforce by province per quarter, from NSO's Excel "
            "tables with Thai header rows, reconciled against their subtotals.",
        )
    ]
)
