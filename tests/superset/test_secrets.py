"""Secrets come from the environment or are generated into the data root, never from the repo:
superset_config.py refuses a public or short SECRET_KEY and a missing data root; server.sh
refuses to create an admin without a password; and no generated secret is in a tracked file
or in Superset's logs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse import serving as sa

CONFIG = sa.SUPERSET_DIR / "superset_config.py"
PUBLIC_KEY = "CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET"  # superset.constants.CHANGE_ME_SECRET_KEY


def load_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Execute superset_config.py as Superset does (standard library only), print SECRET_KEY's
    length and where the config put Superset's home."""
    code = (
        "import runpy, sys; c = runpy.run_path(sys.argv[1]); "
        "print(len(c['SECRET_KEY']), c['SUPERSET_HOME'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LABOUR_", "SUPERSET_"))}
    return subprocess.run(
        [sys.executable, "-c", code, str(CONFIG)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key",
    [PUBLIC_KEY, "YOUR_OWN_RANDOM_GENERATED_SECRET_KEY", "too-short-0123456789"],
    ids=["Superset's default", "the docs' example", "shorter than 32"],
)
def test_config_refuses_a_public_or_short_secret_key(tmp_path, key):
    r = load_config({"LABOUR_DATA_DIR": str(tmp_path), "SUPERSET_SECRET_KEY": key})
    assert r.returncode != 0
    assert "ConfigError" in r.stderr and "SUPERSET_SECRET_KEY" in r.stderr
    assert key not in r.stderr.split("ConfigError", 1)[1]  # the message never shows the key


def test_config_takes_the_key_from_the_environment(tmp_path):
    key = "k" * 20 + "-from-the-environment-0123"
    r = load_config({"LABOUR_DATA_DIR": str(tmp_path), "SUPERSET_SECRET_KEY": key})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(len(key)), str(tmp_path.resolve() / "superset")]
    assert not (tmp_path / "superset" / "secret_key").exists()  # nothing generated


def test_config_generates_a_private_key_once_when_none_is_given(tmp_path):
    first = load_config({"LABOUR_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "superset" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 32 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = load_config({"LABOUR_DATA_DIR": str(tmp_path)})
    assert again.returncode == 0 and key_file.read_text().strip() == key


def test_config_requires_the_data_root():
    """No second copy of the data-root default: the serving layer passes LABOUR_DATA_DIR."""
    r = load_config({})
    assert r.returncode != 0 and "LABOUR_DATA_DIR is not set" in r.stderr
    assert sa.superset_env() == {"LABOUR_DATA_DIR": str(sa.data_dir())}


def test_server_refuses_to_create_an_admin_without_a_password(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SUPERSET_")}
    r = subprocess.run(
        [str(sa.SERVER_SH), "init"],
        env={**clean, "LABOUR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0 and "SUPERSET_ADMIN_PASSWORD is not set" in r.stderr
    assert not (tmp_path / "superset" / "superset.db").exists()  # stopped before any work


def _tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=sa.REPO, capture_output=True, check=True
    ).stdout
    return [sa.REPO / name for name in out.decode().split("\0") if name]


@pytest.mark.integration
def test_no_generated_secret_in_the_repo_or_the_logs(superset_server):
    home = superset_server.data_dir / "superset"
    secrets = {"secret_key": (home / "secret_key").read_text().strip()}
    secrets |= {f"password of {u}": c["password"] for u, c in superset_server.credentials.items()}
    assert all(len(s) >= 12 for s in secrets.values())
    # the files holding them are private and git-ignored where they live by default
    for f in (home / "secret_key", sa.credentials_file()):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    private = ["data/superset/demo_users.json", "data/superset/secret_key"]
    ignored = subprocess.run(
        ["git", "check-ignore", *private], cwd=sa.REPO, capture_output=True, text=True
    )
    assert ignored.stdout.split() == private, "data/superset/ must be git-ignored"
    # Superset has logged: every request of the test session so far, init, start
    logs = [p for p in home.glob("*.log")]
    assert any(p.stat().st_size > 0 for p in logs)
    places = [*_tracked_files(), *logs]
    for path in places:
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for what, value in secrets.items():
            assert value not in text, f"{what} found in {path}"
