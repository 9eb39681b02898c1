package org.mesosexec.time;

import java.time.Duration;

/**
 * The executor's one source of time and timers. Timer callbacks must be short: they run on the
 * scheduler's single thread, so real work is handed to the task workers.
 */
public interface Scheduler {
  /** Monotonic time in nanoseconds, for measuring how long things took. */
  long nanoTime();

  /** Runs {@code action} once after {@code delay}; the result cancels it if it has not run. */
  Cancellable schedule(Duration delay, Runnable action);

  /** A pending timer. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the timer; a no-op once it has run or been cancelled. */
    void cancel();
  }
}
