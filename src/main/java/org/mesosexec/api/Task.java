package org.mesosexec.api;

import java.io.Serializable;

/**
 * Work that the executor runs in a JVM rather than as a command: sent Java-serialized in {@code
 * TaskInfo.data}, or named by class in a task spec's {@code jvm} key. The executor calls {@link
 * #run} once, on a thread of its own (or in a child JVM with {@code "isolation": "process"}), and
 * reports what it returns in {@code TaskStatus.data} of {@code TASK_FINISHED}; an exception ends
 * the task {@code TASK_FAILED}. A kill interrupts the thread: long work should check {@link
 * Thread#isInterrupted()} or {@link TaskContext#killRequested()}.
 *
 * @param <T> what the task returns: serializable for a task that came serialized, mappable to JSON
 *     for a {@code jvm} spec task; {@code null} sends no data
 */
@FunctionalInterface
public interface Task<T> extends Serializable {
  /**
   * Does the work.
   *
   * @param context the task's id, directory, arguments and progress reporting
   * @return the result, or {@code null} for none
   * @throws Exception ends the task {@code TASK_FAILED} with the exception's class and message
   */
  T run(TaskContext context) throws Exception;

  /**
   * A task that calls {@code supplier} and returns what it returns: a closure made into a task. The
   * closure's captured values travel with it and must be serializable too.
   */
  static <T> Task<T> of(SerializableSupplier<T> supplier) {
    return new FunctionTask<>(supplier);
  }
}
