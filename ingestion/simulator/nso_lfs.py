"""NSO Labour Force Survey: one workbook a quarter (contracts §1.4: Thai header rows, regions
with their provinces, `-` for zero) and the truth table of labour force and informal employment
by province and quarter.

The survey does not sample the world's persons: it estimates the whole labour force, so its
figures come from the provincial populations of reference.py and its own random stream (a
quarter's figures do not depend on which months were simulated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref
from .source_system import SourceSimulator, SourceSummary
from .world import Month, normalise

# Magnitudes at scale 1.0 (DOMAIN.md, 2024).
LABOUR_FORCE, INFORMAL = 40_000_000, 20_000_000
TRUTH = "labour_force_by_province_quarter.csv"


@dataclass
class LfsSummary(SourceSummary):
    lfs_workbooks: int = 0


def quarters(months: list[Month]) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter the months touch, in order."""
    return sorted({(m.year, m.quarter) for m in months})


class Simulator(SourceSimulator):
    name = "nso_lfs"
    outputs = ("lfs_*_q*.xlsx",)
    truth_files = (TRUTH,)
    Summary = LfsSummary
    summary: LfsSummary

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(quarters(months))

    def finish(self) -> None:
        world = self.world
        rows = []
        for y, q in quarters(world.months):
            lf, inf = labour_force(world.seed, world.scale, y, q)
            path = self.out.dir / f"lfs_{y + 543}_q{q}.xlsx"
            fm.write_lfs_workbook(path, y, q, lf, inf)
            self.out.written(path)
            self.summary.lfs_workbooks += 1
            rows.append(
                pl.DataFrame(
                    {
                        "year": np.full(ref.N_PROV, y),
                        "quarter": np.full(ref.N_PROV, q),
                        "province_code": ref.PROV_CODE,
                        "labour_force": lf,
                        "informal_workforce": inf,
                    }
                )
            )
            self.out.tick(f"labour force {y}-Q{q}")
        self.out.write_truth(TRUTH, pl.concat(rows))


def labour_force(seed: int, scale: float, year: int, quarter: int) -> tuple[np.ndarray, ...]:
    """Labour force and informal employment by province for one quarter (own RNG stream, so
    a quarter's figures do not depend on the simulated months)."""
    rng = np.random.default_rng([seed, year, quarter, 1506])
    pop = ref.PROV_POP
    ratio = np.where(np.arange(ref.N_PROV) == ref.BANGKOK, 0.78, 0.58)
    lf = normalise(pop * ratio) * LABOUR_FORCE
    share = np.clip(0.75 - 0.55 * ref.PROV_S33 / (pop * ratio), 0.22, 0.72)
    inf = lf * share
    inf *= INFORMAL / inf.sum()
    trend = 1 + 0.003 * (year - 2024 + (quarter - 1) / 4)
    lf_season = [0.99, 1.0, 1.012, 1.003][quarter - 1]
    inf_season = [0.975, 1.0, 1.03, 1.01][quarter - 1]
    lf_q = lf * trend * lf_season * (1 + rng.normal(0, 0.006, ref.N_PROV))
    inf_q = inf * trend * inf_season * (1 + rng.normal(0, 0.01, ref.N_PROV))
    lf_i = np.round(lf_q * scale).astype(np.int64)
    inf_i = np.minimum(np.round(inf_q * scale).astype(np.int64), lf_i)
    return lf_i, inf_i
