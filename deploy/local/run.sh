#!/usr/bin/env bash
# Runs the whole system on this machine: a real Kafka broker (KRaft) and a real PostgreSQL, started in-process
# from Maven artifacts unless external ones are given, and the six services on their fixed ports.
#
#   deploy/local/run.sh            build if needed, start everything, stay in the foreground; Ctrl-C stops all
#   deploy/local/run.sh --detach   start everything and return once every service is ready
#   deploy/local/run.sh stop       stop what a detached run started
#   deploy/local/run.sh status     show what runs
#   deploy/local/run.sh --receiver also start a small driver receiver that prints every event and process callback
#                                  it gets (with --detach too; its output is logs/receiver.log), and point
#                                  DRIVER_EVENT_RECEIVER_URL at it
#
# Settings (environment):
#   RUN_DIR                   run folder with logs/, pids/ and data (default: .run in the project)
#   SKIP_BUILD=1              use the jars already built
#   KAFKA_BOOTSTRAP_SERVERS   use this Kafka instead of starting one
#   DATABASE_URL              postgresql://user:password@host:port : use this PostgreSQL instead of starting one;
#                             it needs the databases community, runner, process and dispatcher
#   KAFKA_PORT (9092), PG_PORT (55432)   ports of the embedded broker and database
#   PORT_BASE (8080)          the gateway's port; the others follow: community +1, plugin-runner +2, process +3,
#                             event-dispatcher +4, metastore +10 (a second stack beside the first, e.g. for tests)
#   JAVA_OPTS                 extra JVM options for every service (default: small heaps for a laptop)
#   JFR_DIR                   a JDK Flight Recording of each service into JFR_DIR/<service>.jfr, written at stop
#   RECEIVER=1                as --receiver; RECEIVER_PORT (PORT_BASE + 15, 8095) its port
#   METAGOV_JWT_SIGNING_KEY   the gateway's token key (PEM); default: RUN_DIR/jwt-signing-key.pem, made once
#   METAGOV_INTERNAL_KEY      the gateway's key for its driver header; default: RUN_DIR/internal.key, made once
#   Any other variable (DRIVER_EVENT_RECEIVER_URL, DRIVER_WEBHOOK_SECRET, METASTORE_JWT_SECRET, ...) reaches the
#   services as it is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
LOGS="$RUN_DIR/logs"
PIDS="$RUN_DIR/pids"
KAFKA_PORT="${KAFKA_PORT:-9092}"
PG_PORT="${PG_PORT:-55432}"
JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
READY_TIMEOUT="${READY_TIMEOUT:-240}"
PORT_BASE="${PORT_BASE:-8080}"
P_GATEWAY=$PORT_BASE P_COMMUNITY=$((PORT_BASE + 1)) P_RUNNER=$((PORT_BASE + 2)) P_PROCESS=$((PORT_BASE + 3))
P_DISPATCHER=$((PORT_BASE + 4)) P_METASTORE=$((PORT_BASE + 10))

# name:port:module, in start order
SERVICES=(
  "community-service:$P_COMMUNITY:community-service"
  "plugin-runner-service:$P_RUNNER:plugin-runner-service"
  "process-service:$P_PROCESS:process-service"
  "event-dispatcher:$P_DISPATCHER:event-dispatcher"
  "gateway-service:$P_GATEWAY:gateway-service"
  "metastore-service:$P_METASTORE:metastore-service"
)

say() { printf '[run] %s\n' "$*"; }

is_running() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

stop_all() {
  local names=() entry
  for entry in "${SERVICES[@]}"; do names=("${entry%%:*}" "${names[@]}"); done
  names+=("infra" "receiver")
  for name in "${names[@]}"; do
    if is_running "$name"; then
      say "stopping $name"
      kill -TERM "$(cat "$PIDS/$name.pid")" 2>/dev/null || true
    fi
  done
  for name in "${names[@]}"; do
    if [ -f "$PIDS/$name.pid" ]; then
      local pid; pid="$(cat "$PIDS/$name.pid")"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PIDS/$name.pid"
    fi
  done
  say "stopped"
}

