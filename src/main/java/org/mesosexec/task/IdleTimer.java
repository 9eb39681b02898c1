package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Scheduler;

/**
 * Counts the tasks that have not sent their terminal update and tells when the executor has been
 * idle for long enough: the agent never stops an idle custom executor, so it stops itself. Idle
 * means a task has run, none is left, and no task came for the whole timeout. Thread-safe.
 */
final class IdleTimer {
  private static final Logger LOG = LogManager.getLogger(IdleTimer.class);

  private final Scheduler scheduler;
  private final Duration timeout;
  private final CompletableFuture<Void> idle = new CompletableFuture<>();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicLong launches = new AtomicLong();
  private volatile boolean stopped;

  IdleTimer(Scheduler scheduler, Duration timeout) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.timeout = Objects.requireNonNull(timeout);
  }

  /** Completes, on a timer thread, once the executor has been idle for the timeout. */
  CompletionStage<Void> idle() {
    return idle.minimalCompletionStage();
  }

  /** The number of tasks launched that have not yet ended. */
  int live() {
    return live.get();
  }

  /** A task was launched: it is live, and any idle time so far no longer counts. */
  void launched() {
    live.incrementAndGet();
    launches.incrementAndGet();
  }

  /** A task sent its terminal update; when it was the last, the timeout starts. */
  void ended() {
    if (live.decrementAndGet() > 0 || stopped) {
      return;
    }
    long seen = launches.get();
    scheduler.schedule(
        timeout,
        () -> {
          if (live.get() == 0 && launches.get() == seen && !stopped) {
            LOG.info("No task for {}; the executor stops itself", timeout);
            idle.complete(null);
          }
        });
  }

  /**
   * The executor is ending anyway (a shutdown began): {@link #idle} never completes from now on.
   */
  void stop() {
    stopped = true;
  }
}
