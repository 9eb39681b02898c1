package org.mesosexec.task;

import java.util.Optional;
import org.apache.mesos.Protos.TaskStatus;

/**
 * A task's {@code TASK_RUNNING}, held back until its first healthy health check result when its
 * spec says {@code running_after_healthy}, as Aurora's Thermos executor does: the scheduler then
 * hears {@code TASK_STARTING} until the task is healthy. Decides only; {@link HealthReport} and
 * {@link Watching} send what it returns. Holds no lock: guarded by the task's lock.
 */
final class RunningGate {
  private final boolean untilHealthy;

  /** The held {@code TASK_RUNNING}; null when none is held. */
  private TaskStatus.Builder held;

  RunningGate(TaskSpec spec) {
    this.untilHealthy = spec.runningAfterHealthy();
  }

  /** The work runs: the {@code TASK_RUNNING} to send now, or empty if it waits for health. */
  Optional<TaskStatus.Builder> started(TaskStatus.Builder running) {
    if (!untilHealthy) {
      return Optional.of(running);
    }
    held = running;
    return Optional.empty();
  }

  /** Whether {@code TASK_RUNNING} is held back: no health or check update goes out before it. */
  boolean holding() {
    return held != null;
  }

  /**
   * The first healthy result lets the held {@code TASK_RUNNING} go, in place of {@code healthy},
   * the health update: with its health, reason and check, and the two messages.
   */
  TaskStatus.Builder open(TaskStatus.Builder healthy) {
    TaskStatus.Builder running =
        held.setHealthy(healthy.getHealthy())
            .setReason(healthy.getReason())
            .setMessage(
                held.getMessage().isEmpty()
                    ? healthy.getMessage()
                    : held.getMessage() + "; " + healthy.getMessage());
    held = null;
    return running;
  }
}
