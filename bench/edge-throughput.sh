#!/usr/bin/env bash
# What the edge costs: wrk reads a wallet (GET /wallets/<user>) as fast as it can, first straight
# at region-a's payment-svc Service, then through the edge's Service (/payments/wallets/<user>),
# which adds the edge itself and one WAN hop. The WAN latency is set to 0 so that only the edge's
# own cost shows. docs/edge.md records the results.
#   bench/edge-throughput.sh             (DURATION=15 CONNECTIONS=16 by default)
# Needs wrk (Debian package wrk); installs it when apt-get can.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
OUT="$(mktemp -d)"
trap './firebreak down >/dev/null 2>&1 || true' EXIT

if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null \
    || { echo "bench: wrk is missing and cannot be installed: apt-get install wrk" >&2; exit 1; }
fi

./firebreak down >/dev/null
./firebreak up --wan-latency-ms 0 >"$OUT/up" 2>&1 || { cat "$OUT/up"; exit 1; }
DIRECT="$(./firebreak status --address region-a/payment-svc)"
EDGE="$(./firebreak status --address global/edge)"
USER="bench-$RANDOM"
curl -fsS -X POST "http://$EDGE/messaging/accounts" -H 'Content-Type: application/json' \
  -d "{\"userId\":\"$USER\",\"displayName\":\"Bench\",\"password\":\"bench password\"}" >/dev/null
TOKEN="$(curl -fsS -X POST "http://$EDGE/messaging/sessions" -H 'Content-Type: application/json' \
  -d "{\"userId\":\"$USER\",\"password\":\"bench password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
curl -fsS -X PUT "http://$EDGE/payments/wallets/$USER" -H "Authorization: Bearer $TOKEN" >/dev/null

measure() { # name url
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$2" >/dev/null # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$2" >"$OUT/$1.txt"
}
measure direct "http://$DIRECT/wallets/$USER"
measure edge "http://$EDGE/payments/wallets/$USER"

rps() { awk '/^Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$OUT/$1.txt"; }
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else printf "%.2f", v * 1000 }'; }
errors() { awk '/Non-2xx|Socket errors/ {print}' "$OUT/$1.txt" | tr '\n' ' '; }
echo "path     requests/s   p50 ms   p99 ms   $CONNECTIONS connections, ${DURATION} s, WAN latency 0"
for n in direct edge; do
  printf '%-8s %10s %8s %8s   %s\n' "$n" "$(rps $n)" "$(ms "$(pct $n 50%)")" "$(ms "$(pct $n 99%)")" "$(errors $n)"
done
awk -v d="$(rps direct)" -v e="$(rps edge)" -v dp="$(ms "$(pct direct 99%)")" -v ep="$(ms "$(pct edge 99%)")" \
  'BEGIN { printf "edge/direct throughput %.2f, added p99 %.2f ms\n", e / d, ep - dp }'
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
