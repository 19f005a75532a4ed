"""Deterministic synthetic source systems for the labour-data lakehouse.

`generate(out_dir, scale, months, start, seed, progress)` writes every source system's deliveries
into `out_dir` (the `data/sources` directory) as the agencies produce them (docs/data-contracts.md
§1), and the simulator's truth tables into `out_dir/_truth`. Same arguments ⇒ same bytes.

Layout, one module per source system, named like its folder under `ingestion/sources/`:

- `world.py`: the shared world: persons, employer branches, insurance spells, the calendar.
- `sso_registry.py`: SSO insured-persons and employer registries (monthly CSVs).
- `sso_efiling.py`: SSO สปส.1-10 contribution files.
- `nso_lfs.py`: NSO Labour Force Survey workbooks (quarterly).
- `generate.py`: the entry point; builds the world once and runs the sources in `SOURCES` order.
- `source_system.py`: the `SourceSimulator` base class and its counting `Output`.
- `formats.py`, `reference.py`, `http_api.py`: shared helpers (text and workbook formats,
  provinces, names and industries, a paged JSON API for API-served sources).

To add a source system's simulator:

1. add `<system>.py` with `class Simulator(SourceSimulator)`: set `name = "<system>"` (its
   folder under data/sources), `outputs` (globs of its files) and `truth_files`; write each
   month's deliveries in `month(month)` and the rest plus its truth tables in `finish()`, through
   `self.out`; read people and employers from `self.world` (see world.py: `active`,
   `insured_persons`, `started`, `ended`, `registered_branches`) so that it stays consistent
   with the other sources;
2. register it in generate.py: append `<system>.Simulator` to `SOURCES` (one line).

Draw random numbers only from `self.world.stream("<system>", ...)`: then a new source leaves every
other source's bytes unchanged. The simulator shares no code with the readers (DESIGN.md): it
writes each format from the specification on its own, so a misreading in one is caught by the
other.
"""

from .generate import GenerateSummary, generate

__all__ = ["GenerateSummary", "generate"]
