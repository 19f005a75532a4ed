"""Deterministic synthetic source systems for the labour-data lakehouse.

`generate(out_dir, scale, months, start, seed, progress)` writes the SSO insured and employer
registries, สปส.1-10 contribution files, NSO Labour Force Survey workbooks and the simulator's
truth tables into `out_dir` (the `data/sources` directory), per docs/data-contracts.md §1.
"""

from .generate import GenerateSummary, generate

__all__ = ["GenerateSummary", "generate"]
