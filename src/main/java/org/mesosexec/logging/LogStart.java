package org.mesosexec.logging;

import org.apache.logging.log4j.LogManager;
import org.mesosexec.time.Threads;

/**
 * Log4j's start (reading its configuration and loading its plugins, about a fifth of the executor's
 * start-up) on a thread of its own, while the main thread does work that logs nothing: libmesos'
 * load under an agent, the task file in local mode. {@code executor.log} is made at its first line
 * ({@code createOnDemand} in {@code conf/log4j2.properties}), so a start that ends with a start-up
 * error leaves no file behind. The main thread must {@link #await} it before anything logs: two
 * threads starting Log4j at once would lose the lines logged meanwhile.
 */
public final class LogStart {
  private final Thread thread;

  private LogStart(Thread thread) {
    this.thread = thread;
  }

  /** Starts Log4j now, from the system properties set so far. */
  public static LogStart begin() {
    return new LogStart(Threads.start("log4j-start", () -> LogManager.getContext(false)));
  }

  /** Waits until Log4j has started; an interrupt meanwhile is kept for the caller. */
  public void await() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
