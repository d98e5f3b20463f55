#!/usr/bin/env bash
# What the edge costs at a given load: the same fixed rate of wallet reads (open loop, latency
# measured from each request's start) sent straight to region-a (its ingress, how a client reaches
# a region without the edge) and through the edge (which adds the edge and one WAN hop), twice
# each, alternating. The WAN latency is set to 0 so only the edge's own cost shows.
# docs/edge.md records the results.
#   bench/edge-overhead.sh               (RATE=100 DURATION=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-100}"
DURATION="${DURATION:-30}"
OUT="$(mktemp -d)"
trap './firebreak down >/dev/null 2>&1 || true' EXIT

./firebreak down >/dev/null
./firebreak up --wan-latency-ms 0 >"$OUT/up" 2>&1 || { cat "$OUT/up"; exit 1; }
./firebreak load --reads --rate "$RATE" --duration 10 --target edge >/dev/null 2>&1 # warm-up
./firebreak load --reads --rate "$RATE" --duration 10 --target region-a >/dev/null 2>&1
echo "target     requests  errors  p50 ms  p99 ms   ($RATE reads/s for $DURATION s each, WAN latency 0)"
for round in 1 2; do
  for target in region-a edge; do
    line="$(./firebreak load --reads --rate "$RATE" --duration "$DURATION" --target "$target" 2>&1 | grep ' started ')"
    requests="$(echo "$line" | grep -oE '[0-9]+ requests' | awk '{print $1}')"
    errors="$(echo "$line" | grep -oE '[0-9]+ errors' | awk '{print $1}')"
    p50="$(echo "$line" | grep -oE 'p50 [0-9.]+' | awk '{print $2}')"
    p99="$(echo "$line" | grep -oE 'p99 [0-9.]+' | awk '{print $2}')"
    printf '%-10s %8s  %6s  %6s  %6s\n' "$target" "$requests" "$errors" "$p50" "$p99" | tee -a "$OUT/table"
  done
done
awk '$1 == "region-a" {dr += $2; dp += $5; n++} $1 == "edge" {er += $2; ep += $5}
     END {printf "edge/direct throughput %.2f, added p99 %.1f ms (means of %d rounds)\n", er / dr, (ep - dp) / n, n}' "$OUT/table"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
