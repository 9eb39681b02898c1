#!/usr/bin/env bash
# Builds the self-contained archive (mvn -Pbundled package): a runtime made by jlink from the
# building JDK with only the modules the executor needs, the executor jar, run-executor.sh, conf/,
# and a class-data archive made for that runtime and jar (see "The self-contained archive" in
# README.md). Arguments: the project directory, the build directory, the building JDK's home.
set -euo pipefail

die() { echo "make-bundle.sh: $*" >&2; exit 1; }

root="$1"
target="$2"
jdk="$3"
[[ -x "$jdk/bin/jlink" ]] || die "no jlink in $jdk (a full JDK is needed)"
jar="$target/mesos-task-executor.jar"
[[ -f "$jar" ]] || die "$jar is not built"

# The modules jdeps finds in the jar (--print-module-deps, with Log4j's optional ones: it loads
# java.beans, java.sql and javax.naming types at start-up), plus jdk.crypto.ec for HTTPS checks
# (TLS with elliptic curves) and java.logging, which protobuf logs through.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming
modules+=,java.net.http,java.rmi,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported

work="$target/bundle"
home="$work/mesos-task-executor"
rm -rf "$work"
mkdir -p "$home"
# Not compressed: the tar.gz compresses it better, and the JVM reads classes from it faster. No
# JDK class-data archive (--generate-cds-archive, 6 MB more in the tar.gz): the one made below
# holds the JDK's classes the executor uses.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$home/runtime"
cp -p "$jar" "$home/mesos-task-executor.jar"
cp -p "$root/run-executor.sh" "$home/"
cp -pR "$root/conf" "$home/conf"

# The class list of a real run (the script with the bundled runtime, no cache), then a static
# archive of those classes for this runtime. The class path is /dev/fd/9, an open descriptor of
# the jar, because an archive is only valid for the class path it was made with and the bundle
# lands in a new directory every time: run-executor.sh opens the jar as descriptor 9 too.
runtime_java="$home/runtime/bin/java"
classlist="$work/classlist"
EXECUTOR_CDS_DIR=off JAVA_OPTS="-XX:DumpLoadedClassList=$classlist" \
  "$home/run-executor.sh" --local "$root/conf/examples/hello.json" --sandbox "$work/training" >/dev/null \
  || die "the training run failed (see $work/training/executor.log)"
mapfile -t jvm < <(sed -n '/^defaults=(/,/)/p' "$root/run-executor.sh" | sed -e 's/[[:space:]]*#.*$//' \
  | sed -e 's/^defaults=(//' -e 's/)$//' | tr -s ' \t' '\n\n' | grep -v '^$')
((${#jvm[@]} > 0)) || die "could not read the JVM defaults from run-executor.sh (defaults=(...))"
(
  exec 9<"$home/mesos-task-executor.jar"
  "$runtime_java" "${jvm[@]}" '-Xlog:cds*=off:stderr' -Xshare:dump -XX:SharedClassListFile="$classlist" \
    -XX:SharedArchiveFile="$home/runtime/lib/executor.jsa" -cp /dev/fd/9 >/dev/null
) || die "the class-data dump failed"
# What the archive was made with: run-executor.sh uses it only for a jar of this size and mtime.
stat -c '%s %Y' "$home/mesos-task-executor.jar" >"$home/runtime/lib/executor.jsa.jar"
rm -rf "$work/training" "$classlist"

name="mesos-task-executor-linux-$(uname -m)-bundled.tar.gz"
tar -C "$work" -czf "$target/$name" mesos-task-executor
echo "make-bundle.sh: $target/$name ($(du -h "$target/$name" | cut -f1))" >&2
