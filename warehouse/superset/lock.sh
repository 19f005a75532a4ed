#!/usr/bin/env bash
# Re-create requirements.lock from requirements.in (run after editing requirements.in).
#
# Resolution is frozen at Superset 6.1.0's release (2026-05-13): newer releases of
# its dependencies (flask-caching 2.5, flask-limiter 4, flask-appbuilder 5.3, ...)
# were never tested with it and some break it. duckdb is the one exception: it
# must match the pipeline's duckdb (2.0.1, released 2026-11-20), so it gets its
# own cut-off date.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
uv pip compile requirements.in \
  --python-version 3.11 \
  --exclude-newer 2026-05-14T00:00:00Z \
  --exclude-newer-package duckdb=2026-11-21T00:00:00Z \
  --generate-hashes \
  --custom-compile-command "warehouse/superset/lock.sh" \
  -o requirements.lock
