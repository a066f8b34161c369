#!/usr/bin/env bash
# After a test run nothing of ours may remain: namespaces, links, containers, networks, firewall rules
# in our name grammar or carrying our marker (alias vracklab:<run id>), and run-data tmpfs mounts
# (source vracklab-<run id>). A standard `vlan1000` is not ours. Prints what it finds and fails if anything is left.
set -uo pipefail
left=""
ns=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^vl[a-z0-9]{6}-[a-z0-9]' | tr '\n' ' ')
[ -n "$ns" ] && left+="namespaces: $ns\n"
links=$( { ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^vl[a-z0-9]{6}([bv][0-9]+|h[0-9]+n[0-9]+)$'
  ip -o link show 2>/dev/null | grep -E 'alias vracklab:[a-z0-9]{6}' | awk -F': ' '{print $2}' | cut -d@ -f1; } | sort -u | tr '\n' ' ')
[ -n "$links" ] && left+="links: $links\n"
if docker info >/dev/null 2>&1; then
  ctr=$(docker ps -aq --filter label=vracklab.run-id | tr '\n' ' ')
  [ -n "$ctr" ] && left+="containers: $ctr\n"
  nets=$(docker network ls -q --filter label=vracklab.run-id | tr '\n' ' ')
  [ -n "$nets" ] && left+="docker networks: $nets\n"
fi
data=$(ls /var/lib/vracklab 2>/dev/null | tr '\n' ' ')
[ -n "$data" ] && left+="run data under /var/lib/vracklab: $data\n"
mounts=$(awk '$0 ~ / - tmpfs vracklab-[a-z0-9]{6} / {print $5}' /proc/self/mountinfo | tr '\n' ' ')
[ -n "$mounts" ] && left+="run-data mounts: $mounts\n"
# containerlab deploys of ours: their ssh config files and lab directories / topology files.
clab=$(ls /etc/ssh/ssh_config.d/ "${VRACKLAB_CLAB_DIR:-/run/vracklab/containerlab}" 2>/dev/null | grep -E '^(clab-)?vracklab-.+-[a-z0-9]{6}(\.conf|\.clab\.yml)?$' | tr '\n' ' ')
[ -n "$clab" ] && left+="containerlab files: $clab\n"
# containerlab's namespace links of our labs (/var/run/netns/clab-vracklab-<lab>-<run id>-<node>).
clabns=$(ls /var/run/netns 2>/dev/null | grep -E '^clab-vracklab-.+-[a-z0-9]{6}-' | tr '\n' ' ')
[ -n "$clabns" ] && left+="containerlab namespace links: $clabns\n"
# Run leases: a finished run gives its lease back.
leases=$(ls "${VRACKLAB_RUN_DIR:-/run/vracklab/runs}" 2>/dev/null | tr '\n' ' ')
[ -n "$leases" ] && left+="run leases: $leases\n"
rules=$(iptables -S DOCKER-USER 2>/dev/null | grep -c 'vracklab' || true)
[ "${rules:-0}" != "0" ] && left+="DOCKER-USER rules: $rules\n"
if [ -n "$left" ]; then printf 'leak-check: left behind after the run:\n%b' "$left"; exit 1; fi
echo "leak-check: nothing left behind"
