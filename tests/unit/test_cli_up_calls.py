"""`labour up` calls `labour run` as a function: every option of `run` must be passed, or it
receives typer's OptionInfo default (a new option of `run` broke `make up` once)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from typer.models import OptionInfo

from labour_cli import main


def test_up_passes_every_option_of_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sources/sso_efiling/256701").mkdir(parents=True)  # deliveries: no generate
    monkeypatch.setenv("LABOUR_DATA_DIR", str(tmp_path))
    options = set(inspect.signature(main.run).parameters)
    calls: list[dict] = []
    monkeypatch.setattr(main, "run", lambda **kwargs: calls.append(kwargs))
    main.up(scale=0.001, months=1, serve=False)
    assert len(calls) == 1 and set(calls[0]) == options
    assert not any(isinstance(v, OptionInfo) for v in calls[0].values())
