package org.mesosexec.api;

import java.nio.file.Path;

/**
 * What a running {@link Task} knows of itself and can tell the scheduler. Thread-safe: the task may
 * hand it to threads it starts.
 */
public interface TaskContext {
  /** The task's id ({@code TaskInfo.task_id}). */
  String taskId();

  /**
   * The task's own directory, {@code tasks/<task-id>/} in the executor's sandbox, where its {@code
   * stdout} and {@code stderr} are.
   */
  Path directory();

  /**
   * The {@code args} of the task's {@code jvm} spec as JSON text ({@code "null"} when the spec has
   * none, or when the task came serialized).
   */
  String argsJson();

  /**
   * Tells the scheduler how far the task has got, as Cook's progress message: through the same
   * throttle and sequence as progress parsed from output, so the newest report always goes out.
   *
   * @param percent 0 to 100; values outside are clamped
   * @param message a short text, cut at the executor's message length
   */
  void progress(int percent, String message);

  /** Whether the task has been asked to stop (a kill or the executor's shutdown). */
  boolean killRequested();
}