usage() { echo "usage: $0 [--detach] [--receiver] | stop | status" >&2; exit 2; }
case "${1:-}" in
  stop) [ $# -eq 1 ] || usage; stop_all; exit 0 ;;
  status)
    [ $# -eq 1 ] || usage
    for entry in infra "${SERVICES[@]}" receiver; do
      name="${entry%%:*}"
      if is_running "$name"; then echo "$name: running (pid $(cat "$PIDS/$name.pid"))"; else echo "$name: stopped"; fi
    done
    exit 0 ;;
esac
DETACH=0; RECEIVER="${RECEIVER:-0}"
for arg in "$@"; do
  case "$arg" in
    --detach) DETACH=1 ;;
    --receiver) RECEIVER=1 ;;
    *) usage ;;
  esac
done
RECEIVER_PORT="${RECEIVER_PORT:-$((PORT_BASE + 15))}"

for entry in infra "${SERVICES[@]}" receiver; do
  if is_running "${entry%%:*}"; then
    echo "Already running (${entry%%:*}); '$0 stop' first." >&2; exit 1
  fi
done
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port module <<<"$entry"
  # a service answering there from another run would pass our readiness checks: refuse instead
  if port_taken "$port"; then echo "Port $port ($name) is in use; stop what runs there or set PORT_BASE." >&2; exit 1; fi
done
[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ] && port_taken "$KAFKA_PORT" && { echo "Port $KAFKA_PORT (Kafka) is in use; set KAFKA_PORT." >&2; exit 1; }
[ -z "${DATABASE_URL:-}" ] && port_taken "$PG_PORT" && { echo "Port $PG_PORT (PostgreSQL) is in use; set PG_PORT." >&2; exit 1; }
[ "$RECEIVER" = "1" ] && port_taken "$RECEIVER_PORT" && { echo "Port $RECEIVER_PORT (receiver) is in use; set RECEIVER_PORT." >&2; exit 1; }
mkdir -p "$LOGS" "$PIDS"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  say "building (./mvnw package, tests skipped; the log is $LOGS/build.log)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl '!e2e' >"$LOGS/build.log" 2>&1) \
    || { echo "build failed, see $LOGS/build.log" >&2; tail -30 "$LOGS/build.log" >&2; exit 1; }
fi

[ "$DETACH" = "1" ] || trap 'echo; [ -n "${TAIL_PID:-}" ] && kill "$TAIL_PID" 2>/dev/null; stop_all; exit 0' INT TERM

# --- infrastructure -------------------------------------------------------------------------------------------
start_kafka=1; start_pg=1
[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ] && start_kafka=0
if [ -n "${DATABASE_URL:-}" ]; then
  start_pg=0
  # postgresql://user:password@host:port[/anything]
  rest="${DATABASE_URL#*://}"; creds="${rest%%@*}"; hostport="${rest#*@}"; hostport="${hostport%%/*}"
  DB_USER="${creds%%:*}"; DB_PASSWORD="${creds#*:}"; DB_HOSTPORT="$hostport"
else
  DB_USER=postgres; DB_PASSWORD=postgres; DB_HOSTPORT="localhost:$PG_PORT"
fi
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-localhost:$KAFKA_PORT}"

if [ "$start_kafka" = 1 ] || [ "$start_pg" = 1 ]; then
  say "starting infrastructure: $([ $start_kafka = 1 ] && echo "Kafka (KRaft) on :$KAFKA_PORT") $([ $start_pg = 1 ] && echo "PostgreSQL on :$PG_PORT")"
  cp="$ROOT/libs/testing/target/classes:$(cat "$ROOT/libs/testing/target/classpath.txt")"
  RUN_DIR="$RUN_DIR" KAFKA_PORT=$([ $start_kafka = 1 ] && echo "$KAFKA_PORT" || echo 0) \
    PG_PORT=$([ $start_pg = 1 ] && echo "$PG_PORT" || echo 0) \
    nohup java -Xmx512m -XX:+UseSerialGC ${INFRA_JAVA_OPTS:-} -cp "$cp" org.metagov.testing.LocalInfra >"$LOGS/infra.log" 2>&1 &
  echo $! >"$PIDS/infra.pid"
  for i in $(seq 1 120); do
    grep -q "INFRA READY" "$LOGS/infra.log" 2>/dev/null && break
    is_running infra || { echo "infrastructure failed to start, see $LOGS/infra.log" >&2; tail -20 "$LOGS/infra.log" >&2; exit 1; }
    sleep 1
  done
  grep -q "INFRA READY" "$LOGS/infra.log" || { echo "infrastructure not ready after 120 s" >&2; stop_all; exit 1; }
  say "infrastructure ready"
