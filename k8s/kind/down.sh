#!/usr/bin/env bash
# Deletes the kind clusters k8s/kind/up.sh made (region-a, region-b, global) and its state
# (.firebreak/kind: identity keys and database passwords). Images stay in Docker.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

command -v kind >/dev/null || { echo "firebreak-kind: needs 'kind' on the PATH" >&2; exit 1; }
for c in region-a region-b global; do
  if kind get clusters 2>/dev/null | grep -qx "$c"; then
    echo "firebreak-kind: deleting cluster $c"
    kind delete cluster --name "$c"
  fi
done
rm -rf "$ROOT/.firebreak/kind"
echo "firebreak-kind: down"
