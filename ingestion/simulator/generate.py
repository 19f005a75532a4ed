"""`generate(...)`: build the shared world once, then let every source system's simulator write
its deliveries, month by month, in the fixed order of `SOURCES`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    mol_dlpw,
    mol_doe,
    mol_dsd,
    nso_lfs,
    nso_lfs_status,
    sso_benefits,
    sso_efiling,
    sso_fund,
    sso_hotline,
    sso_hr,
    sso_registry,
    sso_wcf,
)
from .source_system import SourceSimulator, SourceSummary
from .world import S33, S39, S40, World, month_calendar

ProgressFn = Callable[[str, int, int], None]

# The source systems, in the order they write each month. Register a new source by appending
# its Simulator here. Never reorder or insert before the SSO ones: they share the world's random
# stream, so their order is part of what makes same seed ⇒ same bytes.
SOURCES: tuple[type[SourceSimulator], ...] = (
    sso_registry.Simulator,
    sso_efiling.Simulator,
    nso_lfs.Simulator,
    sso_benefits.Simulator,
    sso_wcf.Simulator,
    sso_fund.Simulator,
    sso_hotline.Simulator,
    nso_lfs_status.Simulator,
    mol_doe.Simulator,
    mol_dsd.Simulator,
    mol_dlpw.Simulator,
    sso_hr.Simulator,
)


@dataclass
class GenerateSummary:
    out_dir: Path
    months: list[str] = field(default_factory=list)
    persons: int = 0
    spells: int = 0
    spells_s33: int = 0
    spells_s39: int = 0
    spells_s40: int = 0
    employers: int = 0  # employer accounts
    branches: int = 0
    sources: dict[str, SourceSummary] = field(default_factory=dict)  # by source name
    files_written: int = 0
    bytes_written: int = 0


def generate(
    out_dir: Path,
    scale: float = 0.001,
    months: int = 12,
    start: str = "2024-01",
    seed: int = 2024,
    progress: ProgressFn | None = None,
    sources: Sequence[type[SourceSimulator]] = SOURCES,
) -> GenerateSummary:
    """Write the synthetic source deliveries of contracts §1 into out_dir (`data/sources`),
    and the simulator's truth tables into out_dir/_truth.

    Same arguments ⇒ byte-identical files. Earlier simulator outputs in out_dir are replaced.
    """
    if months < 1:
        raise ValueError(f"months must be ≥ 1, got {months}")
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    out_dir = Path(out_dir)
    cal = month_calendar(start, months)
    total_steps = 1 + sum(cls.progress_steps(cal) for cls in sources) + 1
    step = 0

    def tick(name: str) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(name, step, total_steps)

    for cls in sources:
        cls.clean(out_dir)
    world = World(scale, cal, seed)
    tick("initial population")

    sims = [cls(world, out_dir, tick) for cls in sources]
    for month in world.months:
        world.step(month)
        for sim in sims:
            sim.month(month)
    for sim in sims:
        sim.finish()
    tick("truth")

    sp = world.spells
    return GenerateSummary(
        out_dir=out_dir,
        months=[m.label for m in world.months],
        persons=len(world.persons),
        spells=len(sp),
        spells_s33=int((sp["section"] == S33).sum()),
        spells_s39=int((sp["section"] == S39).sum()),
        spells_s40=int((sp["section"] == S40).sum()),
        employers=int(world.n_accounts),
        branches=len(world.branches),
        sources={sim.name: sim.summary for sim in sims},
        files_written=sum(sim.summary.files_written for sim in sims),
        bytes_written=sum(sim.summary.bytes_written for sim in sims),
    )
