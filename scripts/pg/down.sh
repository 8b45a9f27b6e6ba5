#!/usr/bin/env bash
# Stops the PostgreSQL server scripts/pg/up.sh started (pg_ctl stop on its data directory, which signals the PID in
# postmaster.pid). Keeps the data unless --purge is given. Idempotent.
set -euo pipefail

DIR="${PARATRACK_PG_DIR:-/tmp/paratrack-pg}"
DATA="$DIR/data"
say() { printf 'pg-down: %s\n' "$*" >&2; }

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ -f "$DATA/postmaster.pid" ] && [ -n "$BIN" ]; then
  pid="$(head -n 1 "$DATA/postmaster.pid")"
  if as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1; then
    say "stopped PostgreSQL (pid $pid)"
  elif [ -d "/proc/$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q postgres; then
    kill -TERM "$pid" 2>/dev/null || true
    say "pg_ctl could not stop it; sent SIGTERM to pid $pid"
  else
    say "not running (stale postmaster.pid)"
  fi
else
  say "not running"
fi
if [ "${1:-}" = "--purge" ] && [ -d "$DIR" ]; then
  rm -rf "$DIR"
  say "removed $DIR"
fi
