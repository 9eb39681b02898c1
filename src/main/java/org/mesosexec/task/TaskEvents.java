package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * How a task's events reach its lock, the monitor of its {@link TaskControl}: each runs as a step
 * under it ({@link LockedSteps}), on one of the executor's workers ({@link TaskThreads}), at once
 * or after a delay on the executor's timer; what a step decides may wait runs once the lock is
 * released. A step that throws, even an {@link Error}, fails the task instead of ending a worker
 * silently, and work the workers refuse fails it too. Thread-safe; holds no lock but the task's.
 */
final class TaskEvents {
  private static final String HAND_OFF = "handing work to the executor's workers";

  private final TaskControl task;
  private final String id;
  private final LockedSteps steps;
  private final TaskContext ctx;

  /**
   * @param task the task, whose monitor is its lock
   */
  TaskEvents(TaskControl task, TaskContext ctx) {
    this.task = Objects.requireNonNull(task);
    this.id = task.taskId().getValue();
    this.steps = new LockedSteps(task);
    this.ctx = Objects.requireNonNull(ctx);
  }

  /**
   * The task whose monitor these events lock. A collaborator reaches the task through this, never
   * through a reference of its own, so that what it does to the task always runs under that task's
   * lock.
   */
  TaskControl task() {
    return task;
  }

  /** The executor's parts the task uses. */
  TaskContext context() {
    return ctx;
  }

  /** Runs {@code body} under the lock, then what it decided to do outside it; from any thread. */
  void step(String what, Runnable body) {
    steps.run(() -> guard(what, body));
  }

  /**
   * Runs {@code body}, under the lock. A bug must not cost the task its terminal update, nor leave
   * its processes behind; nor may an Error (a StackOverflowError from deep input, an
   * OutOfMemoryError), which would otherwise end the worker thread silently and leave the task
   * without an update forever.
   */
  void guard(String what, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      task.failed(what, e);
    }
  }

  /** Runs {@code event} as a step on a worker; if the workers refuse, the task fails at once. */
  void onWorker(Runnable event) {
    ctx.threads()
        .run(
            id,
            "an event of the task",
            () -> step("handling an event of the task", event),
            this::refused);
  }

  /** Runs {@code event} as a step on a worker after {@code delay}, on the executor's timer. */
  Cancellable after(Duration delay, Runnable event) {
    return ctx.scheduler().schedule(delay, () -> onWorker(event));
  }

  /** The workers, for the task's collaborators that hand them work of their own. */
  Executor onTask(String what) {
    return ctx.threads().forTask(id, what, this::refused);
  }

  /**
   * Called under the lock: runs {@code work} once the lock is released, then {@code done} with its
   * result, or {@code failed} with what it threw, under the lock and guarded as {@code what}.
   */
  <T> void outside(String what, Supplier<T> work, Consumer<T> done, Consumer<Throwable> failed) {
    steps.outside(
        work,
        result -> guard(what, () -> done.accept(result)),
        e -> guard(what, () -> failed.accept(e)));
  }

  /**
   * The workers refused work of the task, on the refusing thread: it cannot be supervised, so it
   * ends now unless it has already.
   */
  void refused() {
    step(
        HAND_OFF,
        () -> {
          if (!task.phase().ended()) {
            task.failed(
                HAND_OFF, new RejectedExecutionException("the executor's workers refused it"));
          }
        });
  }

  /** Called under the lock: runs {@code work} once the lock is released. */
  void later(Runnable work) {
    steps.later(work);
  }
}
