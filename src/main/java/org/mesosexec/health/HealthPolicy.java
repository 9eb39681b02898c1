package org.mesosexec.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How a health check's outcomes count (Mesos' {@code HealthCheck} semantics).
 *
 * @param gracePeriod failures are ignored this long after the checks start, until the first
 *     success; zero ignores none
 * @param consecutiveFailures this many failures in a row kill the task
 */
public record HealthPolicy(Duration gracePeriod, int consecutiveFailures) {
  public HealthPolicy {
    Objects.requireNonNull(gracePeriod);
    if (gracePeriod.isNegative() || consecutiveFailures < 0) {
      throw new IllegalArgumentException("grace period and consecutive failures must be >= 0");
    }
  }
}
