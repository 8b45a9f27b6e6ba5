#!/usr/bin/env bash
# Stops the cluster scripts/slurm/up.sh started: cancels its jobs, then stops slurmd, slurmctld and munged by the
# PID files in its directory (checking each PID still runs that program). Stops nothing else. Idempotent.
set -euo pipefail

DIR="${PARATRACK_SLURM_DIR:-/tmp/paratrack-slurm}"
CONF="$DIR/slurm.conf"

say() { printf 'slurm-down: %s\n' "$*" >&2; }

live_pid() {
  local file="$1" program="$2" pid
  [ -f "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "$program" || return 1
  echo "$pid"
}

stop_pid_file() {
  local file="$1" program="$2" pid
  pid="$(live_pid "$file" "$program")" || {
    say "$program: not running"
    return 0
  }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    [ -d "/proc/$pid" ] || {
      say "stopped $program (pid $pid)"
      return 0
    }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  say "killed $program (pid $pid): it did not stop within 10 s"
}

[ -d "$DIR" ] || {
  say "nothing to stop ($DIR does not exist)"
  exit 0
}

# Jobs first, while slurmd can still clean up their processes and cgroups.
if live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null && live_pid "$DIR/slurmd.pid" slurmd >/dev/null; then
  jobs="$(SLURM_CONF="$CONF" timeout 10 squeue -h -o '%i' 2>/dev/null || true)"
  if [ -n "$jobs" ]; then
    say "cancelling jobs: $(echo "$jobs" | tr '\n' ' ')"
    # A suspended job must be resumed before it can be cancelled cleanly.
    for job in $jobs; do SLURM_CONF="$CONF" timeout 10 scontrol resume "$job" 2>/dev/null || true; done
    SLURM_CONF="$CONF" timeout 10 scancel --full $jobs 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -z "$(SLURM_CONF="$CONF" timeout 10 squeue -h -t PD,R,S,CG,CF -o '%i' 2>/dev/null || true)" ] && break
      sleep 0.2
    done
  fi
fi

stop_pid_file "$DIR/slurmd.pid" slurmd
stop_pid_file "$DIR/slurmctld.pid" slurmctld
stop_pid_file "$DIR/munge/munged.pid" munged
