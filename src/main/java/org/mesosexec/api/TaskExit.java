package org.mesosexec.api;

/**
 * Thrown in place of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} by the
 * classes of a task that runs on the executor's threads: the executor rewrites those calls when its
 * class loader defines them, so that a task can never end the JVM that runs other tasks. The task
 * then ends {@code TASK_FAILED} with "called System.exit(N)". Not for tasks to throw or catch.
 */
// The three methods stand in for calls that return nothing, so that the rewritten code keeps its
// shape (and its stack map frames): they throw instead of returning.
@SuppressWarnings("DoNotCallSuggester")
public final class TaskExit extends Error {
  private static final long serialVersionUID = 1L;

  private final int status;

  private TaskExit(String call, int status) {
    super("called " + call + "(" + status + ")");
    this.status = status;
  }

  /** The status the task asked to exit with. */
  public int status() {
    return status;
  }

  /** What {@code System.exit(status)} becomes. */
  public static void exit(int status) {
    throw new TaskExit("System.exit", status);
  }

  /** What {@code runtime.exit(status)} becomes. */
  public static void exit(Runtime runtime, int status) {
    throw new TaskExit("Runtime.exit", status);
  }

  /** What {@code runtime.halt(status)} becomes. */
  public static void halt(Runtime runtime, int status) {
    throw new TaskExit("Runtime.halt", status);
  }
}
