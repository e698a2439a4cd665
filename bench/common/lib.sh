# Shared by bench/*/run.sh (sourced, not run). Starts and stops a stack of our own with deploy/local/run.sh, on ports
# apart from a developer's stack (8080...) and the e2e tests' (18080...), and builds the bench module (bench/pom.xml,
# see build.sh) into a copy in RUN_DIR/bench-classes.
#
# Settings (environment), with their defaults:
#   GATEWAY_URL               use the stack already running there instead of starting one (then nothing is stopped)
#   PORT_BASE=28080 KAFKA_PORT=29092 PG_PORT=25432 RUN_DIR=/tmp/bench-run   the stack we start
#   RECEIVER_PORT=28095       the bench's driver receiver (hooks, fault)
#   JAVA_OPTS                 the services' JVM options (run.sh's default: small heaps, C1 only)
#   SKIP_BUILD                1 (default when the six jars exist): use the jars as built; 0: let run.sh build
#   PORT_WAIT=900             seconds to wait for the stack's ports to be free before giving up
#   SNAPSHOT=1                run a copy of the built services (RUN_DIR/app), so a rebuild of the working tree
#                             while the bench runs (colleagues, CI) cannot swap jars under the running stack

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PORT_BASE="${PORT_BASE:-28080}" KAFKA_PORT="${KAFKA_PORT:-29092}" PG_PORT="${PG_PORT:-25432}"
export RUN_DIR="${RUN_DIR:-/tmp/bench-run}"
RECEIVER_PORT="${RECEIVER_PORT:-28095}"
RECEIVER_URL="http://127.0.0.1:$RECEIVER_PORT"
BENCH_CLASSES="$RUN_DIR/bench-classes"
BENCH_CP="$BENCH_CLASSES/*" # the bench's jar and its dependencies, copied by bench_compile
BENCH_MAIN=org.metagov.bench.BenchMain
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
MODULES=(community-service plugin-runner-service process-service event-dispatcher gateway-service metastore-service)
STARTED_STACK=0
RECEIVER_PID=""
STACK_ROOT="$BENCH_ROOT" # where the stack's jars and run.sh are taken from (a snapshot, see stack_snapshot)

bsay() { printf '[%s %s] %s\n' "$(basename "$(dirname "$0")")" "$(date -u +%H:%M:%S)" "$*"; }

