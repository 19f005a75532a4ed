"""The bench harness's own logic (labour_cli.bench): what it reports when the pipeline fails,
and reusing a kept national generation (restoring a held-back month, dropping run state)."""

from __future__ import annotations

import json
from pathlib import Path

from labour_cli.bench import GENERATION_RECORD, _last_error, _reused_generation

DBT_FAILURE = """\
Failure in model mart_governance__check_results (models/marts/governance/x.sql)
  Runtime Error in model mart_governance__check_results (models/marts/governance/x.sql)
  Invalid Input Error: "maximum_object_size" of 16777216 bytes exceeded while reading file
Traceback (most recent call last):
  File "dbt_cli_invocation.py", line 475, in _raise_on_error
    raise error
"""


def test_the_error_named_is_the_cause_not_the_traceback() -> None:
    assert _last_error(DBT_FAILURE).startswith('Invalid Input Error: "maximum_object_size"')
    plain = "Traceback\n  File x\nRuntimeError: generate failed (1)\n    raise error\n"
    assert _last_error(plain) == "RuntimeError: generate failed (1)"


def _workdir(tmp_path: Path, record: dict) -> Path:
    data = tmp_path / "n1"
    (data / "sources/sso_efiling/256701").mkdir(parents=True)
    (data / "sources/sso_efiling/256701/a.txt").write_text("kept")
    (data / "held_back/sso_efiling/256702").mkdir(parents=True)
    (data / "held_back/sso_efiling/256702/b.txt").write_text("held")
    for state in ("lake/raw", "warehouse", "dagster", "logs"):
        (data / state).mkdir(parents=True)
        (data / state / "x").write_text("old run")
    (data / GENERATION_RECORD).write_text(json.dumps(record))
    return data


RECORD = {"scale": 1.0, "months": 2, "start": "2024-01", "seconds": 1634.0,
          "peak_tree_rss_gb": 5.69, "load_before": 0.7, "load_after": 12.4}  # fmt: skip


def test_a_matching_generation_is_reused_whole(tmp_path: Path) -> None:
    data = _workdir(tmp_path, RECORD)
    step = _reused_generation(data, {"scale": 1.0, "months": 2, "start": "2024-01"})
    assert step is not None and step.seconds == 1634.0 and step.peak_tree_rss_gb == 5.69
    assert (data / "sources/sso_efiling/256702/b.txt").read_text() == "held"  # put back
    assert (data / "sources/sso_efiling/256701/a.txt").read_text() == "kept"
    assert not (data / "held_back").exists()
    assert not any((data / s).exists() for s in ("lake", "warehouse", "dagster", "logs"))


def test_another_generation_is_not_reused(tmp_path: Path) -> None:
    data = _workdir(tmp_path, RECORD)
    assert _reused_generation(data, {"scale": 0.5, "months": 2, "start": "2024-01"}) is None
    assert (data / "lake/raw/x").exists()  # nothing touched: it generates again
    assert _reused_generation(tmp_path / "empty", {"scale": 1.0}) is None
