package org.mesosexec.progress;

/**
 * How fast a rotated stream grows, from its size at each look: the fastest recent rate, forgotten
 * over about a second, so that a burst is remembered through the quick looks that follow it. A rate
 * is taken over at least one regular interval between looks ({@link #WINDOW_NANOS}): looks a few
 * microseconds apart would make one write look like gigabytes a second. Guarded by the follower's
 * owner, as its {@link FileTail}.
 */
final class Pace {
  private static final double MEMORY_NANOS = 1e9;
  private static final double LOOK_AHEAD_NANOS = ProgressTracker.MAX_ROTATION_POLL.toNanos();

  /** The shortest time a rate is taken over: the shortest regular delay between two looks. */
  static final long WINDOW_NANOS = ProgressTracker.MIN_ROTATION_POLL.toNanos();

  /** Bytes per nanosecond. */
  private double rate;

  /** What the stream has grown by since the first look, across truncates. */
  private long grown;

  private long lastSize;
  private long windowStart;
  private long grownAtWindowStart;
  private boolean looked;

  /** The stream was {@code size} bytes at {@code now} (nanoseconds). */
  void look(long size, long now) {
    grown += Math.max(0, size - lastSize);
    lastSize = size;
    if (!looked) {
      looked = true;
      windowStart = now;
      grownAtWindowStart = grown;
      return;
    }
    long elapsed = now - windowStart;
    if (elapsed >= WINDOW_NANOS) {
      double seen = (grown - grownAtWindowStart) / (double) elapsed;
      rate = Math.max(seen, rate * Math.max(0, 1 - elapsed / MEMORY_NANOS));
      windowStart = now;
      grownAtWindowStart = grown;
    }
  }

  /**
   * The stream was truncated at {@code size} bytes: what it grew by since the last look counts, and
   * it grows from empty now.
   */
  void truncated(long size) {
    grown += Math.max(0, size - lastSize);
    lastSize = 0;
  }

  /** What the stream may grow by until the next regular look. */
  long lead() {
    return lead(LOOK_AHEAD_NANOS);
  }

  /** What the stream may grow by in {@code nanos}. */
  long lead(double nanos) {
    return (long) Math.min(1e18, rate * nanos);
  }

  /**
   * Whether the stream, now {@code size} bytes, may grow past {@code limit} before the next look.
   */
  boolean soonPast(long size, long limit) {
    return size + lead() > limit;
  }
}
