"""SSO registries: insured persons (monthly change files) and employers (monthly snapshots)."""

from dagster import Definitions

from orchestration.lake import lake_asset
from orchestration.partitions import monthly

defs = Definitions(
    assets=[
        lake_asset(
            "sso_registry",
            "insured",
            monthly,
            "Coverage spells of insured persons (Sections 33/39/40), pseudonymised, from the "
            "SSO registry's monthly cp874 CSV extracts.",
        ),
        lake_asset(
            "sso_registry",
            "employers",
            monthly,
            "Employer branches (account, branch, TSIC, size band, province) from the SSO "
            "employer registry's monthly snapshot.",
        ),
    ]
)