# Builds the bench module when its sources changed (build.sh) and copies its jars to RUN_DIR/bench-classes, so a
# rebuild of the working tree while the bench runs cannot swap them under it.
bench_compile() {
  bench_build || return 1
  rm -rf "$BENCH_CLASSES"
  mkdir -p "$BENCH_CLASSES"
  cp "$BENCH_ROOT/bench/target/bench.jar" "$BENCH_ROOT"/bench/target/lib/*.jar "$BENCH_CLASSES/"
}

bench_java() { java -Xmx512m -XX:+UseSerialGC -cp "$BENCH_CP" "$BENCH_MAIN" "$@"; }

machine_line() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%Y-%m-%dT%H:%M:%SZ); stack, load generator and receiver share these cores"
}

code_line() {
  local dirty
  dirty="$(cd "$BENCH_ROOT" && git status --porcelain --untracked-files=no -- . ':!bench' 2>/dev/null | wc -l)"
  echo "code: $(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null) ($dirty modified files outside bench/ in the working tree); jars built $(date -u -r "$STACK_ROOT/plugin-runner-service/target/quarkus-app/quarkus-run.jar" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)$([ "$STACK_ROOT" = "$BENCH_ROOT" ] || echo ", run from a copy in $STACK_ROOT")"
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

# Copies what run.sh needs (itself and the single-file programs beside it (the token tool, the receiver), the six
# quarkus-app folders, libs/testing's LocalInfra) to RUN_DIR/app once no build has touched them for 30 s, and checks
# nothing changed while copying.
stack_snapshot() {
  local src=("deploy/local/run.sh" "libs/testing/target/classes" "libs/testing/target/classpath.txt") m marker
  for m in "$BENCH_ROOT"/deploy/local/*.java; do src+=("deploy/local/$(basename "$m")"); done
  for m in "${MODULES[@]}"; do src+=("$m/target/quarkus-app"); done
  local deadline=$(( $(date +%s) + ${PORT_WAIT:-900} ))
  marker="$RUN_DIR/.snapshot-marker"
  while :; do
    touch -d '-30 seconds' "$marker"
    if [ -z "$(cd "$BENCH_ROOT" && find "${src[@]}" -newer "$marker" -print -quit 2>/dev/null)" ]; then
      touch "$marker"
      rm -rf "$RUN_DIR/app"
      for m in "${src[@]}"; do
        mkdir -p "$RUN_DIR/app/$(dirname "$m")"
        cp -a "$BENCH_ROOT/$m" "$RUN_DIR/app/$m"
      done
      if [ -z "$(cd "$BENCH_ROOT" && find "${src[@]}" -newer "$marker" -print -quit 2>/dev/null)" ]; then
        STACK_ROOT="$RUN_DIR/app"
        return 0
      fi
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the build output keeps changing; no snapshot taken" >&2; return 1; }
    bsay "a build is writing the jars; waiting for it to settle"
    sleep 20
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
    RUN_DIR="$RUN_DIR" "$STACK_ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true
  fi
  if [ "${SNAPSHOT:-1}" = 1 ] && [ "$SKIP_BUILD" = 1 ]; then
    stack_snapshot || return 1
  fi
  # a fresh stack: Kafka's log is dropped on every stop, so a kept database would know communities Kafka does not
  rm -rf "$RUN_DIR/postgres" "$RUN_DIR/kafka" "$RUN_DIR/metastore" "$RUN_DIR/logs"
  bsay "starting the stack (gateway :$PORT_BASE, Kafka :$KAFKA_PORT, PostgreSQL :$PG_PORT, RUN_DIR $RUN_DIR)"
  local t0; t0=$(date +%s)
  STARTED_STACK=1
  local attempt
  for attempt in 1 2; do
    if env SKIP_BUILD="$SKIP_BUILD" "$@" "$STACK_ROOT/deploy/local/run.sh" --detach >"$RUN_DIR/stack-start.log" 2>&1; then
      break
    fi
    # on a crowded machine a service may miss its start deadline (a database connection timing out, say): once more
    grep -v '^[[:space:]]*at \|^{' "$RUN_DIR/stack-start.log" | tail -12 >&2
    [ "$attempt" = 1 ] || return 1
    bsay "the stack did not start; trying once more"
    RUN_DIR="$RUN_DIR" "$STACK_ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true
    rm -rf "$RUN_DIR/postgres" "$RUN_DIR/kafka" "$RUN_DIR/metastore"
  done
  GATEWAY_URL="http://localhost:$PORT_BASE"
  bsay "stack ready in $(( $(date +%s) - t0 )) s"
  code_line
}

stack_stop() {
  if [ "$STARTED_STACK" = 1 ]; then
    bsay "stopping the stack"
    RUN_DIR="$RUN_DIR" "$STACK_ROOT/deploy/local/run.sh" stop >/dev/null 2>&1 || true
    STARTED_STACK=0
  fi
}

receiver_start() { # mode [extra args]
  local mode=$1; shift
  (exec java -Xmx512m -XX:+UseSerialGC -cp "$BENCH_CP" "$BENCH_MAIN" receiver --port "$RECEIVER_PORT" --mode "$mode" "$@" \
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

alive() { [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops one service of the stack with the signal (KILL: kill -9; TERM) and starts it again exactly as run.sh did:
# its command line, environment and working directory come from /proc/<pid> (pid from RUN_DIR/pids), any extra JVM
# options go right after "java", its log is appended to, its pid file updated. Returns once /q/health/ready answers.
# Sets RESTART_OLD_PID, RESTART_KILLED_US and RESTART_READY_US (epoch microseconds).
restart_service() { # signal name [extra JVM options...]
  local signal=$1 name=$2; shift 2
  local pidf="$RUN_DIR/pids/$name.pid" pid cwd port deadline=$(( $(date +%s) + ${RESTART_TIMEOUT:-240} ))
  pid="$(cat "$pidf")"
  local argv=() envv=()
  mapfile -d '' -t argv <"/proc/$pid/cmdline"
  mapfile -d '' -t envv <"/proc/$pid/environ"
  cwd="$(readlink "/proc/$pid/cwd")"
  [ $# -eq 0 ] || argv=("${argv[0]}" "$@" "${argv[@]:1}")
  RESTART_OLD_PID=$pid
  RESTART_KILLED_US=$(date +%s%6N)
  kill "-$signal" "$pid"
  while alive "$pid"; do sleep 0.05; done
  bsay "kill -$signal $name (pid $pid)${BENCH_PROGRESS:+ at $($BENCH_PROGRESS)}"
  (cd "$cwd" && exec env -i "${envv[@]}" nohup "${argv[@]}" >>"$RUN_DIR/logs/$name.log" 2>&1) &
  echo $! >"$pidf"
  disown $! # run.sh stop ends it by its pid file; no job report from this shell if it is killed later
  port="$(service_port "$name")"
  until curl -sf -o /dev/null "http://localhost:$port/q/health/ready"; do
    alive "$(cat "$pidf")" || { echo "$name did not restart, see $RUN_DIR/logs/$name.log" >&2; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$name not ready ${RESTART_TIMEOUT:-240} s after restart" >&2; return 1; }
    sleep 0.5
  done
  RESTART_READY_US=$(date +%s%6N)
  bsay "$name restarted (pid $(cat "$pidf")), ready after $(( (RESTART_READY_US - RESTART_KILLED_US) / 1000 )) ms"
}

# RUNNER_EXTRA_OPTS="-D..." (a what-if): restarts the plugin-runner alone with these extra JVM options (JAVA_OPTS
# would reach every service, and the others refuse channels they do not have).
runner_extra_opts() {
  [ -n "${RUNNER_EXTRA_OPTS:-}" ] || return 0
  # shellcheck disable=SC2086
  restart_service TERM plugin-runner-service $RUNNER_EXTRA_OPTS
  bsay "plugin-runner-service runs with the extra options: $RUNNER_EXTRA_OPTS"
}

# "name=pid,..." for Bench's --pids: PostgreSQL's postmaster (its backends are its children), detached from run.sh's
# infra JVM, so not among the pid files.
extra_pids() {
  local pg
  pg="$(pgrep -f -- "-D $RUN_DIR/postgres" | head -1 || true)"
  echo "${pg:+pg=$pg}${1:+${pg:+,}$1}"
}

# The port a service of our stack listens on.
service_port() {
  case "$1" in
    gateway-service) echo "$PORT_BASE" ;; community-service) echo $((PORT_BASE + 1)) ;;
    plugin-runner-service) echo $((PORT_BASE + 2)) ;; process-service) echo $((PORT_BASE + 3)) ;;
    event-dispatcher) echo $((PORT_BASE + 4)) ;; metastore-service) echo $((PORT_BASE + 10)) ;;
  esac
}
