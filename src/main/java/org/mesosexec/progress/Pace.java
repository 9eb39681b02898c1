package org.mesosexec.progress;

/**
 * How fast a rotated stream grows, from its size at each look: the fastest recent rate, forgotten
 * over about a second, so that a burst between two looks is remembered through the quick looks that
 * follow it. Guarded by the follower's owner, as its {@link FileTail}.
 */
final class Pace {
  private static final double MEMORY_NANOS = 1e9;
  private static final double LOOK_AHEAD_NANOS = ProgressTracker.MAX_ROTATION_POLL.toNanos();

  /** Bytes per nanosecond. */
  private double rate;

  private long lastSize;
  private long lastLook;
  private boolean looked;

  /** The stream was {@code size} bytes at {@code now} (nanoseconds). */
  void look(long size, long now) {
    if (looked && now > lastLook) {
      double elapsed = now - lastLook;
      double seen = Math.max(0, size - lastSize) / elapsed;
      rate = Math.max(seen, rate * Math.max(0, 1 - elapsed / MEMORY_NANOS));
    }
    looked = true;
    lastLook = now;
    lastSize = size;
  }

  /** The stream was truncated: it grows from empty now. */
  void truncated() {
    lastSize = 0;
  }

  /** What the stream may grow by until the next regular look. */
  long lead() {
    return (long) Math.min(1e18, rate * LOOK_AHEAD_NANOS);
  }

  /**
   * Whether the stream, now {@code size} bytes, may grow past {@code limit} before the next look.
   */
  boolean soonPast(long size, long limit) {
    return size + lead() > limit;
  }
}
