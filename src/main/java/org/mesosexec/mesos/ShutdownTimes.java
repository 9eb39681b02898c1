package org.mesosexec.mesos;

import java.time.Duration;
import java.util.Objects;

/**
 * The times of the executor's shutdown: the agent's grace period for the whole of it, and the pause
 * between the last terminal update and stopping the driver (V0 has no acknowledgement, MESOS-4111).
 * What is left of the grace period is what the tasks get to exit.
 *
 * @param gracePeriod the agent's {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}
 * @param stopDelay pause between the last terminal update and {@code driver.stop()}
 */
public record ShutdownTimes(Duration gracePeriod, Duration stopDelay) {
  /** Time kept back from the agent's grace period for reaping and the driver's own exit. */
  static final Duration MARGIN = Duration.ofSeconds(1);

  public ShutdownTimes {
    Objects.requireNonNull(gracePeriod);
    Objects.requireNonNull(stopDelay);
  }

  /** The longest grace period any task gets during shutdown. */
  public Duration killBudget() {
    Duration budget = gracePeriod.minus(stopDelay).minus(MARGIN);
    return budget.isNegative() ? Duration.ZERO : budget;
  }
}
