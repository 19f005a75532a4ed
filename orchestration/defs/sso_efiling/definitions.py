"""SSO e-filing: สปส.1-10 contribution files, one per employer branch per month."""

from dagster import Definitions

from orchestration.lake import lake_asset
from orchestration.partitions import monthly

defs = Definitions(
    assets=[
        lake_asset(
            "sso_efiling",
            "contributions",
            monthly,
            "Monthly wages and contributions per insured person from fixed-width สปส.1-10 "
            "files; files whose header totals do not reconcile are quarantined whole.",
        )
    ]
)
