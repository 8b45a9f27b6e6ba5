#!/usr/bin/env bash
# Brings up a real one-node Slurm cluster (munged + slurmctld + slurmd) for tests and CI, in its own directory,
# on its own ports and its own munge socket, so nothing of the machine's /etc/slurm or /run/munge is touched.
#
#   eval "$(scripts/slurm/up.sh)"    # prints `export SLURM_CONF=…` on stdout, what it did on stderr
#   scripts/slurm/down.sh             # stops exactly what this started (PID files in the directory)
#
# Idempotent: a cluster already up in the directory is reused. Exit codes: 0 up, 3 skipped (Slurm cannot be
# installed here: no root or no apt-get; the reason is printed as "skipped: …"), 1 failed (logs printed).
# Directory: $PARATRACK_SLURM_DIR, default /tmp/paratrack-slurm.
set -euo pipefail

DIR="${PARATRACK_SLURM_DIR:-/tmp/paratrack-slurm}"
EXIT_SKIPPED=3
CONF="$DIR/slurm.conf"
MUNGE_DIR="$DIR/munge"
MARKER="$DIR/.paratrack-slurm"

say() { printf 'slurm-up: %s\n' "$*" >&2; }
skip() {
  printf 'skipped: %s\n' "$*" >&2
  exit "$EXIT_SKIPPED"
}
fail() {
  say "FAILED: $*"
  for log in "$MUNGE_DIR/munged.log" "$DIR/slurmctld.log" "$DIR/slurmd.log"; do
    [ -f "$log" ] && { say "--- tail of $log"; tail -n 15 "$log" >&2; }
  done
  exit 1
}

# A PID file's process, if it is alive and runs the expected program.
live_pid() {
  local file="$1" program="$2" pid
  [ -f "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "$program" || return 1
  echo "$pid"
}

node_state() { SLURM_CONF="$CONF" timeout 10 sinfo -h -N -o '%t' 2>/dev/null | head -n 1; }

print_env() {
  say "cluster up in $DIR (munged $(live_pid "$MUNGE_DIR/munged.pid" munged), slurmctld $(live_pid "$DIR/slurmctld.pid" slurmctld), slurmd $(live_pid "$DIR/slurmd.pid" slurmd))"
  echo "export SLURM_CONF=$CONF"
}

ensure_packages() {
  local missing=()
  for tool in sbatch squeue scontrol sstat scancel sinfo slurmctld slurmd munged mungekey; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = "0" ] || skip "Slurm is not installed (${missing[*]} missing) and installing it needs root: sudo apt-get install -y slurm-wlm munge"
  command -v apt-get >/dev/null 2>&1 || skip "Slurm is not installed (${missing[*]} missing) and there is no apt-get to install it"
  say "installing slurm-wlm and munge with apt-get (missing: ${missing[*]})"
  local started=$SECONDS
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
    slurm-wlm munge; } >"${TMPDIR:-/tmp}/paratrack-slurm-apt.log" 2>&1; then
    tail -n 20 "${TMPDIR:-/tmp}/paratrack-slurm-apt.log" >&2
    skip "apt-get could not install slurm-wlm and munge (log above)"
  fi
  say "installed in $((SECONDS - started)) s"
}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

write_config() {
  local probe cpus real_mb ctld_port slurmd_port
  probe="$(slurmd -C | head -n 1)"
  cpus="$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$probe")"
  real_mb="$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$probe")"
  [ -n "$cpus" ] && [ -n "$real_mb" ] || fail "cannot read CPUs and RealMemory from 'slurmd -C': $probe"
  # A little below the probe: slurmd drains a node whose RealMemory exceeds what it finds at registration.
  real_mb=$((real_mb - real_mb / 50))
  ctld_port="$(free_port)"
  slurmd_port="$(free_port)"
  [ "$ctld_port" != "$slurmd_port" ] || slurmd_port="$(free_port)"
  cat >"$CONF" <<EOF
