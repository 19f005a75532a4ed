"""The planted anomalies of the benefits and e-filing simulators (contracts §1.13), checked on
the delivered files themselves, apart from the pipeline: each governance rule, applied to the
files, finds exactly the planted cases. So the natural simulated data never breaks the rules
(the marts' precision rests on that), at a larger scale and over more months than the
session pipeline, across a calendar and a BE year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

from ingestion.simulator import generate, sso_benefits, sso_efiling, sso_registry
from tests.unit.test_simulator import THAI, load_insured, parse_be, read_csv_cp874

SCALE, MONTHS, START = 0.0005, 5, "2024-10"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("anomalies")
    # the registry and e-filing draw from the world's stream: keep them, in their order
    sources = (sso_registry.Simulator, sso_efiling.Simulator, sso_benefits.Simulator)
    generate(root, scale=SCALE, months=MONTHS, start=START, seed=7, sources=sources)
    return root


def _claims(out: Path) -> list[dict]:
    """The real claim rows (a junk copy follows the row it copies, under its claim number)."""
    rows: dict[str, dict] = {}
    for f in sorted((out / "sso_benefits" / "claims").glob("claims_*.csv")):
        _, body = read_csv_cp874(f)
        for r in body:
            if r[0] in rows:
                continue
            rows[r[0]] = {
                "claim_id": r[0],
                "btype": r[1],
                "pid": r[2].replace("-", "").translate(THAI),
                "date": parse_be(r[6]),
                "paid": r[10] == "อนุมัติ" and r[8] != "",
            }
    return list(rows.values())


def _month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _flags(out: Path) -> dict[str, set[tuple[str, str | None]]]:
    """Each rule of seed ref_anomaly_kinds applied to the files: kind → (claim, related)."""
    spells, _, _ = load_insured(out)
    by_person: dict[str, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    for (pid, sec, start), sp in spells.items():
        by_person[pid].append((sec, start, sp["end"]))
    claims = _claims(out)
    flags: dict[str, set] = defaultdict(set)

    deaths: dict[str, tuple[dt.date, str]] = {}
    for c in claims:
        if c["btype"] == "04":
            deaths[c["pid"]] = min(
                deaths.get(c["pid"], (c["date"], c["claim_id"])),
                (
                    c["date"],
                    c["claim_id"],
                ),
            )
    seen: dict[tuple, list[str]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: c["claim_id"]):
        pid, day = c["pid"], c["date"]
        if c["paid"] and pid in deaths and day > deaths[pid][0]:
            flags["paid_after_death"].add((c["claim_id"], deaths[pid][1]))
        if c["paid"]:
            first = seen[(pid, c["btype"], day)]
            if first:
                flags["duplicate_claim"].add((c["claim_id"], first[0]))
            first.append(c["claim_id"])
        m = _month(day)
        if c["btype"] in ("01", "02", "03") and not any(
            _month(s) <= m and (e is None or _month(e) >= m) for _, s, e in by_person[pid]
        ):
            flags["claim_outside_insurance"].add((c["claim_id"], None))
        if c["btype"] == "08" and not any(
            sec == "33" and e is not None and e <= day for sec, _, e in by_person[pid]
        ):
            flags["unemployment_without_s33_end"].add((c["claim_id"], None))
    for f in sorted((out / "sso_efiling").rglob("SPS110_*.txt")):
        for line in f.read_bytes().decode("cp874").split("\r\n")[1:-1]:
            if line[1:14] not in by_person:
                flags["contribution_not_in_registry"].add((f.name, line[1:14]))
    return flags


def test_rules_on_the_files_find_exactly_the_planted_cases(out: Path) -> None:
    truth = out / "_truth"
    planted: dict[str, set] = defaultdict(set)
    for r in pl.read_csv(truth / "planted_anomalies.csv", infer_schema=False).iter_rows(named=True):
        planted[r["kind"]].add((r["claim_id"], r["related_claim_id"]))
    contributions = pl.read_csv(truth / "planted_anomalies_contributions.csv", infer_schema=False)
    for r in contributions.iter_rows(named=True):
        be = f"{int(r['month'][:4]) + 543}{r['month'][5:]}"
        name = f"SPS110_{r['employer_account']}_{r['branch']}_{be}.txt"
        planted[r["kind"]].add((name, r["national_id"]))
    flags = _flags(out)
    assert set(planted) == set(sso_benefits.ANOMALY_KINDS) | {sso_efiling.UNREGISTERED_KIND}
    for kind, cases in planted.items():
        # at least one a month (the outside-insurance kind from the second month)
        assert len(cases) >= MONTHS - (kind == "claim_outside_insurance"), kind
        assert flags[kind] == cases, f"{kind}: {flags[kind] ^ cases}"
    assert set(flags) <= set(planted)


def test_planted_lines_keep_their_files_reconciled(out: Path) -> None:
    planted = pl.read_csv(
        out / "_truth" / "planted_anomalies_contributions.csv", infer_schema=False
    )
    for r in planted.iter_rows(named=True):
        be = f"{int(r['month'][:4]) + 543}{r['month'][5:]}"
        path = out / "sso_efiling" / be / f"SPS110_{r['employer_account']}_{r['branch']}_{be}.txt"
        lines = path.read_bytes().decode("cp874").split("\r\n")[:-1]
        assert lines[int(r["source_line"]) - 1][1:14] == r["national_id"]
        assert sso_efiling._reconciles(lines)
