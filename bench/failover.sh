#!/usr/bin/env bash
# Region-a loss under load, measured through the edge and then, with the same load and the same
# kill, through HAProxy configured as the front door with health checks (inter 250 fall 2);
# the witness fails the database over in both. docs/edge.md records the results.
#   bench/failover.sh                    (RATE=20 DURATION=30 KILL_AT=8 by default)
# Needs haproxy (Debian package haproxy); installs it when apt-get can.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-20}"
DURATION="${DURATION:-30}"
KILL_AT="${KILL_AT:-8}"
OUT="$(mktemp -d)"
HAPROXY_PID=""
cleanup() {
  if [[ -n "$HAPROXY_PID" ]]; then
    kill "$HAPROXY_PID" 2>/dev/null || true
  fi
  ./firebreak down >/dev/null 2>&1 || true
}
trap cleanup EXIT

if ! command -v haproxy >/dev/null; then
  echo "bench: installing haproxy" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy) >/dev/null \
    || { echo "bench: haproxy is missing and cannot be installed: apt-get install haproxy" >&2; exit 1; }
fi
HAPROXY="$(command -v haproxy)"

run() { # name, load options...
  local name="$1"; shift
  ./firebreak down >/dev/null
  ./firebreak up >"$OUT/$name.up" 2>&1 || { cat "$OUT/$name.up"; exit 1; }
  if [[ "$name" == haproxy ]]; then start_haproxy; fi
  echo "== $name: $RATE payments/s for $DURATION s, region-a killed at $KILL_AT s"
  ./firebreak load --rate "$RATE" --duration "$DURATION" --at "$KILL_AT:kill:region-a" "$@" 2>&1 | grep -v SLF4J | tee "$OUT/$name.out"
  if [[ -n "$HAPROXY_PID" ]]; then kill "$HAPROXY_PID"; HAPROXY_PID=""; fi
}

# HAProxy in the global site: it reaches each region's Services through the global site's WAN
# gateways (the addresses its hosts file gives), so a dead region looks to it as it does to the edge.
start_haproxy() {
  local hosts=.firebreak/sim/global/hosts
  gw() { awk -v n="$1.$2.firebreak.internal" '{for (i = 2; i <= NF; i++) if ($i == n) print $1}' "$hosts"; }
  cat >"$OUT/haproxy.cfg" <<CFG
global
    maxconn 2000
defaults
    mode http
    timeout connect 1000ms
    timeout client 30s
    timeout server 1500ms
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout 502 503 504
    default-server inter 250 fall 2 rise 2
frontend front
    bind 127.13.3.9:8088
    # Choose the backend on the public path, then strip the prefix as the edge does.
    http-request set-var(txn.backend) str(messaging) if { path_beg /messaging }
    http-request set-var(txn.backend) str(payments) if { path_beg /payments }
    http-request replace-path /(messaging|payments)(.*) \2
    use_backend %[var(txn.backend)]
backend messaging
    option httpchk GET /q/health/ready
    server region-a $(gw messaging-svc region-a):80 check
    server region-b $(gw messaging-svc region-b):80 check backup
backend payments
    option httpchk GET /q/health/ready
    server region-a $(gw payment-svc region-a):80 check
    server region-b $(gw payment-svc region-b):80 check backup
CFG
  "$HAPROXY" -f "$OUT/haproxy.cfg" -db >"$OUT/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.13.3.9/8088) 2>/dev/null && return 0; sleep 0.25; done
  echo "bench: haproxy did not start:" >&2; cat "$OUT/haproxy.log" >&2; exit 1
}

run edge
run haproxy --url http://127.13.3.9:8088

outage() { grep -oE 'longest outage [0-9.]+ s' "$OUT/$1.out" | awk '{print $3}'; }
errors() { grep -oE '[0-9]+ errors \([0-9.]+ %\)' "$OUT/$1.out" | head -1; }
p99() { grep -oE 'p99 [0-9.]+ ms, longest' "$OUT/$1.out" | awk '{print $2}'; }
echo
echo "front door   longest outage   errors            p99"
printf '%-12s %8s s       %-17s %s ms\n' edge "$(outage edge)" "$(errors edge)" "$(p99 edge)"
printf '%-12s %8s s       %-17s %s ms\n' haproxy "$(outage haproxy)" "$(errors haproxy)" "$(p99 haproxy)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $("$HAPROXY" -v | head -1 | cut -d' ' -f1-3)"
