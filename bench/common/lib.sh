# Shared by bench/*/run.sh (sourced, not run). Starts and stops a stack of our own with deploy/local/run.sh, on ports
# apart from a developer's stack (8080...) and the e2e tests' (18080...), and compiles bench/common/Bench.java.
#
# Settings (environment), with their defaults:
#   GATEWAY_URL               use the stack already running there instead of starting one (then nothing is stopped)
#   PORT_BASE=28080 KAFKA_PORT=29092 PG_PORT=25432 RUN_DIR=/tmp/bench-run   the stack we start
#   RECEIVER_PORT=28095       the bench's driver receiver (hooks, fault)
#   JAVA_OPTS                 the services' JVM options (run.sh's default: small heaps, C1 only)
#   SKIP_BUILD                1 (default when the six jars exist): use the jars as built; 0: let run.sh build
#   PORT_WAIT=900             seconds to wait for the stack's ports to be free before giving up

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PORT_BASE="${PORT_BASE:-28080}" KAFKA_PORT="${KAFKA_PORT:-29092}" PG_PORT="${PG_PORT:-25432}"
export RUN_DIR="${RUN_DIR:-/tmp/bench-run}"
RECEIVER_PORT="${RECEIVER_PORT:-28095}"
RECEIVER_URL="http://127.0.0.1:$RECEIVER_PORT"
BENCH_CLASSES="$RUN_DIR/bench-classes"
MODULES=(community-service plugin-runner-service process-service event-dispatcher gateway-service metastore-service)
STARTED_STACK=0
RECEIVER_PID=""

bsay() { printf '[%s %s] %s\n' "$(basename "$(dirname "$0")")" "$(date -u +%H:%M:%S)" "$*"; }

# Compiles Bench.java once per change (java Bench.java would compile it on every start).
bench_compile() {
  mkdir -p "$BENCH_CLASSES"
  if [ ! -f "$BENCH_CLASSES/Bench.class" ] || [ "$BENCH_ROOT/bench/common/Bench.java" -nt "$BENCH_CLASSES/Bench.class" ]; then
    javac -d "$BENCH_CLASSES" "$BENCH_ROOT/bench/common/Bench.java"
  fi
}

bench_java() { java -Xmx512m -XX:+UseSerialGC -cp "$BENCH_CLASSES" Bench "$@"; }

machine_line() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%Y-%m-%dT%H:%M:%SZ); stack, load generator and receiver share these cores"
}

code_line() {
  local dirty
  dirty="$(cd "$BENCH_ROOT" && git status --porcelain --untracked-files=no -- . ':!bench' 2>/dev/null | wc -l)"
  echo "code: $(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null) ($dirty modified files outside bench/ in the working tree); jars built $(date -u -r "$BENCH_ROOT/plugin-runner-service/target/quarkus-app/quarkus-run.jar" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until nobody listens on the ports our stack needs (a colleague's stack may hold them for a while).
await_free_ports() {
  local ports=("$PORT_BASE" $((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)) $((PORT_BASE + 4))
    $((PORT_BASE + 10)) "$KAFKA_PORT" "$PG_PORT")
  local deadline=$(( $(date +%s) + ${PORT_WAIT:-900} )) busy said=0
  while :; do
    busy=""
    for p in "${ports[@]}"; do port_busy "$p" && busy="$busy $p"; done
    [ -z "$busy" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "ports still in use after ${PORT_WAIT:-900} s:$busy (set PORT_BASE/KAFKA_PORT/PG_PORT/RECEIVER_PORT)" >&2
      return 1
    fi
    [ $said = 1 ] || { bsay "waiting for ports in use by someone else:$busy"; said=1; }
    sleep 5
  done
}

# Starts the stack with deploy/local/run.sh --detach and any extra environment given as NAME=value arguments.
stack_start() {
  if [ -n "${GATEWAY_URL:-}" ]; then
    bsay "using the stack at $GATEWAY_URL"
    return 0
  fi
  local m
  if [ -z "${SKIP_BUILD:-}" ]; then
    SKIP_BUILD=1
    for m in "${MODULES[@]}"; do [ -f "$BENCH_ROOT/$m/target/quarkus-app/quarkus-run.jar" ] || SKIP_BUILD=0; done
  fi
  await_free_ports || return 1
  if [ -f "$RUN_DIR/pids/infra.pid" ]; then
    RUN_DIR="$RUN_DIR" "$BENCH_ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true
  fi
  # a fresh stack: Kafka's log is dropped on every stop, so a kept database would know communities Kafka does not
  rm -rf "$RUN_DIR/postgres" "$RUN_DIR/kafka" "$RUN_DIR/metastore" "$RUN_DIR/logs"
  bsay "starting the stack (gateway :$PORT_BASE, Kafka :$KAFKA_PORT, PostgreSQL :$PG_PORT, RUN_DIR $RUN_DIR)"
  local t0; t0=$(date +%s)
  STARTED_STACK=1
  if ! env SKIP_BUILD="$SKIP_BUILD" "$@" "$BENCH_ROOT/deploy/local/run.sh" --detach >"$RUN_DIR/stack-start.log" 2>&1; then
    tail -30 "$RUN_DIR/stack-start.log" >&2
    return 1
  fi
  GATEWAY_URL="http://localhost:$PORT_BASE"
  bsay "stack ready in $(( $(date +%s) - t0 )) s"
  code_line
}

stack_stop() {
  if [ "$STARTED_STACK" = 1 ]; then
    bsay "stopping the stack"
    RUN_DIR="$RUN_DIR" "$BENCH_ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true
    STARTED_STACK=0
  fi
}

receiver_start() { # mode [extra args]
  local mode=$1; shift
  (exec java -Xmx512m -XX:+UseSerialGC -cp "$BENCH_CLASSES" Bench receiver --port "$RECEIVER_PORT" --mode "$mode" "$@" \
    >"$RUN_DIR/receiver.log" 2>&1) &
  RECEIVER_PID=$!
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "$RECEIVER_URL/count" && return 0
    kill -0 "$RECEIVER_PID" 2>/dev/null || { cat "$RUN_DIR/receiver.log" >&2; return 1; }
    sleep 0.5
  done
  echo "the receiver did not start" >&2
  return 1
}

receiver_stop() {
  if [ -n "$RECEIVER_PID" ]; then
    kill "$RECEIVER_PID" 2>/dev/null || true
    wait "$RECEIVER_PID" 2>/dev/null || true
    RECEIVER_PID=""
  fi
}

# The port a service of our stack listens on.
service_port() {
  case "$1" in
    gateway-service) echo "$PORT_BASE" ;; community-service) echo $((PORT_BASE + 1)) ;;
    plugin-runner-service) echo $((PORT_BASE + 2)) ;; process-service) echo $((PORT_BASE + 3)) ;;
    event-dispatcher) echo $((PORT_BASE + 4)) ;; metastore-service) echo $((PORT_BASE + 10)) ;;
  esac
}
