#!/usr/bin/env bash
# What the edge process adds to a request's latency (issue 5: added p99 <= 1 ms), and HAProxy's
# figure beside it. `./firebreak overhead` puts each front door, alone on a CPU of its own, in front
# of a stub service that answers at once (this client and the stub on the other CPU), warms it up,
# then sends wallet reads at a fixed rate (open loop) taking turns between the stub directly and
# the stub through the front door, ROUNDS rounds; the target is judged on the median of the
# rounds' added p99, and the script exits 1 when it is missed. No clusters are started.
# docs/edge.md records the results; `./firebreak compare` measures the same on the simulated clusters.
#   bench/edge-overhead.sh               (RATE=400 DURATION=60 WARMUP=90 ROUNDS=3 by default; about 10 minutes)
# HAProxy is measured when installed (Debian package haproxy); installs it when apt-get can.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v haproxy >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "bench: installing haproxy" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy) >/dev/null \
    || echo "bench: haproxy could not be installed: only the edge is measured" >&2
fi
exec ./firebreak overhead --rate "${RATE:-400}" --duration "${DURATION:-60}" --warmup "${WARMUP:-90}" --rounds "${ROUNDS:-3}" \
  --target-p99-ms 1
