package org.mesosexec.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a check runs: first {@code delay} after the task starts, then {@code interval} after each
 * attempt ends (as Mesos does: attempts never overlap), each bounded by {@code timeout}.
 *
 * @param timeout how long one attempt may take; empty for no limit (Mesos' {@code 0})
 */
public record Timing(Duration delay, Duration interval, Optional<Duration> timeout) {
  public Timing {
    Objects.requireNonNull(delay);
    Objects.requireNonNull(interval);
    Objects.requireNonNull(timeout);
    if (delay.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("delay must be >= 0 and interval > 0");
    }
  }
}
