"""The servers `labour up` leaves running stop on SIGTERM (what `labour down` sends) even when
started from a shell that ignores SIGTERM: the ignore is inherited across exec, and a docs
server and simulated APIs started that way outlived `make down` and held their ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO

SERVERS = {
    "dbt docs": ["-m", "warehouse.docs_site", "--port", "0"],
    "simulated APIs": ["-m", "ingestion.simulator.http_api", "--data", "{data}"],
}


def _ignore_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_stops_on_sigterm_even_if_its_parent_ignored_it(server, tmp_path):
    argv = [a.format(data=tmp_path) for a in SERVERS[server]]
    proc = subprocess.Popen(
        [sys.executable, *argv],
        cwd=REPO,
        env={**os.environ, "LABOUR_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_ignore_sigterm,  # as a job runner that ignores SIGTERM starts `make up`
    )
    try:
        assert "http://127.0.0.1:" in proc.stdout.readline()  # it serves
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == -signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
