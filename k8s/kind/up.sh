#!/usr/bin/env bash
# Firebreak on three kind clusters (region-a, region-b, global) on one machine with Docker:
# builds the service images, creates the clusters, installs what they need (ingress-nginx,
# CloudNativePG, Chaos Mesh when helm is there), creates the Secrets, joins the clusters'
# names across Docker's 'kind' network (their WAN), and applies each overlay.
#
#   k8s/kind/up.sh                    JVM images
#   FIREBREAK_NATIVE=1 k8s/kind/up.sh native images (Mandrel in a container; much longer build)
#
# Needs docker, kind, kubectl, openssl, and about 10 GiB of memory for the three clusters.
# Re-running it is safe: what exists is kept. k8s/kind/down.sh deletes it all.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIND_DIR="$ROOT/k8s/kind"
STATE="$ROOT/.firebreak/kind"
NAMESPACE=firebreak
REGIONS=(region-a region-b)
CLUSTERS=(region-a region-b global)
REGION_SERVICES=(messaging-svc payment-svc taxi-svc status-svc)
# What each region offers the other sites, on these NodePorts (k8s/kind/components/*-exports).
declare -A EXPORT_PORT=([messaging-svc]=30081 [payment-svc]=30082 [taxi-svc]=30083 [status-svc]=30084 [postgres]=30432 [edge]=30080)
declare -A SERVICE_PORT=([messaging-svc]=80 [payment-svc]=80 [taxi-svc]=80 [status-svc]=80 [postgres]=5432 [edge]=80)
CNPG_MANIFEST="https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.27/releases/cnpg-1.27.1.yaml"
INGRESS_MANIFEST="https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.13.3/deploy/static/provider/kind/deploy.yaml"

say() { echo "firebreak-kind: $*"; }
die() { echo "firebreak-kind: $*" >&2; exit 1; }

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "needs '$tool' on the PATH (see docs/kubernetes.md, 'From an empty laptop')"
  done
}

ctx() { echo "kind-$1"; }

exports_of() {
  if [[ "$1" == global ]]; then echo edge; else echo messaging-svc payment-svc taxi-svc status-svc postgres; fi
}

build_images() {
  local svc modules
  modules="$(IFS=,; echo "${REGION_SERVICES[*]},edge")"
  if [[ "${FIREBREAK_NATIVE:-0}" == 1 ]]; then
    say "building native executables (Mandrel builder image) for $modules"
    "$ROOT/mvnw" -B -q package -Pnative -DskipTests -am -pl "$modules" \
      -Dquarkus.native.container-build=true \
      -Dquarkus.native.builder-image=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21
  else
    say "building fast-jars for $modules"
    "$ROOT/mvnw" -B -q package -DskipTests -am -pl "$modules"
  fi
  local dockerfile=Dockerfile.jvm
  [[ "${FIREBREAK_NATIVE:-0}" == 1 ]] && dockerfile=Dockerfile.native
  for svc in "${REGION_SERVICES[@]}" edge; do
    say "image docker.io/firebreak/$svc:latest ($dockerfile)"
    docker build -q -f "$ROOT/$svc/src/main/docker/$dockerfile" -t "docker.io/firebreak/$svc:latest" "$ROOT/$svc" >/dev/null
  done
}

create_clusters() {
  local c
  for c in "${CLUSTERS[@]}"; do
    if kind get clusters 2>/dev/null | grep -qx "$c"; then
      say "cluster $c exists"
    else
      say "creating cluster $c"
      kind create cluster --config "$KIND_DIR/$c.yaml" --wait 120s
    fi
  done
  for c in "${REGIONS[@]}"; do
    kind load docker-image --name "$c" "${REGION_SERVICES[@]/#/docker.io/firebreak/}" >/dev/null
  done
  kind load docker-image --name global docker.io/firebreak/edge:latest >/dev/null
}

