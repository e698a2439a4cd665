#!/usr/bin/env bash
# MetaStore fault test (not part of verify): 4 writers update 6 datasets while the service is killed with kill -9
# ROUNDS times (default 10, every 1.5-4.5 s) and restarted; then every revision of every history must be in the change
# feed exactly once, in order. Bounded: about ROUNDS x 10 s. Traffic to 127.0.0.1 only.
#   bench/metastore/fault.sh
#   ROUNDS=3 bench/metastore/fault.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_if_needed
WORK="$(mktemp -d "${TMPDIR:-/tmp}/metastore-fault.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SECRET="bench-secret-$(date +%s%N)-0123456789abcdef"
TOKEN="$(mint "$SECRET")"
echo "MetaStore fault test: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
status=0
java "$ROOT/bench/metastore/Fault.java" "$APP/quarkus-run.jar" "$WORK/data" "$(free_port)" "$SECRET" "$TOKEN" \
  "$WORK/service.log" "${ROUNDS:-10}" || status=$?
echo "open intents settled from the refs at restarts: $(grep -o 'Settled [0-9]* open' "$WORK/service.log" \
  | awk '{s+=$2} END {print s+0}') (in $(grep -c 'Settled [0-9]* open' "$WORK/service.log" || true) restarts);" \
  "torn records cut: $(grep -c 'torn record' "$WORK/service.log" || true)"
if [ "$status" -ne 0 ]; then tail -40 "$WORK/service.log"; fi
exit "$status"
