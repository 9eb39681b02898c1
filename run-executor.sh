#!/usr/bin/env bash
# Starts the executor. Under a Mesos agent: name this script in ExecutorInfo.command.value.
# Without a cluster:  run-executor.sh --local TASKFILE [options]   (see README.md)
#
# Finds Java ($JAVA_HOME, then PATH), the executor jar next to this script (building it first in
# a source checkout), and libmesos ($MESOS_NATIVE_JAVA_LIBRARY, then the usual install paths),
# then execs the JVM with small-footprint defaults; $JAVA_OPTS is applied on top of them.
# Arguments after the options are the default command for tasks that carry none (Marathon runs
# exec '<this script>' <app cmd>).
set -euo pipefail

die() { echo "run-executor.sh: $*" >&2; exit 2; }

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

# Java: JAVA_HOME first (the agent does not pass its own environment on; set it in
# ExecutorInfo.command.environment), then PATH.
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(command -v java)"
else
  die "no Java found: set JAVA_HOME (in ExecutorInfo.command.environment under an agent) or put java on PATH"
fi

# The jar: beside this script in the distribution archive, under target/ in a source checkout.
jar=""
for candidate in "$here/mesos-task-executor.jar" "$here/target/mesos-task-executor.jar"; do
  if [[ -f "$candidate" ]]; then jar="$candidate"; break; fi
done
if [[ -z "$jar" && -f "$here/pom.xml" ]]; then
  echo "run-executor.sh: building the executor jar (first run in this checkout)..." >&2
  (cd "$here" && mvn -B -q -DskipTests package 1>&2) || die "the build failed (mvn -DskipTests package)"
  jar="$here/target/mesos-task-executor.jar"
fi
[[ -f "$jar" ]] || die "executor jar not found next to $0 (looked for mesos-task-executor.jar and target/mesos-task-executor.jar)"

local_mode=false
[[ "${1:-}" == "--local" ]] && local_mode=true

if ! $local_mode; then
  [[ -n "${MESOS_SLAVE_PID:-}" ]] || die "MESOS_SLAVE_PID is not set: this script must be started by a Mesos agent (ExecutorInfo.command). To run tasks without a cluster: $0 --local TASKFILE"
  if [[ -z "${MESOS_NATIVE_JAVA_LIBRARY:-}" ]]; then
    tried=()
    for dir in /usr/lib /usr/local/lib /usr/lib64 /usr/local/lib64 /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /opt/mesos/lib /usr/lib/mesos; do
      for name in libmesos.so libmesos.dylib; do
        tried+=("$dir/$name")
        if [[ -f "$dir/$name" ]]; then MESOS_NATIVE_JAVA_LIBRARY="$dir/$name"; break 2; fi
      done
    done
    [[ -n "${MESOS_NATIVE_JAVA_LIBRARY:-}" ]] || die "libmesos not found; set MESOS_NATIVE_JAVA_LIBRARY to the path of libmesos.so. Tried: ${tried[*]}"
    export MESOS_NATIVE_JAVA_LIBRARY
  elif [[ ! -f "$MESOS_NATIVE_JAVA_LIBRARY" ]]; then
    die "MESOS_NATIVE_JAVA_LIBRARY=$MESOS_NATIVE_JAVA_LIBRARY does not exist; point it at libmesos.so"
  fi
fi

# Small-footprint defaults: one executor runs on every agent, next to the tasks it supervises.
defaults=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=128m
  -XX:ReservedCodeCacheSize=64m -XX:-UsePerfData -Xshare:auto)
if [[ -f "$here/conf/log4j2.xml" ]]; then
  defaults+=("-Dlog4j2.configurationFile=$here/conf/log4j2.xml")
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
exec "$java" "${defaults[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
