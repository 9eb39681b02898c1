package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * One task's lifecycle: ACCEPTED, then RUNNING, maybe KILLING, then DONE with exactly one terminal
 * update. Every transition holds this object's lock, so events from the worker pool, the timer
 * and the process reaper can arrive in any order. Methods never run on the driver's thread.
 */
final class TaskRun {
  private static final Logger LOG = LogManager.getLogger(TaskRun.class);
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  private enum Phase {
    ACCEPTED,
    RUNNING,
    KILLING,
    DONE
  }

  private final TaskInfo info;
  private final TaskContext ctx;
  private final Consumer<TaskRun> onTerminal;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private Phase phase = Phase.ACCEPTED;
  private TaskSpec spec;
  private TaskProcess process;
  private KillBookkeeping kill;
  private Cancellable deadline = () -> {};

  TaskRun(TaskInfo info, TaskContext ctx, Consumer<TaskRun> onTerminal) {
    this.info = Objects.requireNonNull(info);
    this.ctx = Objects.requireNonNull(ctx);
    this.onTerminal = Objects.requireNonNull(onTerminal);
  }

  String id() {
    return info.getTaskId().getValue();
  }

  /** Completes once the terminal update has been sent. */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Resolves the spec and starts the process; called once, on a worker. */
  synchronized void start(boolean taskKillingState) {
    if (phase != Phase.ACCEPTED) {
      return; // killed before it could start
    }
    try {
      resolveAndLaunch(taskKillingState);
    } catch (RuntimeException e) {
      // A bug must not cost the task its terminal update, nor leave its process behind.
      LOG.error("Starting task {} failed unexpectedly", id(), e);
      if (process != null) {
        process.signalGroup(Signal.KILL);
      }
      if (phase != Phase.DONE) {
        terminal(Statuses.of(info.getTaskId(), TaskState.TASK_FAILED,
            "Executor error while starting the task: " + e));
      }
    }
  }

  private void resolveAndLaunch(boolean taskKillingState) {
    try {
      TaskDirectory.checkId(id());
      spec = ctx.sources().resolve(info);
    } catch (InvalidTaskException e) {
      terminal(Statuses.of(info.getTaskId(), TaskState.TASK_ERROR, e.getMessage())
          .setReason(TaskStatus.Reason.REASON_TASK_INVALID));
      return;
    }
    if (info.hasHealthCheck() || info.hasCheck()) {
      LOG.warn("Task {} has a TaskInfo health check or check; this executor version does not run"
          + " them yet, so the task runs unchecked", id());
    }
    send(Statuses.of(info.getTaskId(), TaskState.TASK_STARTING));
    try {
      LaunchRequest request = TaskDirectory.prepare(ctx, id(), spec, true);
      FrameworkMessages.directory(ctx, id());
      process = ctx.launcher().launch(request);
    } catch (LaunchException e) {
      terminal(Statuses.of(info.getTaskId(), TaskState.TASK_FAILED, e.getMessage())
          .setReason(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED));
      return;
    }
    phase = Phase.RUNNING;
    LOG.info("Task {} started as pid {}: {}", id(), process.pid(), spec.work());
    send(Statuses.of(info.getTaskId(), TaskState.TASK_RUNNING, "pid " + process.pid()));
    spec.maxCompletionTime()
        .ifPresent(max -> deadline = ctx.scheduler().schedule(max, () -> onWorker(
            () -> kill(KillCause.MAX_COMPLETION_TIME, Duration.ZERO, taskKillingState))));
    process.onExit().whenComplete((status, err) -> onWorker(() -> exited(status)));
  }

  /**
   * Kills the task: SIGTERM to its process group now, SIGKILL once {@code grace} has passed. A
   * repeated kill can only bring the SIGKILL closer.
   */
  synchronized void kill(KillCause cause, Duration grace, boolean taskKillingState) {
    switch (phase) {
      case DONE -> LOG.info("Kill of task {} ignored: it has already ended", id());
      case ACCEPTED -> terminal(Statuses.of(info.getTaskId(), TaskState.TASK_KILLED,
          "Task killed by " + cause.label() + " before it started"));
      case RUNNING -> {
        phase = Phase.KILLING;
        Duration effective = grace(cause, grace);
        kill = new KillBookkeeping(cause, ctx.scheduler().nanoTime(), effective);
        LOG.info("Killing task {} ({}), grace period {}", id(), cause.label(), effective);
        if (taskKillingState && cause != KillCause.MAX_COMPLETION_TIME) {
          send(Statuses.of(info.getTaskId(), TaskState.TASK_KILLING));
        }
        escalateAfter(effective);
      }
      case KILLING -> {
        Duration left = kill.remainingGrace(ctx.scheduler().nanoTime());
        Duration effective = grace(cause, grace);
        if (!kill.sigkillSent() && effective.compareTo(left) < 0) {
          LOG.info("Repeated kill of task {} shortens its grace period to {}", id(), effective);
          escalateAfter(effective);
        }
      }
    }
  }

