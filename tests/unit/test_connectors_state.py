"""The cursor state between pulls: its format, drops named by the Bangkok date, a pull killed
between its drop and its state (SIGKILL at a fault point, in a child process), a lost or
stale state, and two pulls at once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from ingestion.connectors import ConnectorError, pull
from ingestion.connectors.cursor import (
    CursorState,
    CursorWindow,
    read_state,
    record_line,
    state_path,
)
from ingestion.connectors.drops import drop_month, drop_name
from ingestion.connectors.options import connector_options
from ingestion.landing import DataPaths
from ingestion.simulator.http_api import SimulatedApi
from tests.unit.test_connectors import drops, http_entity, records

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("utc", "name"),
    [
        (dt.datetime(2024, 1, 31, 16, 59, 59, tzinfo=dt.UTC), "t_202401_20240131T235959000000"),
        (dt.datetime(2024, 1, 31, 17, 0, 0, tzinfo=dt.UTC), "t_202402_20240201T000000000000"),
        (dt.datetime(2024, 12, 31, 20, 0, 0), "t_202501_20250101T030000000000"),  # naive = UTC
        (
            dt.datetime(2024, 6, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))),  # Tokyo
            "t_202405_20240531T230000000000",
        ),
    ],
)
def test_drops_are_named_by_the_bangkok_date(utc, name):
    assert drop_name("t", utc) == name + ".jsonl"
    assert drop_month(name + ".jsonl") == f"{name[2:6]}-{name[6:8]}"


def _options(url: str):
    return connector_options("mol_api", http_entity(url))


def test_the_saved_state_says_what_was_pulled_at_the_cursor(tmp_path):
    paths = DataPaths(tmp_path)
    rows = records(3)
    rows[1]["updated_at"] = rows[2]["updated_at"]  # ids 2 and 3 at the cursor
    with SimulatedApi(rows) as api:
        result = pull(paths, "mol_api", http_entity(api.url))
    path = state_path(paths, "mol_api", "trainees")
    assert path == tmp_path / "state/connectors/mol_api/trainees.json"
    assert not list((tmp_path / "sources").rglob("*.json"))  # drop folders: deliveries only
    saved = json.loads(path.read_text())
    assert set(saved) == {"version", "cursor", "at_cursor", "file", "pulled_at"}
    assert saved["cursor"] == "2024-01-03T08:00:00" and saved["file"] == result.file.name
    assert sorted(saved["at_cursor"]) == ["2", "3"]
    lines = result.file.read_bytes().splitlines()
    window = CursorWindow(read_state(paths, "mol_api", "trainees"), _options(api.url))
    # exactly the versions in the drop are "seen"; another version of id 3 is not
    assert not window.admit(json.loads(lines[2]), lines[2])
    changed = {**json.loads(lines[2]), "hours": 99}
    assert window.admit(changed, record_line(changed))


_CHILD = """
import sys
from pathlib import Path
from ingestion.connectors import pull
from ingestion.landing import DataPaths
from tests.unit.test_connectors import http_entity
pull(DataPaths(Path(sys.argv[1])), "mol_api", http_entity(sys.argv[2]))
print("not killed")
"""


def test_a_pull_killed_between_its_drop_and_its_state_loses_and_repeats_nothing(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(3)) as api:
        assert pull(paths, "mol_api", http_entity(api.url)).records == 3
        saved = read_state(paths, "mol_api", "trainees")
        api.add(*records(2, start=4))
        env = {**os.environ, "LABOUR_FAULT": "connector.after_drop"}
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(tmp_path), api.url],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        assert len(drops(tmp_path)) == 2  # the killed pull's drop is complete and there
        assert read_state(paths, "mol_api", "trainees") == saved  # but its state was not saved

        api.add(*records(1, start=6))
        after = pull(paths, "mol_api", http_entity(api.url))
        assert after.recovered == [drops(tmp_path)[1].name]
        assert after.records == 1 and after.cursor_after == "2024-01-06T08:00:00"
    ids = [json.loads(x)["id"] for d in drops(tmp_path) for x in d.read_bytes().splitlines()]
    assert sorted(ids) == [1, 2, 3, 4, 5, 6]  # nothing lost, nothing twice


def test_a_lost_state_is_rebuilt_from_the_drops_and_wiped_drops_are_pulled_again(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(3)) as api:
        entity = http_entity(api.url)
        first = pull(paths, "mol_api", entity)
        state = read_state(paths, "mol_api", "trainees")
        state_path(paths, "mol_api", "trainees").unlink()
        again = pull(paths, "mol_api", entity)
        assert (again.records, again.recovered) == (0, [first.file.name])
        assert read_state(paths, "mol_api", "trainees") == state

        first.file.unlink()  # the drops are gone (a new data root): the state is stale
        refill = pull(paths, "mol_api", entity)
        assert refill.records == 3 and refill.cursor_before is None


def test_two_pulls_of_one_entity_never_run_at_once(tmp_path):
    paths = DataPaths(tmp_path)
    with SimulatedApi(records(1)) as api:
        entity = http_entity(api.url, lock_timeout=0.05)
        lock = state_path(paths, "mol_api", "trainees").with_suffix(".lock")
        lock.parent.mkdir(parents=True)
        with FileLock(lock), pytest.raises(ConnectorError, match="another pull holds"):
            pull(paths, "mol_api", entity)
        assert drops(tmp_path) == []
        assert pull(paths, "mol_api", entity).records == 1


def test_the_same_version_twice_within_a_pull_is_written_once():
    """Offset paging that shifts while the pull runs can return a record twice."""
    window = CursorWindow(CursorState(), _options("http://127.0.0.1:9/unused"))
    r = records(1)[0]
    assert window.admit(r, record_line(r)) and not window.admit(r, record_line(r))
    assert window.repeated == 1
