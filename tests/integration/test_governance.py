"""The Guideline 4 governance marts after the session's small run:

- anomaly flags find every anomaly the simulator planted and nothing else (precision and recall
  1.0 per kind, printed), persons only as pseudonyms;
- contribution arrears equal a computation from the delivered สปส.1-10 files themselves and the
  simulator's truth;
- the data-quality scorecard equals the partition manifests and the quarantine Parquet, and the
  delivery calendar lists every source table of every spec;
- the series breaks carry DOMAIN.md's published figures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingestion.pseudonym import person_key_one
from ingestion.sources import ENTITIES
from tests.conftest import TEST_KEY

REPO = Path(__file__).resolve().parents[2]
TRUTH = "sources/_truth"
CLAIM_KINDS = (
    "paid_after_death",
    "duplicate_claim",
    "claim_outside_insurance",
    "unemployment_without_s33_end",
)
CONTRIBUTION_KIND = "contribution_not_in_registry"


def _mart(data: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(data / "warehouse" / "labour.duckdb"), read_only=True) as con:
        return con.sql(sql).pl()


def _truth(data: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(data / TRUTH / name, infer_schema=False)


def _pseudonym(national_id: str) -> str:
    return person_key_one(national_id, TEST_KEY.encode())


# ------------------------------------------------------------------------- anomalies
def _planted(data: Path) -> dict[str, set[tuple]]:
    """The planted cases per kind, keyed as the mart reports them."""
    out: dict[str, set[tuple]] = defaultdict(set)
    for r in _truth(data, "planted_anomalies.csv").iter_rows(named=True):
        out[r["kind"]].add(
            (
                r["claim_id"],
                r["related_claim_id"],
                _pseudonym(r["national_id"]),
                r["province_code"],
                r["month"],
            )
        )
    for r in _truth(data, "planted_anomalies_contributions.csv").iter_rows(named=True):
        out[r["kind"]].add(
            (
                f"{r['employer_account']}-{r['branch']}",
                int(r["source_line"]),
                _pseudonym(r["national_id"]),
                r["month"],
            )
        )
    return out


def _flagged(data: Path) -> dict[str, set[tuple]]:
    rows = _mart(
        data,
        "select anomaly_kind, claim_id, related_claim_id, establishment_key, source_line, "
        "person_key, province_code, strftime(anomaly_month, '%Y-%m') as month "
        "from marts.mart_governance__anomalies",
    )
    out: dict[str, set[tuple]] = defaultdict(set)
    for r in rows.iter_rows(named=True):
        if r["anomaly_kind"] == CONTRIBUTION_KIND:
            key = (r["establishment_key"], r["source_line"], r["person_key"], r["month"])
        else:
            key = (
                r["claim_id"],
                r["related_claim_id"],
                r["person_key"],
                r["province_code"],
                r["month"],
            )
        out[r["anomaly_kind"]].add(key)
    return out


def test_anomaly_flags_find_exactly_the_planted_cases(small_pipeline: Path) -> None:
    planted, flagged = _planted(small_pipeline), _flagged(small_pipeline)
    kinds = (*CLAIM_KINDS, CONTRIBUTION_KIND)
    assert set(flagged) <= set(kinds), f"unknown kinds flagged: {set(flagged) - set(kinds)}"
    report = []
    for kind in kinds:
        assert planted[kind], f"{kind}: nothing planted at the test scale"
        found = planted[kind] & flagged[kind]
        precision = len(found) / len(flagged[kind]) if flagged[kind] else 0.0
        recall = len(found) / len(planted[kind])
        report.append(
            f"{kind}: planted {len(planted[kind])}, flagged {len(flagged[kind])}, "
            f"precision {precision:.2f}, recall {recall:.2f}"
        )
    print("\n" + "\n".join(report))
    for kind in kinds:
        assert flagged[kind] == planted[kind], (
            f"{kind}: missed {planted[kind] - flagged[kind]}, "
            f"invented {flagged[kind] - planted[kind]}"
        )


def test_anomaly_counts_and_no_clear_ids(small_pipeline: Path) -> None:
    detail = _mart(
        small_pipeline,
        "select anomaly_month, province_code, anomaly_kind, count(*) as n "
        "from marts.mart_governance__anomalies group by all",
    )
    monthly = _mart(
        small_pipeline,
        "select anomaly_month, province_code, anomaly_kind, flagged_cases as n "
        "from marts.mart_governance__anomalies_monthly",
    )
    key = ["anomaly_month", "province_code", "anomaly_kind"]
    assert detail.sort(key).equals(monthly.select(detail.columns).cast(detail.schema).sort(key))
    keys = _mart(small_pipeline, "select person_key from marts.mart_governance__anomalies")
    assert keys.height and not keys["person_key"].str.contains(r"^\d{13}$").any()
    reasons = _mart(
        small_pipeline, "select reason_th, reason_en from marts.mart_governance__anomalies"
    )
    assert not any(reasons.select(pl.all().str.contains(r"\d{13}").any()).row(0))
    assert reasons["reason_th"].str.contains(r"[\u0e00-\u0e7f]").all()


# ---------------------------------------------------------------------------- arrears
def _files(data: Path, unregistered: set[str]) -> list[dict]:
    """Every delivered สปส.1-10 file, read from its bytes: wage month, branch, whether its
    header reconciles, its detail lines (all and registered) and contributions (baht)."""
    out = []
    for path in sorted((data / "sources" / "sso_efiling").rglob("SPS110_*.txt")):
        lines = path.read_bytes().decode("cp874").split("\r\n")[:-1]
        h, det = lines[0], lines[1:]
        wages = sum(int(d[82:93]) * 100 + int(d[94:96]) for d in det)
        contrib = sum(int(d[96:105]) for d in det)
        ok = (
            int(h[76:82]) == len(det)
            and int(h[82:94]) * 100 + int(h[95:97]) == wages
            and int(h[97:108]) == 2 * contrib
            and int(h[111:120]) == contrib == int(h[123:132])
        )
        be_year, month = int(path.parent.name[:4]), int(path.parent.name[4:])
        _, account, branch, _ = path.stem.split("_")
        out.append(
            {
                "month": f"{be_year - 543:04d}-{month:02d}",
                "branch": f"{account}-{branch}",
                "ok": ok,
                "lines": len(det),
                "registered": sum(d[1:14] not in unregistered for d in det),
                "total": 2 * contrib,
            }
        )
    return out


def test_contribution_arrears_match_the_files(small_pipeline: Path) -> None:
    data = small_pipeline
    planted = _truth(data, "planted_anomalies_contributions.csv")
    files = _files(data, set(planted["national_id"]))
    # price per line: the branch's own average over its reconciled files, else the month's
    per_branch: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in files:
        if f["ok"]:
            for acc in (per_branch[f["branch"]], per_month[f["month"]]):
                acc[0] += f["total"]
                acc[1] += f["lines"]
    want: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for f in files:
        w = want[f["month"]]
        total, lines = per_branch.get(f["branch"]) or per_month[f["month"]]
        w["branches_expected"] += 1
        w["branches_without_file"] += not f["ok"]
        w["insured_expected"] += f["registered"]
        w["contributions_received"] += f["total"] if f["ok"] else 0
        w["arrears_amount"] += 0 if f["ok"] else f["registered"] * total / lines
    mart = _mart(
        data,
        "select strftime(wage_month, '%Y-%m') as month, sum(branches_expected) as be, "
        "sum(branches_without_file) as bw, sum(insured_expected) as ie, "
        "sum(contributions_received) as cr, sum(arrears_amount) as aa, "
        "sum(insured_missing) as im, sum(branches_in_arrears) as ba "
        "from marts.mart_governance__contribution_arrears group by 1 order by 1",
    )
    assert mart["month"].to_list() == sorted(want)
    truth = {r["month"]: r for r in _truth(data, "contributions_by_month.csv").to_dicts()}
    insured = _truth(data, "insured_by_province_section_month.csv").filter(
        pl.col("section") == "33"
    )
    for r in mart.iter_rows(named=True):
        w, t = want[r["month"]], truth[r["month"]]
        assert r["be"] == w["branches_expected"] == int(t["files"])
        assert r["bw"] == w["branches_without_file"] == int(t["files_bad_totals"]) == r["ba"]
        s33 = insured.filter(pl.col("month") == r["month"])["insured_persons"].cast(pl.Int64)
        assert r["ie"] == w["insured_expected"] == s33.sum()
        assert float(r["cr"]) == w["contributions_received"]
        assert float(r["cr"]) == 2 * float(t["employee_contributions_loaded"])
        assert abs(float(r["aa"]) - w["arrears_amount"]) < 0.01 * max(1, r["bw"])
    assert mart["bw"].sum() > 0 and float(mart["aa"].sum()) > 0


# ----------------------------------------------------------------------- data quality
def _manifests(data: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in (data / "lake" / "manifests").rglob("*.json")]


def test_scorecard_equals_the_manifests(small_pipeline: Path) -> None:
    want: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for m in _manifests(small_pipeline):
        w = want[(m["source"], m["month"])]
        w[0] += len(m["checks"])
        w[1] += sum(c["passed"] for c in m["checks"])
        for f in m["files"]:
            w[2] += f["rows_in"]
            w[3] += f["rows_loaded"]
            w[4] += f["rows_quarantined"]
    mart = _mart(
        small_pipeline,
        "select source, strftime(partition_month, '%Y-%m') as month, checks_run, checks_passed, "
        "rows_in, rows_loaded, rows_quarantined, pass_rate "
        "from marts.mart_governance__dq_scorecard_monthly",
    )
    got = {
        (r["source"], r["month"]): [
            r["checks_run"],
            r["checks_passed"],
            r["rows_in"],
            r["rows_loaded"],
            r["rows_quarantined"],
        ]
        for r in mart.iter_rows(named=True)
    }
    assert got == dict(want)
    assert mart["pass_rate"].is_between(0, 1).all()
    # quarantined rows by reason add up to the manifests' quarantined rows, source by source
    reasons = _mart(
        small_pipeline,
        "select source, strftime(partition_month, '%Y-%m') as month, "
        "sum(rows_quarantined) as n from marts.mart_governance__quarantine_reasons group by all",
    )
    got_q = {(r["source"], r["month"]): r["n"] for r in reasons.iter_rows(named=True)}
    want_q = {k: v[4] for k, v in want.items() if v[4]}
    assert got_q == want_q and sum(want_q.values()) > 0


def test_warehouse_checks_recorded(small_pipeline: Path) -> None:
    """The dbt tests of the build that made the published warehouse, recorded by the
    on-run-end hook: every blocking one passed (else it would not have been published)."""
    checks = _mart(
        small_pipeline,
        "select entity, check_name, is_blocking, passed from marts.mart_governance__check_results "
        "where check_layer = 'warehouse'",
    )
    assert checks.height > 100
    assert checks.filter(pl.col("is_blocking"))["passed"].all()
    names = set(checks["check_name"])
    assert "unique_mart_governance__anomalies_anomaly_key" in names
    assert "unique_dim_province_province_code" in names or any("dim_province" in n for n in names)


def test_delivery_calendar_lists_every_source_table() -> None:
    calendar = pl.read_csv(REPO / "dbt_project" / "seeds" / "ref_source_delivery_calendar.csv")
    listed = {(r["source"], r["entity"]): r["cadence"] for r in calendar.iter_rows(named=True)}
    missing = [f"{t.source}.{t.entity}" for t in ENTITIES if (t.source, t.entity) not in listed]
    assert not missing, f"add these source tables to ref_source_delivery_calendar: {missing}"
    for t in ENTITIES:
        assert listed[(t.source, t.entity)] == t.partition, f"{t.source}.{t.entity}: cadence"
    assert calendar.select(pl.struct("source", "entity").is_unique().all()).item()


def test_freshness_against_the_calendar(small_pipeline: Path) -> None:
    fresh = _mart(
        small_pipeline,
        "select source, entity, freshness_status, latest_period "
        "from marts.mart_governance__source_freshness",
    )
    delivered = {(m["source"], m["entity"]) for m in _manifests(small_pipeline)}
    for r in fresh.iter_rows(named=True):
        if (r["source"], r["entity"]) in delivered:
            # the session run delivers every month of every source: all on time
            assert r["freshness_status"] == "on_time", r
        else:
            assert r["freshness_status"] == "never_delivered" and r["latest_period"] is None


# ---------------------------------------------------------------------- series breaks
def test_series_breaks_show_the_published_cases(small_pipeline: Path) -> None:
    breaks = _mart(small_pipeline, "select * from marts.mart_governance__series_breaks")
    by = {(r["series_code"], r["year"]): r for r in breaks.iter_rows(named=True)}
    invalidity = by[("invalidity_cases", 2017)]
    assert {invalidity["published_value"], invalidity["compared_value"]} == {1_734, 13_258}
    assert invalidity["break_kind"] == "tables_disagree"
    total_2019 = by[("benefit_cases_total", 2019)]
    assert total_2019["published_value"] == 2_400_000 and total_2019["break_kind"] == "missing_row"
    # DOMAIN.md's 2018 cases: the level the 2019 total is compared with
    assert total_2019["compared_value"] == sum(
        (43_500_000, 293_000, 1_900, 28_000, 1_320_000, 289_000 + 170_000, 152_000)
    )
    s40 = by[("insured_section_40", 2022)]
    assert 4.5 < s40["ratio_to_compared"] < 5.5 and s40["break_kind"] == "level_shift"
    surge = {y: by[("unemployment_claims", y)]["published_value"] for y in (2020, 2021, 2022)}
    assert surge == {2020: 1_340_000, 2021: 1_550_000, 2022: 774_000}
    for r in breaks.iter_rows(named=True):
        assert r["explanation_th"] and r["explanation_en"] and r["break_kind_th"], r
        assert r["year_be"] == r["year"] + 543


@pytest.mark.parametrize("kind", [*CLAIM_KINDS, CONTRIBUTION_KIND])
def test_every_kind_has_a_rule(kind: str) -> None:
    kinds = pl.read_csv(REPO / "dbt_project" / "seeds" / "ref_anomaly_kinds.csv")
    row = kinds.filter(pl.col("anomaly_kind") == kind)
    assert row.height == 1 and row["rule_th"][0] and row["rule_en"][0]
