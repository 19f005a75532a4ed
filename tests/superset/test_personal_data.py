"""No personal data in anything Superset serves: every dataset of the bundle (every dashboard's,
the virtual ones on fact tables included), fetched whole through Superset as the Analyst,
scanned by the one detector (quality.pii.scan_frame)."""

from __future__ import annotations

import pandas as pd
import pytest
from stdnum.th import pin

from ingestion.thai import check_digit
from quality.pii import scan_frame
from warehouse import serving as sa

from .helpers import (
    database_id,
    dataset_ids,
    dataset_query,
    mart,
    post_chart_data,
    relation,
    result_rows,
    sqllab,
    web_for,
)

pytestmark = pytest.mark.integration
ANALYST = "analyst"


def _whole_dataset(server, table: str, ds_id: int) -> pd.DataFrame:
    """Every row and every column (physical and calculated) of a dataset, through Superset."""
    w = web_for(server, ANALYST)
    meta = w.request("GET", f"/api/v1/dataset/{ds_id}")
    assert meta.status_code == 200, meta.text[:300]
    columns = [c["column_name"] for c in meta.json()["result"]["columns"]]
    dataset = next(d for d in sa.bundle_datasets().values() if d["table_name"] == table)
    n = mart(server, f"select count(*) from {relation(dataset)}")[0][0]
    rows = result_rows(post_chart_data(w, dataset_query(ds_id, columns, row_limit=n + 1)))
    frame = pd.DataFrame(rows, columns=columns)
    assert len(frame) == n > 0, f"{table}: Superset served {len(frame)} of {n} rows"
    return frame


def test_no_personal_data_in_any_superset_dataset(superset_server):
    datasets = dataset_ids(superset_server)
    assert datasets, "the bundle has no datasets"
    findings = []
    for table, ds_id in sorted(datasets.items()):
        frame = _whole_dataset(superset_server, table, ds_id)
        findings += scan_frame(frame, where=f"superset:{table}")
    assert findings == [], findings


def test_the_scan_sees_personal_data_that_superset_serves(superset_server):
    """The control: the same path (Superset → frame → detector) catches each kind."""
    first12 = "310170023070"
    national_id = first12 + check_digit(first12)
    grouped = pin.format(national_id)  # 3-1017-00230-70-x, as people write it
    sql = (
        f"select '{grouped}' as id_text, 'นายสมชาย ใจดี' as full_name, '081-234-5678' as phone_text"
    )
    r = sqllab(web_for(superset_server, ANALYST), database_id(superset_server), sql)
    assert r.status_code == 200, r.text[:300]
    found = scan_frame(pd.DataFrame(r.json()["data"]), where="sqllab")
    assert {(f.where, f.kind) for f in found} == {
        ("sqllab.id_text", "national_id"),
        ("sqllab.full_name", "person_name"),
        ("sqllab.phone_text", "phone"),
    }
