"""Deterministic fault injection for the fault tests (tests/fault/).

Production code marks the moments where a crash would be most harmful with
``fault_point("landing.after_swap")``. When the environment variable ``LABOUR_FAULT`` names that
point, the process kills itself there with SIGKILL: no ``finally``, no atexit, exactly what a
power cut or the OOM killer does. Unset (always, outside the tests), a fault point costs one
dictionary look-up.

``LABOUR_FAULT`` may be ``name`` or ``name@N`` (die the N-th time the point is reached, from 1),
so a test can kill a run in the middle of its third partition, not only its first.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "LABOUR_FAULT"
_hits: Counter[str] = Counter()


def fault_point(name: str) -> None:
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    target, _, nth = wanted.partition("@")
    if target != name:
        return
    _hits[name] += 1
    if _hits[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
