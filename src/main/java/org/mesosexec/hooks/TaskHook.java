package org.mesosexec.hooks;

import java.util.Map;

/**
 * An operator's integration, run by the executor at points of every task's life. Implementations
 * are found with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/org.mesosexec.hooks.TaskHook} of a jar on the executor's class path or in
 * {@code EXECUTOR_HOOKS_DIR}. Each call is bounded by {@code EXECUTOR_HOOK_TIMEOUT} and may come
 * from any thread; an implementation must be thread-safe.
 */
public interface TaskHook {
  /** The name the executor's log and status messages use for this hook. */
  default String name() {
    return getClass().getName();
  }

  /**
   * Before the task's process starts. Returns variables to add to the task's environment; throwing
   * fails the task (TASK_FAILED) with the exception's message.
   */
  default Map<String, String> beforeStart(TaskMetadata task) throws Exception {
    return Map.of();
  }

  /** After the task's first healthy check; throwing kills the task. */
  default void afterHealthy(TaskMetadata task) throws Exception {}

  /**
   * Before the task is sent SIGTERM (killTask, shutdown, max completion time); for deregistration.
   * What it throws is logged and otherwise ignored.
   */
  default void beforeTerminate(TaskMetadata task) throws Exception {}
}
