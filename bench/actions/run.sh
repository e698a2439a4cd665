#!/usr/bin/env bash
# Issue 3's action benchmark (not a test): POST /api/internal/action/tutorial.times-two through the running stack at
# fixed rates, beside the same action called in-process, in one run.
#
#   bench/actions/run.sh                          start a stack of its own (PORT_BASE=28080 ...), bench, stop it
#   GATEWAY_URL=http://localhost:8080 bench/actions/run.sh     use a running stack
#
# Settings: RATES (200,500,1000), DURATION (s per rate, 20), WARMUP (s at 300/s, 20), CONNECTIONS (64), INPROC_OPTS
# (extra options of the in-process step, e.g. "--jmh-iterations 1 --jmh-seconds 1 --duration 2" for a quick run), and
# those of bench/common/lib.sh (ports, RUN_DIR, JAVA_OPTS, SKIP_BUILD, RUNNER_EXTRA_OPTS). JMH's own log of the
# in-process step: RUN_DIR/jmh-inproc.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"

RATES="${RATES:-200,500,1000}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
SERVICE_JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"

mkdir -p "$RUN_DIR"
trap 'stack_stop' EXIT
trap 'exit 130' INT TERM
bench_compile
stack_start
runner_extra_opts
machine_line
bsay "services' JVM options: $SERVICE_JAVA_OPTS"

bench_java actions --gateway "$GATEWAY_URL" --rates "$RATES" --duration "$DURATION" --warmup "$WARMUP" \
  --connections "$CONNECTIONS" --pids-dir "$RUN_DIR/pids" --pids "$(extra_pids)"

# in the same run, with the services' JVM options (JMH's forks inherit them), while the stack idles beside it
# shellcheck disable=SC2086
java $SERVICE_JAVA_OPTS -cp "$BENCH_CP" "$BENCH_MAIN" inproc \
  --runner-app "$STACK_ROOT/plugin-runner-service/target/quarkus-app" --rate 1000 --duration 10 \
  --jmh-log "$RUN_DIR/jmh-inproc.log" ${INPROC_OPTS:-}
machine_line
