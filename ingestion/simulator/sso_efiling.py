"""SSO e-filing (สปส.1-10): one fixed-width contribution file per employer branch and wage
month, contracts §1.3 (135-byte Windows-874 lines: a header, then one line per insured person),
and the truth table of what the pipeline must load from them each month.

About 1 % of files carry header totals that do not reconcile with their lines; the pipeline must
set those aside, so the truth counts only the files that reconcile.

A few reconciling files a month carry one extra line for a person the registry never lists (a
planted anomaly, contracts §1.13), with their header totals raised to match: the truth counts
those lines as loaded; `_truth/planted_anomalies_contributions.csv` lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .source_system import CHUNK_LINES, Output, SourceSimulator, SourceSummary, Tick
from .world import S33, Month, World, day_number, id_check_digits, stochastic_round

BAD_TOTALS = 0.01  # share of files whose header totals do not reconcile
TRUTH = "contributions_by_month.csv"

# Planted anomaly (mart_governance__anomalies, kind contribution_not_in_registry): a detail line
# for a person the insured registry never lists, added to a file whose totals reconcile (its
# header totals are raised to match, so the file still loads). Per month 1 + Poisson(
# UNREGISTERED_A_MONTH × scale) lines [E]; the IDs start with 8, a type digit the world never
# issues, so no registered person can have one.
TRUTH_ANOMALIES = "planted_anomalies_contributions.csv"
ANOMALY_STREAM = "anomalies"
UNREGISTERED_A_MONTH = 100
UNREGISTERED_KIND = "contribution_not_in_registry"


@dataclass
class EfilingSummary(SourceSummary):
    contribution_files: int = 0
    contribution_files_bad_totals: int = 0
    contribution_lines: int = 0  # detail lines, all files


class Simulator(SourceSimulator):
    name = "sso_efiling"
    outputs = ("*/SPS110_*.txt",)
    truth_files = (TRUTH, TRUTH_ANOMALIES)
    Summary = EfilingSummary
    summary: EfilingSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self._truth: list[dict[str, object]] = []  # one row per month
        self._planted: list[pl.DataFrame] = []  # planted anomalies, by month

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    @classmethod
    def clean(cls, out_dir: Path) -> None:
        super().clean(out_dir)
        d = out_dir / cls.name
        if d.is_dir():  # month folders left empty
            for sub in d.iterdir():
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()

    def month(self, month: Month) -> None:
        # Draws from world.rng, after the registry's draws of the same month.
        a33 = self.world.active(month, S33)
        truth = _write_month(self.world, self.out, self.summary, a33, month)
        # Anomalies after the month's files, from their own stream (world.rng stays untouched).
        arng = self.world.stream(ANOMALY_STREAM, 1, month.year, month.month)
        planted = plant_unregistered(self.world, self.out, month, arng, truth)
        self._planted.append(planted)
        self.summary.contribution_lines += planted.height
        self._truth.append(truth)
        self.out.tick(f"contributions {month.label}")

    def finish(self) -> None:
        self.out.write_truth(TRUTH, pl.DataFrame(self._truth))
        self.out.write_truth(TRUTH_ANOMALIES, pl.concat(self._planted))


def _month_wages(world: World, idx: np.ndarray, month: Month) -> tuple[np.ndarray, np.ndarray]:
    """Wage subject to contribution (satang) and employee contribution (baht) in a month."""
    rng = world.rng
    sp = world.spells
    ms, me, dim = month.first_day, month.last_day, month.days
    base = sp["wage"][idx].astype(np.float64)
    factor = np.where(sp["ot"][idx], rng.uniform(0.92, 1.18, len(idx)), 1.0)
    days = np.minimum(sp["end"][idx], me) - np.maximum(sp["start"][idx], ms) + 1
    factor *= np.minimum(days, dim) / dim
    unit = np.where(sp["wage"][idx] % 100 == 0, 100, 25)
    wage = (np.round(base * factor / unit) * unit).astype(np.int64)
    wage = np.clip(wage, 165_000, 1_500_000)
    contrib = (wage + 1_000) // 2_000  # wage × 5 %, whole baht, 0.50 up
    return wage, contrib


def _write_month(
    world: World, out: Output, summary: EfilingSummary, idx: np.ndarray, month: Month
) -> dict[str, object]:
    """สปส.1-10 files of one wage month (contracts §1.3) for the Section-33 spells idx;
    returns the month's truth row."""
    rng = world.rng
    sp, pe, br = world.spells, world.persons, world.branches
    b_all = sp["branch"][idx]
    order = np.lexsort((idx, b_all))
    idx = idx[order]
    b_all = b_all[order]
    wage, contrib = _month_wages(world, idx, month)
    files, starts, counts = np.unique(b_all, return_index=True, return_counts=True)
    nf = len(files)
    sum_w = np.add.reduceat(wage, starts) if nf else np.zeros(0, np.int64)
    sum_c = np.add.reduceat(contrib, starts) if nf else np.zeros(0, np.int64)

    # Header values, some made not to reconcile.
    h_count, h_wage, h_emp = counts.copy(), sum_w.copy(), sum_c.copy()
    h_er = sum_c.copy()
    n_bad = stochastic_round(nf * BAD_TOTALS, rng)
    bad = np.zeros(nf, dtype=bool)
    if n_bad:
        bi = np.sort(rng.choice(nf, n_bad, replace=False))
        bad[bi] = True
        kind = rng.integers(0, 3, n_bad)
        h_wage[bi] += np.where(kind == 0, rng.integers(1, 5_000, n_bad) * 100, 0)
        h_emp[bi] += np.where(kind == 1, rng.integers(1, 50, n_bad), 0)
        h_count[bi] += np.where(kind == 2, 1, 0)
    y, m = month.ym
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    pay0 = day_number(dt.date(ny, nm, 1))
    pay_day = pay0 + np.where(
        rng.random(nf) < 0.9, rng.integers(0, 15, nf), rng.integers(15, 28, nf)
    )
    be_ym = month.be_label
    month_dir = out.dir / be_ym
    month_dir.mkdir(parents=True, exist_ok=True)
    period = f"{m:02d}{(y + 543) % 100:02d}"

    hdr = pl.DataFrame(
        {
            "account": br["account"][files],
            "no": br["no"][files],
            "pay": pay_day.astype(np.int32),
            "count": h_count,
            "wage": h_wage,
            "total": (h_emp + h_er) * 100,
            "emp": h_emp * 100,
            "er": h_er * 100,
        }
    ).with_columns(world.branch_name.gather(files).alias("name"))
    hdr_lines = hdr.select(
        pl.concat_str(
            [
                pl.lit("1"),
                fm.fixed_int(pl.col("account"), 10),
                fm.fixed_int(pl.col("no"), 6),
                fm.be_ddmmyy("pay"),
                pl.lit(period),
                fm.fixed_text(pl.col("name"), 45),
                pl.lit("0500"),
                fm.fixed_int(pl.col("count"), 6),
                fm.amount(pl.col("wage"), 15),
                fm.amount(pl.col("total"), 14),
                fm.amount(pl.col("emp"), 12),
                fm.amount(pl.col("er"), 12),
                pl.lit(fm.CRLF),
            ]
        ).alias("line")
    ).to_series()

    p = sp["person"][idx]
    det = pl.DataFrame(
        {
            "pid": pe["pid"][p],
            "title": pe["title"][p],
            "fa": pe["fa"][p],
            "fb": pe["fb"][p],
            "sa": pe["sa"][p],
            "sb": pe["sb"][p],
            "sc": pe["sc"][p],
            "wage": wage,
            "emp": contrib * 100,
        }
    )
    filler = " " * 27
    # Build and write in chunks of whole files to bound memory at large scales.
    file_lines = counts + 1
    cum_lines = np.cumsum(file_lines)
    f0 = 0
    line_len = fm.SPS_LINE + 2
    while f0 < nf:
        base_lines = cum_lines[f0 - 1] if f0 else 0
        f1 = int(np.searchsorted(cum_lines, base_lines + CHUNK_LINES, side="right"))
        f1 = max(f1, f0 + 1)
        d0 = int(starts[f0])
        d1 = int(starts[f1 - 1] + counts[f1 - 1])
        chunk = det.slice(d0, d1 - d0)
        det_lines = chunk.select(
            pl.concat_str(
                [
                    pl.lit("2"),
                    fm.fixed_int(pl.col("pid"), 13),
                    pl.Series(ref.TITLE_CODES).gather(chunk["title"]),
                    fm.fixed_text(world.first_names(chunk["fa"], chunk["fb"]), 30),
                    fm.fixed_text(world.surnames(chunk["sa"], chunk["sb"], chunk["sc"]), 35),
                    fm.amount(pl.col("wage"), 14),
                    fm.amount(pl.col("emp"), 12),
                    pl.lit(filler + fm.CRLF),
                ]
            ).alias("line")
        ).to_series()
        # Interleave: header of file j, then its details.
        nfc = f1 - f0
        cnt = counts[f0:f1]
        out_pos_hdr = np.cumsum(cnt + 1) - (cnt + 1)
        file_of_det = np.repeat(np.arange(nfc), cnt)
        det_pos = np.arange(d1 - d0) + file_of_det + 1
        perm = np.empty(nfc + (d1 - d0), dtype=np.int64)
        perm[out_pos_hdr] = np.arange(nfc)
        perm[det_pos] = nfc + np.arange(d1 - d0)
        lines = pl.concat([hdr_lines.slice(f0, nfc), det_lines]).gather(perm)
        blob = lines.str.join("").item().encode(fm.ENCODING)
        if len(blob) != len(perm) * line_len:
            raise AssertionError("สปส.1-10 line is not 135 bytes")
        off = np.concatenate([[0], np.cumsum(cnt + 1)]) * line_len
        accs = br["account"][files[f0:f1]]
        nos = br["no"][files[f0:f1]]
        view = memoryview(blob)
        out.write_many(
            (
                month_dir / f"SPS110_{accs[j]:010d}_{nos[j]:06d}_{be_ym}.txt",
                view[off[j] : off[j + 1]],
            )
            for j in range(nfc)
        )
        f0 = f1

    good = ~bad
    good_lines = np.repeat(good, counts)
    summary.contribution_files += nf
    summary.contribution_files_bad_totals += int(bad.sum())
    summary.contribution_lines += len(idx)
    return {
        "month": f"{y:04d}-{m:02d}",
        "files": nf,
        "files_bad_totals": int(bad.sum()),
        "insured_lines_loaded": int(counts[good].sum()),
        "wages_loaded": _money(int(wage[good_lines].sum())),
        "employee_contributions_loaded": _money(int(contrib[good_lines].sum()) * 100),
    }