install_addons() {
  local c
  for c in "${CLUSTERS[@]}"; do
    kubectl --context "$(ctx "$c")" apply -f "$INGRESS_MANIFEST" >/dev/null
  done
  for c in "${REGIONS[@]}"; do
    kubectl --context "$(ctx "$c")" apply --server-side -f "$CNPG_MANIFEST" >/dev/null
    kubectl --context "$(ctx "$c")" -n cnpg-system rollout status deployment/cnpg-controller-manager --timeout=180s
    if command -v helm >/dev/null; then
      helm repo add chaos-mesh https://charts.chaos-mesh.org >/dev/null 2>&1 || true
      helm upgrade --install chaos-mesh chaos-mesh/chaos-mesh --kube-context "$(ctx "$c")" -n chaos-mesh --create-namespace \
        --set chaosDaemon.runtime=containerd --set chaosDaemon.socketPath=/run/containerd/containerd.sock >/dev/null
    else
      say "helm not found: Chaos Mesh not installed in $c (the partition and wan-latency experiments need it)"
    fi
  done
}

# One identity and one set of database passwords for the installation: both regions hold the
# same Secrets (CloudNativePG needs identical roles on both sides of a distributed topology).
secrets() {
  local c dir="$ROOT/.firebreak/identity" pw="$STATE/passwords"
  mkdir -p "$pw"
  [[ -f "$dir/jwks.json" ]] || "$ROOT/firebreak" identity init "$dir" >/dev/null
  local db
  for db in messaging payment taxi witness superuser; do
    [[ -f "$pw/$db" ]] || openssl rand -hex 24 > "$pw/$db"
  done
  for c in "${CLUSTERS[@]}"; do
    kubectl --context "$(ctx "$c")" create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl --context "$(ctx "$c")" apply -f - >/dev/null
    apply_secret "$c" generic firebreak-jwt-public --from-file=public.pem="$dir/public.pem" --from-file=jwks.json="$dir/jwks.json"
    apply_secret "$c" generic witness-db --from-literal=username=witness --from-file=password="$pw/witness"
    [[ "$c" == global ]] && apply_secret "$c" generic edge-identity --from-file=token="$dir/tokens/edge.jwt"
    if [[ "$c" != global ]]; then
      apply_secret "$c" generic firebreak-jwt-signing --from-file=private.pem="$dir/private.pem"
      apply_secret "$c" generic taxi-svc-identity --from-file=token="$dir/tokens/taxi-svc.jwt"
      for db in messaging payment taxi; do
        apply_secret "$c" generic "$db-db" --type=kubernetes.io/basic-auth --from-literal=username="$db" --from-file=password="$pw/$db"
      done
      apply_secret "$c" generic firebreak-db-superuser --type=kubernetes.io/basic-auth --from-literal=username=postgres \
        --from-file=password="$pw/superuser"
    fi
  done
}

apply_secret() {
  local c="$1"; shift
  kubectl --context "$(ctx "$c")" -n "$NAMESPACE" create secret "$@" --dry-run=client -o yaml \
    | kubectl --context "$(ctx "$c")" -n "$NAMESPACE" apply -f - >/dev/null
}

node_ip() {
  docker inspect -f '{{with index .NetworkSettings.Networks "kind"}}{{.IPAddress}}{{end}}' "$1-control-plane"
}

# <service>.<site>.firebreak.internal in every cluster: its own Services for its own site, and
# for another site a local Service whose endpoint is that site's node and the NodePort.
join_names() {
  local c other svc ip rules
  for c in "${CLUSTERS[@]}"; do
    rules="rewrite name regex (.+)\\.${c}\\.firebreak\\.internal {1}.${NAMESPACE}.svc.cluster.local answer auto"
    for other in "${CLUSTERS[@]}"; do
      [[ "$other" == "$c" ]] && continue
      ip="$(node_ip "$other")"
      [[ -n "$ip" ]] || die "no address on the kind network for $other-control-plane"
      rules+=$'\n'"        rewrite name regex (.+)\\.${other}\\.firebreak\\.internal {1}-${other}.${NAMESPACE}.svc.cluster.local answer auto"
      for svc in $(exports_of "$other"); do
        bridge "$svc" "$other" "$ip" | kubectl --context "$(ctx "$c")" apply -f - >/dev/null
      done
    done
    kubectl --context "$(ctx "$c")" -n kube-system get configmap coredns -o jsonpath='{.data.Corefile}' > "$STATE/Corefile.$c"
    if ! grep -q firebreak.internal "$STATE/Corefile.$c"; then
      awk -v rules="$rules" '{print} /^ *ready *$/ {print "        " rules}' "$STATE/Corefile.$c" > "$STATE/Corefile.$c.new"
      kubectl --context "$(ctx "$c")" -n kube-system create configmap coredns --from-file=Corefile="$STATE/Corefile.$c.new" \
        --dry-run=client -o yaml | kubectl --context "$(ctx "$c")" -n kube-system apply -f - >/dev/null
      kubectl --context "$(ctx "$c")" -n kube-system rollout restart deployment/coredns >/dev/null
    fi
  done
}

