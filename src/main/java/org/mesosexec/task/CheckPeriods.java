package org.mesosexec.task;

import java.time.Duration;
import java.util.Optional;
import org.mesosexec.health.Timing;

/**
 * The periods of a check (delay, interval, timeout, grace period), from the seconds Mesos gives as
 * doubles, each refusal naming the field. Stateless.
 */
final class CheckPeriods {
  /** Longer periods are as good as forever, and would overflow a {@link Duration}'s nanos. */
  private static final double MAX_SECONDS = 1e9;

  private CheckPeriods() {}

  static Timing timing(String at, double delay, double interval, double timeout) {
    Duration t = seconds(at + ".timeout_seconds", timeout, false);
    return new Timing(
        seconds(at + ".delay_seconds", delay, false),
        seconds(at + ".interval_seconds", interval, true),
        t.isZero() ? Optional.empty() : Optional.of(t));
  }

  static Duration seconds(String at, double value, boolean positive) {
    if (Double.isNaN(value) || value < 0 || (positive && value == 0)) {
      throw new InvalidTaskException(
          at + " must be " + (positive ? "greater than 0" : "0 or more") + ", got " + value);
    }
    // A period too short to measure is still a period: never 0, which would mean "none".
    long nanos = Math.round(Math.min(value, MAX_SECONDS) * 1e9);
    return Duration.ofNanos(value > 0 ? Math.max(1, nanos) : 0);
  }
}
