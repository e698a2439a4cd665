#!/usr/bin/env bash
# Issue 4's hook benchmark (not a test), in one run:
#   1. webhook-to-driver latency: tutorial hooks posted at a fixed rate (RATE, 500/s) for DURATION s across 20
#      communities; each hook's data carries its intended send time; the bench's own receiver (the stack's
#      DRIVER_EVENT_RECEIVER_URL) takes the difference on arrival. Also split at the runner's event timestamp.
#   2. ingest: POST /api/hooks/{community}/tutorial as fast as INGEST_CONNECTIONS (128) connections go (closed loop),
#      beside GET /q/health/live of the same gateway the same way.
#
#   bench/hooks/run.sh                     start a stack of its own (PORT_BASE=28080 ...), bench, stop it
#   GATEWAY_URL=... bench/hooks/run.sh     use a running stack whose DRIVER_EVENT_RECEIVER_URL is
#                                          http://127.0.0.1:$RECEIVER_PORT/events (28095); the receiver starts here
#
# Settings: RATE (500), DURATION (20), WARMUP (15), INGEST_DURATION (15), CONNECTIONS (32, for the fixed rate),
# INGEST_CONNECTIONS (128), COMMUNITIES (20), INGEST_PAUSED (runner,dispatcher: stopped with SIGSTOP during a second
# ingest run, to measure the gateway with only the broker beside it; empty to skip), and
# those of bench/common/lib.sh. RUNNER_EXTRA_OPTS (a what-if, e.g. "-Dmp.messaging.incoming.webhooks-inbound.concurrency=3
# -Dmp.messaging.outgoing.driver-events-out.linger.ms=0"): the plugin-runner alone is restarted with these JVM options
# once the stack is up (JAVA_OPTS would reach every service, and the others refuse channels they do not have).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"

RATE="${RATE:-500}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-15}"
INGEST_DURATION="${INGEST_DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
INGEST_CONNECTIONS="${INGEST_CONNECTIONS:-128}"
COMMUNITIES="${COMMUNITIES:-20}"

mkdir -p "$RUN_DIR"
trap 'receiver_stop; stack_stop' EXIT
trap 'exit 130' INT TERM
bench_compile
[ -n "${GATEWAY_URL:-}" ] || await_free_ports
receiver_start ok
stack_start DRIVER_EVENT_RECEIVER_URL="$RECEIVER_URL/events" DRIVER_WEBHOOK_SECRET="${DRIVER_WEBHOOK_SECRET:-bench-secret}"
runner_extra_opts
machine_line
bsay "services' JVM options: ${JAVA_OPTS:-run.sh default (-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k)}"

bench_java hooks --gateway "$GATEWAY_URL" --receiver "$RECEIVER_URL" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --ingest-duration "$INGEST_DURATION" --connections "$CONNECTIONS" --ingest-connections "$INGEST_CONNECTIONS" --communities "$COMMUNITIES" --ingest-paused "${INGEST_PAUSED-runner,dispatcher}" \
  --pids-dir "$RUN_DIR/pids" --pids "$(extra_pids "receiver=$RECEIVER_PID")"
machine_line
