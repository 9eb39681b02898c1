package org.mesosexec.settings;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.mesosexec.output.RotationLimits;

/**
 * The executor's rotation of task stdout and stderr (DESIGN §7), named after the settings of Mesos'
 * {@code LogrotateContainerLogger}. A stream with no cap is not rotated, as before rotation
 * existed.
 *
 * @param maxStdoutSize the stdout cap in bytes ({@code EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE})
 * @param maxStderrSize the stderr cap in bytes ({@code EXECUTOR_LOGROTATE_MAX_STDERR_SIZE})
 * @param keep rotated files kept per stream ({@code EXECUTOR_LOGROTATE_KEEP})
 */
public record RotationSettings(OptionalLong maxStdoutSize, OptionalLong maxStderrSize, int keep) {

  /** The variables read here, none of which is passed on to a task. */
  public static final List<String> VARIABLES =
      List.of(
          "EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE",
          "EXECUTOR_LOGROTATE_MAX_STDERR_SIZE",
          "EXECUTOR_LOGROTATE_KEEP");

  public RotationSettings {
    Objects.requireNonNull(maxStdoutSize);
    Objects.requireNonNull(maxStderrSize);
  }

  static RotationSettings fromEnvironment(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new RotationSettings(
        r.optional("EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE", RotationLimits::size)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()),
        r.optional("EXECUTOR_LOGROTATE_MAX_STDERR_SIZE", RotationLimits::size)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()),
        r.get(
            "EXECUTOR_LOGROTATE_KEEP",
            Integer.toString(RotationLimits.DEFAULT_KEEP),
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 1), RotationLimits.MAX_KEEP)));
  }
}
