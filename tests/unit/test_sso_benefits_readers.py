"""The benefits readers (ingestion/sources/sso_benefits): the simulator's files load exactly the
rows its truth counts and quarantine exactly the junk rows it injected; chunked reading gives
the same result and still finds a claim number repeated in another chunk; the readers match the
spec. Single bad inputs are in tests/bad_inputs/sso_benefits__*."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from ingestion.simulator import sso_benefits as sb
from ingestion.simulator.generate import generate
from ingestion.sources import ENTITIES
from ingestion.sources._csv_spec import lake_schema
from ingestion.sources.sso_benefits import claims, s39_reinstatements
from ingestion.thai import is_valid_national_id

KEY = b"unit-test-key-0123456789"


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("benefits")
    summary = generate(out, scale=0.001, months=3, seed=11, sources=(sb.Simulator,))
    return out, summary.sources["sso_benefits"]


def _parse_all(module, folder: Path) -> dict[str, object]:
    results = {}
    for path in sorted(folder.glob("*.csv")):
        rel = f"sso_benefits/{folder.name}/{path.name}"
        results[module.partition_month(path)] = module.parse(path, rel, KEY)
    return results


def test_simulated_claims_load_as_the_truth_counts(delivered):
    out, summary = delivered
    results = _parse_all(claims, out / "sso_benefits" / "claims")
    truth = pl.read_csv(out / "_truth" / sb.TRUTH_CLAIMS)
    per_month = dict(truth.group_by("month").agg(pl.col("claims").sum()).iter_rows())
    assert {m: r.rows.height for m, r in results.items()} == per_month
    assert sum(r.quarantine.height for r in results.values()) == summary.claim_error_rows > 0
    for r in results.values():
        assert r.rows_in == r.rows.height + r.quarantine.height
        assert r.rows.schema == claims.SCHEMA
        assert r.rows["claim_id"].n_unique() == r.rows.height
        # an ID in clear never reaches quarantine (the junk copies real people's rows)
        for record in r.quarantine["record"]:
            digits = re.findall(r"\d{13}", record)
            assert not [d for d in digits if is_valid_national_id(d)], record
    amounts = pl.concat([r.rows for r in results.values()])
    approved = amounts.filter(pl.col("status") == "อนุมัติ")["amount"].sum()
    assert float(approved) * 100 == pytest.approx(truth["amount_paid_satang"].sum())
    fields = set(pl.concat([r.quarantine for r in results.values()])["field"])
    assert fields <= {
        "person_key",
        "claim_date",
        "province_code",
        "decision_date",
        "amount",
        "benefit_type_code",
    }


def test_simulated_requests_load_whole(delivered):
    out, summary = delivered
    results = _parse_all(s39_reinstatements, out / "sso_benefits" / "s39_reinstatements")
    assert sum(r.rows.height for r in results.values()) == summary.reinstatement_rows
    assert all(r.quarantine.height == 0 for r in results.values())


def test_chunks_give_the_same_result_and_find_duplicates_across_them(delivered, tmp_path):
    out, _ = delivered
    source = sorted((out / "sso_benefits" / "claims").glob("*.csv"))[0]
    lines = source.read_bytes().split(b"\r\n")
    # line 2's claim again near the end of the file, in another chunk
    copy = tmp_path / source.name
    copy.write_bytes(b"\r\n".join([*lines[:-2], lines[1], lines[-2], b""]))
    rel = f"sso_benefits/claims/{source.name}"
    whole = claims.parse(copy, rel, KEY)
    parts = list(claims.parse_chunks(copy, rel, KEY, chunk_lines=50))
    assert len(parts) > 2
    assert pl.concat([p.rows for p in parts]).equals(whole.rows)
    assert pl.concat([p.quarantine for p in parts]).equals(whole.quarantine)
    assert sum(p.rows_control for p in parts) == 1  # the header row
    dup = whole.quarantine.filter(pl.col("field") == "claim_id")
    assert dup["_source_line"].to_list() == [len(lines) - 1]
    assert dup["reason"].str.contains("duplicate of line 2").all()


def test_readers_are_registered_from_the_spec():
    tables = {(e.source, e.entity): e for e in ENTITIES if e.source == "sso_benefits"}
    assert set(tables) == {("sso_benefits", "claims"), ("sso_benefits", "s39_reinstatements")}
    for (_, entity), table in tables.items():
        module = table.load()
        assert entity == module.ENTITY
        assert lake_schema(table.spec) == module.SCHEMA
        assert "full_name" not in module.SCHEMA  # the name is dropped, the ID pseudonymised
    assert claims.partition_month(Path("claims_256712.csv")) == "2024-12"
    with pytest.raises(ValueError, match="does not match"):
        claims.partition_month(Path("claims_2024-12.csv"))
    with pytest.raises(ValueError):
        s39_reinstatements.partition_month(
            Path("s39_reinstatements_202401.csv"), today=dt.date(2026, 11, 29)
        )
