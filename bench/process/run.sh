#!/usr/bin/env bash
# Benchmark of governance processes (issue 5), not a test:
#   - callback latency p50/p99: time from completion to the callback arriving at a local driver receiver
#   - idle cost: CPU of process-service and plugin-runner with no pending processes, then with N pending
#     processes being ticked at the default update interval (60 s)
#
#   bench/process/run.sh                 start a stack of its own (ports 38080.., Kafka 39092, PostgreSQL 35432),
#                                        run, stop it
#   CALLBACKS=200 PENDING=10000 IDLE_SECONDS=60 bench/process/run.sh
#   GATEWAY_URL=http://localhost:8080 PG=localhost:55432 RUN_DIR=.run bench/process/run.sh
#                                        use a stack already running (deploy/local/run.sh --detach)
#
# Needs: Java 17, the jars built (./mvnw -o install -DskipTests); the bench module (bench/pom.xml, with the
# PostgreSQL JDBC driver) is built on first use (bench/common/build.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CALLBACKS="${CALLBACKS:-200}"
WARMUP="${WARMUP:-50}"
PENDING="${PENDING:-10000}"
IDLE_SECONDS="${IDLE_SECONDS:-60}"

source "$ROOT/bench/common/build.sh"
bench_build

own_stack=0
if [ -z "${GATEWAY_URL:-}" ]; then
  own_stack=1
  export RUN_DIR="${RUN_DIR:-$ROOT/bench/process/target/run}" PORT_BASE="${PORT_BASE:-38080}"
  export KAFKA_PORT="${KAFKA_PORT:-39092}" PG_PORT="${PG_PORT:-35432}" SKIP_BUILD="${SKIP_BUILD:-1}"
  GATEWAY_URL="http://localhost:$PORT_BASE"
  PG="localhost:$PG_PORT"
  mkdir -p "$RUN_DIR"
  echo "[bench] starting a stack in $RUN_DIR (gateway $GATEWAY_URL)"
  "$ROOT/deploy/local/run.sh" --detach >"$RUN_DIR/bench-start.log" 2>&1 \
    || { tail -40 "$RUN_DIR/bench-start.log" >&2; exit 1; }
  trap '"$ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true' EXIT
fi
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
PG="${PG:-localhost:55432}"
pid_of() { cat "$RUN_DIR/pids/$1.pid" 2>/dev/null || echo 0; }

java -Xmx512m -cp "$BENCH_JARS" org.metagov.bench.BenchMain process \
  gateway="$GATEWAY_URL" pg="$PG" callbacks="$CALLBACKS" warmup="$WARMUP" pending="$PENDING" idle-seconds="$IDLE_SECONDS" \
  process-pid="$(pid_of process-service)" runner-pid="$(pid_of plugin-runner-service)"
