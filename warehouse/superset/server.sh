#!/usr/bin/env bash
# Run Apache Superset (warehouse/superset/.venv) for the labour-data lakehouse.
#
#   warehouse/superset/server.sh init     install if needed, migrate the metadata DB,
#                                         create the admin user, superset init (idempotent)
#   warehouse/superset/server.sh start    gunicorn in the background, wait for /health
#   warehouse/superset/server.sh stop
#   warehouse/superset/server.sh status   exit 0 when running and healthy
#   warehouse/superset/server.sh restart
#
# Environment:
#   LABOUR_DATA_DIR          the data root; Superset's files go to $LABOUR_DATA_DIR/superset/.
#                            When unset, it is asked from its one home, DataPaths.from_env() in
#                            ingestion/landing/paths.py, through the pipeline's venv (.venv).
#   SUPERSET_HOST / _PORT    default 127.0.0.1 / 8088
#   SUPERSET_WORKERS         gunicorn worker processes, default 2 (threads: SUPERSET_THREADS, 4)
#   SUPERSET_KEEPALIVE       seconds an idle keep-alive connection stays open, default 20
#   SUPERSET_START_TIMEOUT   seconds to wait for /health, default 120
#   SUPERSET_ADMIN_PASSWORD  required by init (no default password; `labour dashboards up`
#                            generates one into $LABOUR_DATA_DIR/superset/demo_users.json)
#   SUPERSET_ADMIN_USER / _EMAIL   default admin / admin@example.org
#   SUPERSET_SECRET_KEY      else a key generated once in $LABOUR_DATA_DIR/superset/secret_key
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"

if [[ -z "${LABOUR_DATA_DIR:-}" ]]; then
  # No second copy of the default here: ask the one home (ingestion/landing/paths.py).
  if [[ -x "$repo/.venv/bin/python" ]]; then
    LABOUR_DATA_DIR="$(cd "$repo" && .venv/bin/python -c \
      'from ingestion.landing.paths import DataPaths; print(DataPaths.from_env().root)')"
  else
    echo "superset: LABOUR_DATA_DIR is not set and the pipeline's .venv is missing: " \
      "set LABOUR_DATA_DIR or run \`make install\`" >&2
    exit 2
  fi
fi
export LABOUR_DATA_DIR
home="$LABOUR_DATA_DIR/superset"
pidfile="$home/superset.pid"
logfile="$home/superset.log"
host="${SUPERSET_HOST:-127.0.0.1}"
port="${SUPERSET_PORT:-8088}"
url="http://$host:$port"

export SUPERSET_CONFIG_PATH="$here/superset_config.py"
export FLASK_APP="superset.app:create_app()"
export PYTHONUNBUFFERED=1

mkdir -p "$home"

log() { echo "superset: $*"; }

superset_cli() { "$venv/bin/superset" "$@"; }

running_pid() {
  # Prints the pid when the pid file names a live gunicorn started from our venv.
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q "gunicorn" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

healthy() {
  local body
  body="$(curl -fsS --max-time 5 "$url/health" 2>/dev/null)" || return 1
  [[ "$body" == "OK" ]]
}

cmd_init() {
  # Checked first: a publicly known admin password must never be created.
  if [[ -z "${SUPERSET_ADMIN_PASSWORD:-}" ]]; then
    log "SUPERSET_ADMIN_PASSWORD is not set; there is no default admin password." >&2
    log "use \`uv run labour dashboards up\` (generates one into $home/demo_users.json)" >&2
    exit 2
  fi
  "$here/install.sh"
  local t0=$SECONDS
  log "migrating metadata database"
  superset_cli db upgrade >>"$home/init.log" 2>&1 || { tail -n 30 "$home/init.log"; exit 1; }

  local user="${SUPERSET_ADMIN_USER:-admin}"
  if superset_cli fab list-users 2>/dev/null | grep -q "username:$user "; then
    log "admin user '$user' already exists"
  else
    log "creating admin user '$user'"
    superset_cli fab create-admin \
      --username "$user" \
      --firstname Admin --lastname User \
      --email "${SUPERSET_ADMIN_EMAIL:-admin@example.org}" \
      --password "$SUPERSET_ADMIN_PASSWORD" >>"$home/init.log" 2>&1 \
      || { tail -n 30 "$home/init.log"; exit 1; }
  fi

  log "superset init (roles and permissions)"
  superset_cli init >>"$home/init.log" 2>&1 || { tail -n 30 "$home/init.log"; exit 1; }
  log "init done in $((SECONDS - t0)) s (log: $home/init.log)"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    if healthy; then log "already running (pid $pid) at $url"; return 0; fi
  fi
  if healthy; then
    log "something else already answers at $url; not starting" >&2
    exit 1
  fi
  [[ -x "$venv/bin/gunicorn" ]] || { log "not installed: run $here/server.sh init" >&2; exit 1; }
  [[ -f "$home/superset.db" ]] || { log "no metadata DB: run $here/server.sh init" >&2; exit 1; }

  local t0=$SECONDS
  : >"$logfile"
  # setsid: own process group, so the server outlives this shell and can be stopped by pid.
  # --keep-alive: gunicorn's 2 s default closes connections that busy clients are about to
  # reuse; under load (`make soak`, 20 clients) that showed as "connection reset by peer".
  setsid "$venv/bin/gunicorn" \
    --bind "$host:$port" \
    --workers "${SUPERSET_WORKERS:-2}" \
    --worker-class gthread --threads "${SUPERSET_THREADS:-4}" \
    --timeout 120 \
    --keep-alive "${SUPERSET_KEEPALIVE:-20}" \
    --limit-request-line 0 --limit-request-field_size 0 \
    --access-logfile - --error-logfile - \
    --no-control-socket \
    "superset.app:create_app()" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  pid=$!

  local timeout="${SUPERSET_START_TIMEOUT:-120}"
  while ! healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "gunicorn exited during start-up; last lines of $logfile:" >&2
      tail -n 40 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if (( SECONDS - t0 >= timeout )); then
      log "not healthy after ${timeout} s; last lines of $logfile:" >&2
      tail -n 40 "$logfile" >&2
      cmd_stop >/dev/null || true
      exit 1
    fi
    sleep 1
  done
  log "healthy at $url after $((SECONDS - t0)) s (pid $pid, log $logfile)"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pidfile"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive after 30 s; sending KILL to its process group"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if healthy; then
      local rss
      rss="$(ps -o rss= --pid "$pid" --ppid "$pid" | awk '{s+=$1} END {printf "%.0f", s/1024}')"
      log "running (pid $pid) and healthy at $url, ${rss} MB RSS"
      return 0
    fi
    log "running (pid $pid) but $url/health does not answer OK"
    return 1
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  init) cmd_init ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  *) echo "usage: $0 {init|start|stop|restart|status}" >&2; exit 2 ;;
esac
