"""What every source system's simulator is: a `SourceSimulator` subclass that writes that
system's deliveries from the shared `World`, month by month, and the truth tables it answers for.

`generate.py` drives them all in one fixed order (see `SOURCES` there):

    for cls in SOURCES: cls.clean(out_dir)               # remove the source's earlier outputs
    world = World(...)                                   # the shared population, built once
    sources = [cls(world, out_dir, tick) for cls in SOURCES]
    for month in world.months:
        world.step(month)
        for s in sources: s.month(month)                 # this month's deliveries
    for s in sources: s.finish()                         # end-of-run files and truth tables

A source writes only under `out_dir/<name>/` (the folder its reader watches, as
`ingestion/sources/<name>/`) and its truth tables under `out_dir/_truth/`, through `self.out`,
which counts the files and bytes into the source's summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import polars as pl

from .world import Month, World

TRUTH_DIR = "_truth"
CHUNK_LINES = 1_000_000  # rows built at a time in large files, to bound memory at scale 1.0

Tick = Callable[[str], None]


@dataclass
class SourceSummary:
    """What one source wrote; subclasses add the source's own counts."""

    files_written: int = 0
    bytes_written: int = 0


class Output:
    """Writes one source's files and truth tables, counting them into its summary."""

    def __init__(self, out_dir: Path, name: str, summary: SourceSummary, tick: Tick) -> None:
        self.dir = out_dir / name
        self.truth_dir = out_dir / TRUTH_DIR
        self.summary = summary
        self.tick = tick  # report one progress step (its name is shown to the user)

    def write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        self.written(path, len(data))

    def write_many(self, items: Iterable[tuple[Path, bytes | memoryview]]) -> None:
        for path, data in items:
            path.write_bytes(data)
            self.written(path, len(data))

    def write_chunks(self, path: Path, chunks: Iterable[bytes]) -> None:
        """One file from chunks built one after another (large files, bounded memory)."""
        size = 0
        with path.open("wb") as f:
            for data in chunks:
                f.write(data)
                size += len(data)
        self.written(path, size)

    def write_truth(self, name: str, df: pl.DataFrame) -> None:
        """A truth table: what the warehouse must show for this source's deliveries."""
        self.truth_dir.mkdir(parents=True, exist_ok=True)
        self.write(self.truth_dir / name, df.write_csv(None).encode("utf-8"))

    def written(self, path: Path, size: int | None = None) -> None:
        """Count a file written elsewhere (e.g. by a workbook library)."""
        self.summary.files_written += 1
        self.summary.bytes_written += path.stat().st_size if size is None else size


class SourceSimulator:
    """Base of one source system's simulator. Subclasses set `name`, `outputs`, `truth_files`
    (and `Summary` for their own counts) and override `month` and/or `finish`.

    Draw random numbers from `world.stream(self.name, ...)`, never from `world.rng` (only the
    two SSO simulators that predate this rule do, see world.py), and draw nothing in
    `__init__`: the order of draws is what keeps same seed ⇒ same bytes."""

    name: ClassVar[str]  # the delivery folder under data/sources, as ingestion/sources/<name>
    # Set when a second simulator writes another entity of an existing source system: its files
    # go to that system's folder (`name` stays unique: it keys the run's summaries).
    folder: ClassVar[str | None] = None
    outputs: ClassVar[tuple[str, ...]]  # globs under data/sources/<name> of the files it writes
    truth_files: ClassVar[tuple[str, ...]] = ()  # names under data/sources/_truth
    Summary: ClassVar[type[SourceSummary]] = SourceSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        self.world = world
        self.summary = self.Summary()
        self.out = Output(out_dir, self.folder or self.name, self.summary, tick)
        self.out.dir.mkdir(parents=True, exist_ok=True)

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        """How many times this source will call `out.tick` for these months."""
        return 0

    @classmethod
    def clean(cls, out_dir: Path) -> None:
        """Remove this source's own earlier outputs (only its file patterns: anything else
        in the folder, e.g. a test's hand-made file, stays)."""
        d = out_dir / (cls.folder or cls.name)
        if d.is_dir():
            for pattern in cls.outputs:
                for f in d.glob(pattern):
                    f.unlink()
        for name in cls.truth_files:
            (out_dir / TRUTH_DIR / name).unlink(missing_ok=True)

    def month(self, month: Month) -> None:
        """Write this month's deliveries; called right after `world.step(month)`."""

    def finish(self) -> None:
        """Write what comes after the last month (e.g. quarterly files) and the truth tables."""
