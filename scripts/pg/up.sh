#!/usr/bin/env bash
# Brings up a throwaway PostgreSQL server for tests and CI: Debian's postgresql, a cluster initialised in its own
# directory as an unprivileged user (postgres when run as root, else the caller), listening on 127.0.0.1 only, on
# a free port, with a password, and a database "paratrack".
#
#   eval "$(scripts/pg/up.sh)"   # prints `export DATABASE_URL=…` and PARATRACK_TEST_POSTGRES_URL on stdout
#   scripts/pg/down.sh            # stops that server (pg_ctl on its data directory, by postmaster.pid)
#
# Idempotent: a server already running in the directory is reused. Exit codes: 0 up, 3 skipped (PostgreSQL is not
# installed and cannot be: no root or no apt-get; printed as "skipped: …"), 1 failed (log printed).
# Directory: $PARATRACK_PG_DIR, default /tmp/paratrack-pg.
set -euo pipefail

DIR="${PARATRACK_PG_DIR:-/tmp/paratrack-pg}"
DATA="$DIR/data"
EXIT_SKIPPED=3
DATABASE=paratrack
ROLE=paratrack

say() { printf 'pg-up: %s\n' "$*" >&2; }
skip() {
  printf 'skipped: %s\n' "$*" >&2
  exit "$EXIT_SKIPPED"
}
fail() {
  say "FAILED: $*"
  [ -f "$DIR/postgres.log" ] && { say "--- tail of $DIR/postgres.log"; tail -n 20 "$DIR/postgres.log" >&2; }
  exit 1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_packages() {
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] && return 0
  [ "$(id -u)" = "0" ] || skip "PostgreSQL is not installed and installing it needs root: sudo apt-get install -y postgresql"
  command -v apt-get >/dev/null 2>&1 || skip "PostgreSQL is not installed and there is no apt-get to install it"
  say "installing Debian's postgresql with apt-get"
  local started=$SECONDS
  # Debian's package also sets up its own cluster "main"; it is left alone: tests use the one made below.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
    postgresql; } >"${TMPDIR:-/tmp}/paratrack-pg-apt.log" 2>&1; then
    tail -n 20 "${TMPDIR:-/tmp}/paratrack-pg-apt.log" >&2
    skip "apt-get could not install postgresql (log above)"
  fi
  say "installed in $((SECONDS - started)) s"
}

# Runs a PostgreSQL tool as the unprivileged owner of the cluster.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

print_env() {
  local port password url
  port="$(sed -n '4p' "$DATA/postmaster.pid")"
  password="$(cat "$DIR/password")"
  url="postgresql://$ROLE:$password@127.0.0.1:$port/$DATABASE"
  say "PostgreSQL up on 127.0.0.1:$port (pid $(head -n 1 "$DATA/postmaster.pid"), data $DATA)"
  echo "export DATABASE_URL=$url"
  echo "export PARATRACK_TEST_POSTGRES_URL=$url"
}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

[ "${1:-}" = "--help" ] && {
  sed -n '2,11p' "$0"
  exit 0
}
started=$SECONDS
ensure_packages
BIN="$(pg_bin)"

if is_running; then
  say "already up"
  print_env
  exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # The role's password, for scram-sha-256 on 127.0.0.1 (trust only for the owner over the socket).
  head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$DIR/password"
  printf '%s\n' "$(cat "$DIR/password")" >"$DIR/pwfile"
  [ "$(id -u)" = "0" ] && chown -R postgres:postgres "$DIR"
  chmod 0700 "$DIR"
  as_owner "$BIN/initdb" -D "$DATA" -U "$ROLE" --pwfile="$DIR/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; fail "initdb failed"; }
  rm -f "$DIR/pwfile"
  say "initialised $DATA"
fi

# The same port as last time when it is free, so a restarted server keeps its DATABASE_URL.
port="$(cat "$DIR/port" 2>/dev/null || true)"
if [ -z "$port" ] || ! node -e 'const s=require("net").createServer();s.on("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$port"; then
  port="$(free_port)"
fi
echo "$port" >"$DIR/port"
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || fail "pg_ctl start failed"

if ! as_owner "$BIN/psql" -h "$DIR" -p "$port" -U "$ROLE" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
  as_owner "$BIN/createdb" -h "$DIR" -p "$port" -U "$ROLE" "$DATABASE" || fail "createdb $DATABASE failed"
fi
say "started in $((SECONDS - started)) s"
print_env
