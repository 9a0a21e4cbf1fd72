#!/usr/bin/env bash
# bench/threads.sh PID SECONDS [TOP]: per thread of PID over SECONDS, busiest first: the CPU it ran and the time it
# was runnable but waited for a core (both in % of one core, from /proc/PID/task/TID/schedstat), its id and name.
set -euo pipefail
pid=$1 seconds=$2 top=${3:-12}
snapshot() {
    local task
    for task in /proc/"$pid"/task/*; do
        read -r run waited _ <"$task/schedstat" 2>/dev/null || continue
        printf '%s %s %s %s\n' "${task##*/}" "$(tr ' ' '_' <"$task/comm")" "$run" "$waited"
    done
}
before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
echo "  run%  wait%  tid      thread"
join <(sort <<<"$before") <(sort <<<"$after") | awk -v s="$seconds" '{
    run = ($6 - $3) / 1e7 / s; waited = ($7 - $4) / 1e7 / s;
    if (run > 0.05 || waited > 0.05) printf "%6.1f %6.1f  %-8s %s\n", run, waited, $1, $2
}' | sort -rn | head -"$top"
