package org.mesosexec.logging;

import org.apache.logging.log4j.CloseableThreadContext;

/**
 * Puts the executor, framework and task ids into Log4j's context for one unit of work. JNI gives
 * every callback a fresh thread, so nothing set on a previous callback survives: set it each time.
 */
public final class LogContext {
  private static volatile String executorId = "";
  private static volatile String frameworkId = "";

  private LogContext() {}

  /** Records the ids learnt at registration (or from the agent's environment). */
  public static void identify(String executor, String framework) {
    executorId = executor;
    frameworkId = framework;
  }

  /** A context with the executor and framework ids, and {@code taskId} (may be empty). */
  public static CloseableThreadContext.Instance of(String taskId) {
    return CloseableThreadContext.put("executorId", executorId)
        .put("frameworkId", frameworkId)
        .put("taskId", taskId);
  }

  /** {@code action}, run inside the context of {@code taskId}: for work handed to a pool. */
  public static Runnable wrap(String taskId, Runnable action) {
    return () -> {
      try (CloseableThreadContext.Instance ignored = of(taskId)) {
        action.run();
      }
    };
  }
}
