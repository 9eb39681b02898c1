#!/usr/bin/env bash
# Starts the executor. Under a Mesos agent: name this script in ExecutorInfo.command.value.
# Without a cluster:  run-executor.sh --local TASKFILE [options]   (see README.md)
# On a cluster, as a small framework:  run-executor.sh --submit MASTER TASKFILE [options]
#
# Finds Java ($JAVA_HOME, then PATH), the executor jar next to this script (building it first in
# a source checkout), and libmesos ($MESOS_NATIVE_JAVA_LIBRARY, then the usual install paths),
# then execs the JVM with a UTF-8 locale (see "Locale" below), small-footprint defaults and the
# agent's class-data cache (see "Class-data cache" below); $JAVA_OPTS is applied on top of them.
# Arguments after the options are the default command for tasks that carry none (Marathon runs
# exec '<this script>' <app cmd>).
set -euo pipefail

die() { echo "run-executor.sh: $*" >&2; exit 2; }

# Every process started before the JVM costs start-up on every task (a fork and an exec take 5 to
# 10 ms on a busy agent), so what bash can do itself, it does: a path is taken apart with ${x%/*},
# a program found on PATH with `hash`, a locale tried by bash's own setlocale.
script="${BASH_SOURCE[0]}"
[[ -L "$script" ]] && script="$(readlink -f "$script")"
[[ "$script" == */* ]] || script="./$script"
here="${script%/*}"
[[ -n "$here" ]] || here=/
[[ "$here" == /* ]] || here="$PWD/${here#./}"
here="${here%/.}"

# Java: the runtime of the self-contained archive (mvn -Pbundled package) beside this script;
# else JAVA_HOME (the agent does not pass its own environment on; set it in
# ExecutorInfo.command.environment), then PATH.
if [[ -x "$here/runtime/bin/java" ]]; then
  java="$here/runtime/bin/java"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
elif hash java 2>/dev/null && [[ -n "${BASH_CMDS[java]:-}" ]]; then
  java="${BASH_CMDS[java]}"
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

# --local needs neither agent nor libmesos; --submit (a framework) needs libmesos but no agent.
run_mode=agent
case "${1:-}" in
  --local) run_mode=local ;;
  --submit) run_mode=submit ;;
esac

if [[ $run_mode != local ]]; then
  if [[ $run_mode == agent ]]; then
    [[ -n "${MESOS_SLAVE_PID:-}" ]] || die "MESOS_SLAVE_PID is not set: this script must be started by a Mesos agent (ExecutorInfo.command). To run tasks without a cluster: $0 --local TASKFILE"
  fi
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
# Whether locale $1 is installed and UTF-8: bash sets it with setlocale(3), as the JVM will, from C
# (a locale that cannot be set leaves the one before it), and counts the characters of a two-byte
# UTF-8 sequence. Call it with stderr to /dev/null: bash warns of a locale it cannot set.
utf8_locale_ok() {
  local LC_ALL=C s=$'\xc3\xa9'
  LC_ALL="$1"
  ((${#s} == 1))
}
# Sets utf8_locale to the first of the arguments that utf8_locale_ok takes.
pick_utf8_locale() {
  local candidate
  for candidate in "$@"; do
    if utf8_locale_ok "$candidate" 2>/dev/null; then
      utf8_locale="$candidate"; return 0
    fi
  done
  return 1
}
if hash locale 2>/dev/null; then
  inherited_utf8=false
  # A character set named by nothing, or by C or POSIX (LC_ALL, else LC_CTYPE, else LANG), is
  # ASCII: the usual case under an agent. Otherwise locale(1) decides: it warns on stderr when the
  # inherited settings cannot all be set, and that counts as not UTF-8 (the JVM's setlocale fails
  # as a whole then).
  case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    "" | C | POSIX) ;;
    *) [[ "$(locale charmap 2>&1)" == "UTF-8" ]] && inherited_utf8=true ;;
  esac
  if ! $inherited_utf8; then
    # C.UTF-8 where it exists (glibc 2.35+ always, Debian/Ubuntu for long); older agents such as
    # CentOS 7 lack it but usually have en_US.UTF-8; else any UTF-8 locale installed (locale -a
    # only then: it is a process of its own).
    # shellcheck disable=SC2046 # locale names, split on purpose
    pick_utf8_locale C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8 \
      || pick_utf8_locale $(locale -a 2>/dev/null | grep -i 'utf-\?8' || true) || true
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
# -Xlog: the JVM's own warnings go to stderr, never to stdout (the local mode's JSON lines).
# -XX:CICompilerCount=1: C1 alone needs one compiler thread, not two; VmRSS with 1 sleeping task
# 68.2 -> 67.3 MB, with 200 78.3 -> 76.7 MB, start-up CPU no higher (11 interleaved runs). It is
# dropped when JAVA_OPTS sets the compilers itself: with C2 back on, the JVM refuses a count of 1.
# Weighed and left out, each measured the same way with no gain beyond noise (1 task, then 200):
# MALLOC_ARENA_MAX=2 (68.1 and 77.8 MB; it would also have to be kept from the tasks),
# -Xss256k (68.5), -XX:MetaspaceSize=8m (68.4), -XX:ReservedCodeCacheSize=16m (68.6),
# -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 (68.6); -XX:-TieredCompilation (C2 alone) costs
# 11 MB. Compressed class pointers are the JDK's default already.
# -XX:MaxNewSize=1536k: the young generation stays small instead of taking a third of every
# expansion of the heap as tasks add to the old generation, and allocation touches every byte of
# it. VmRSS with 200 sleeping tasks 74.0 -> 71.5 MB at 2688k (a third of -Xms8m); 1536k, with the
# reflection setting below and the build's -XDstringConcat=inline, took it from 70.2 to 69.0 MB
# and 1 task's from 65.5 to 64.5 (medians of 3, bench/run.sh footprint, same machine and hour). It
# is dropped when JAVA_OPTS sizes the heap or its young generation itself. Weighed and left out,
# with 200 tasks, each against its own run's figure without it: -Xmn2m (71.0 against 74.0; with 1 task 0.3 MB less than MaxNewSize, for
# more young collections at start-up), -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 (71.9
# against 74.4; 71.7 with MaxNewSize, no gain on it), -XX:TrimNativeHeapInterval=1000 (72.0 with
# MaxNewSize, against 72.0; JDK 17.0.9+), -XX:CompileThresholdScaling=2 (72.4 against 74.4: C1
# compiles the per-task code after twice as many tasks, which moves that growth of the code cache
# to 400 tasks and runs the launch path interpreted for longer; weighed again with the defaults
# below: 67.2, 68.1 and 68.1 MB in three runs against 68.2, within the noise).
# -XX:ArchiveRelocationMode=0
# (diagnostic) leaves VmRSS as it is (67.1 against 67.0 MB with 1 task) but maps the class-data
# archives unpatched where they were made to be, so that 15 MB of them stays shared page cache
# (RssAnon 44.4 -> 29.7 MB); left out, as it gives up the archives' address randomisation, which is
# why this JDK's default is 1. Nor is it faster to start: the pages that relocation would have
# touched are faulted in later instead (java -version 11 ms faster, the executor no faster in
# interleaved runs).
# -Dsun.reflect.inflationThreshold: JDK 17 turns a method called reflectively 15 times into a
# generated class of its own, with a class loader of its own (protobuf's JSON mapping calls the
# Mesos messages' getters that way); the native accessor it starts with is kept instead. JDK 18+
# calls through method handles and ignores it.
defaults=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xms8m -Xmx256m
  -XX:MaxNewSize=1536k -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:-UsePerfData -Xshare:auto -Xlog:disable
  -Xlog:all=warning:stderr -Dfile.encoding=UTF-8 -Dsun.reflect.inflationThreshold=2147483647)
# Drops the default that starts with $1.
drop_default() {
  local i
  for i in "${!defaults[@]}"; do
    [[ "${defaults[$i]}" == "$1"* ]] && unset 'defaults[i]'
  done
  defaults=("${defaults[@]}")
}
case " ${JAVA_OPTS:-} " in
  *TieredStopAtLevel* | *TieredCompilation* | *CICompilerCount*) drop_default -XX:CICompilerCount= ;;
esac
# A heap sized in JAVA_OPTS gets the JVM's own young generation sizing back.
case " ${JAVA_OPTS:-} " in
  *" -Xms"* | *" -Xmx"* | *" -Xmn"* | *NewSize* | *NewRatio*) drop_default -XX:MaxNewSize= ;;
esac
if [[ -f "$here/conf/log4j2.properties" ]]; then
  defaults+=("-Dlog4j2.configurationFile=$here/conf/log4j2.properties")
fi

# Class-data cache. Loading and linking the executor's ~2,500 classes is most of its start-up; a
# dynamic class-data archive (AppCDS, JDK 13+) maps them ready-made instead. The archive is only
# valid for the class path it was made with (the jar's path, size and mtime) and for the exact
# JDK build, and under an agent every executor gets a new sandbox, so the cache lives outside it:
# one entry per jar content (md5) and JDK build (its release file, libjvm.so, the JVM options but
# system properties), holding a copy of the jar that every executor then runs from (the same path
# each time) and the archive. The first executor to find no archive takes the entry's dump
# (under flock, with its pid and start time recorded) and the JVM writes the archive when it exits
# normally; every other executor meanwhile runs without one and waits for nothing. A later
# executor that finds the dumper gone checks the archive (a JVM writes its header last, so a dump
# cut short has none) and moves it into place; after 3 dumps that left nothing usable, the entry
# stops trying. Whatever goes wrong (no release file, a directory of another user, a corrupt or
# unreadable archive), the executor runs without the cache and this script says why in one line
# on stderr. EXECUTOR_CDS_DIR: the cache directory, made with mode 700 (default
# /var/tmp/mesos-task-executor-UID, which survives reboots and needs no HOME, which an agent does
# not set); `off` turns it off.
# The JDK's other mechanisms were weighed: -XX:+AutoCreateSharedArchive (JDK 19+) has every JVM
# that finds no valid archive write the same file, which ten executors starting at once would
# all do; JDK 25's AOT cache (-XX:AOTCache) was about 10% faster to TASK_RUNNING than this
# archive here, but JDK 25.0.3 warns on every start with a cache it made itself, refuses
# -Xshare:auto, and makes the cache in a second JVM at exit.
run_jar="$jar"
cds_opts=()
cds_log() { echo "run-executor.sh: class-data cache: $*; running without it" >&2; }
# The self-contained archive's class-data archive, made at build time for its runtime and jar: the
# jar is then on the class path as descriptor 9 (/dev/fd/9), the class path it was made with,
# since the archive lands in a new directory every time. Only for the jar it was made from (same
# size and mtime, which tar keeps); else the agent's cache, which needs a JDK archive to build on
# that the bundled runtime does not have.
# Descriptor 9 stays open in the JVM, which closes it in every process it starts.
bundled_archive() {
  local made="" jar_stat=""
  [[ "$java" == "$here/runtime/bin/java" && -f "$here/runtime/lib/executor.jsa" ]] || return 1
  read -r made <"$here/runtime/lib/executor.jsa.jar" 2>/dev/null || return 1
  jar_stat="$(stat -c '%s %Y' "$jar" 2>/dev/null)" || return 1
  [[ "$made" == "$jar_stat" ]] || return 1
  exec 9<"$jar" || return 1
  run_jar=/dev/fd/9
  cds_opts=(-XX:SharedArchiveFile="$here/runtime/lib/executor.jsa")
}
# Whether $1 is a readable dynamic archive: its first 4 bytes are the JDK's magic 0xf00baba8.
cds_archive_ok() {
  local magic=""
  [[ -f "$1" && -r "$1" ]] || return 1
  LC_ALL=C IFS= read -r -d '' -N 4 magic <"$1" 2>/dev/null || true
  [[ "$magic" == $'\xa8\xab\x0b\xf0' ]]
}
# The start time of process $1 (field 22 of /proc/PID/stat), empty when it is gone.
cds_start_time() {
  local stat=""
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
  stat="${stat##*) }"
  # shellcheck disable=SC2086 # the fields, split on purpose
  set -- $stat
  echo "${20:-}"
}
class_data_cache() {
  local dir="${EXECUTOR_CDS_DIR:-/var/tmp/mesos-task-executor-$EUID}"
  case " ${JAVA_OPTS:-} " in
    *SharedArchiveFile* | *ArchiveClassesAtExit* | *AOTCache* | *AOTMode* | *-Xshare:off* | *-Xshare:dump*) return 0 ;;
  esac
  bundled_archive && return 0
  [[ "$dir" == off ]] && return 0
  [[ "$dir" == /* ]] || { cds_log "EXECUTOR_CDS_DIR must be an absolute path or 'off', not '$dir'"; return 0; }
  local java_home="$java" release
  [[ -L "$java_home" ]] && java_home="$(readlink -f "$java_home")"
  java_home="${java_home%/*}"
  java_home="${java_home%/*}"
  release="$java_home/release"
  [[ -r "$release" ]] || { cds_log "no $release names this JDK's build"; return 0; }
  hash flock 2>/dev/null || { cds_log "flock (util-linux) is not installed"; return 0; }
  [[ -e "$dir" || -L "$dir" ]] || mkdir -p -m 700 "$dir" 2>/dev/null || { cds_log "cannot create $dir"; return 0; }
  # One stat for the directory's mode and the JDK's libjvm.so (its size and mtime, in the key).
  local mode=777 jvm_stat="" f_mode f_size f_mtime f_name
  while read -r f_mode f_size f_mtime f_name; do
    if [[ "$f_name" == "$dir" ]]; then mode="$f_mode"; else jvm_stat+="$f_name $f_size $f_mtime"$'\n'; fi
  done < <(stat -c '%a %s %Y %n' "$dir" "$java_home"/lib/*/libjvm.so 2>/dev/null)
  # An archive is code: only a directory of this user that no one else can write to will do.
  if [[ -L "$dir" || ! -d "$dir" || ! -O "$dir" ]] || (((8#$mode & 8#022) != 0)); then
    cds_log "$dir must be a directory of user $EUID that only it can write to"
    return 0
  fi
  # The JVM options, less system properties (-D...), which an archive does not depend on and which
  # name paths in the install (the Log4j configuration) or in the task's world.
  local option options=()
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
  for option in "${defaults[@]}" ${JAVA_OPTS:-}; do
    [[ "$option" == -D* ]] || options+=("$option")
  done
  local release_text=""
  IFS= read -r -d '' release_text <"$release" || true
  local jdk_id="$java_home"$'\n'"$release_text"$'\n'"$jvm_stat${options[*]}"
  # One md5sum for both: the jar's content, then the JDK's build and the options (stdin).
  local jar_sum="" jdk_sum=""
  { read -r jar_sum _ && read -r jdk_sum _; } < <(md5sum "$jar" - <<<"$jdk_id") || true
  jar_sum="${jar_sum#\\}" # md5sum marks a line whose file name it had to escape with a '\'
  [[ "$jar_sum" =~ ^[0-9a-f]{32}$ && "$jdk_sum" =~ ^[0-9a-f]{32}$ ]] || { cds_log "md5sum failed"; return 0; }
  local entry="$dir/$jar_sum-${jdk_sum:0:12}"
  local cached="$entry/mesos-task-executor.jar" archive="$entry/classes.jsa" dump="$entry/dump.jsa"
  # The usual case needs no lock: the jar copy and the archive are only ever moved into place
  # whole, and the copy is never replaced.
  if [[ -f "$cached" ]] && cds_archive_ok "$archive"; then
    run_jar="$cached"
    cds_opts=(-XX:SharedArchiveFile="$archive")
    return 0
  fi
  [[ -d "$entry" ]] || mkdir -p -m 700 "$entry" 2>/dev/null || { cds_log "cannot create $entry"; return 0; }
  local lock
  exec {lock}>>"$entry/lock" && flock -w 5 "$lock" || { cds_log "cannot lock $entry/lock"; return 0; }
  cds_decide "$entry" "$cached" "$archive" "$dump"
  exec {lock}>&-
}
# Under the entry's lock: the jar copy, then the archive to use or the dump to take.
cds_decide() {
  local entry="$1" cached="$2" archive="$3" dump="$4"
  if [[ ! -f "$cached" ]]; then
    # An archive names the jar's size and mtime: a new copy makes any old archive stale.
    rm -f "$archive" "$dump" "$entry/owner"
    cp "$jar" "$entry/jar.tmp" 2>/dev/null && mv -f "$entry/jar.tmp" "$cached" \
      || { rm -f "$entry/jar.tmp"; cds_log "cannot copy the jar into $entry"; return 0; }
  fi
  run_jar="$cached"
  if [[ -e "$archive" ]]; then
    if cds_archive_ok "$archive"; then
      cds_opts=(-XX:SharedArchiveFile="$archive")
    else
      rm -f "$archive"
      cds_log "$archive is unreadable or not a class-data archive (removed; a later executor makes a new one)"
    fi
    return 0
  fi
  local owner="" started=""
  [[ -f "$entry/owner" ]] && read -r owner started <"$entry/owner"
  if [[ -n "$owner" && -n "$started" && "$(cds_start_time "$owner")" == "$started" ]]; then
    return 0 # another executor is making the archive
  fi
  if [[ -n "$owner" ]] && cds_archive_ok "$dump"; then
    mv -f "$dump" "$archive" && cds_opts=(-XX:SharedArchiveFile="$archive")
    rm -f "$entry/owner" "$entry/attempts"
    return 0
  fi
  rm -f "$dump" "$entry/owner"
  local attempts=0
  [[ -f "$entry/attempts" ]] && attempts=$(($(wc -l <"$entry/attempts")))
  ((attempts < 3)) || return 0
  # A JVM asked to make an archive without the JDK's own (lib/server/classes.jsa, which some
  # builds and jlink'd runtimes lack) does not start at all: check first, once per entry.
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
  if ! "$java" "${defaults[@]}" ${JAVA_OPTS:-} -Xshare:on -version >/dev/null 2>&1; then
    cds_log "this JDK has no class-data archive of its own to build on (java -Xshare:on fails)"
    echo "no base archive" >>"$entry/attempts"
    return 0
  fi
  echo "$$ $(cds_start_time $$)" >"$entry/owner"
  echo "$$" >>"$entry/attempts"
  # The dump's own notes (classes it skips) would only be noise on stderr.
  cds_opts=(-XX:ArchiveClassesAtExit="$dump" '-Xlog:cds*=off:stderr')
}
class_data_cache

# --submit serves the archive built beside this script by default: it needs to know where that is.
home_opts=()
[[ $run_mode == submit ]] && home_opts=("-Dexecutor.home=$here")

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose
exec "$java" "${defaults[@]}" ${cds_opts[@]+"${cds_opts[@]}"} ${home_opts[@]+"${home_opts[@]}"} ${JAVA_OPTS:-} -cp "$run_jar" org.mesosexec.Main "$@"
