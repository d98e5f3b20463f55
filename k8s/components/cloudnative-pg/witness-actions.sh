#!/usr/bin/env bash
# The witness's actions by hand: each is the kubectl change to a region's CloudNativePG Cluster that
# makes its operator do it. The witness (edge/, docs/failover.md) sends the same patches itself,
# from the same files (./actions/*.json); this script is for a person at a terminal: to look, to
# fence, or to act when the witness is gone.
#
#   witness-actions.sh status                  role, replication and demotion token of each region
#   witness-actions.sh degrade  REGION         REGION (the primary) commits without waiting for the other region
#   witness-actions.sh restore-sync REGION     REGION waits for the other region's standby again
#   witness-actions.sh fence REGION            REGION's instances stop: nothing there can acknowledge a write
#   witness-actions.sh unfence REGION          undo fence
#   witness-actions.sh promote REGION          failover: REGION's replica cluster becomes the primary (demote the old one when it is back)
#   witness-actions.sh demote REGION PRIMARY   REGION's Cluster designates PRIMARY: it stops acknowledging and follows PRIMARY
#   witness-actions.sh rejoin REGION PRIMARY   REGION (fenced, diverged) is rebuilt as a replica of PRIMARY
#   witness-actions.sh switchover TO           planned: demote the primary, promote TO with its demotion token (nothing lost, nothing rebuilt)
#
# Contexts are kind-<region> unless FIREBREAK_CONTEXT_PREFIX says otherwise; DRY_RUN=1 prints
# the commands instead of running them; DRY_RUN=server sends every change with
# --dry-run=server, so the API server validates it (schema, field paths, RBAC) and stores nothing.
set -euo pipefail

NAMESPACE=firebreak
CLUSTER=firebreak-db
PREFIX="${FIREBREAK_CONTEXT_PREFIX:-kind-}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "witness-actions: $*" >&2; exit 2; }

region_ok() {
  case "$1" in region-a|region-b) ;; *) die "unknown region '$1' (region-a or region-b)" ;; esac
}

peer_of() {
  if [[ "$1" == region-a ]]; then echo region-b; else echo region-a; fi
}

k() {
  local region="$1"; shift
  case "${DRY_RUN:-0}" in
    1)
      echo "kubectl --context ${PREFIX}${region} -n ${NAMESPACE} $*"
      [[ "${1:-}" != apply ]] || cat   # what would be applied
      ;;
    server)
      local verb="$1"; shift
      if [[ "$verb" == get ]]; then
        kubectl --context "${PREFIX}${region}" -n "${NAMESPACE}" get "$@"
      else
        kubectl --context "${PREFIX}${region}" -n "${NAMESPACE}" "$verb" --dry-run=server "$@"
      fi
      ;;
    0) kubectl --context "${PREFIX}${region}" -n "${NAMESPACE}" "$@" ;;
    *) die "DRY_RUN is 0, 1 or server, not '${DRY_RUN}'" ;;
  esac
}

patch() {
  local region="$1" type="$2" body="$3"
  k "$region" patch "cluster.postgresql.cnpg.io/${CLUSTER}" --type="$type" -p "$body"
}

# An action's merge patch (./actions/NAME.json, shared with the witness), placeholders filled in
# from the arguments: action NAME [KEY=VALUE...]. BY says who acted, on the object.
action() {
  local file="$HERE/actions/$1.json" body kv
  shift
  [[ -f "$file" ]] || die "no action file $file"
  body="$(cat "$file")"
  body="${body//\$\{BY\}/witness-actions.sh by ${USER:-someone}}"
  for kv in "$@"; do
    [[ "${kv#*=}" =~ ^[A-Za-z0-9._:=+/-]*$ ]] || die "unsafe value in $kv"
    body="${body//\$\{${kv%%=*}\}/${kv#*=}}"
  done
  # shellcheck disable=SC2016 # a literal ${ left over is what is looked for
  [[ "$body" != *'${'* ]] || die "$file: a placeholder is left in $body"
  printf '%s' "$body"
}

