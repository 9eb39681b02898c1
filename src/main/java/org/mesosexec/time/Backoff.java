package org.mesosexec.time;

import java.time.Duration;
import java.util.Objects;

/**
 * The delays of a poll that backs off: the first delay, then each one twice the one before, up to a
 * cap. For polls of things that have no event to wait for (a non-blocking connect, a process gone
 * from {@code /proc}). Not thread-safe: one poll, one owner.
 */
public final class Backoff {
  private final Duration max;
  private Duration next;

  /**
   * @param first the first delay, more than zero
   * @param max the longest delay, at least {@code first}
   */
  public Backoff(Duration first, Duration max) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff from " + first + " to " + max);
    }
    this.next = Objects.requireNonNull(first);
    this.max = max;
  }

  /** The delay before the next look; each call doubles the one after, up to the cap. */
  public Duration next() {
    Duration now = next;
    Duration doubled = now.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return now;
  }
}
