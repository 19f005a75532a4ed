"""Great Expectations suites as code, one module per lake table or mart.

The modules are plain data (no GX import): `quality.validate` turns them into GX 1.x
expectation suites. `get_suite(name)` returns a `Suite`; `SUITES` lists them all.
"""

from __future__ import annotations

from . import (
    marts_dim_person,
    marts_dim_province,
    marts_fct_insured_monthly,
    marts_fct_work_permits,
    marts_mart_coverage_province_monthly,
    marts_mart_governance__anomalies,
    marts_mart_linked__labour_market_indicators,
    nso_lfs_labour_force,
    pii,
    sso_efiling_contributions,
    sso_registry_employers,
    sso_registry_insured,
)
from ._spec import PII_COLUMN, Check, Suite

_HAND_WRITTEN_MODULES = (
    sso_registry_insured,
    sso_registry_employers,
    sso_efiling_contributions,
    nso_lfs_labour_force,
    marts_fct_insured_monthly,
    marts_mart_coverage_province_monthly,
    marts_dim_province,
    marts_dim_person,
    marts_fct_work_permits,
    marts_mart_linked__labour_market_indicators,
    marts_mart_governance__anomalies,
    pii,
)
#: the suites written by hand (quality/suites/*.py); spec-built ones join SUITES at run time
HAND_WRITTEN: tuple[str, ...] = tuple(m.SUITE.name for m in _HAND_WRITTEN_MODULES)
SUITES: dict[str, Suite] = {m.SUITE.name: m.SUITE for m in _HAND_WRITTEN_MODULES}

#: lake table (source, entity) -> suite name
LAKE_SUITES: dict[tuple[str, str], str] = {
    ("sso_registry", "insured"): "sso_registry.insured",
    ("sso_registry", "employers"): "sso_registry.employers",
    ("sso_efiling", "contributions"): "sso_efiling.contributions",
    ("nso_lfs", "labour_force"): "nso_lfs.labour_force",
}

#: warehouse tables with a suite of their own (any other table can use the "pii" suite)
WAREHOUSE_SUITES: tuple[str, ...] = tuple(n for n in SUITES if n.startswith("marts."))


def get_suite(name: str) -> Suite:
    try:
        return SUITES[name]
    except KeyError:
        raise KeyError(f"no quality suite {name!r}; known: {', '.join(sorted(SUITES))}") from None


__all__ = ["LAKE_SUITES", "PII_COLUMN", "SUITES", "WAREHOUSE_SUITES", "Check", "Suite", "get_suite"]
