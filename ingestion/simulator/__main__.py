"""`python -m ingestion.simulator OUT_DIR [--scale S] [--months N] [--start YYYY-MM] [--seed N]`."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import generate


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m ingestion.simulator")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--scale", type=float, default=0.001)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--start", default="2024-01")
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args()
    t0 = time.perf_counter()
    s = generate(a.out_dir, scale=a.scale, months=a.months, start=a.start, seed=a.seed)
    print(s)
    print(f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
