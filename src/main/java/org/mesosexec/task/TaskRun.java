package org.mesosexec.task;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;

/**
 * One task's lifecycle: ACCEPTED (before-start hooks), STARTING, RUNNING, KILLING (before-terminate
 * hooks, SIGTERM, grace, SIGKILL; or the cleanup of what a task left behind when it ended on its
 * own), ENDING, then DONE with exactly one terminal update ({@link #terminal}), sent only once
 * nothing of the task is left. Every transition holds this object's lock ({@link TaskEvents}), so
 * events from the workers, the timer, the hooks and the work itself can arrive in any order. Its
 * collaborators hold no lock: {@link Starting}, {@link Exiting}, {@link HealthReport}, {@link
 * Tracking}, {@link Preparation} and {@link Endings} return decisions that TaskRun applies; {@link
 * Watching} (the running work) and {@link Stopping} (the kill path) act through the narrow {@link
 * TaskControl} it implements. What may wait (starting the work, signalling it, reading the rest of
 * its output) runs after the lock is released. Never runs on the driver's thread, except to report
 * a refusal of the workers ({@link TaskThreads}).
 */
final class TaskRun implements TaskControl {
  private static final Logger LOG = LogManager.getLogger(TaskRun.class);
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  private enum Phase {
    ACCEPTED,
    STARTING,
    RUNNING,
    KILLING,
    ENDING,
    DONE;

    /** The terminal update is decided: nothing may change it. */
    boolean ended() {
      return this == ENDING || this == DONE;
    }
  }

  private final TaskInfo info;
  private final TaskContext ctx;
  private final WorkRunner runner;
  private final Consumer<TaskRun> onTerminal;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final TaskEvents events;
  private final Tracking tracking;
  private final Exiting exiting;
  private final Stopping stopping;

  private Phase phase = Phase.ACCEPTED;
  private boolean taskKillingState;
  private Preparation.Resolved resolved;
  private TaskMetadata meta;
  private HealthReport health;
  private RunningWork work;

  TaskRun(TaskInfo info, TaskContext ctx, Consumer<TaskRun> onTerminal) {
    this.info = Objects.requireNonNull(info);
    this.ctx = Objects.requireNonNull(ctx);
    this.onTerminal = Objects.requireNonNull(onTerminal);
    this.runner = new ProcessWork(ctx.launcher());
    this.events = new TaskEvents(this, ctx);
    this.tracking = new Tracking(ctx, id());
    this.exiting = new Exiting(info.getTaskId());
    this.stopping = new Stopping(events, exiting);
  }

  String id() {
    return info.getTaskId().getValue();
  }

  /** Completes once the terminal update has been sent. */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Resolves the spec, runs the before-start hooks and starts the work; called once. */
  void start(boolean taskKillingState) {
    events.step(
        "starting the task",
        () -> {
          this.taskKillingState = taskKillingState;
          if (phase == Phase.ACCEPTED) { // else killed before it could start
            prepare();
          }
        });
  }

  private void prepare() {
    try {
      resolved = Preparation.resolve(ctx, info);
    } catch (InvalidTaskException e) {
      terminal(Endings.invalid(info.getTaskId(), e));
      return;
    }
    health = new HealthReport(info.getTaskId(), resolved.spec());
    send(Statuses.of(info.getTaskId(), TaskState.TASK_STARTING));
    apply(Starting.directory(ctx, runner, info, resolved));
  }

  /** Applies what a start event led to: the one place the task's work is set going. */
  private void apply(Starting.Step step) {
    if (step instanceof Starting.End end) {
      if (phase == Phase.ACCEPTED || phase == Phase.STARTING) {
        terminal(end.update());
      }
    } else if (step instanceof Starting.Hooks hooks) {
      meta = hooks.ready().meta();
      ctx.hooks()
          .beforeStart(meta)
          .whenComplete((env, error) -> events.onWorker(() -> hooksDone(hooks, env, error)));
    } else if (step instanceof Starting.Launch launch) {
      meta = launch.ready().meta();
      phase = Phase.STARTING;
      startWork(launch);
    } else if (step instanceof Starting.Running run) {
      running(run.work(), run.request());
    }
  }

  private void hooksDone(Starting.Hooks hooks, Map<String, String> env, Throwable error) {
    events.step(
        "starting the task",
        () -> apply(Starting.hooksDone(info, hooks.ready(), phase == Phase.ACCEPTED, env, error)));
  }

  /** Starts the work outside the lock: spawning it or looking its user up may take a while. */
  private void startWork(Starting.Launch launch) {
    events.outside(
        "starting the task",
        () -> {
          try {
            return Starting.start(runner, info, launch.request());
          } finally {
            launch.ready().outputs().close(); // the work has its own descriptors now
          }
        },
        this::apply,
        e -> failed("starting the task", e));
  }

