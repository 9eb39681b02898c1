package org.mesosexec.mesos;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Scheduler;

/**
 * The one way the executor ends, whatever asked (the agent's shutdown, the idle timer, SIGTERM):
 * kill every task within the agent's shutdown grace period, send every terminal update, wait a
 * moment so those updates leave (V0 has no acknowledgement, MESOS-4111), then stop the driver.
 * Idempotent: the second caller gets the first one's future.
 */
public final class ExecutorShutdown {
  private static final Logger LOG = LogManager.getLogger(ExecutorShutdown.class);

  private final ExecutorCore core;
  private final Scheduler scheduler;
  private final ShutdownTimes times;
  private final Runnable afterTasks;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /**
   * @param afterTasks runs once every task has sent its terminal update, before the stop delay:
   *     kills what the tasks left behind unattributed
   */
  public ExecutorShutdown(
      ExecutorCore core, Scheduler scheduler, ShutdownTimes times, Runnable afterTasks) {
    this.core = Objects.requireNonNull(core);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.times = Objects.requireNonNull(times);
    this.afterTasks = Objects.requireNonNull(afterTasks);
  }

  /** The longest grace period any task gets during shutdown. */
  public Duration killBudget() {
    return times.killBudget();
  }

  /** Starts the shutdown (once); the future completes when the driver has been stopped. */
  public CompletableFuture<Void> begin(String reason) {
    if (!started.compareAndSet(false, true)) {
      return done;
    }
    LOG.info("Executor shutting down ({}); tasks get at most {} to exit", reason, killBudget());
    core.tasks()
        .shutdown(killBudget())
        .thenRun(
            () -> {
              // On the timer, not on the thread that sent the last update (it holds a task's lock).
              scheduler.schedule(Duration.ZERO, afterTasks);
              scheduler.schedule(times.stopDelay(), this::stopDriver);
            });
    return done;
  }

  /** Whether a shutdown has begun. */
  public boolean begun() {
    return started.get();
  }

  /** The future of a shutdown, whether or not one has begun. */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void stopDriver() {
    try {
      core.sink().stop();
    } finally {
      done.complete(null);
    }
  }
}
