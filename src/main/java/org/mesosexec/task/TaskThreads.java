package org.mesosexec.task;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.logging.LogContext;

/**
 * The one way a task's work reaches a thread: the executor's bounded pool of named workers (built
 * by {@code ExecutorRuntime}), each unit of work in the task's log context. Nothing runs on the
 * caller's thread, which may be the driver's callback thread: when the pool refuses (its queue is
 * full, or the executor is closing), the refusal is logged and handed to a callback that turns it
 * into the right status for the task. Work is never dropped silently and never run inline.
 * Thread-safe; holds no state of its own.
 */
public final class TaskThreads {
  private static final Logger LOG = LogManager.getLogger(TaskThreads.class);

  private final Executor pool;

  public TaskThreads(Executor pool) {
    this.pool = Objects.requireNonNull(pool);
  }

  /**
   * Runs {@code work} on a worker. If the pool refuses it, logs that and runs {@code onRefused}
   * here instead: it must only decide and report (a terminal update), never do the work itself.
   *
   * @param what for the log: "handling the task's exit"
   */
  public void run(String taskId, String what, Runnable work, Runnable onRefused) {
    Objects.requireNonNull(onRefused);
    try {
      pool.execute(LogContext.wrap(taskId, work));
    } catch (RejectedExecutionException e) {
      LOG.error(
          "The executor's workers refused {} for task {} ({}); reporting the task instead",
          what,
          taskId,
          e.getMessage());
      LogContext.wrap(taskId, onRefused).run();
    }
  }

  /**
   * An {@link Executor} for one task's collaborators (its checks, its progress tracking) that
   * follows the same rule: its {@code execute} never throws, and a refusal goes to {@code
   * onRefused}.
   */
  public Executor forTask(String taskId, String what, Runnable onRefused) {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(what);
    Objects.requireNonNull(onRefused);
    return work -> run(taskId, what, work, onRefused);
  }
}
