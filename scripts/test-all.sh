#!/usr/bin/env bash
# Installs everything and runs every check: types, lint/format, unit + integration (Vitest), e2e (Playwright in
# Chromium), and the same against real services: a throwaway PostgreSQL (the DB suite, two servers sharing one run,
# and one e2e spec on PostgreSQL) and a one-node Slurm cluster (the Slurm executor's tests). Prints how long each
# step took. CI (.ci/run) runs exactly this.
#
# The services come up in the background while dependencies install and the code is checked (apt and daemons wait
# on the network and the disk, not the 2 CPUs), and the DB suite on PostgreSQL runs beside the production build.
# Where PostgreSQL or Slurm cannot be installed (no root, no apt-get) their parts are skipped with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIPPED=3
START=$SECONDS
TIMINGS=()
STARTED_SERVICES=()
SERVICES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/paratrack-ci-services.XXXXXX")"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Runs a step and records its duration: timed "<name>" command…
timed() {
  local name="$1" t=$SECONDS status=0
  shift
  step "$name"
  "$@" || status=$?
  TIMINGS+=("$(printf '%5d s  %s%s' "$((SECONDS - t))" "$name" "$([ "$status" = 0 ] || echo "  (FAILED, exit $status)")")")
  return "$status"
}

finish() {
  local status=$?
  for name in "${STARTED_SERVICES[@]}"; do
    case "$name" in
    postgresql) bash scripts/pg/down.sh --purge >/dev/null 2>&1 || true ;;
    slurm) bash scripts/slurm/down.sh >/dev/null 2>&1 || true ;;
    esac
  done
  rm -rf "$SERVICES_DIR"
  step "Timings"
  printf '%s\n' "${TIMINGS[@]}"
  printf '%5d s  in all\n' "$((SECONDS - START))"
  exit "$status"
}
trap finish EXIT

# Brings one service up (scripts/<dir>/up.sh), keeping its exports, log and exit status for `service_env`.
service_up() {
  local name="$1" dir="$2" t=$SECONDS status=0
  bash "scripts/$dir/up.sh" >"$SERVICES_DIR/$name.env" 2>"$SERVICES_DIR/$name.log" || status=$?
  echo "$status" >"$SERVICES_DIR/$name.status"
  echo "$((SECONDS - t))" >"$SERVICES_DIR/$name.seconds"
}

# Reads what service_up left: exports its variables, or says why it was skipped; fails when it failed.
service_env() {
  local name="$1" status
  status="$(cat "$SERVICES_DIR/$name.status")"
  TIMINGS+=("$(printf '%5d s  %s up (in the background)' "$(cat "$SERVICES_DIR/$name.seconds")" "$name")")
  case "$status" in
  0)
    # shellcheck disable=SC1090
    source "$SERVICES_DIR/$name.env"
    grep -q "already up" "$SERVICES_DIR/$name.log" || STARTED_SERVICES+=("$name")
    grep -v '^skipped:' "$SERVICES_DIR/$name.log" | tail -n 2
    ;;
  "$SKIPPED")
    echo "SKIPPED $name: $(grep -m1 '^skipped:' "$SERVICES_DIR/$name.log" | sed 's/^skipped: //')"
    ;;
  *)
    cat "$SERVICES_DIR/$name.log" >&2
    echo "$name did not come up (exit $status)" >&2
    return 1
    ;;
  esac
}

timed "Chromium for the end-to-end tests" bash -c '
  if [ -x /usr/bin/chromium ]; then
    echo "found /usr/bin/chromium"
  elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null
    echo "installed Debian'"'"'s chromium"
  else
    echo "Chromium is missing: run '"'"'sudo apt-get install -y chromium'"'"' (Debian'"'"'s package; Playwright'"'"'s own browser download does not work here), then run this again." >&2
    exit 1
  fi'

# PostgreSQL, then Slurm (one apt at a time), while the next steps run.
step "PostgreSQL and Slurm: coming up in the background"
(
  service_up postgresql pg
  service_up slurm slurm
) &
SERVICES_PID=$!

timed "Install dependencies (npm ci)" npm ci --no-audit --no-fund
timed "Type-check (strict)" npx tsc --noEmit -p .
timed "Lint and format check (Biome)" npx biome check .

