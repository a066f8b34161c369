#!/usr/bin/env bash
# Starts dockerd if no engine answers, and waits (bounded) until it does. Idempotent.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null; then echo "dockerd-up: dockerd is not installed (run scripts/setup.sh system)" >&2; exit 1; fi
mkdir -p /var/log
echo "[setup] starting dockerd" >&2
# setsid: the daemon must outlive the shell (and the CI step) that started it.
setsid nohup dockerd >/var/log/vracklab-dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 120); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd-up: the Docker engine did not answer within 60 s; see /var/log/vracklab-dockerd.log:" >&2
tail -20 /var/log/vracklab-dockerd.log >&2
exit 1