def _money(satang: int) -> str:
    return f"{satang // 100}.{satang % 100:02d}"


# -------------------------------------------------------------------------- anomalies
def _amount_text(satang: int, width: int) -> str:
    return f"{satang // 100:0{width - 3}d}.{satang % 100:02d}"


def _reconciles(lines: list[str]) -> bool:
    h, det = lines[0], lines[1:]
    w = sum(int(d[82:93]) * 100 + int(d[94:96]) for d in det)
    c = sum(int(d[96:105]) for d in det)
    return (
        int(h[76:82]) == len(det)
        and int(h[82:94]) * 100 + int(h[95:97]) == w
        and int(h[97:108]) == 2 * c
        and int(h[111:120]) == c
        and int(h[123:132]) == c
    )


def plant_unregistered(
    world: World, out: Output, month: Month, arng: np.random.Generator, truth: dict
) -> pl.DataFrame:
    """Add one detail line for an unregistered person to each of a few reconciling files of
    `month`, raising their header totals to match; count them into the month's `truth` row
    (they are loaded) and return their truth rows (kind and the keys the mart reports)."""
    files = sorted((out.dir / month.be_label).glob(f"SPS110_*_{month.be_label}.txt"))
    k = 1 + int(arng.poisson(UNREGISTERED_A_MONTH * world.scale))
    rows = []
    for i in arng.permutation(len(files)):
        if len(rows) == k:
            break
        path = files[int(i)]
        lines = path.read_bytes().decode(fm.ENCODING).split(fm.CRLF)[:-1]
        if not _reconciles(lines):
            continue
        body = 8 * 10**11 + int(arng.integers(0, 10**11))
        pid = body * 10 + int(id_check_digits(np.array([body]))[0])
        sex = int(arng.integers(0, 2))
        wage = int(arng.integers(6_000, 15_001)) * 100  # satang, within floor and ceiling
        contrib = (wage + 1_000) // 2_000
        name = pl.DataFrame(
            {
                "fa": [int(arng.integers(0, world.n_first_a[sex])) + sum(world.n_first_a[:sex])],
                "fb": [int(arng.integers(0, world.n_first_b[sex])) + sum(world.n_first_b[:sex])],
                "sa": [int(arng.integers(0, len(ref.SUR_A)))],
                "sb": [int(arng.integers(0, len(ref.SUR_B)))],
                "sc": [int(arng.integers(0, len(ref.SUR_C)))],
            }
        )
        first = name.select(world.first_names(name["fa"], name["fb"])).item()
        last = name.select(world.surnames(name["sa"], name["sb"], name["sc"])).item()
        detail = (
            f"2{pid:013d}{ref.TITLE_CODES[sex * 2]}{first[:30]:<30}{last[:35]:<35}"
            f"{_amount_text(wage, 14)}{_amount_text(contrib * 100, 12)}{' ' * 27}"
        )
        h = lines[0]
        count = int(h[76:82]) + 1
        wages = int(h[82:94]) * 100 + int(h[95:97]) + wage
        emp = int(h[111:120]) + contrib
        header = (
            f"{h[:76]}{count:06d}{_amount_text(wages, 15)}{_amount_text(2 * emp * 100, 14)}"
            f"{_amount_text(emp * 100, 12)}{_amount_text(emp * 100, 12)}"
        )
        lines = [header, *lines[1:], detail]
        if any(len(line.encode(fm.ENCODING)) != fm.SPS_LINE for line in lines):
            raise AssertionError("สปส.1-10 line is not 135 bytes")
        data = "".join(line + fm.CRLF for line in lines).encode(fm.ENCODING)
        out.summary.bytes_written += len(data) - path.stat().st_size  # counted when first written
        path.write_bytes(data)
        _, account, branch, _ = path.stem.split("_")
        rows.append(
            {
                "kind": UNREGISTERED_KIND,
                "month": month.label,
                "employer_account": account,
                "branch": branch,
                "national_id": f"{pid:013d}",
                "source_line": len(lines),
                "wage_satang": wage,
                "employee_contribution_baht": contrib,
            }
        )
    for r in rows:  # the planted lines are loaded: the month's truth counts them
        truth["insured_lines_loaded"] += 1
        truth["wages_loaded"] = _money(_satang(truth["wages_loaded"]) + r["wage_satang"])
        truth["employee_contributions_loaded"] = _money(
            _satang(truth["employee_contributions_loaded"]) + r["employee_contribution_baht"] * 100
        )
    return pl.DataFrame(
        rows,
        schema={
            "kind": pl.String,
            "month": pl.String,
            "employer_account": pl.String,
            "branch": pl.String,
            "national_id": pl.String,
            "source_line": pl.Int64,
            "wage_satang": pl.Int64,
            "employee_contribution_baht": pl.Int64,
        },
    )


def _satang(money: str) -> int:
    baht, sat = money.split(".")
    return int(baht) * 100 + int(sat)
