#!/usr/bin/env bash
# Builds the simulated clusters' control plane once per machine: kube-apiserver,
# kube-controller-manager and kube-scheduler v1.20.2 from Debian bookworm's `kubernetes` source
# package (the newest Kubernetes server whose source Debian ships), with Debian's Go, into a cache
# outside the checkout. Later runs find the binaries and return at once.
#
#   cluster-sim/control-plane/build-kubernetes.sh            build (or find) them; prints the bin dir last
#   cluster-sim/control-plane/build-kubernetes.sh --check    exit 0 when they are built, 1 when not
#
# Needs the Debian packages golang-go, rsync, golang-github-modern-go-reflect2-dev and (to run the
# clusters) etcd-server, and Debian's source archive. As root it installs the packages with apt; the
# source list it uses is its own (a deb-src line for bookworm), never the system's. About 4 minutes
# on 2 cores here (the Go build's own cache stays in the work directory and goes with it).
set -euo pipefail

VERSION=1.20.2
# Bumped whenever what this script builds changes, so a machine's cache is rebuilt once.
RECIPE=2
DEBIAN_MIRROR="${FIREBREAK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${FIREBREAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/firebreak}"
HOME_DIR="$CACHE/kubernetes-v$VERSION"
BIN="$HOME_DIR/bin"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler)
PACKAGES=(golang-go rsync golang-github-modern-go-reflect2-dev etcd-server)

started=$SECONDS
step() { printf '[%4ds] %s\n' "$((SECONDS - started))" "$*" >&2; }
die() { echo "build-kubernetes: $*" >&2; exit 1; }

built() {
  local b
  for b in "${BINARIES[@]}"; do
    [[ -x "$BIN/$b" ]] || return 1
  done
  [[ "$(cat "$HOME_DIR/RECIPE" 2>/dev/null)" == "$RECIPE" ]] && "$BIN/kube-apiserver" --version 2>/dev/null | grep -q "v$VERSION"
}

if [[ "${1:-}" == --check ]]; then
  built
  exit
fi
if built; then
  echo "$BIN"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    step "installing ${missing[*]} (apt-get)"
    apt-get update -qq >/dev/null || die "apt-get update failed: Debian's package archive is needed for ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "could not install ${missing[*]}: run apt-get install ${missing[*]} as root"
  else
    die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
  fi
fi
command -v go >/dev/null || die "go not found after installing golang-go"
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2
[[ -d "$REFLECT2" ]] || die "$REFLECT2 missing: apt-get install golang-github-modern-go-reflect2-dev"

WORK="$HOME_DIR/work"
rm -rf "$WORK"
mkdir -p "$WORK/apt/lists/partial" "$WORK/source" "$BIN"
trap 'rm -rf "$WORK"' EXIT

step "fetching the kubernetes source package from $DEBIAN_MIRROR (bookworm, its own deb-src list)"
echo "deb-src $DEBIAN_MIRROR bookworm main" >"$WORK/apt/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$WORK/apt/lists" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${APT_OPTS[@]}" update -qq >/dev/null 2>&1 || die "cannot read Debian's source index at $DEBIAN_MIRROR (set FIREBREAK_DEBIAN_MIRROR)"
(cd "$WORK/source" && apt-get "${APT_OPTS[@]}" source --download-only -qq kubernetes >/dev/null 2>&1) \
  || die "cannot download the kubernetes source package from $DEBIAN_MIRROR"
orig=$(find "$WORK/source" -maxdepth 1 -name 'kubernetes_*.orig.tar.*' | head -1)
[[ -n "$orig" ]] || die "no upstream tarball in the kubernetes source package"
step "unpacking $(basename "$orig")"
SRC="$WORK/gopath/src/k8s.io/kubernetes"
mkdir -p "$SRC"
tar -xf "$orig" -C "$SRC" --strip-components=1
grep -q "gitVersion" "$SRC/hack/lib/version.sh" || die "$orig does not look like the Kubernetes source tree"

# The vendored modern-go/reflect2 1.0.1 reads runtime internals that changed in Go 1.18: Debian's
# packaged reflect2 (1.0.2) is the fixed one.
step "replacing vendored modern-go/reflect2 with Debian's $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)"
rm -rf "$SRC/vendor/github.com/modern-go/reflect2"
mkdir -p "$SRC/vendor/github.com/modern-go/reflect2"
cp "$REFLECT2"/*.go "$SRC/vendor/github.com/modern-go/reflect2/"
rm -f "$SRC"/vendor/github.com/modern-go/reflect2/*_test.go

export GOPATH="$WORK/gopath" GO111MODULE=off GOFLAGS='' CGO_ENABLED=0 GOCACHE="$WORK/go-cache" GOTOOLCHAIN=local
export KUBE_GIT_VERSION="v$VERSION" KUBE_GIT_TREE_STATE=clean
cd "$SRC"
step "generating the OpenAPI definitions (make gen_openapi, $(go version | awk '{print $3}'))"
make gen_openapi >"$WORK/gen_openapi.log" 2>&1 || { tail -30 "$WORK/gen_openapi.log" >&2; die "make gen_openapi failed"; }

# The version the binaries report (--version, and the API server's /version, which kubectl reads),
# as hack/lib/version.sh stamps it into both packages that carry it.
LDFLAGS="-s -w"
for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  LDFLAGS+=" -X $pkg.gitVersion=v$VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=20 -X $pkg.gitTreeState=clean"
  LDFLAGS+=" -X $pkg.gitCommit=debian-bookworm-$VERSION -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
for b in "${BINARIES[@]}"; do
  step "building $b (go build, GO111MODULE=off)"
  go build -ldflags "$LDFLAGS" -o "$BIN/$b.partial" "./cmd/$b" || die "building $b failed"
  mv "$BIN/$b.partial" "$BIN/$b"
done
echo "$RECIPE" >"$HOME_DIR/RECIPE"
built || die "the binaries built do not report v$VERSION: $("$BIN/kube-apiserver" --version 2>&1)"
step "done: $("$BIN/kube-apiserver" --version) in $BIN"
echo "$BIN"