  /** The grace for this kill: the task's own period, never longer than {@code limit}. */
  private Duration grace(KillCause cause, Duration limit) {
    if (cause == KillCause.MAX_COMPLETION_TIME) {
      return Duration.ZERO;
    }
    Duration own = spec.killGracePeriod().orElse(DEFAULT_KILL_GRACE);
    return own.compareTo(limit) <= 0 ? own : limit;
  }

  private void escalateAfter(Duration grace) {
    kill.escalation().cancel();
    if (grace.isZero() || grace.isNegative()) {
      sigkill();
      return;
    }
    if (!kill.sigtermSent()) {
      kill.markSigterm(); // before the signal: the exit it causes may be reported at once
      process.signalGroup(Signal.TERM);
    }
    kill.setDeadline(ctx.scheduler().nanoTime() + grace.toNanos(),
        ctx.scheduler().schedule(grace, () -> onWorker(this::escalate)));
  }

  /**
   * SIGKILL at the end of the grace period. It goes out even when the main process has already
   * exited on SIGTERM: what is left of its process group (a child that ignores SIGTERM) must not
   * outlive the killed task.
   */
  private synchronized void escalate() {
    if (kill != null && !kill.sigkillSent()) {
      LOG.info("Grace period of task {} is over; SIGKILL to what is left of it", id());
      sigkill();
    }
  }

  private void sigkill() {
    kill.markSigkill(ctx.scheduler().nanoTime());
    process.signalGroup(Signal.KILL);
  }

  private synchronized void exited(ExitStatus status) {
    if (phase == Phase.DONE) {
      return;
    }
    LOG.info("Task {} process {} ended: {}", id(), process.pid(), status.describe());
    TaskStatus.Builder update;
    if (kill == null) {
      boolean ok = status.exitCode() == 0 && status.signal().isEmpty();
      update = Statuses.of(info.getTaskId(), ok ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED,
          status.describe());
    } else if (kill.cause() == KillCause.MAX_COMPLETION_TIME) {
      update = Statuses.of(info.getTaskId(), TaskState.TASK_FAILED,
              "Task exceeded its max completion time of "
                  + org.mesosexec.settings.Durations.human(spec.maxCompletionTime().orElseThrow())
                  + "; " + status.describe())
          .setReason(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED);
    } else {
      update = Statuses.of(info.getTaskId(), TaskState.TASK_KILLED,
          kill.describe(ctx.scheduler().nanoTime(), status));
    }
    FrameworkMessages.exitCode(ctx, id(), status.exitCode());
    terminal(update.setData(Statuses.utf8(status.toJson())));
  }

  /**
   * Sends a terminal update for a task whose process outlived every signal (for example stuck in
   * uninterruptible I/O), so that the scheduler still hears of it before the executor goes.
   */
  synchronized void abandon(String why) {
    if (phase != Phase.DONE) {
      LOG.warn("Task {} is still running after SIGKILL; reporting it as killed: {}", id(), why);
      terminal(Statuses.of(info.getTaskId(), TaskState.TASK_KILLED, why));
    }
  }

  private void terminal(TaskStatus.Builder update) {
    phase = Phase.DONE;
    deadline.cancel();
    // Counted as ended before the update goes out: a driver that stops on the last terminal
    // update must not find this task still live.
    onTerminal.accept(this);
    send(update);
    terminated.complete(null);
  }

  private void send(TaskStatus.Builder update) {
    try {
      ctx.sink().send(update.build());
    } catch (RuntimeException e) {
      LOG.error("Sending {} for task {} failed", update.getState(), id(), e);
    }
  }

  /** Runs on the worker pool, or right here if the pool refuses: an exit must never be lost. */
  private void onWorker(Runnable work) {
    Runnable action = org.mesosexec.logging.LogContext.wrap(id(), work);
    try {
      ctx.workers().execute(action);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      action.run();
    }
  }
}
