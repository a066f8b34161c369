#!/usr/bin/env bash
# Installs the official OVHcloud clients the client layer drives against the simulator, pinned and
# project-local (nothing global), idempotently: each part is skipped when its pinned version is there.
#   python-ovh + schemathesis — a venv in $dir/py from requirements.lock (every transitive pin)
#   go-ovh probe              — scripts/clients/go-ovh-probe built into $dir/go-bin (go.sum pins go-ovh)
#   ovhcloud-cli              — `go install …/cmd/ovhcloud@$OVHCLOUD_CLI_VERSION` into $dir/go-bin; when the
#                               Go module proxy refuses it, the exact command and error are written to
#                               $dir/ovhcloud-cli.unavailable and its tests are reported skipped with that text
# $dir = $VRACKLAB_CLIENTS_DIR, default .tools/clients.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${VRACKLAB_CLIENTS_DIR:-$root/.tools/clients}
OVHCLOUD_CLI_VERSION=v0.5.0
log() { printf '[setup clients] %s\n' "$*" >&2; }
mkdir -p "$dir"

# A bare Debian 12 has python3 without venv/ensurepip, and no Go: take Debian's (Go >= 1.19 builds the probe).
need=()
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v go >/dev/null || need+=(golang-go)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

lock="$root/scripts/clients/requirements.lock"
# A venv's scripts name its own path in their #! line: a venv made elsewhere (a moved checkout) is
# rebuilt, as is one whose schemathesis does not start.
if [ -x "$dir/py/bin/python" ] && cmp -s "$lock" "$dir/py/requirements.lock" && "$dir/py/bin/schemathesis" --version >/dev/null 2>&1; then
  log "python-ovh, schemathesis: pinned versions present ($dir/py)"
else
  log "python venv: $(grep -E '^(ovh|schemathesis)==' "$lock" | tr '\n' ' ')"
  rm -rf "$dir/py"
  python3 -m venv "$dir/py"
  "$dir/py/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock"
  cp "$lock" "$dir/py/requirements.lock"
fi

probe_src="$root/scripts/clients/go-ovh-probe"
stamp=$(cat "$probe_src/go.mod" "$probe_src/go.sum" "$probe_src"/*.go | sha256sum | cut -c1-16)
if [ -x "$dir/go-bin/go-ovh-probe" ] && [ "$(cat "$dir/go-bin/go-ovh-probe.stamp" 2>/dev/null)" = "$stamp" ]; then
  log "go-ovh probe: built from the current sources ($dir/go-bin)"
else
  log "go-ovh probe: go build ($(grep "github.com/ovh/go-ovh " "$probe_src/go.mod" | xargs))"
  (cd "$probe_src" && go build -trimpath -o "$dir/go-bin/go-ovh-probe" .)
  echo "$stamp" > "$dir/go-bin/go-ovh-probe.stamp"
fi

cli_cmd="GOBIN=$dir/go-bin go install github.com/ovh/ovhcloud-cli/cmd/ovhcloud@$OVHCLOUD_CLI_VERSION"
if [ -x "$dir/go-bin/ovhcloud" ] && [ "$(cat "$dir/go-bin/ovhcloud.version" 2>/dev/null)" = "$OVHCLOUD_CLI_VERSION" ]; then
  log "ovhcloud-cli $OVHCLOUD_CLI_VERSION present"
elif out=$(GOBIN="$dir/go-bin" go install "github.com/ovh/ovhcloud-cli/cmd/ovhcloud@$OVHCLOUD_CLI_VERSION" 2>&1); then
  echo "$OVHCLOUD_CLI_VERSION" > "$dir/go-bin/ovhcloud.version"
  rm -f "$dir/ovhcloud-cli.unavailable"
  log "ovhcloud-cli $OVHCLOUD_CLI_VERSION installed"
else
  printf '$ %s\n%s\n' "$cli_cmd" "$out" > "$dir/ovhcloud-cli.unavailable"
  log "ovhcloud-cli $OVHCLOUD_CLI_VERSION NOT installable here (its tests will be reported skipped):"
  sed 's/^/[setup clients]   /' "$dir/ovhcloud-cli.unavailable" >&2
fi
