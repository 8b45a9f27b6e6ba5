#!/bin/sh
# One attempt of a governor-benchmark job under GNU parallel or the one-at-a-time runner:
#   sh bench/jobs/attempt.sh <log> <key> <command...>
# Appends "<key> start <ms>" and "<key> end <ms> <status>" to the log. The TERM trap makes this shell wait for the
# job and log how it ended when the runner kills the job's process group (the job itself still gets the signal);
# a start without an end means the shell was SIGKILLed as well.
log=$1
key=$2
shift 2
trap ':' TERM INT HUP
echo "$key start $(date +%s%3N)" >> "$log"
"$@" > /dev/null
status=$?
echo "$key end $(date +%s%3N) $status" >> "$log"
exit $status
