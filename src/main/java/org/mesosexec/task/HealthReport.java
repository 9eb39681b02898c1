package org.mesosexec.task;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.health.Checker;
import org.mesosexec.health.HealthCounter;
import org.mesosexec.health.HealthEvent;
import org.mesosexec.health.Outcome;
import org.mesosexec.health.Prober;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.time.Scheduler;

/**
 * A task's health check and check, and what of them its updates carry (DESIGN §5): it runs the
 * checkers and turns their outcomes into decisions, the update to send and whether to kill the
 * task; {@link Watching} acts on them. Holds no lock: guarded by the owning {@link TaskRun}'s lock
 * (each {@link Checker} has its own, never held while an outcome is handed over).
 */
final class HealthReport {
  private static final Logger LOG = LogManager.getLogger(HealthReport.class);

  /**
   * What a health check or check outcome calls for, applied by {@link Watching} in one place.
   *
   * @param update the TASK_RUNNING update to send, if one goes out (none while {@link RunningGate}
   *     holds TASK_RUNNING back)
   * @param firstHealthy the task is healthy for the first time (the after-healthy hooks run, and a
   *     held TASK_RUNNING goes out)
   * @param kill why the task is to be killed, if it is
   */
  record Step(Optional<TaskStatus.Builder> update, boolean firstHealthy, Optional<String> kill) {}

  private final TaskID id;
  private final RunningGate gate;
  private Checker healthChecker;
  private HealthCounter healthCounter;
  private Checker checker;
  private boolean healthySeen;

  /** The latest check result, on every update once the spec is known; null without a check. */
  private CheckStatusInfo checkStatus;

  /** The latest health reported, carried on check updates; null before the first. */
  private Boolean lastHealthy;

  private boolean killedByHealthCheck;

  /** A report for a task whose spec is known: with a check, every update carries its result. */
  HealthReport(TaskID id, TaskSpec spec) {
    this.id = Objects.requireNonNull(id);
    this.gate = new RunningGate(spec);
    spec.check().ifPresent(c -> checkStatus = Outcome.noResult(c.probe()));
  }

  /**
   * Starts the task's health check and check on the executor's timer; commands run in the task's
   * directory and environment, their output kept in {@code health_check.log} and {@code check.log}
   * there. Outcomes go to the consumers on a worker.
   */
  void start(
      TaskSpec spec,
      LaunchRequest request,
      Prober prober,
      Scheduler scheduler,
      Executor onTask,
      Consumer<Outcome> health,
      Consumer<Outcome> check) {
    spec.healthCheck()
        .ifPresent(
            plan -> {
              healthCounter = new HealthCounter(plan.policy(), scheduler.nanoTime());
              healthChecker =
                  new Checker(
                      "health check",
                      plan.check().probe(),
                      plan.check().timing(),
                      prober,
                      target(request, "health_check.log"),
                      scheduler,
                      onTask,
                      health);
              healthChecker.start();
            });
    spec.check()
        .ifPresent(
            plan -> {
              checker =
                  new Checker(
                      "check",
                      plan.probe(),
                      plan.timing(),
                      prober,
                      target(request, "check.log"),
                      scheduler,
                      onTask,
                      check);
              checker.start();
            });
  }

  private static Prober.Target target(LaunchRequest request, String output) {
    return new Prober.Target(
        request.directory(),
        request.environment(),
        request.user(),
        request.directory().resolve(output));
  }

  /**
   * The work runs: its {@code TASK_RUNNING} to send now, or empty while it waits for the first
   * healthy result ({@code running_after_healthy}).
   */
  Optional<TaskStatus.Builder> running(TaskStatus.Builder update) {
    return gate.started(update);
  }

  /** A health check outcome: an update when the health changes; empty when there is nothing. */
  Optional<Step> health(Outcome outcome, long nowNanos) {
    if (healthChecker == null || healthChecker.stopped()) {
      return Optional.empty();
    }
    HealthEvent event = healthCounter.record(outcome, nowNanos).orElse(null);
    if (event == null) {
      LOG.debug(
          "Task {}: health check {} ({}), nothing to report",
          id.getValue(),
          outcome.passed() ? "passed" : "failed within the grace period",
          outcome.detail());
      return Optional.empty();
    }
    LOG.info("Task {}: {}", id.getValue(), event.message());
    lastHealthy = event.healthy();
    TaskStatus.Builder update =
        Statuses.of(id, TaskState.TASK_RUNNING, event.message())
            .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
            .setHealthy(event.healthy());
    boolean first = event.healthy() && !healthySeen;
    healthySeen |= event.healthy();
    Optional<String> kill = Optional.empty();
    if (event.killTask()) {
      killedByHealthCheck = true;
      kill = Optional.of(event.consecutiveFailures() + " in a row; last: " + event.detail());
    }
    return Optional.of(new Step(gated(update, event.healthy()), first, kill));
  }

  /** What of a health update goes out while TASK_RUNNING is held back: only the first healthy. */
  private Optional<TaskStatus.Builder> gated(TaskStatus.Builder update, boolean healthy) {
    if (!gate.holding()) {
      return Optional.of(update);
    }
    if (!healthy) {
      LOG.info("Task {}: not sent, TASK_RUNNING waits for a healthy result", id.getValue());
      return Optional.empty();
    }
    return Optional.of(gate.open(update));
  }

  /** A check outcome: an update when the result differs from the one last sent. */
  Optional<Step> check(Outcome outcome) {
    if (checker == null || checker.stopped() || outcome.status().equals(checkStatus)) {
      return Optional.empty();
    }
    checkStatus = outcome.status();
    LOG.info("Task {}: check result changed: {}", id.getValue(), outcome.detail());
    if (gate.holding()) {
      return Optional.empty(); // its result rides on TASK_RUNNING and the updates after it
    }
    TaskStatus.Builder update =
        Statuses.of(id, TaskState.TASK_RUNNING, "Check result changed: " + outcome.detail())
            .setReason(TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED);
    if (lastHealthy != null) {
      update.setHealthy(lastHealthy);
    }
    return Optional.of(new Step(Optional.of(update), false, Optional.empty()));
  }

  /**
   * {@code update} as every update of the task carries it: with the latest check result, and marked
   * unhealthy once failing health checks have killed the task.
   */
  TaskStatus.Builder decorate(TaskStatus.Builder update) {
    if (checkStatus != null && !update.hasCheckStatus()) {
      update.setCheckStatus(checkStatus);
    }
    if (killedByHealthCheck) {
      update.setHealthy(false);
    }
    return update;
  }

  /** No health or check update once the task is being killed or has ended. */
  void stop() {
    if (healthChecker != null) {
      healthChecker.stop();
    }
    if (checker != null) {
      checker.stop();
    }
  }
}