  private void running(RunningWork started, LaunchRequest request) {
    work = started;
    if (phase != Phase.STARTING) {
      LOG.info("Task {} ended while its work started; stopping it", id());
      stopping.killAll();
      return;
    }
    phase = Phase.RUNNING;
    started.pid().ifPresent(p -> meta = meta.withPid(p));
    new Watching(events).started(resolved, request, health, tracking);
    stopping.running(resolved.spec().killGracePeriod());
  }

  /**
   * Kills the task: before-terminate hooks, then SIGTERM to every process of it, SIGKILL once its
   * grace period has passed. {@code limit} caps the grace (and the hooks) from now on; a repeated
   * kill can only bring the SIGKILL closer.
   */
  void kill(KillCause cause, Duration limit, boolean taskKillingState) {
    events.step("killing the task", () -> kill(cause, "", limit, taskKillingState));
  }

  @Override
  public void kill(KillCause cause, String why) {
    kill(cause, why, KillSequence.NO_LIMIT, taskKillingState);
  }

  private void kill(KillCause cause, String why, Duration limit, boolean killingState) {
    switch (phase) {
      case ENDING, DONE -> LOG.info("Kill of task {} ignored: it has already ended", id());
      case ACCEPTED -> terminal(Endings.killedBeforeStart(info.getTaskId(), cause));
      case STARTING -> stopping.defer(() -> kill(cause, why, limit, killingState));
      case RUNNING -> {
        phase = Phase.KILLING;
        health.stop();
        stopping.begin(cause, why, limit, killingState);
      }
      case KILLING -> stopping.again(limit);
    }
  }

  @Override
  public void exited(ExitStatus status) {
    if (phase.ended()) {
      return;
    }
    health.stop();
    if (!exiting.exited(status, stopping.kill() != null, work).isEmpty()) {
      phase = Phase.KILLING;
      stopping.leftovers();
    }
    checkGone();
  }

  @Override
  public void checkGone() {
    Exiting.Look look =
        exiting.look(
            phase.ended(), stopping.kill(), work, resolved.spec(), ctx.scheduler().nanoTime());
    look.end().ifPresent(this::end);
    look.again().ifPresent(this::lookAgainIn);
  }

  @Override
  public void lookAgainIn(Duration delay) {
    exiting.reaper().polling(events.after(delay, this::checkGone));
  }

  /**
   * Sends a terminal update for a task whose processes outlived every signal (for example stuck in
   * uninterruptible I/O), so that the scheduler still hears of it before the executor goes.
   */
  @Override
  public void abandon(String why) {
    events.step(
        "reporting the task as ended",
        () -> {
          if (phase.ended()) {
            return;
          }
          TaskStatus.Builder update = exiting.abandoned(stopping.kill(), why);
          stopping.killAll(); // whatever happened before, nothing of it may stay
          end(update);
        });
  }

  /** The workers refused work of this task: it cannot be supervised, so it ends now. */
  void refused() {
    events.refused();
  }

  /**
   * The terminal update is decided. The exit code, the last progress and then the update go out in
   * that order (DESIGN §6) after the lock is released: reading the rest of the task's output may
   * take up to its grace period, and no event of the task may wait for that.
   */
  private void end(TaskStatus.Builder update) {
    phase = Phase.ENDING;
    cancelTimers();
    // No progress may go out between here and the final one.
    Runnable report =
        tracking.ending(
            exiting.exit(),
            resolved == null ? Optional.empty() : resolved.spec().killGracePeriod());
    events.later(
        () -> {
          report.run();
          events.step("reporting the task as ended", () -> terminal(update));
        });
  }

  /** The one way to DONE: the terminal update, exactly once. */
  private void terminal(TaskStatus.Builder update) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    cancelTimers();
    tracking.close();
    // Counted as ended before the update goes out: a driver that stops on the last terminal
    // update must not find this task still live.
    onTerminal.accept(this);
    send(update);
    terminated.complete(null);
  }

  private void cancelTimers() {
    if (health != null) {
      health.stop();
    }
    tracking.cancel();
    exiting.reaper().cancel();
    stopping.cancel();
  }

  @Override
  public void send(TaskStatus.Builder update) {
    if (health != null) {
      health.decorate(update);
    }
    try {
      ctx.sink().send(update.build());
    } catch (RuntimeException e) {
      LOG.error("Sending {} for task {} failed", update.getState(), id(), e);
    }
  }

  @Override
  public void failed(String what, Throwable e) {
    LOG.error("{} for task {} failed unexpectedly", what, id(), e);
    stopping.killAll();
    if (!phase.ended()) {
      terminal(Endings.executorError(info.getTaskId(), what, e));
    }
  }

  @Override
  public TaskID taskId() {
    return info.getTaskId();
  }

  @Override
  public boolean running() {
    return phase == Phase.RUNNING && exiting.exit() == null;
  }

  @Override
  public boolean killing() {
    return phase == Phase.KILLING;
  }

  @Override
  public boolean ended() {
    return phase.ended();
  }

  @Override
  public RunningWork work() {
    return work;
  }

  @Override
  public TaskMetadata meta() {
    return meta;
  }
}