fi

# --- the driver receiver (optional): before the services, so the dispatcher knows its URL from the start ---------
if [ "$RECEIVER" = "1" ]; then
  [ -n "${DRIVER_EVENT_RECEIVER_URL:-}" ] && say "--receiver replaces DRIVER_EVENT_RECEIVER_URL=$DRIVER_EVENT_RECEIVER_URL"
  say "starting the driver receiver on :$RECEIVER_PORT (it prints events and callbacks to $LOGS/receiver.log)"
  nohup java -Xmx64m -XX:+UseSerialGC "$ROOT/deploy/local/DriverReceiver.java" "$RECEIVER_PORT" >"$LOGS/receiver.log" 2>&1 &
  echo $! >"$PIDS/receiver.pid"
  for _ in $(seq 1 60); do
    grep -q "listening" "$LOGS/receiver.log" 2>/dev/null && break
    is_running receiver || { echo "the receiver failed to start, see $LOGS/receiver.log" >&2; cat "$LOGS/receiver.log" >&2; stop_all; exit 1; }
    sleep 0.5
  done
  grep -q "listening" "$LOGS/receiver.log" || { echo "the receiver did not start in 30 s" >&2; stop_all; exit 1; }
  export DRIVER_EVENT_RECEIVER_URL="http://localhost:$RECEIVER_PORT/events"
fi

# --- keys (README "Authentication"): made once per run folder, kept across runs --------------------------------------
# the gateway's token signing key (unless METAGOV_JWT_SIGNING_KEY is given) and the deployment's internal key, with
# which the gateway signs the driver header to community-service and process-service
if [ -z "${METAGOV_JWT_SIGNING_KEY:-}" ]; then
  [ -f "$RUN_DIR/jwt-signing-key.pem" ] || java "$ROOT/deploy/local/DriverToken.java" keygen "$RUN_DIR/jwt-signing-key.pem"
  METAGOV_JWT_SIGNING_KEY="$(cat "$RUN_DIR/jwt-signing-key.pem")"
fi
if [ -z "${METAGOV_INTERNAL_KEY:-}" ]; then
  [ -f "$RUN_DIR/internal.key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$RUN_DIR/internal.key")
  METAGOV_INTERNAL_KEY="$(cat "$RUN_DIR/internal.key")"
fi
export METAGOV_INTERNAL_KEY
# a fresh administrator token each run (driver accounts: /api/internal/drivers)
(umask 077; METAGOV_JWT_SIGNING_KEY="$METAGOV_JWT_SIGNING_KEY" java "$ROOT/deploy/local/DriverToken.java" admin \
  >"$RUN_DIR/admin.token")

# --- services ---------------------------------------------------------------------------------------------------
db_for() {
  case "$1" in
    community-service) echo community ;; plugin-runner-service) echo runner ;; process-service) echo process ;; event-dispatcher) echo dispatcher ;; *) echo "" ;;
  esac
}
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port module <<<"$entry"
  jar="$ROOT/$module/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "$jar is missing: build first (without SKIP_BUILD)" >&2; stop_all; exit 1; }
  db="$(db_for "$name")"
  say "starting $name on :$port"
  (
    if [ -n "$db" ]; then
      export DB_REACTIVE_URL="postgresql://$DB_HOSTPORT/$db" DB_JDBC_URL="jdbc:postgresql://$DB_HOSTPORT/$db"
      export DB_USER DB_PASSWORD
    fi
    export COMMUNITY_SERVICE_URL="http://localhost:$P_COMMUNITY" PROCESS_SERVICE_URL="http://localhost:$P_PROCESS" PLUGIN_RUNNER_URL="http://localhost:$P_RUNNER"
    # only the gateway holds the signing key
    [ "$name" = gateway-service ] && export METAGOV_JWT_SIGNING_KEY
    # local drivers (callback_url) and platforms (e.g. sourcecred.server_url) live on localhost
    export METAGOV_OUTBOUND_ALLOW_LOOPBACK="${METAGOV_OUTBOUND_ALLOW_LOOPBACK:-${PROCESS_CALLBACK_ALLOW_LOOPBACK:-true}}"
    export METASTORE_DATA_DIR="${METASTORE_DATA_DIR:-$RUN_DIR/metastore}"
    export METASTORE_JWT_SECRET="${METASTORE_JWT_SECRET:-local-dev-secret-change-me-0123456789abcdef}"
    # shellcheck disable=SC2086
    # JFR_DIR: a Flight Recording per service (profile settings), written when it stops (bench jfr-summary reads them)
    jfr=""
    if [ -n "${JFR_DIR:-}" ]; then
      mkdir -p "$JFR_DIR"
      jfr="-XX:StartFlightRecording=filename=$JFR_DIR/$name.jfr,settings=profile,dumponexit=true"
    fi
    exec nohup java $JAVA_OPTS $jfr -Dquarkus.http.port="$port" -jar "$jar" >"$LOGS/$name.log" 2>&1
  ) &
  echo $! >"$PIDS/$name.pid"
