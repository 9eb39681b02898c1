package org.mesosexec.task;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated task: its work and how to run it (DESIGN §4).
 *
 * @param work what to run
 * @param env variables laid over the executor's environment
 * @param user user to run as, if not the executor's
 * @param killGracePeriod time between SIGTERM and SIGKILL, if the task sets it
 * @param maxCompletionTime how long the task may run before it is failed, if limited
 * @param progress per-task progress tracking settings, if the spec gives them
 */
public record TaskSpec(
    Work work,
    Map<String, String> env,
    Optional<String> user,
    Optional<Duration> killGracePeriod,
    Optional<Duration> maxCompletionTime,
    Optional<ProgressSpec> progress) {
  public TaskSpec {
    Objects.requireNonNull(work);
    env = Map.copyOf(env);
    Objects.requireNonNull(user);
    Objects.requireNonNull(killGracePeriod);
    Objects.requireNonNull(maxCompletionTime);
    Objects.requireNonNull(progress);
  }

  /** A spec that runs {@code work} with everything else left to defaults. */
  public static TaskSpec of(Work work) {
    return new TaskSpec(
        work, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Returns this spec with the gaps filled from {@code fallback} (TaskInfo-level values). */
  TaskSpec withDefaults(Optional<Duration> grace, Optional<Duration> maxTime) {
    return new TaskSpec(
        work,
        env,
        user,
        killGracePeriod.or(() -> grace),
        maxCompletionTime.or(() -> maxTime),
        progress);
  }

  /**
   * Per-task progress settings; each absent value falls back to the executor's setting.
   *
   * @param file progress file relative to the task directory
   * @param regex pattern whose group 1 is the percent and group 2 the message
   * @param sampleInterval at most one progress message per interval
   */
  public record ProgressSpec(
      Optional<String> file,
      Optional<java.util.regex.Pattern> regex,
      Optional<Duration> sampleInterval) {}
}