# Written by scripts/slurm/up.sh for Paratrack's tests: one node, this machine, memory-aware scheduling.
ClusterName=paratrack
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_DIR/munge.socket.2,cred_expire=30
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=512
ProctrackType=proctrack/cgroup
TaskPlugin=task/cgroup
JobAcctGatherType=jobacct_gather/cgroup
JobAcctGatherFrequency=task=2
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
KillWait=5
InactiveLimit=0
NodeName=localhost CPUs=$cpus RealMemory=$real_mb State=UNKNOWN
# OverSubscribe: agents mostly wait on model APIs, so up to 32 tracks share a core; memory stays exclusive, and
# Slurm admits jobs by memory as Paratrack's governor does (2 cores would otherwise run only 2 tracks at once).
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:32
EOF
  cat >"$DIR/cgroup.conf" <<'EOF'
# The job's cgroup enforces --mem: a job over it is killed (state OUT_OF_MEMORY).
ConstrainRAMSpace=yes
ConstrainSwapSpace=yes
ConstrainCores=no
EOF
  say "wrote $CONF (node localhost: $cpus CPUs, RealMemory ${real_mb}M; ports $ctld_port/$slurmd_port)"
}

start_munged() {
  install -d -m 0711 -o munge -g munge "$MUNGE_DIR" # clients need x on the socket's directory
  [ -f "$MUNGE_DIR/munge.key" ] || runuser -u munge -- mungekey --create --keyfile="$MUNGE_DIR/munge.key" >/dev/null
  runuser -u munge -- munged --socket="$MUNGE_DIR/munge.socket.2" --key-file="$MUNGE_DIR/munge.key" \
    --pid-file="$MUNGE_DIR/munged.pid" --log-file="$MUNGE_DIR/munged.log" --seed-file="$MUNGE_DIR/munged.seed" ||
    fail "munged did not start"
  for _ in $(seq 1 50); do
    live_pid "$MUNGE_DIR/munged.pid" munged >/dev/null && [ -S "$MUNGE_DIR/munge.socket.2" ] && return 0
    sleep 0.1
  done
  fail "munged did not create its socket"
}

# Runs a daemon in the foreground, in its own session, detached from this shell; it writes its own PID file.
start_daemon() {
  local name="$1"
  shift
  SLURM_CONF="$CONF" setsid "$@" </dev/null >>"$DIR/$name.stdout" 2>&1 &
  for _ in $(seq 1 100); do
    live_pid "$DIR/$name.pid" "$name" >/dev/null && return 0
    sleep 0.1
  done
  fail "$name did not start"
}

[ "${1:-}" = "--help" ] && {
  sed -n '2,10p' "$0"
  exit 0
}
started=$SECONDS
ensure_packages

if live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null && live_pid "$DIR/slurmd.pid" slurmd >/dev/null &&
  live_pid "$MUNGE_DIR/munged.pid" munged >/dev/null && [ -n "$(node_state)" ]; then
  say "already up"
  print_env
  exit 0
fi
if live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null || live_pid "$DIR/slurmd.pid" slurmd >/dev/null ||
  live_pid "$MUNGE_DIR/munged.pid" munged >/dev/null; then
  say "a partial cluster is running in $DIR: stopping it first"
  "$(dirname "$0")/down.sh" >&2
fi
[ "$(id -u)" = "0" ] || skip "slurmd must run as root to confine jobs in cgroups (run this as root)"

# A fresh cluster each time: job state from an earlier one means nothing to a new test run.
if [ -d "$DIR" ]; then
  [ -f "$MARKER" ] || fail "$DIR exists and was not made by this script; set PARATRACK_SLURM_DIR elsewhere"
  rm -rf "$DIR"
fi
mkdir -p "$DIR/state" "$DIR/spool"
chmod 0755 "$DIR"
touch "$MARKER"

write_config
start_munged
start_daemon slurmctld slurmctld -D
start_daemon slurmd slurmd -D -N localhost

for _ in $(seq 1 300); do
  state="$(node_state)"
  case "$state" in
  idle | mix | alloc) break ;;
  drain* | down*) fail "the node came up $state: $(SLURM_CONF="$CONF" scontrol show node localhost | grep -o 'Reason=.*')" ;;
  esac
  sleep 0.2
done
[ "${state:-}" = "idle" ] || [ "${state:-}" = "mix" ] || [ "${state:-}" = "alloc" ] ||
  fail "the node did not become idle within 60 s (last state: ${state:-none})"
say "node localhost idle after $((SECONDS - started)) s"
print_env
