"""`make soak` in small: clients ask for every chart while the warehouse is published again
and again (the atomic rename readers must survive). Zero errors; no timing is asserted."""

from __future__ import annotations

import shutil

import pytest

from warehouse import serving as sa
from warehouse.serving.soak import prepare_build, run_soak

from .helpers import admin_api

pytestmark = pytest.mark.integration


def test_chart_data_has_no_errors_while_the_warehouse_is_published(superset_server):
    server = superset_server
    charts = sa.dashboard_charts(admin_api(server), sorted(server.report.dashboards.values()))
    assert {c.id for c in charts} == set(server.report.charts.values())
    build = prepare_build(server.warehouse)
    try:
        result = run_soak(
            server.url,
            server.credentials["executive"]["password"],
            charts,
            build,
            server.warehouse,
            seconds=15,
            clients=4,
            publish_every=3,
            min_publishes=3,
        )
    finally:
        shutil.rmtree(build.parent, ignore_errors=True)
    assert result.errors == 0, result.error_samples
    assert result.publish_errors == [] and result.notes == []
    assert result.publishes >= 3 and result.swaps == result.publishes  # a new file each time
    assert result.requests >= len(charts)
    assert result.during_publish > 0, "no request overlapped a publish"
