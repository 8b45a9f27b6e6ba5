#!/usr/bin/env bash
# CI step for the tests that need real services: brings up PostgreSQL (scripts/pg) and a one-node Slurm cluster
# (scripts/slurm), runs the DB suite against PostgreSQL and the Slurm integration tests, and always tears down what
# it started (by PID file). Prints how long each part took.
#
#   scripts/ci-services.sh          up, test, down
#   scripts/ci-services.sh up       up only; prints the exports (eval "$(scripts/ci-services.sh up)")
#   scripts/ci-services.sh down     stops both
#
# Slurm that cannot be installed here (no root, no apt) is skipped with its reason; PostgreSQL likewise. Anything
# else that fails, fails the step.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIPPED=3
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
elapsed() { printf '%s s' "$((SECONDS - $1))"; }

# Runs an up script; on success evals its exports into this shell and notes whether it started something.
bring_up() {
  local name="$1" script="$2" out err status
  out="$(mktemp)"
  err="$(mktemp)"
  set +e
  bash "$script" >"$out" 2>"$err"
  status=$?
  set -e
  cat "$err" >&2
  case "$status" in
  0)
    eval "$(cat "$out")"
    cat "$out"
    grep -q "already up" "$err" || STARTED+=("$name")
    ;;
  "$SKIPPED") SKIPS+=("$name: $(grep -m1 '^skipped:' "$err" || echo skipped)") ;;
  *)
    rm -f "$out" "$err"
    echo "$name did not come up (exit $status)" >&2
    return 1
    ;;
  esac
  rm -f "$out" "$err"
}

tear_down() {
  for name in "${STARTED[@]}"; do
    case "$name" in
    postgresql) bash scripts/pg/down.sh --purge || true ;;
    slurm) bash scripts/slurm/down.sh || true ;;
    esac
  done
}

STARTED=()
SKIPS=()
mode="${1:-run}"
case "$mode" in
down)
  bash scripts/slurm/down.sh
  bash scripts/pg/down.sh --purge
  exit 0
  ;;
up)
  bring_up postgresql scripts/pg/up.sh
  bring_up slurm scripts/slurm/up.sh
  exit 0
  ;;
run) ;;
*)
  echo "usage: scripts/ci-services.sh [run|up|down]" >&2
  exit 2
  ;;
esac

trap tear_down EXIT
total=$SECONDS

step "PostgreSQL (install if missing, initdb, start)"
t=$SECONDS
bring_up postgresql scripts/pg/up.sh >/dev/null
echo "PostgreSQL: $(elapsed "$t")" >&2

step "Slurm (install if missing, munged + slurmctld + slurmd)"
t=$SECONDS
bring_up slurm scripts/slurm/up.sh >/dev/null
echo "Slurm: $(elapsed "$t")" >&2

if [ -n "${PARATRACK_TEST_POSTGRES_URL:-}" ]; then
  step "DB suite on PostgreSQL (lib/db, PARATRACK_TEST_DB=postgresql)"
  t=$SECONDS
  PARATRACK_TEST_DB=postgresql npx vitest run lib/db
  echo "DB suite on PostgreSQL: $(elapsed "$t")" >&2
fi

if [ -n "${SLURM_CONF:-}" ]; then
  step "Slurm executor edge against the cluster (lib/executors)"
  t=$SECONDS
  npx vitest run lib/executors
  echo "Slurm tests: $(elapsed "$t")" >&2
fi

for skip in "${SKIPS[@]}"; do echo "SKIPPED $skip" >&2; done
echo "services step: $(elapsed "$total") in all" >&2
