# Shared by the MetaStore bench scripts: build the jar if needed, start/stop the service on 127.0.0.1, mint a token.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/metastore-service/target/quarkus-app"
CP="$APP/lib/main/*"

build_if_needed() {
  if [ ! -f "$APP/quarkus-run.jar" ] || [ -n "${REBUILD:-}" ]; then
    (cd "$ROOT" && ./mvnw -B -ntp -q ${MVN_OFFLINE:--o} package -pl metastore-service -am -DskipTests)
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_service DATA_DIR PORT SECRET LOG [extra env...]: sets PID; waits (up to WAIT_S seconds) until ready
start_service() {
  local data="$1" port="$2" secret="$3" log="$4"; shift 4
  env METASTORE_DATA_DIR="$data" METASTORE_JWT_SECRET="$secret" QUARKUS_HTTP_PORT="$port" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN \
    QUARKUS_LOG_CATEGORY__ORG_METAGOV__LEVEL=INFO "$@" \
    java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$APP/quarkus-run.jar" >>"$log" 2>&1 &
  PID=$!
  local deadline=$(( $(date +%s) + ${WAIT_S:-120} ))
  until curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$PID" 2>/dev/null; then echo "bench: the service did not start:" >&2; tail -50 "$log" >&2; return 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "bench: the service was not ready in time" >&2; return 1; fi
    sleep 0.5
  done
}

stop_service() {
  if [ -n "${PID:-}" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=""
}

mint() {
  METASTORE_JWT_SECRET="$1" java "$ROOT/metastore-service/src/main/java/org/metagov/metastore/cli/MintToken.java" \
    --name Bench --email bench@example.org --ttl 7200 'ds:*:*'
}

rss_mib() {
  ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'
}
