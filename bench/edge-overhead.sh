#!/usr/bin/env bash
# What the edge adds to a request's latency at a given load (issue 5: added p99 <= 1 ms).
# `./firebreak compare` sends wallet reads at a fixed rate (open loop) from one warmed-up client,
# taking turns between two ways in, so both see the same moments of a noisy machine:
#   1. as a client sees it: region-a's ingress against the global site's ingress (the edge path
#      also crosses the simulator's own Java proxies for a Service and a WAN link, which are
#      kernel or network on real clusters), one round;
#   2. the edge process alone: region-a's payment-svc through the WAN gateway at the global site
#      (exactly the edge's own upstream) against the edge pod in front of that same gateway,
#      ROUNDS rounds; the target is judged on the median of their added p99.
# The WAN latency is 0 so only the edge shows. docs/edge.md records the results.
#   bench/edge-overhead.sh               (RATE=100 DURATION=60 WARMUP=20 ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-100}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-20}"
ROUNDS="${ROUNDS:-3}"
OUT="$(mktemp -d)"
trap './firebreak down >/dev/null 2>&1 || true' EXIT

./firebreak down >/dev/null
./firebreak up --wan-latency-ms 0 >"$OUT/up" 2>&1 || { cat "$OUT/up"; exit 1; }
compare() { # base target
  ./firebreak compare --base "$1" --target "$2" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP"
}
echo "== as a client sees it: region-a's ingress vs the edge's ($RATE reads/s, ${DURATION} s after ${WARMUP} s warm-up)"
compare region-a edge | tee "$OUT/client"
echo
for round in $(seq 1 "$ROUNDS"); do
  echo "== the edge process alone, round $round of $ROUNDS: its upstream vs the edge pod in front of it"
  compare gateway-region-a edge-pod | tee "$OUT/round-$round"
  awk '$1 == "added" {print $4}' "$OUT/round-$round" >>"$OUT/p99"
  echo
done
sort -g "$OUT/p99" | awk -v n="$ROUNDS" '{v[NR] = $1} END {
  m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  printf "added p99 of the edge process: median %+.2f ms over %d rounds (each: %s)\n", m, n, join(v, n) }
  function join(a, n,   s, i) { for (i = 1; i <= n; i++) s = s (i > 1 ? ", " : "") sprintf("%+.2f", a[i]); return s }'
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
