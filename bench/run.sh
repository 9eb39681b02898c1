#!/usr/bin/env bash
# Benchmarks of the executor: start-up (warm and cold class-data cache, from the checkout and from
# the distribution archive unpacked anew for each run, as on an agent), launch latency, footprint,
# kill latency, kills of whole process trees (killTask and shutdown), progress tracking (scan
# throughput against grep, CPU per 100 MB of task output), health checks (threads, pace, CPU
# per attempt), JVM tasks (launch latency against a bare ExecutorService.submit, 10,000 of them
# against 10,000 /bin/true tasks, heap and metaspace after 1,000 and 10,000), output events (CPU
# per 100 MB with events on against off and against `cat` into a file, events a second to a
# loopback TCP listener against a raw socket) and rotation (the task's throughput at 1 MB caps
# against unrotated, the task directory's largest size against (keep + 1) x the cap, lines lost),
# each as a ratio against a baseline measured in the same run, and the heap after 10,000 short
# tasks. Prints figures; it is not a test, and neither CI nor `mvn verify` runs
# it (`mvn verify` compiles bench/src/ into target/bench-classes/, so that it cannot rot, but does
# not run it).
#
#   bench/run.sh        builds target/mesos-task-executor.jar and the test classes (the benchmarks
#                       use the test helpers: RecordingDriver, ProcScan) if either is missing,
#                       compiles bench/src/ into bench/out/, runs every benchmark, prints the table
#   bench/run.sh NAME.. the same, for the named benchmarks only (the names after `==` in the
#                       output, e.g. `bench/run.sh shutdown-500`)
#
# The benchmark JVMs get the same default options as run-executor.sh (read from the script itself)
# plus $JAVA_OPTS, as the script applies them. Takes about ten minutes on two cores, all of it; the
# tree-kill benchmarks start up to 2,500 `sleep` processes at a time (50 tasks of 50 processes
# each), the shutdown benchmark 500 tasks of one `sleep` each, and the progress benchmark writes a 200 MB file in the scratch directory and up to 600 MB
# of task output in a sandbox under the JVM's temp directory (both deleted afterwards); the events
# benchmark writes 300 MB of task output and up to 400 MB of events.json, one run at a time.
set -euo pipefail

die() { echo "bench/run.sh: $*" >&2; exit 2; }

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
jar="$root/target/mesos-task-executor.jar"
examples="$root/target/mesos-task-executor-examples.jar"
tests="$root/target/test-classes"
out="$bench/out"

# The same Java as run-executor.sh picks: JAVA_HOME first, then PATH.
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)" || die "no Java found: set JAVA_HOME or put java on PATH"
fi
javac="$(dirname "$(readlink -f "$java")")/javac"
[[ -x "$javac" ]] || javac="$(command -v javac)" || die "no javac next to $java nor on PATH (a JDK is needed)"

if [[ ! -f "$jar" || ! -f "$examples" || ! -f "$tests/org/mesosexec/testing/RecordingDriver.class" ]]; then
  echo "bench/run.sh: building the executor jar and test classes (mvn -B -q -DskipTests package)..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) || die "the build failed"
fi

# The script's small-footprint defaults, taken from its `defaults=(...)` array so the two never drift.
# Comments after the array's lines are dropped first (no option holds a '#').
mapfile -t jvm < <(sed -n '/^defaults=(/,/)/p' "$root/run-executor.sh" | sed -e 's/[[:space:]]*#.*$//' \
  | sed -e 's/^defaults=(//' -e 's/)$//' | tr -s ' \t' '\n\n' | grep -v '^$')
((${#jvm[@]} > 0)) || die "could not read the JVM defaults from run-executor.sh (defaults=(...))"
for opt in "${jvm[@]}"; do [[ "$opt" == -* ]] || die "unexpected JVM default in run-executor.sh: $opt"; done
# shellcheck disable=SC2206 # JAVA_OPTS is a list of options, split on purpose, as the script does
jvm+=(${JAVA_OPTS:-})
# The script's logging set-up; the in-process benchmarks point executor.log at their own sandbox.
logging=("-Dlog4j2.configurationFile=$root/conf/log4j2.properties")

rm -rf "$out"
mkdir -p "$out"
# -proc:none: the shaded jar carries log4j's annotation processor, which must not run here.
"$javac" --release 17 -proc:none -Xlint:all -Werror -encoding UTF-8 -cp "$jar:$tests" -d "$out" \
  "$bench"/src/bench/*.java
cp="$out:$tests:$jar"
# The start-up floors need their main in a jar: a class-data archive refuses a directory.
(cd "$out" && "$(dirname "$javac")/jar" cf floor.jar bench/StartupFloor.class)

scratch="$(mktemp -d "${TMPDIR:-/tmp}/executor-bench.XXXXXX")"
rows="$scratch/rows"
: >"$rows"
trap 'rm -rf "$scratch"' EXIT

echo "executor benchmarks: $(nproc) cpu(s), $("$java" -version 2>&1 | head -1)" >&2
echo "jar: $jar ($(date -r "$jar" '+%F %T'))" >&2
echo "JVM options (run-executor.sh defaults): ${jvm[*]}" >&2

failed=()
only=("$@")
run_bench() {
  local name="$1"; shift
  if ((${#only[@]} > 0)) && [[ " ${only[*]} " != *" $name "* ]]; then
    return 0
  fi
  echo "== $name" >&2
  local t0=$SECONDS
  if "$java" "${jvm[@]}" -cp "$cp" "$@" >>"$rows"; then
    echo "   ($((SECONDS - t0)) s)" >&2
  else
    echo "   FAILED: $name" >&2
    failed+=("$name")
  fi
}

started=$SECONDS
run_bench start-up bench.StartupBench "$root" "$java" "$scratch" "$out/floor.jar" "${jvm[@]}"
run_bench launch "${logging[@]}" bench.LaunchBench
run_bench footprint bench.FootprintBench "$root" "$java" "$scratch" "$out" "${jvm[@]}"
run_bench kill "${logging[@]}" bench.KillBench
# One JVM per executor: a shutdown happens once in an executor's life.
run_bench tree-kill "${logging[@]}" bench.TreeKillBench kill
run_bench tree-shutdown-ignore "${logging[@]}" bench.TreeKillBench shutdown ignore
run_bench tree-shutdown-honour "${logging[@]}" bench.TreeKillBench shutdown honour
run_bench shutdown-500 "${logging[@]}" bench.ShutdownBench
run_bench registry "${logging[@]}" bench.RegistryBench
run_bench progress "${logging[@]}" bench.ProgressBench "$scratch"
run_bench health "${logging[@]}" bench.HealthBench
run_bench jvm-tasks "${logging[@]}" bench.JvmTaskBench "$examples"
run_bench events "${logging[@]}" bench.EventsBench cpu "$scratch"
# The shipped Logstash configuration over the default one, as EXECUTOR_LOG4J_CONFIG has Main do.
run_bench events-tcp "-Dlog4j2.configurationFile=$root/conf/log4j2.properties,$root/conf/log4j2-logstash.properties" \
  bench.EventsBench tcp "$scratch"
run_bench rotation "${logging[@]}" bench.RotationBench "$scratch"

echo
{
  echo "figure|executor|baseline (same run)|ratio|target|verdict"
  sed -n 's/^ROW|//p' "$rows"
} | column -t -s '|'
echo
echo "total $((SECONDS - started)) s"
if ((${#failed[@]} > 0)); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
