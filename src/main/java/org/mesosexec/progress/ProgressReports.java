package org.mesosexec.progress;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * One task's progress reports through one throttle and one sequence: at most one report per sample
 * interval, and the newest one held back is always sent when its interval ends (never dropped).
 * Once stopped (the task has ended), reports are only kept until {@link #sendLast}. Holds no lock
 * of its own: guarded by its owner's ({@link ProgressTracker}'s), which every call holds, and the
 * held-back report is sent through {@code workers}, which take that lock too.
 */
final class ProgressReports {
  private final Duration sampleInterval;
  private final Scheduler scheduler;
  private final Executor workers;
  private final ProgressTracker.Sink sink;

  private long sequence;
  private long nextAllowedNanos = Long.MIN_VALUE;
  private Progress pending;
  private Progress latestDrained;
  private boolean draining;
  private boolean closed;
  private Cancellable flushTimer;

  /**
   * @param workers runs a held-back report when its interval ends, under the owner's lock; it
   *     reports a refusal itself
   */
  ProgressReports(
      Duration sampleInterval, Scheduler scheduler, Executor workers, ProgressTracker.Sink sink) {
    this.sampleInterval = Objects.requireNonNull(sampleInterval);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.workers = Objects.requireNonNull(workers);
    this.sink = Objects.requireNonNull(sink);
  }

  /** Reports {@code p}, now or when the interval ends; once stopped, keeps it for the last. */
  void report(Progress p) {
    if (draining) {
      latestDrained = p;
      return;
    }
    pending = p;
    long now = scheduler.nanoTime();
    if (now >= nextAllowedNanos) {
      sendPending(now);
    } else if (flushTimer == null) {
      scheduleFlush(now);
    }
  }

  private void scheduleFlush(long now) {
    flushTimer =
        scheduler.schedule(
            Duration.ofNanos(nextAllowedNanos - now), () -> workers.execute(this::flush));
  }

  private void flush() {
    flushTimer = null;
    if (closed || draining || pending == null) {
      return;
    }
    long now = scheduler.nanoTime();
    if (now >= nextAllowedNanos) {
      sendPending(now);
    } else {
      // Late behind a poll that sent in the meantime: the pending one waits for its own interval.
      scheduleFlush(now);
    }
  }

  private void sendPending(long now) {
    Progress p = pending;
    pending = null;
    nextAllowedNanos = now + sampleInterval.toNanos();
    cancelFlush(); // nothing is pending any more
    sink.progress(++sequence, p);
  }

  private void cancelFlush() {
    if (flushTimer != null) {
      flushTimer.cancel();
      flushTimer = null;
    }
  }

  /** Stops regular reports: later ones, and the one held back, wait for {@link #sendLast}. */
  void stop() {
    draining = true;
    cancelFlush();
  }

  /** Whether {@link #stop} or {@link #close} was called. */
  boolean stopped() {
    return draining || closed;
  }

  /**
   * Sends the newest progress not yet sent, if any: the last one reported since {@link #stop}, else
   * the one the throttle was holding back.
   */
  void sendLast() {
    Progress last = latestDrained != null ? latestDrained : pending;
    if (last != null) {
      sink.progress(++sequence, last);
    }
  }

  /** Sends nothing more. */
  void close() {
    closed = true;
    cancelFlush();
  }
}
