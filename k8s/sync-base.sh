#!/usr/bin/env bash
# Copies each service's Quarkus-generated manifest into k8s/base/<svc>/.
# Run after changing a service's quarkus.kubernetes.* settings and building it:
#   ./mvnw -B package -DskipTests && k8s/sync-base.sh
# The k8s module's tests fail while the copies differ from the generated manifests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for svc in messaging-svc payment-svc taxi-svc status-svc edge; do
  generated="$root/$svc/target/kubernetes/kubernetes.yml"
  if [[ ! -f "$generated" ]]; then
    echo "missing $generated: build it first with ./mvnw -B package -DskipTests -pl $svc -am" >&2
    exit 1
  fi
  mkdir -p "$root/k8s/base/$svc"
  cp "$generated" "$root/k8s/base/$svc/kubernetes.yml"
  echo "k8s/base/$svc/kubernetes.yml updated"
done