done

say "waiting for every service to be ready (up to ${READY_TIMEOUT} s)"
deadline=$(( $(date +%s) + READY_TIMEOUT ))
pending=("${SERVICES[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  still=()
  for entry in "${pending[@]}"; do
    IFS=: read -r name port module <<<"$entry"
    if curl -sf -o /dev/null "http://localhost:$port/q/health/ready"; then
      say "$name ready"
    elif ! is_running "$name"; then
      echo "$name exited, see $LOGS/$name.log" >&2; tail -30 "$LOGS/$name.log" >&2; stop_all; exit 1
    else
      still+=("$entry")
    fi
  done
  pending=("${still[@]+"${still[@]}"}")
  if [ ${#pending[@]} -gt 0 ]; then
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "not ready in time: ${pending[*]%%:*} (logs in $LOGS)" >&2; stop_all; exit 1
    fi
    sleep 1
  fi
done

# the development default is shown so a token can be minted; a secret the user chose is never printed
METASTORE_JWT_SECRET_SHOWN="${METASTORE_JWT_SECRET:+<your METASTORE_JWT_SECRET>}"
METASTORE_JWT_SECRET_SHOWN="${METASTORE_JWT_SECRET_SHOWN:-local-dev-secret-change-me-0123456789abcdef}"
cat <<INFO

Metagov on Kafka is running (logs: $LOGS)
  gateway (drivers and platforms)  http://localhost:$P_GATEWAY   API docs: http://localhost:$P_GATEWAY/swagger
  community-service                http://localhost:$P_COMMUNITY
  plugin-runner-service            http://localhost:$P_RUNNER
  process-service                  http://localhost:$P_PROCESS
  event-dispatcher                 http://localhost:$P_DISPATCHER   driver receiver: ${DRIVER_EVENT_RECEIVER_URL:-(not set: events wait in Kafka)}
  metastore-service                http://localhost:$P_METASTORE   a dev token (signed with this run's secret):
      METASTORE_JWT_SECRET='$METASTORE_JWT_SECRET_SHOWN' metastore-service/mint-token.sh --name you 'ds:*:read,create,update,delete,purge,tag'
  administrator token              $RUN_DIR/admin.token   (calls from this host without a token act as the driver 'local')
      curl -H "Authorization: Bearer \$(cat $RUN_DIR/admin.token)" -H 'Content-Type: application/json' \\
        -d '{"name": "my-driver"}' http://localhost:$P_GATEWAY/api/internal/drivers    # -> {"id", "name", "token"}
  Kafka                            $KAFKA_BOOTSTRAP_SERVERS
  PostgreSQL                       $DB_HOSTPORT (user $DB_USER)
  health: /q/health/ready   metrics: /q/metrics   OpenAPI: /q/openapi   on every port

INFO
if [ "$RECEIVER" = "1" ]; then
  cat <<INFO
  driver receiver                  http://localhost:$RECEIVER_PORT   events: /events   process callback_url: http://localhost:$RECEIVER_PORT/callbacks/<name>
      it prints every event and callback it gets: tail -f $LOGS/receiver.log

INFO
fi

if [ "$DETACH" = "1" ]; then
  say "detached; stop with: $0 stop"
  exit 0
fi
say "press Ctrl-C to stop"
if [ "$RECEIVER" = "1" ]; then
  tail -n +1 -f "$LOGS/receiver.log" &
  TAIL_PID=$!
fi
while true; do sleep 1; done
