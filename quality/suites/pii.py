"""The PII-only suite: no string column holds a valid Thai national ID. Usable on any table
(every other suite adds the same check)."""

from __future__ import annotations

from ._spec import Check, Params, Suite


def checks(p: Params) -> list[Check]:
    return []  # the national-ID check is added by `validate` to every suite with pii=True


SUITE = Suite(name="pii", columns={}, checks=checks)