cmd_status() {
  local r
  for r in region-a region-b; do
    echo "== $r"
    k "$r" get "cluster.postgresql.cnpg.io/${CLUSTER}" \
      -o jsonpath='{"primary: "}{.spec.replica.primary}{"\nphase: "}{.status.phase}{"\ncurrentPrimary: "}{.status.currentPrimary}{"\ndemotionToken: "}{.status.demotionToken}{"\n"}' || true
  done
}

cmd_degrade() {
  region_ok "$1"
  patch "$1" merge "$(action degrade)"
}

cmd_restore_sync() {
  region_ok "$1"
  patch "$1" merge "$(action restore-sync)"
}

cmd_fence() {
  region_ok "$1"
  patch "$1" merge "$(action fence)"
}

cmd_unfence() {
  region_ok "$1"
  patch "$1" merge "$(action unfence)"
}

# Failover: without a promotion token CNPG promotes at once (the old primary cannot hand over).
cmd_promote() {
  region_ok "$1"
  patch "$1" merge "$(action promote PRIMARY="$1")"
}

cmd_demote() {
  region_ok "$1"; region_ok "$2"
  [[ "$1" != "$2" ]] || die "demote: a region cannot follow itself"
  patch "$1" merge "$(action demote PRIMARY="$2")"
}

# A former primary that may hold writes nobody else has is never resumed: it is rebuilt from the
# primary with pg_basebackup (its PVCs go with it), as the simulator re-seeds it.
cmd_rejoin() {
  region_ok "$1"; region_ok "$2"
  [[ "$1" != "$2" ]] || die "rejoin: a region cannot rejoin itself"
  k "$1" delete "cluster.postgresql.cnpg.io/${CLUSTER}" --ignore-not-found --wait=true
  k "$1" delete pvc -l "cnpg.io/cluster=${CLUSTER}" --wait=true
  replica_of "$1" "$2" | k "$1" apply -f -
}

# REGION's part of the database as a replica cluster of PRIMARY, seeded from it (kustomize
# refuses absolute paths to components, so the build happens in a copy).
replica_of() {
  local tmp
  tmp="$(mktemp -d)"
  cp -r "$HERE" "$tmp/cloudnative-pg"
  cat > "$tmp/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${NAMESPACE}
components:
  - cloudnative-pg/$1
patches:
  - target:
      kind: Cluster
      name: ${CLUSTER}
    patch: |-
      - op: replace
        path: /spec/replica/primary
        value: $2
      - op: replace
        path: /spec/bootstrap
        value:
          pg_basebackup:
            source: $2
YAML
  kubectl kustomize "$tmp"
  rm -rf "$tmp"
}

# Planned switchover: demote the primary (CNPG shuts it down cleanly and writes a demotion token),
# then promote TO with that token (CNPG waits until TO has replayed up to it): nothing is lost.
cmd_switchover() {
  region_ok "$1"
  local to="$1" from token i
  from="$(peer_of "$to")"
  patch "$from" merge "$(action demote PRIMARY="$to")"
  if [[ "${DRY_RUN:-0}" != 0 ]]; then
    token="status.demotionToken.of.$from"
  else
    token=""
    for i in $(seq 1 120); do
      token="$(k "$from" get "cluster.postgresql.cnpg.io/${CLUSTER}" -o jsonpath='{.status.demotionToken}')"
      [[ -n "$token" ]] && break
      sleep 1
    done
    [[ -n "$token" ]] || die "switchover: $from wrote no demotion token within 120 s (after $i tries)"
  fi
  patch "$to" merge "$(action promote-with-token PRIMARY="$to" TOKEN="$token")"
}

case "${1:-}" in
  status) cmd_status ;;
  degrade) cmd_degrade "${2:?degrade REGION}" ;;
  restore-sync) cmd_restore_sync "${2:?restore-sync REGION}" ;;
  fence) cmd_fence "${2:?fence REGION}" ;;
  unfence) cmd_unfence "${2:?unfence REGION}" ;;
  promote) cmd_promote "${2:?promote REGION}" ;;
  demote) cmd_demote "${2:?demote REGION PRIMARY}" "${3:?demote REGION PRIMARY}" ;;
  rejoin) cmd_rejoin "${2:?rejoin REGION PRIMARY}" "${3:?rejoin REGION PRIMARY}" ;;
  switchover) cmd_switchover "${2:?switchover TO}" ;;
 *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
