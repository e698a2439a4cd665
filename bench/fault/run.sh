#!/usr/bin/env bash
# Issue 4's fault test, bounded in time (about 5 minutes here, TIME_LIMIT=600 s at most once the stack is up):
#   10,000 tutorial hooks across 20 communities (each community's hooks posted one after the other, each carrying its
#   sequence number); kill -9 the event-dispatcher twice and the plugin-runner once while they flow, each restarted
#   the way deploy/local/run.sh starts it (same command line and environment, read from /proc/<pid>, pid file
#   updated); the driver's receiver answers 500 to 30% of first attempts per webhook-id.
# Checks (exit 1 when one fails): distinct webhook-ids delivered = 10,000, one id per hook, none missing; order kept
# within each community (see bench/README.md for the exact definition). Prints duration, retries, duplicates, gaps.
#
#   bench/fault/run.sh      always starts a stack of its own (PORT_BASE=28080 ...; it kills services of it)
#
# Settings: TOTAL (10000), COMMUNITIES (20), SEND_RATE (hooks/s, 100), FAIL_PERCENT (30), RUNNER_SIGNAL (KILL; TERM
# restarts the runner gracefully instead, which rebalances at once rather than after the session timeout), RETRY_INITIAL_DELAY
# (the dispatcher's first backoff, 50ms: with its default of 1 s, 3,000 failed first attempts handled one at a time
# per partition would take ~15 minutes), TIME_LIMIT (600), and those of bench/common/lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"

TOTAL="${TOTAL:-10000}"
COMMUNITIES="${COMMUNITIES:-20}"
SEND_RATE="${SEND_RATE:-100}"
FAIL_PERCENT="${FAIL_PERCENT:-30}"
RETRY_INITIAL_DELAY="${RETRY_INITIAL_DELAY:-50ms}"
TIME_LIMIT="${TIME_LIMIT:-600}"
RUNNER_SIGNAL="${RUNNER_SIGNAL:-KILL}"
unset GATEWAY_URL # this test kills services: only of a stack it started itself

mkdir -p "$RUN_DIR"
RUN="f$(date +%s | tail -c 6)$RANDOM"
PROGRESS="$RUN_DIR/fault-progress"
KILLS="$RUN_DIR/fault-kills"
SENDER_PID=""
cleanup() {
  [ -z "$SENDER_PID" ] || kill "$SENDER_PID" 2>/dev/null || true
  receiver_stop
  stack_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_compile
await_free_ports
receiver_start fault --fail-percent "$FAIL_PERCENT"
stack_start DRIVER_EVENT_RECEIVER_URL="$RECEIVER_URL/events" DRIVER_WEBHOOK_SECRET="${DRIVER_WEBHOOK_SECRET:-bench-secret}" \
  DISPATCHER_RETRY_INITIAL_DELAY="$RETRY_INITIAL_DELAY"
machine_line
DEADLINE=$(( $(date +%s) + TIME_LIMIT ))
rm -f "$PROGRESS" "$KILLS"

delivered() { local n; n="$(curl -sf "$RECEIVER_URL/count?run=$RUN&phase=fault" | cut -d' ' -f1)"; echo "${n:-0}"; }
sent() { local n=""; [ -f "$PROGRESS" ] && n="$(cut -d' ' -f1 "$PROGRESS" 2>/dev/null)"; echo "${n:-0}"; }
progress() { echo "$(delivered) delivered, $(sent) sent"; }
BENCH_PROGRESS=progress

kill_restart() { # name [signal]
  restart_service "${2:-KILL}" "$1" || return 1
  echo "$RESTART_KILLED_US $1 $RESTART_OLD_PID $RESTART_READY_US $( [ "${2:-KILL}" = KILL ] && echo 9 || echo "${2}")" >>"$KILLS"
}

# Waits until the condition holds (or the step's patience runs out: the kill then happens anyway).
when() { # description seconds command...
  local what=$1 patience=$2; shift 2
  local until=$(( $(date +%s) + patience ))
  until "$@"; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "time limit reached waiting for: $what" >&2; exit 1; }
    if [ "$(date +%s)" -ge "$until" ]; then bsay "still not $what after $patience s; going on"; return 0; fi
    sleep 0.2
  done
}
delivered_at_least() { [ "$(delivered)" -ge "$1" ]; }
sent_at_least() { [ "$(sent)" -ge "$1" ]; }

bench_java fault-send --gateway "$GATEWAY_URL" --run "$RUN" --communities "$COMMUNITIES" --total "$TOTAL" \
  --rate "$SEND_RATE" --progress "$PROGRESS" &
SENDER_PID=$!
when "sending" 180 sent_at_least 1

when "15% delivered" 240 delivered_at_least $(( TOTAL * 15 / 100 ))
kill_restart event-dispatcher
when "half sent" 240 sent_at_least $(( TOTAL / 2 ))
kill_restart plugin-runner-service "$RUNNER_SIGNAL"
when "65% delivered" 300 delivered_at_least $(( TOTAL * 65 / 100 ))
kill_restart event-dispatcher

rc=0
wait "$SENDER_PID" || rc=$?
SENDER_PID=""
[ "$rc" = 0 ] || bsay "the sender reports hooks the gateway did not accept"
left=$(( DEADLINE - $(date +%s) )); [ "$left" -gt 30 ] || left=30
check_rc=0
bench_java fault-check --receiver "$RECEIVER_URL" --run "$RUN" --communities "$COMMUNITIES" --total "$TOTAL" \
  --timeout "$(( left < 180 ? left : 180 ))" --kills "$KILLS" || check_rc=$?

echo "From the services' logs (all of this run's stack):"
echo "  runner: hooks dropped for want of an enabled instance: $(grep -c 'has no enabled instance' "$RUN_DIR/logs/plugin-runner-service.log" || true)"
echo "  runner: receiver failures: $(grep -c 'Receiver of tutorial failed' "$RUN_DIR/logs/plugin-runner-service.log" || true)"
echo "  dispatcher: events dead-lettered: $(grep -c 'dead-lettered to' "$RUN_DIR/logs/event-dispatcher.log" || true)"
machine_line
if [ "$rc" != 0 ] || [ "$check_rc" != 0 ]; then
  echo "FAULT TEST FAILED"
  exit 1
fi
echo "FAULT TEST PASSED"
