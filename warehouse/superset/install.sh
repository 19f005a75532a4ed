#!/usr/bin/env bash
# Install Superset into warehouse/superset/.venv from the committed lock.
# Idempotent: does nothing when the venv exists and was built from the same lock
# (sha256 of requirements.lock stored in .venv/.lock-sha256).
#   warehouse/superset/install.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
lock="$here/requirements.lock"
stamp="$venv/.lock-sha256"
python="${SUPERSET_PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3

want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [[ "${1:-}" != "--force" && -x "$venv/bin/superset" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "superset: venv up to date ($venv)"
  exit 0
fi

start=$(date +%s)
if [[ ! -x "$venv/bin/python" ]]; then
  uv venv --quiet --python "$python" "$venv"
fi
rm -f "$stamp"
# sync (not install): removes anything not in the lock; hashes are verified.
VIRTUAL_ENV="$venv" uv pip sync --quiet --python "$venv/bin/python" "$lock"
"$venv/bin/python" -c "import superset, duckdb, duckdb_engine; print('superset: installed apache-superset', __import__('importlib.metadata').metadata.version('apache-superset'), '+ duckdb', duckdb.__version__)"
echo "$want" > "$stamp"
echo "superset: install took $(( $(date +%s) - start )) s"
