package org.mesosexec.task;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.health.CheckPlan;
import org.mesosexec.health.HealthPlan;
import org.mesosexec.output.OutputSpec;

/**
 * A validated task: its work and how to run it (DESIGN §4).
 *
 * @param work what to run
 * @param env variables laid over the executor's environment
 * @param user user to run as, if not the executor's
 * @param killGracePeriod time between SIGTERM and SIGKILL, if the task sets it
 * @param maxCompletionTime how long the task may run before it is failed, if limited
 * @param progress per-task progress tracking settings, if the spec gives them
 * @param healthCheck the task's health check, if it has one
 * @param check the task's check ({@code TaskInfo.check}), if it has one
 * @param runningAfterHealthy {@code TASK_RUNNING} waits for the first healthy health check result
 *     ({@code running_after_healthy}); only with a health check
 * @param refusedAs how a refusal of this task is reported: {@code TASK_ERROR}, or {@code
 *     TASK_FAILED} for Aurora's tasks (Aurora reschedules a {@code TASK_ERROR} forever)
 * @param output the task's own output events and rotation values ({@code output})
 */
public record TaskSpec(
    Work work,
    Map<String, String> env,
    Optional<String> user,
    Optional<Duration> killGracePeriod,
    Optional<Duration> maxCompletionTime,
    Optional<ProgressSpec> progress,
    Optional<HealthPlan> healthCheck,
    Optional<CheckPlan> check,
    boolean runningAfterHealthy,
    TaskState refusedAs,
    OutputSpec output) {
  public TaskSpec {
    Objects.requireNonNull(work);
    env = Map.copyOf(env);
    Objects.requireNonNull(user);
    Objects.requireNonNull(killGracePeriod);
    Objects.requireNonNull(maxCompletionTime);
    Objects.requireNonNull(progress);
    Objects.requireNonNull(healthCheck);
    Objects.requireNonNull(check);
    Objects.requireNonNull(refusedAs);
    Objects.requireNonNull(output);
  }

  /** A spec that runs {@code work} with everything else left to defaults. */
  public static TaskSpec of(Work work) {
    return new TaskSpec(
        work,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        TaskState.TASK_ERROR,
        OutputSpec.none());
  }

  /** This spec with {@code env} and {@code user} instead of its own. */
  TaskSpec withEnvAndUser(Map<String, String> env, Optional<String> user) {
    return copy(env, user, refusedAs);
  }

  /** This spec, its refusals reported as {@code state}. */
  TaskSpec refusedAs(TaskState state) {
    return copy(env, user, state);
  }

  private TaskSpec copy(Map<String, String> env, Optional<String> user, TaskState refusedAs) {
    return new TaskSpec(
        work,
        env,
        user,
        killGracePeriod,
        maxCompletionTime,
        progress,
        healthCheck,
        check,
        runningAfterHealthy,
        refusedAs,
        output);
  }

  /** Returns this spec with the gaps filled from TaskInfo-level values. */
  TaskSpec withDefaults(
      Optional<Duration> grace,
      Optional<Duration> maxTime,
      Optional<HealthPlan> health,
      Optional<CheckPlan> taskCheck) {
    return new TaskSpec(
        work,
        env,
        user,
        killGracePeriod.or(() -> grace),
        maxCompletionTime.or(() -> maxTime),
        progress,
        healthCheck.or(() -> health),
        check.or(() -> taskCheck),
        runningAfterHealthy,
        refusedAs,
        output);
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
      Optional<com.google.re2j.Pattern> regex,
      Optional<Duration> sampleInterval) {}
}
