#!/usr/bin/env bash
# Starts the executor. Under a Mesos agent: name this script in ExecutorInfo.command.value.
# Without a cluster:  run-executor.sh --local TASKFILE [options]   (see README.md)
#
# Finds Java ($JAVA_HOME, then PATH), the executor jar next to this script (building it first in
# a source checkout), and libmesos ($MESOS_NATIVE_JAVA_LIBRARY, then the usual install paths),
# then execs the JVM with a UTF-8 locale (see "Locale" below) and small-footprint defaults;
# $JAVA_OPTS is applied on top of them.
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

# Locale. The agent passes its own environment on no longer (Mesos 1.0+), so there is often no
# LANG at all, and the JVM then turns every non-ASCII character of a command, argument,
# environment value or path into '?'. The JVM reads its file-name encoding from the C locale
# (setlocale(LC_ALL, ""): LC_ALL, else each category's LC_*, else LANG) at start-up and JDK 17
# offers no supported option to change it. When that locale is not UTF-8, or cannot be set at all
# (a LANG naming a locale not installed here makes every category fall back to C, LC_CTYPE
# included), the JVM gets LC_ALL set to a UTF-8 locale installed here. The script records that
# in EXECUTOR_SCRIPT_LOCALE (LC_ALL=VALUE) and the value it replaced, if LC_ALL was set, in
# EXECUTOR_SCRIPT_LOCALE_WAS: the executor undoes exactly that in every task's environment.
unset EXECUTOR_SCRIPT_LOCALE EXECUTOR_SCRIPT_LOCALE_WAS  # only this script's own values count
utf8_locale=""
if command -v locale >/dev/null 2>&1; then
  # locale(1) warns on stderr when the inherited settings cannot all be set: that counts as not UTF-8.
  inherited_utf8=false
  [[ "$(locale charmap 2>&1)" == "UTF-8" ]] && inherited_utf8=true
  if ! $inherited_utf8; then
    # C.UTF-8 where it exists (glibc 2.35+ always, Debian/Ubuntu for long); older agents such as
    # CentOS 7 lack it but usually have en_US.UTF-8; else any UTF-8 locale installed.
    for candidate in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8 $(locale -a 2>/dev/null | grep -i 'utf-\?8' || true); do
      if [[ "$(LC_ALL="$candidate" locale charmap 2>&1)" == "UTF-8" ]]; then
        utf8_locale="$candidate"; break
      fi
    done
  fi
else
  # Without locale(1) nothing can be checked: trust a UTF-8 name, else try C.UTF-8.
  inherited_utf8=false
  shopt -s nocasematch
  inherited="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
  [[ "$inherited" == *.utf-8* || "$inherited" == *.utf8* ]] && inherited_utf8=true
  shopt -u nocasematch
  utf8_locale=C.UTF-8
fi
if ! $inherited_utf8; then
  if [[ -z "$utf8_locale" ]]; then
    echo "run-executor.sh: warning: no UTF-8 locale is installed (locale -a); non-ASCII text in commands, environment values and task ids cannot reach tasks" >&2
  else
    if [[ -n "${LC_ALL+set}" ]]; then export EXECUTOR_SCRIPT_LOCALE_WAS="$LC_ALL"; fi
    export LC_ALL="$utf8_locale"
    export EXECUTOR_SCRIPT_LOCALE="LC_ALL=$utf8_locale"
  fi
fi

# Small-footprint defaults: one executor runs on every agent, next to the tasks it supervises.
# -Dfile.encoding=UTF-8: the default charset, which JDK 17 takes from the locale otherwise.
defaults=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=128m
  -XX:ReservedCodeCacheSize=64m -XX:-UsePerfData -Xshare:auto
  -Dfile.encoding=UTF-8)
if [[ -f "$here/conf/log4j2.xml" ]]; then
  defaults+=("-Dlog4j2.configurationFile=$here/conf/log4j2.xml")
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
exec "$java" "${defaults[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
