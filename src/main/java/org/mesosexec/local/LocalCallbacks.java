package org.mesosexec.local;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Threads;

/**
 * The local driver's callback thread: like libmesos, it calls the executor one callback at a time
 * on one thread, only while the driver runs, and aborts the driver when a callback throws. Timed
 * callbacks wait on a timer thread of their own. Thread-safe.
 */
final class LocalCallbacks {
  private static final Logger LOG = LogManager.getLogger(LocalCallbacks.class);

  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(Threads.named("local-driver-callback"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Threads.named("local-driver-timer"));
  private final BooleanSupplier running;
  private final Runnable abort;

  /**
   * @param running whether the driver runs: a callback is skipped when it does not
   * @param abort aborts the driver, after a callback threw
   */
  LocalCallbacks(BooleanSupplier running, Runnable abort) {
    this.running = Objects.requireNonNull(running);
    this.abort = Objects.requireNonNull(abort);
  }

  /** Queues callback {@code name} after {@code delay}. */
  void later(Duration delay, String name, Runnable call) {
    try {
      timers.schedule(() -> now(name, call), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stoppedAlready) {
      LOG.debug("Callback {} dropped: the driver has stopped", name);
    }
  }

  /** Queues callback {@code name}; a callback that throws aborts the driver. */
  void now(String name, Runnable call) {
    try {
      callbacks.execute(
          () -> {
            if (!running.getAsBoolean()) {
              return;
            }
            try {
              call.run();
            } catch (Throwable t) {
              LOG.error("Executor callback {} threw; the driver aborts, as libmesos does", name, t);
              abort.run();
            }
          });
    } catch (RejectedExecutionException stoppedAlready) {
      LOG.debug("Callback {} dropped: the driver has stopped", name);
    }
  }

  /** Drops the timed callbacks, lets the queued ones end (they see the driver stopped). */
  void stop() {
    timers.shutdownNow();
    callbacks.shutdown();
  }
}
