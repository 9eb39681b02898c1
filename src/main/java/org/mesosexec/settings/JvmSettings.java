package org.mesosexec.settings;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of JVM tasks (DESIGN §4 source 3 and the {@code jvm} key), read with the others at
 * start-up.
 *
 * @param serialFilter the operator's allow-list for deserializing tasks ({@code
 *     EXECUTOR_JVM_SERIAL_FILTER}, JEP 290 syntax); with none, no serialized task is accepted
 * @param classpath where the classes of serialized tasks come from ({@code EXECUTOR_JVM_CLASSPATH}:
 *     sandbox-relative paths and globs, {@code :}-separated, as written)
 * @param threads how many JVM tasks run at once on the executor's threads ({@code
 *     EXECUTOR_JVM_THREADS}); more wait, {@code TASK_STARTING}
 * @param maxResultBytes the largest result sent in {@code TaskStatus.data} ({@code
 *     EXECUTOR_MAX_RESULT_BYTES}, Mesos' byte-size syntax)
 */
public record JvmSettings(
    Optional<String> serialFilter, List<String> classpath, int threads, int maxResultBytes) {

  /** The variables read here, none of which is passed on to a task. */
  public static final List<String> VARIABLES =
      List.of(
          "EXECUTOR_JVM_SERIAL_FILTER",
          "EXECUTOR_JVM_CLASSPATH",
          "EXECUTOR_JVM_THREADS",
          "EXECUTOR_MAX_RESULT_BYTES");

  /** A result is sent in one status update, through the agent and the master: kept well small. */
  static final long MAX_RESULT_BYTES = 4L << 20;

  public JvmSettings {
    Objects.requireNonNull(serialFilter);
    classpath = List.copyOf(classpath);
  }

  static JvmSettings fromEnvironment(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new JvmSettings(
        r.optional("EXECUTOR_JVM_SERIAL_FILTER", JvmSettings::filter).flatMap(f -> f),
        r.get("EXECUTOR_JVM_CLASSPATH", "", JvmSettings::classpath),
        r.get(
            "EXECUTOR_JVM_THREADS",
            "8",
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 1), 256)),
        r.get(
            "EXECUTOR_MAX_RESULT_BYTES",
            "256KB",
            v -> (int) ByteSizes.between(v, 1024, MAX_RESULT_BYTES)));
  }

  /** A JEP 290 pattern, checked by the JDK's own parser; blank means none. */
  private static Optional<String> filter(String pattern) {
    if (pattern.isBlank()) {
      return Optional.empty();
    }
    ObjectInputFilter.Config.createFilter(pattern); // IllegalArgumentException names the fault
    return Optional.of(pattern);
  }

  /**
   * Sandbox-relative entries: an absolute path or one that climbs out of the sandbox is refused.
   */
  private static List<String> classpath(String value) {
    List<String> entries =
        java.util.Arrays.stream(value.split(":")).filter(e -> !e.isBlank()).toList();
    for (String entry : entries) {
      if (entry.startsWith("/") || List.of(entry.split("/")).contains("..")) {
        throw new IllegalArgumentException(
            "'"
                + entry
                + "' is not inside the executor's sandbox; entries are sandbox-relative paths or"
                + " globs such as lib/*.jar");
      }
    }
    return entries;
  }
}