step "PostgreSQL and Slurm: waiting for them"
wait "$SERVICES_PID"
service_env postgresql
service_env slurm
# Exported by the up scripts: PARATRACK_TEST_POSTGRES_URL (PostgreSQL-only tests run), SLURM_CONF (the Slurm tests
# use this cluster instead of starting their own). DATABASE_URL is the tests' business, never the servers'.
unset DATABASE_URL

# The Slurm files wait on slurmctld and slurmd, hardly on the CPUs: with the cluster up they run beside the build
# (one file at a time among themselves: they share the cluster, and one drains its node).
SLURM_FILES=(
  lib/executors/slurm/slurm-client.integration.test.ts
  lib/engine/executors/slurm-executor.integration.test.ts
  lib/engine/executors/cluster-nodes.integration.test.ts
  lib/engine/executors/slurm-attempts.integration.test.ts
  lib/executors/slurm/probe.integration.test.ts
  app/metrics/route.test.ts
)
if [ -n "${SLURM_CONF:-}" ]; then
  timed "Unit and integration tests (Vitest, two files at a time; the Slurm files run beside the build)" \
    npx vitest run $(printf -- '--exclude %s ' "${SLURM_FILES[@]}")
else
  timed "Unit and integration tests (Vitest, two files at a time)" npx vitest run
fi

# Runs beside the build; `beside_done` waits for it, prints its output and records its time and outcome.
BESIDE_PIDS=()
beside() {
  local name="$1"
  shift
  "$@" >"$SERVICES_DIR/beside-${#BESIDE_PIDS[@]}.log" 2>&1 &
  BESIDE_PIDS+=("$!:$SECONDS:$name")
}
beside_done() {
  local i pid since name status failed=0
  for i in "${!BESIDE_PIDS[@]}"; do
    IFS=: read -r pid since name <<<"${BESIDE_PIDS[$i]}"
    step "$name (ran beside the build)"
    status=0
    wait "$pid" || status=$?
    cat "$SERVICES_DIR/beside-$i.log"
    TIMINGS+=("$(printf '%5d s  %s (beside the build)%s' "$((SECONDS - since))" "$name" "$([ "$status" = 0 ] || echo "  (FAILED, exit $status)")")")
    [ "$status" = 0 ] || failed=1
  done
  return "$failed"
}

if [ -n "${SLURM_CONF:-}" ]; then
  beside "Slurm files (Vitest, on the cluster scripts/slurm/up.sh runs)" \
    env VITEST_ONE_FILE=1 npx vitest run "${SLURM_FILES[@]}"
fi
if [ -n "${PARATRACK_TEST_POSTGRES_URL:-}" ]; then
  # The DB suite on PostgreSQL beside the build: the database does its work, the build the CPUs'.
  beside "DB suite on PostgreSQL (lib/db, PARATRACK_TEST_DB=postgresql)" \
    env PARATRACK_TEST_DB=postgresql VITEST_ONE_FILE=1 npx vitest run lib/db
fi
build_status=0
timed "Production build for the end-to-end tests" npx next build || build_status=$?
beside_done
[ "$build_status" = 0 ]

# Two spec files at a time; with PostgreSQL up this includes the project chromium-postgresql (e2e/plan-vs-actual.spec.ts
# with the server on a PostgreSQL database; playwright.config.ts). Then, alone, the specs that time latency to the
# second: e2e/shared-run.spec.ts (two servers on one PostgreSQL database; skipped without it).
E2E_PROJECTS=(--project chromium)
if [ -n "${PARATRACK_TEST_POSTGRES_URL:-}" ]; then
  E2E_PROJECTS+=(--project chromium-postgresql)
else
  echo "SKIPPED the PostgreSQL end-to-end tests: no PostgreSQL (see above)"
fi
timed "End-to-end tests (Playwright + Debian Chromium, real server, real agents; two spec files at a time)" \
  npx playwright test "${E2E_PROJECTS[@]}"
timed "End-to-end tests timing latency, alone (Playwright project chromium-alone)" \
  npx playwright test --project chromium-alone
