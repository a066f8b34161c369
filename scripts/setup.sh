#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready for vracklab, idempotently:
#   node   — Node 24 LTS in a project-local prefix (.tools/node) when the machine's node is older
#   deps   — npm ci
#   system — Debian packages (docker.io, mmdebstrap, iproute2, libnfs-utils, nftables) and a running dockerd
#   images — the lab images, built from Debian packages and cached by recipe hash
#   test-tools — what only the tests need: qemu + cpio (the dot1q VLAN mode in a VM), chromium (the web page test)
#                (this kernel has no 8021q / vlan_filtering)
#   clients — OFFICIAL OVHcloud clients the client layer drives against the simulator, pinned, in
#             .tools/clients ($VRACKLAB_CLIENTS_DIR): a Python venv with python-ovh and schemathesis
#             (PyPI), and the Go probe built on go-ovh (Go module proxy). See scripts/clients/setup-clients.sh.
# Usage: scripts/setup.sh [node] [deps] [system] [images] [test-tools] [clients]
#        (no argument = node deps system images, in that order)
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

step_test-tools() { apt_install qemu-system-x86 cpio chromium; }

step_clients() { "$root/scripts/clients/setup-clients.sh"; }

step_images() { node "$root/bin/vracklab.js" images build; }

# Node first so every later step runs on Node 24.
export PATH="$root/.tools/node/bin:$PATH"
for s in "${steps[@]}"; do
  case "$s" in
    node|deps|system|images|test-tools|clients) "step_$s" ;;
    *) echo "setup.sh: unknown step '$s' (valid: node deps system images test-tools clients)" >&2; exit 2 ;;
  esac
done
