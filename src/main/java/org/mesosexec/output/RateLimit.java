package org.mesosexec.output;

/**
 * A token bucket: {@code perSecond} events a second on average, up to one second's worth at once.
 * Guarded by the task's tracker, as its lines come one at a time.
 */
final class RateLimit {
  private static final long SECOND = 1_000_000_000L;

  private final long perSecond;
  private long tokens;
  private long nanosAtRefill;
  private long spareNanos;

  RateLimit(int perSecond, long now) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.nanosAtRefill = now;
  }

  /** Takes one token if there is one at {@code now} (monotonic nanoseconds). */
  boolean take(long now) {
    long elapsed = now - nanosAtRefill + spareNanos;
    if (elapsed > 0) {
      long gained = elapsed >= SECOND ? perSecond : elapsed * perSecond / SECOND;
      tokens = Math.min(perSecond, tokens + gained);
      spareNanos = gained >= perSecond ? 0 : elapsed - gained * SECOND / perSecond;
      nanosAtRefill = now;
    }
    if (tokens == 0) {
      return false;
    }
    tokens--;
    return true;
  }
}
