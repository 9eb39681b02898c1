package org.mesosexec.output;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code output} key of a task spec (DESIGN §4); each value given overrides the executor's
 * setting for this task.
 *
 * @param events how output lines become events ({@code EXECUTOR_OUTPUT_EVENTS})
 * @param maxStdoutSize the stdout cap in bytes ({@code EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE})
 * @param maxStderrSize the stderr cap in bytes ({@code EXECUTOR_LOGROTATE_MAX_STDERR_SIZE})
 * @param keep how many rotated files are kept per stream ({@code EXECUTOR_LOGROTATE_KEEP})
 */
public record OutputSpec(
    Optional<EventFormat> events,
    OptionalLong maxStdoutSize,
    OptionalLong maxStderrSize,
    OptionalInt keep) {
  public OutputSpec {
    Objects.requireNonNull(events);
    Objects.requireNonNull(maxStdoutSize);
    Objects.requireNonNull(maxStderrSize);
    Objects.requireNonNull(keep);
  }

  /** No {@code output} key: every value comes from the settings. */
  public static OutputSpec none() {
    return new OutputSpec(
        Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty());
  }
}
