#!/usr/bin/env bash
# Start Debian's dockerd in the background (if no engine answers) and wait until it does.
set -euo pipefail
if docker info >/dev/null 2>&1; then echo "docker engine already running"; exit 0; fi
LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
setsid dockerd >"$LOG" 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then echo "docker engine up: $(docker version --format '{{.Server.Version}}')"; exit 0; fi
  sleep 1
done
echo "dockerd did not start; last log lines:" >&2
tail -30 "$LOG" >&2
exit 1
