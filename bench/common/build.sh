# Sourced by bench/common/lib.sh, bench/process/run.sh and bench/metastore/run.sh (not run).
# bench_build: packages the bench module (bench/pom.xml; not in the root pom's <modules>) when bench/pom.xml or
# bench/src changed since the last build, with the Maven wrapper (HdrHistogram, JMH and the PostgreSQL driver come
# from Maven Central the first time, then from ~/.m2; MVN_OFFLINE=-o to stay offline). Nothing is installed.
# Sets BENCH_JARS, the classpath of the bench: bench/target/bench.jar and its dependencies in bench/target/lib.
bench_build() {
  local root jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar="$root/bench/target/bench.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/pom.xml" "$root/bench/src" -newer "$jar" -print -quit)" ]; then
    # shellcheck disable=SC2086
    (cd "$root" && ./mvnw -B -ntp -q ${MVN_OFFLINE:-} -f bench/pom.xml package) \
      || { echo "bench: building bench/pom.xml failed" >&2; return 1; }
  fi
  BENCH_JARS="$jar:$root/bench/target/lib/*"
}
