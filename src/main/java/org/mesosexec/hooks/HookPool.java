package org.mesosexec.hooks;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Threads;

/**
 * The threads hooks run on: a Java hook, and the readers of an executable's output (two per running
 * executable). Bounded, with named threads ({@code hook-N}) that end when idle. Work is never
 * queued, because a queued reader would leave its hook blocked on a full pipe; a refused submission
 * is logged and thrown as a {@link HookFailure}, so a refused hook is a failed hook. Thread-safe.
 */
final class HookPool {
  private static final Logger LOG = LogManager.getLogger(HookPool.class);

  /**
   * Room for 32 executables (or 64 Java hooks) at once: far more than one hook per task start or
   * kill needs; a Java hook that ignores its interrupt keeps its thread, so this also bounds them.
   */
  static final int MAX_THREADS = 64;

  private final ThreadPoolExecutor pool;
  private final int max;

  HookPool() {
    this(MAX_THREADS);
  }

  HookPool(int max) {
    this.max = max;
    this.pool =
        new ThreadPoolExecutor(
            0,
            max,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Threads.named("hook"),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Runs {@code work} for hook {@code name} on a thread of its own.
   *
   * @throws HookFailure when no thread is free or the pool is closed
   */
  Future<?> submit(String name, Runnable work) {
    try {
      return pool.submit(work);
    } catch (RejectedExecutionException e) {
      String why =
          pool.isShutdown() ? "the executor is stopping" : "all " + max + " hook threads are busy";
      LOG.warn("Hook {} refused: {}", name, why);
      throw new HookFailure("Hook " + name + " could not run: " + why);
    }
  }

  /** Interrupts the hooks still running and takes no more work. */
  void close() {
    pool.shutdownNow();
  }
}
