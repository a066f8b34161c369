#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready for vracklab, idempotently:
#   node   — Node 24 LTS in a project-local prefix (.tools/node) when the machine's node is older
#   deps   — npm ci
#   system — Debian packages (docker.io, mmdebstrap, iproute2, libnfs-utils, nftables) and a running dockerd
#   images — the lab images, built from Debian packages and cached by recipe hash
#   test-tools — what only the tests need: qemu + cpio (the dot1q VLAN mode in a VM: this kernel has no
#                8021q / vlan_filtering), chromium (the web page test), graphviz (graph.int.test renders every
#                lab), openssl (the node-ovh wire test makes a TLS certificate)
#   clients — OFFICIAL OVHcloud clients the client layer drives against the simulator, pinned, in
#             .tools/clients ($VRACKLAB_CLIENTS_DIR): a Python venv with python-ovh and schemathesis
#             (PyPI), and the Go probe built on go-ovh (Go module proxy). See scripts/clients/setup-clients.sh.
#   containerlab — containerlab, pinned, built from the Go module proxy into .tools/go-bin
#   vm-kit — the dot1q test VM's kernel and initramfs (sim/fabric/dot1q-vm/vm-kit.ts), cached by recipe
#            hash; needs test-tools (qemu, cpio) and system (mmdebstrap)
# Usage: scripts/setup.sh [node] [deps] [system] [images] [test-tools] [containerlab] [clients] [vm-kit]
#        (no argument = node deps system images, in that order)
#        scripts/setup.sh --background NAME STEP…   runs the steps in the background and returns at once
#                                                   (make test: images build while typecheck, lint and unit run)
#        scripts/setup.sh --wait NAME STEP…         waits for that background run and fails as it failed;
#                                                   with none started, runs the steps now
#        Their output goes to reports/setup-bg/NAME.log.
# Every step checks before it acts, so running it twice costs seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(node deps system images)
log() { printf '[setup] %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

step_node() {
  local local_node="$root/.tools/node/bin/node"
  if [ -x "$local_node" ] && [ "$(node_major "$local_node")" -ge 24 ]; then log "node $("$local_node" --version) (project-local)"; return; fi
  if command -v node >/dev/null && [ "$(node_major node)" -ge 24 ]; then log "node $(node --version) (machine)"; return; fi
  log "installing Node 24 LTS into .tools/node"
  npm install --no-audit --no-fund --prefix "$root/.tools/node" -g node@24 >/dev/null
  log "node $("$local_node" --version)"
}

step_deps() {
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then log "node_modules up to date"; return; fi
  log "npm ci"
  npm ci --no-audit --no-fund >/dev/null
}

# The netns driver runs hosts on the machine's own filesystem: their tools (ping, nc, nfs-ganesha…) come from here.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_pkgs=(docker.io mmdebstrap iproute2 iputils-ping netcat-openbsd libnfs-utils nftables iptables tcpdump util-linux nfs-ganesha nfs-ganesha-vfs rpcbind netbase)
step_system() {
  apt_install "${need_pkgs[@]}"
  "$root/scripts/dockerd-up.sh"
}

step_test-tools() { apt_install qemu-system-x86 cpio chromium graphviz openssl; }

step_clients() { "$root/scripts/clients/setup-clients.sh"; }

step_images() { node "$root/bin/vracklab.js" images build; }

step_vm-kit() {
  node --input-type=module -e "
    const { vmMissing, ensureVmKit, cacheDir } = await import('$root/sim/fabric/dot1q-vm/vm-kit.ts');
    const missing = await vmMissing();
    if (missing.length > 0) { console.error('[setup] dot1q VM kit not built: missing ' + missing.join(', ') + ' (steps system and test-tools)'); process.exit(0); }
    const t0 = Date.now(); await ensureVmKit(); console.error('[setup] dot1q VM kit ready in ' + cacheDir() + ' (' + Math.round((Date.now() - t0) / 1000) + ' s)');
  "
}

# Background runs: the lock is taken here, before returning, and handed to the background job (fd 9):
# a --wait that comes right after cannot slip in before the job has started.
bg_dir="$root/reports/setup-bg"
bg_name() { [[ "${1:-}" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "setup.sh: background name '${1:-}' must be lowercase words (a-z, 0-9, -)" >&2; exit 2; }; }
if [ "${1:-}" = --background ]; then
  bg_name "${2:-}"; name=$2; shift 2
  mkdir -p "$bg_dir"
  echo running > "$bg_dir/$name.status"
  exec 9>"$bg_dir/$name.lock"
  flock 9
  ( rc=0; "$0" "$@" 9>&- > "$bg_dir/$name.log" 2>&1 || rc=$?; echo "$rc" > "$bg_dir/$name.status" ) &
  log "background setup '$name' ($*) started: reports/setup-bg/$name.log"
  exit 0
fi
if [ "${1:-}" = --wait ]; then
  bg_name "${2:-}"; name=$2; shift 2
  if [ ! -f "$bg_dir/$name.status" ]; then exec "$0" "$@"; fi
  t0=$(date +%s)
  flock "$bg_dir/$name.lock" true
  st=$(cat "$bg_dir/$name.status")
  rm -f "$bg_dir/$name.status"
  log "background setup '$name' done (waited $(( $(date +%s) - t0 )) s): $(tail -n 3 "$bg_dir/$name.log" | tr '\n' ' ')"
  [ "$st" = 0 ] && exit 0
  echo "setup.sh: background setup '$name' failed (status: $st; a 'running' status means it was killed); its log:" >&2
  tail -n 40 "$bg_dir/$name.log" >&2
  exit 1
fi

# containerlab from source, pinned by version AND by the module's checksum (the Go checksum database is not
# reachable here, so the pin stands in for it; the module's own go.sum verifies every dependency).
# Not `go install pkg@version`: that asks the proxy for the module's version list (deprecation
# check), which the proxy here refuses (403). One patch (sim/fabric/containerlab/patches): this
# kernel has no loadable-module support, so no /proc/modules, on which containerlab 0.79.0's
# deploy fails ("open /proc/modules: no such file or directory"). Go's caches stay in .tools/go,
# so a second run reuses them; a present binary of the pinned version and patch is kept.
CLAB_VERSION=0.79.0
CLAB_SUM=h1:XWLKsjQV3rn1KXViKDIO1XZg6JyqaQxQfTnEabjmxTI=
CLAB_COMMIT=5ae5009
CLAB_DATE=2026-08-21T11:51:22Z
step_containerlab() {
  local bin="$root/.tools/go-bin/containerlab" patches="$root/sim/fabric/containerlab/patches"
  local stamp; stamp="$CLAB_VERSION $(cat "$patches"/*.patch | sha256sum | cut -c1-12)"
  if [ -x "$bin" ] && [ "$(cat "$bin.stamp" 2>/dev/null)" = "$stamp" ]; then log "containerlab $CLAB_VERSION (.tools/go-bin, patched)"; return; fi
  command -v go >/dev/null || { echo "setup.sh: containerlab needs Go >= 1.26 on PATH (go.dev/dl)" >&2; exit 1; }
  command -v patch >/dev/null || apt_install patch
  export GOMODCACHE="$root/.tools/go/mod" GOCACHE="$root/.tools/go/build-cache" GOPATH="$root/.tools/go/path" CGO_ENABLED=0 GOFLAGS='-buildvcs=false -modcacherw'
  log "building containerlab $CLAB_VERSION from the Go module proxy (first time: ~3 min)"
  local info sum dir
  info=$(GONOSUMDB=github.com/srl-labs/containerlab go mod download -json "github.com/srl-labs/containerlab@v$CLAB_VERSION")
  sum=$(printf '%s' "$info" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')
  dir=$(printf '%s' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ "$sum" = "$CLAB_SUM" ] || { echo "setup.sh: containerlab $CLAB_VERSION checksum mismatch: got '$sum', pinned $CLAB_SUM" >&2; exit 1; }
  local src="$root/.tools/go/src/containerlab-$CLAB_VERSION"
  rm -rf "$src"; mkdir -p "$(dirname "$src")"; cp -r "$dir" "$src"; chmod -R u+w "$src"
  for p in "$patches"/*.patch; do patch -s -d "$src" -p1 < "$p"; done
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && go build -trimpath -o "$bin" -ldflags "-s -w -X github.com/srl-labs/containerlab/cmd.Version=$CLAB_VERSION -X github.com/srl-labs/containerlab/cmd.commit=$CLAB_COMMIT -X github.com/srl-labs/containerlab/cmd.date=$CLAB_DATE" .)
  printf '%s' "$stamp" > "$bin.stamp"
  log "containerlab $("$bin" version 2>/dev/null | sed -n 's/^ *version: //p') in .tools/go-bin"
}

# Node first so every later step runs on Node 24. Go: the machine's toolchain lives in /usr/local/go
# (put on PATH by root's .bashrc only, which a non-interactive CI shell may not read).
export PATH="$root/.tools/node/bin:$PATH"
[ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
for s in "${steps[@]}"; do
  case "$s" in
    node|deps|system|images|test-tools|containerlab|clients|vm-kit) "step_$s" ;;
    *) echo "setup.sh: unknown step '$s' (valid: node deps system images test-tools containerlab clients vm-kit)" >&2; exit 2 ;;
  esac
done
