package org.mesosexec.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.text.Quote;

/**
 * Owns the executor's tasks: the registry (one run per task id, ever: the runs of live tasks, and
 * only the ids of finished ones, so that memory stays flat over many tasks), the hand-off of every
 * callback to the worker pool, the shutdown of all tasks ({@link TaskShutdown}) and the idle timer
 * ({@link IdleTimer}). Its public methods return at once, so the driver's callback thread never
 * waits on a task.
 */
public final class TaskSupervisor {
  private static final Logger LOG = LogManager.getLogger(TaskSupervisor.class);

  /** A killTask waits for the task's own grace period, however long. */
  private static final Duration NO_LIMIT = Duration.ofDays(3650);

  private final TaskContext ctx;
  private final IdleTimer idle;
  private final TaskShutdown shutdown;

  /** The runs of tasks that have not sent their terminal update; a run leaves when it has. */
  private final ConcurrentHashMap<String, TaskRun> tasks = new ConcurrentHashMap<>();

  /**
   * Every task id ever launched, for the duplicate check. Exact rather than bounded: a bounded
   * structure would forget old ids and run a duplicate. An id costs tens of bytes, a run kilobytes.
   */
  private final Set<String> launchedIds = ConcurrentHashMap.newKeySet();

  /** Completes once a JVM task's thread was abandoned and no task is left. */
  private final CompletableFuture<String> woundDown = new CompletableFuture<>();

  private volatile boolean taskKillingState;
  private volatile boolean shuttingDown;

  /**
   * @param idleTimeout how long to wait, once a task has run and none is left, before {@link #idle}
   *     completes
   */
  public TaskSupervisor(TaskContext ctx, Duration idleTimeout) {
    this.ctx = Objects.requireNonNull(ctx);
    this.idle = new IdleTimer(ctx.scheduler(), idleTimeout);
    this.shutdown = new TaskShutdown(ctx.scheduler(), ctx.threads());
    ctx.jvm().abandoned().thenRun(this::checkWoundDown);
  }

  /**
   * Completes, with the task's id, once the thread of a JVM task has been abandoned (it did not
   * stop when killed) and every other task has ended: the executor can no longer promise a clean
   * JVM, so it should stop. From then on {@link #launch} refuses every task.
   */
  public CompletionStage<String> woundDown() {
    return woundDown.minimalCompletionStage();
  }

  private void checkWoundDown() {
    ctx.jvm().abandonedTask().filter(id -> idle.live() == 0).ifPresent(woundDown::complete);
  }

  /**
   * Completes, on a timer thread, once a task has run and none has been left for the idle timeout:
   * the executor should then stop itself (the agent never stops an idle custom executor). Never
   * completes once a shutdown has begun.
   */
  public CompletionStage<Void> idle() {
    return idle.idle();
  }

  /** Whether the framework understands TASK_KILLING (its TASK_KILLING_STATE capability). */
  public void setTaskKillingState(boolean enabled) {
    taskKillingState = enabled;
  }

  /** Accepts a task: refuses duplicates at once, starts the rest on a worker. */
  public void launch(TaskInfo info) {
    TaskID id = info.getTaskId();
    if (shuttingDown) {
      send(
          Statuses.of(id, TaskState.TASK_FAILED, "The executor is shutting down; task not started")
              .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED));
      return;
    }
    Optional<String> abandoned = ctx.jvm().abandonedTask();
    if (abandoned.isPresent()) {
      refuseAfterAbandon(id, abandoned.get());
      return;
    }
    if (!launchedIds.add(id.getValue())) {
      refuseDuplicate(id);
      return;
    }
    TaskRun run =
        new TaskRun(
            info,
            ctx,
            ended -> {
              idle.ended();
              checkWoundDown();
            });
    tasks.put(id.getValue(), run);
    // Once the terminal update is out, not before: a shutdown waits on the runs it finds here.
    run.terminated().thenRun(() -> tasks.remove(id.getValue(), run));
    idle.launched();
    execute(run, "starting the task", () -> run.start(taskKillingState));
  }

  /**
   * TASK_FAILED with REASON_EXECUTOR_TERMINATED, as for a task that comes during a shutdown: the
   * executor is on its way out, and the scheduler should launch the task on another executor.
   */
  private void refuseAfterAbandon(TaskID id, String abandoned) {
    LOG.warn("Refusing task {}: the thread of JVM task {} was abandoned", id.getValue(), abandoned);
    send(
        Statuses.of(
                id,
                TaskState.TASK_FAILED,
                "The executor accepts no new task: the thread of JVM task "
                    + Quote.cut(abandoned)
                    + " did not stop when killed and was abandoned; it stops once its other tasks"
                    + " are done")
            .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED));
  }

  private void refuseDuplicate(TaskID id) {
    LOG.warn("Refusing task {}: a task with that id was already launched", id.getValue());
    // Queued behind the first task's start, so that its updates come first.
    Runnable refuse =
        () ->
            send(
                Statuses.of(
                        id,
                        TaskState.TASK_ERROR,
                        "Task id "
                            + Quote.cut(id.getValue())
                            + " was already launched on this executor")
                    .setReason(TaskStatus.Reason.REASON_TASK_INVALID));
    ctx.threads().run(id.getValue(), "refusing a duplicate task", refuse, refuse);
  }

  /** Kills a task; an unknown or finished task is logged and left alone. */
  public void kill(TaskID id) {
    TaskRun run = tasks.get(id.getValue());
    if (run == null) {
      LOG.warn(
          "killTask for {} task {} ignored",
          launchedIds.contains(id.getValue()) ? "finished" : "unknown",
          id.getValue());
      return;
    }
    execute(run, "killTask", () -> run.kill(KillCause.KILL_TASK, NO_LIMIT, taskKillingState));
  }

  /**
   * Kills every task, none with a grace period longer than {@code budget}, and completes once each
   * has sent its terminal update. A process that survives SIGKILL is reported as killed anyway.
   */
  public CompletableFuture<Void> shutdown(Duration budget) {
    shuttingDown = true;
    idle.stop();
    List<TaskRun> runs = List.copyOf(tasks.values());
    LOG.info(
        "Shutting down {} task(s) within {}",
        runs.stream().filter(r -> !r.terminated().isDone()).count(),
        budget);
    return shutdown.killAll(runs, budget, taskKillingState);
  }

  /** The number of tasks that have not yet sent their terminal update. */
  public int liveTasks() {
    return idle.live();
  }

  /** Whether the registry still holds a run for {@code taskId}: only while the task is live. */
  boolean holdsRun(String taskId) {
    return tasks.containsKey(taskId);
  }

  /**
   * Hands work of {@code run} to a worker; a refusal ends the task (TASK_FAILED), see {@link
   * TaskThreads}.
   */
  private void execute(TaskRun run, String what, Runnable work) {
    ctx.threads().run(run.id(), what, work, run::refused);
  }

  private void send(TaskStatus.Builder update) {
    try {
      ctx.sink().send(update.build());
    } catch (RuntimeException e) {
      LOG.error(
          "Sending {} for task {} failed", update.getState(), update.getTaskId().getValue(), e);
    }
  }
}
