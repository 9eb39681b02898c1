package org.mesosexec.time;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** A {@link Scheduler} on one daemon thread and the system's monotonic clock. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(SystemScheduler.class);
  private final ScheduledThreadPoolExecutor timer;

  public SystemScheduler() {
    timer = new ScheduledThreadPoolExecutor(1, Threads.named("executor-timer"));
    // Cancelled kill escalations would otherwise sit in the queue until their deadline.
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    try {
      ScheduledFuture<?> f = timer.schedule(guarded(action), delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException closed) {
      LOG.debug("Timer not set: the executor is closing");
      return () -> {};
    }
  }

  /** A timer that throws would otherwise vanish without a trace. */
  private static Runnable guarded(Runnable action) {
    return () -> {
      try {
        action.run();
      } catch (RuntimeException | Error e) {
        LOG.error("Timer action failed", e);
      }
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
