package org.mesosexec.health;

import java.util.Objects;
import java.util.Optional;

/**
 * Counts a health check's outcomes exactly as Mesos' health checker does.
 *
 * <ul>
 *   <li>A failure while no attempt has passed yet and the grace period (counted from the start of
 *       checking, inclusive) has not run out is ignored.
 *   <li>Every other failure is reported, unhealthy, with the count of failures in a row; once that
 *       count reaches {@code consecutive_failures} the report asks for the task to be killed.
 *   <li>A success is reported, healthy, only when it is the first one or follows failures.
 * </ul>
 *
 * <p>Not thread-safe: one checker feeds it, one outcome at a time.
 */
public final class HealthCounter {
  private final HealthPolicy policy;
  private final long startNanos;
  private boolean initializing = true;
  private int failures;

  /**
   * @param startNanos when checking started (the task's launch), on the executor's clock
   */
  public HealthCounter(HealthPolicy policy, long startNanos) {
    this.policy = Objects.requireNonNull(policy);
    this.startNanos = startNanos;
  }

  /** What to tell the scheduler about {@code outcome}, if anything. */
  public Optional<HealthEvent> record(Outcome outcome, long nowNanos) {
    if (outcome.passed()) {
      boolean report = initializing || failures > 0;
      initializing = false;
      failures = 0;
      return report
          ? Optional.of(new HealthEvent(true, 0, false, outcome.detail()))
          : Optional.empty();
    }
    long grace = policy.gracePeriod().toNanos();
    if (initializing && grace > 0 && nowNanos - startNanos <= grace) {
      return Optional.empty();
    }
    failures++;
    return Optional.of(
        new HealthEvent(
            false, failures, failures >= policy.consecutiveFailures(), outcome.detail()));
  }
}
