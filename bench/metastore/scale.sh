#!/usr/bin/env bash
# MetaStore at scale: search latency with SIZES datasets (default "100 100000"), and the service's RSS while
# TOUCH (10000) different datasets are read and updated. Datasets are seeded straight into the data directory (as
# the git backend lays them out), the service builds its search index from them at start. Traffic to 127.0.0.1 only.
#   bench/metastore/scale.sh
#   SIZES=1000 TOUCH=2000 bench/metastore/scale.sh     # quick
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_if_needed
SECRET="bench-secret-$(date +%s%N)-0123456789abcdef"
TOKEN="$(mint "$SECRET")"
WORK=""
cleanup() { stop_service; [ -n "$WORK" ] && rm -rf "$WORK"; }
trap cleanup EXIT
echo "MetaStore scale bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

for N in ${SIZES:-100 100000}; do
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/metastore-scale.XXXXXX")"
  java -cp "$CP" "$ROOT/bench/metastore/Scale.java" seed "$WORK/data" "$N" 2> >(grep -v "^SLF4J" >&2)
  PORT="$(free_port)"
  T0=$(date +%s%N)
  WAIT_S=3600 start_service "$WORK/data" "$PORT" "$SECRET" "$WORK/service.log"
  echo "started with $N datasets (search index built from them) in $(( ($(date +%s%N) - T0) / 1000000 )) ms;" \
    "index $(du -sh "$WORK/data/index" | cut -f1), data $(du -sh "$WORK/data" | cut -f1)"
  java -cp "$CP" "$ROOT/bench/metastore/Scale.java" search "http://127.0.0.1:$PORT" "$TOKEN" "$N"
  echo "service RSS: $(rss_mib "$PID") MiB"
  stop_service
  rm -rf "$WORK"; WORK=""
done

TOUCH="${TOUCH:-10000}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/metastore-scale.XXXXXX")"
java -cp "$CP" "$ROOT/bench/metastore/Scale.java" seed "$WORK/data" "$TOUCH" 2> >(grep -v "^SLF4J" >&2)
PORT="$(free_port)"
WAIT_S=3600 BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx512m}" start_service "$WORK/data" "$PORT" "$SECRET" \
  "$WORK/service.log" METASTORE_OPEN_REPOSITORIES="${OPEN_REPOSITORIES:-256}"
echo "touching $TOUCH datasets (METASTORE_OPEN_REPOSITORIES=${OPEN_REPOSITORIES:-256}, ${BENCH_JAVA_OPTS:--Xmx512m})"
java -cp "$CP" "$ROOT/bench/metastore/Scale.java" touch "http://127.0.0.1:$PORT" "$TOKEN" "$TOUCH" "$PID"
echo "open files of the service: $(ls /proc/$PID/fd | wc -l)"
