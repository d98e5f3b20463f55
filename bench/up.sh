#!/usr/bin/env bash
# Measures ./firebreak up on this machine (docs/cluster-sim.md records the results):
#   - seconds from the command to every pod ready and every standby synchronous, as up reports it;
#   - memory of everything up started (the simulator, every pod, both PostgreSQL servers), once
#     ready and idle: RSS summed over processes, and PSS, which counts shared pages once.
#   - CPU used at idle over IDLE_S seconds once ready (default 30), as % of one core: by
#     everything up started, and by the control planes alone (etcd, kube-apiserver,
#     kube-controller-manager, kube-scheduler; none before issue 17).
# One cold run (no class-data archives: the first up after a build), then RUNS warm ones.
#   bench/up.sh [RUNS]      (default 3; the services are built first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
IDLE_S="${IDLE_S:-30}"
TICKS="$(getconf CLK_TCK)"
LOG="$(mktemp)"
trap 'rm -f "$LOG"; ./firebreak down >/dev/null 2>&1 || true' EXIT

./firebreak down >/dev/null
printf '%-5s %-5s %9s %9s %6s %9s %9s %9s %9s\n' run kind up_s wall_s procs rss_MiB pss_MiB idle_cpu% cp_cpu%

# Sum of utime + stime (fields 14 and 15 of /proc/PID/stat, after the command name) of the given PIDs.
ticks() {
  local p sum=0
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    sum=$((sum + $(sed -E 's/^.*\) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}

measure() {
  local run="$1" kind="$2" start end pid pids rss=0 pss=0 n=0
  start=$(date +%s.%N)
  ./firebreak up >"$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }
  end=$(date +%s.%N)
  pid=$(sed -E 's/.*"pid":([0-9]+).*/\1/' .firebreak/simulator.json)
  # The simulator and all its descendants (PostgreSQL's backends start sessions of their own).
  pids=$(ps -e -o pid=,ppid= | awk -v root="$pid" '{parent[$1] = $2} END {
    for (p in parent) { q = p; while (q != "" && q != root && q != 1 && q != 0) q = parent[q]; if (q == root) print p }
    }')
  for p in $pids; do
    [[ -r /proc/$p/smaps_rollup ]] || continue
    rss=$((rss + $(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")))
    n=$((n + 1))
  done
  # Idle CPU: user + system ticks of every process (and of the control planes' alone) over IDLE_S seconds.
  local cp all0 cp0 all1 cp1
  cp=$(for p in $pids; do grep -qE '^(etcd|kube-apiserver|kube-controller|kube-scheduler)$' "/proc/$p/comm" 2>/dev/null && echo "$p"; done || true)
  # shellcheck disable=SC2086 # one PID per word
  all0=$(ticks $pids)
  # shellcheck disable=SC2086
  cp0=$(ticks $cp)
  sleep "$IDLE_S"
  # shellcheck disable=SC2086
  all1=$(ticks $pids)
  # shellcheck disable=SC2086
  cp1=$(ticks $cp)
  printf '%-5s %-5s %9s %9.1f %6d %9d %9d %9.1f %9.1f\n' "$run" "$kind" "$(grep -oE 'up in [0-9.]+' "$LOG" | awk '{print $3}')" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$n" $((rss / 1024)) $((pss / 1024)) \
    "$(awk -v d=$((all1 - all0)) -v t="$TICKS" -v s="$IDLE_S" 'BEGIN {print 100 * d / t / s}')" \
    "$(awk -v d=$((cp1 - cp0)) -v t="$TICKS" -v s="$IDLE_S" 'BEGIN {print 100 * d / t / s}')"
  ./firebreak down >/dev/null
}

rm -rf .firebreak/cds
measure 1 cold
for i in $(seq 2 $((RUNS + 1))); do
  measure "$i" warm
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