bridge() {
  local svc="$1" site="$2" ip="$3"
  cat <<YAML
apiVersion: v1
kind: Service
metadata:
  name: ${svc}-${site}
  namespace: ${NAMESPACE}
  labels: {app.kubernetes.io/part-of: firebreak, firebreak.dev/leads-to: ${site}}
spec:
  ports: [{name: p, port: ${SERVICE_PORT[$svc]}, targetPort: ${EXPORT_PORT[$svc]}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${svc}-${site}
  namespace: ${NAMESPACE}
  labels: {kubernetes.io/service-name: ${svc}-${site}, app.kubernetes.io/part-of: firebreak}
addressType: IPv4
ports: [{name: p, port: ${EXPORT_PORT[$svc]}, protocol: TCP}]
endpoints: [{addresses: ["${ip}"]}]
YAML
}

apply_overlays() {
  say "region-a: the primary database, then the services"
  kubectl --context kind-region-a apply --server-side -k "$KIND_DIR/clusters/region-a" >/dev/null
  kubectl --context kind-region-a -n "$NAMESPACE" wait --for=condition=Ready cluster.postgresql.cnpg.io/firebreak-db --timeout=600s
  say "region-b: its replica of region-a's database, then the services"
  kubectl --context kind-region-b apply --server-side -k "$KIND_DIR/clusters/region-b" >/dev/null
  kubectl --context kind-region-b -n "$NAMESPACE" wait --for=condition=Ready cluster.postgresql.cnpg.io/firebreak-db --timeout=900s
  witness_credentials
  say "global: the edge (front door and failover witness)"
  kubectl --context kind-global apply --server-side -k "$KIND_DIR/clusters/global" >/dev/null
  local c
  for c in "${CLUSTERS[@]}"; do
    kubectl --context "$(ctx "$c")" -n "$NAMESPACE" wait --for=condition=Available deployment --all --timeout=600s
  done
}

# The witness's credential for each region's API server: the token of the region's ServiceAccount
# firebreak-witness (Role firebreak-witness: get and patch its Cluster firebreak-db, nothing else),
# as a kubeconfig in the Secret witness-api-<region> of the global site. The API server is reached
# at its node's name on the kind network, which kind puts in its serving certificate.
witness_credentials() {
  local r token ca server tmp
  for r in region-a region-b; do
    token=""
    for _ in $(seq 1 60); do
      token="$(kubectl --context "kind-$r" -n "$NAMESPACE" get secret firebreak-witness-token -o jsonpath='{.data.token}' 2>/dev/null || true)"
      [[ -n "$token" ]] && break
      sleep 1
    done
    [[ -n "$token" ]] || die "$r: the token controller did not fill the Secret firebreak-witness-token"
    ca="$(kubectl --context "kind-$r" -n "$NAMESPACE" get secret firebreak-witness-token -o jsonpath='{.data.ca\.crt}')"
    server="https://$r-control-plane:6443"
    tmp="$(mktemp)"
    cat > "$tmp" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: $r
  cluster: {server: "$server", certificate-authority-data: "$ca"}
users:
- name: firebreak-witness
  user: {token: "$(printf '%s' "$token" | base64 -d)"}
contexts:
- name: $r
  context: {cluster: $r, user: firebreak-witness, namespace: $NAMESPACE}
current-context: $r
YAML
    apply_secret global generic "witness-api-$r" --from-file=kubeconfig="$tmp"
    rm -f "$tmp"
  done
}

main() {
  need docker kind kubectl openssl
  mkdir -p "$STATE"
  build_images
  create_clusters
  install_addons
  secrets
  join_names
  apply_overlays
  say "up. Clients: http://localhost:8080 (the edge; the status page at /status/)"
  say "each region directly: http://localhost:8081 (region-a), http://localhost:8082 (region-b)"
  say "a region-a fire: ./firebreak drill region-a-fire --driver kubectl --url edge=http://localhost:8080 --admin-token \"\$(./firebreak token admin)\" (docs/kubernetes.md); k8s/kind/down.sh removes it all"
}

main "$@"
