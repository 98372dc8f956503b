#!/usr/bin/env bash
# Measures the local run: wall time from `./coinlens run` (already built) to every service ready, and the
# resident memory of the whole platform once idle. Usage: devstack/bench/startup-and-memory.sh [runs] [idle-seconds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
runs="${1:-3}"
idle="${2:-60}"
out="$(mktemp)"

for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  ./coinlens run >"$out" 2>&1 &
  pid=$!
  until grep -q "Coinlens is ready" "$out"; do
    kill -0 "$pid" 2>/dev/null || { cat "$out"; echo "run $i failed"; exit 1; }
    sleep 0.2
  done
  ready=$(date +%s.%N)
  # CPU seconds the platform spent getting there: less sensitive than wall time to other load on a shared machine.
  ds="$(cat .devstack/run/devstack.pid)"
  cpu=$(ps -o times= -p "$ds" $(pgrep -P "$ds" | sed 's/^/-p /') | awk '{s += $1} END {print s}')
  printf 'run %d: ready %.1f s after the command (devstack says: %s); %s CPU-seconds spent; load %s\n' "$i" \
    "$(echo "$ready - $start" | bc)" "$(grep -o 'ready in [0-9.]* s' "$out")" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
  if [[ "$i" == "$runs" ]]; then
    sleep "$idle"
    echo "after ${idle} s idle:"
    ./coinlens status
  fi
  kill -TERM "$pid"
  wait "$pid" || true
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
