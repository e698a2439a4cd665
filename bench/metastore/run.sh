#!/usr/bin/env bash
# MetaStore benchmark: packages metastore-service if needed, starts the jar on a free port with a temporary data
# directory and a throw-away secret, runs Bench.java against it, and stops it. Prints the figures; exits non-zero
# if anything failed. Sizes: REVISIONS (10000) READS (5000) DATASETS (1000) CLI_COMMITS (300) CLIENTS (4).
#   bench/metastore/run.sh            # full run (a few minutes on 2 cores)
#   REVISIONS=1000 DATASETS=200 bench/metastore/run.sh   # quick
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
APP="$ROOT/metastore-service/target/quarkus-app"
if [ ! -f "$APP/quarkus-run.jar" ] || [ -n "${REBUILD:-}" ]; then
  # the reactor builds libs/webhooks too; nothing is installed into the shared ~/.m2
  (cd "$ROOT" && ./mvnw -B -ntp -q ${MVN_OFFLINE:--o} package -pl metastore-service -am -DskipTests)
fi
command -v git >/dev/null || { echo "bench: the git command line is needed for the comparison" >&2; exit 1; }
source "$ROOT/bench/common/build.sh"
bench_build # Bench.java uses the bench module's HTTP client and latency statistics

WORK="$(mktemp -d "${TMPDIR:-/tmp}/metastore-bench.XXXXXX")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18090)"
SECRET="bench-secret-$(date +%s%N)-0123456789abcdef"
LOG="$WORK/service.log"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

METASTORE_DATA_DIR="$WORK/data" METASTORE_JWT_SECRET="$SECRET" QUARKUS_HTTP_PORT="$PORT" \
  QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN \
  java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$APP/quarkus-run.jar" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "bench: the service did not start:" >&2; cat "$LOG" >&2; exit 1; fi
  sleep 0.5
done
TOKEN="$(METASTORE_JWT_SECRET="$SECRET" java "$ROOT/metastore-service/src/main/java/org/metagov/metastore/cli/MintToken.java" \
  --name Bench --email bench@example.org --ttl 7200 'ds:*:*')"
echo "service: pid $PID, port $PORT, data $WORK/data, java $(java -version 2>&1 | head -1)"
java -cp "$BENCH_JARS:$APP/lib/main/*" "$ROOT/bench/metastore/Bench.java" "http://127.0.0.1:$PORT" "$TOKEN" "$WORK"
echo "data directory: $(du -sh "$WORK/data" | cut -f1); service RSS: $(ps -o rss= -p "$PID" | awk '{printf "%.0f MiB", $1/1024}')"
