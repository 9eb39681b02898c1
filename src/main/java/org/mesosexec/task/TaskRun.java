package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;

/**
 * One task's lifecycle: ACCEPTED (before-start hooks), STARTING, RUNNING, KILLING (before-terminate
 * hooks, SIGTERM, grace, SIGKILL; or the cleanup of what a task left behind when it ended on its
 * own), ENDING, then DONE with exactly one terminal update ({@link #terminal}), sent only once
 * nothing of the task is left. Every transition holds this object's lock ({@link TaskEvents}), so
 * events from the workers, the timer, the hooks and the work itself can arrive in any order. Its
 * collaborators hold no lock: {@link Exiting}, {@link Tracking} and {@link Endings} return
 * decisions that TaskRun applies; {@link Launching} (the start), {@link Watching} (the running
 * work) and {@link Stopping} (the kill path) act through the narrow {@link TaskControl} it
 * implements, which moves the phase. What may wait (starting the work, signalling it, reading the
 * rest of its output) runs after the lock is released. Never runs on the driver's thread, except to
 * report a refusal of the workers ({@link TaskThreads}).
 */
final class TaskRun implements TaskControl {
  private static final Logger LOG = LogManager.getLogger(TaskRun.class);
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  private final TaskInfo info;
  private final TaskContext ctx;
  private final Consumer<TaskRun> onTerminal;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final TaskEvents events;
  private final Tracking tracking;
  private final Exiting exiting;
  private final Stopping stopping;
  private final Launching launching;

  private Phase phase = Phase.ACCEPTED;
  private boolean taskKillingState;
  private RunningWork work;

  TaskRun(TaskInfo info, TaskContext ctx, Consumer<TaskRun> onTerminal) {
    this.info = Objects.requireNonNull(info);
    this.ctx = Objects.requireNonNull(ctx);
    this.onTerminal = Objects.requireNonNull(onTerminal);
    this.events = new TaskEvents(this, ctx);
    this.tracking = new Tracking(ctx, id());
    this.exiting = new Exiting(info.getTaskId());
    this.stopping = new Stopping(events, exiting);
    this.launching = new Launching(events, info, tracking, stopping);
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
            launching.start();
          }
        });
  }

  @Override
  public void launching() {
    phase = Phase.STARTING;
  }

  @Override
  public boolean runs(RunningWork started) {
    work = started;
    if (phase != Phase.STARTING) {
      return false;
    }
    phase = Phase.RUNNING;
    return true;
  }

  @Override
  public void notStarted(TaskStatus.Builder update) {
    if (phase == Phase.ACCEPTED || phase == Phase.STARTING) {
      terminal(update);
    }
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
      case STARTING -> launching.defer(cause, () -> kill(cause, why, limit, killingState));
      case RUNNING -> {
        phase = Phase.KILLING;
        launching.health().ifPresent(HealthReport::stop);
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
    launching.health().ifPresent(HealthReport::stop);
    if (!exiting.exited(status, stopping.kill() != null, work).isEmpty()) {
      phase = Phase.KILLING;
      stopping.leftovers();
    }
    checkGone();
  }

  @Override
  public void checkGone() {
    TaskSpec spec = launching.spec().orElseThrow(); // the work has run, so the spec is known
    long now = ctx.scheduler().nanoTime();
    Exiting.Look look = exiting.look(phase.ended(), stopping.kill(), work, spec, now);
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
          if (!phase.ended()) {
            TaskStatus.Builder update = exiting.abandoned(stopping.kill(), why);
            stopping.killAll(); // whatever happened before, nothing of it may stay
            end(update);
          }
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
        tracking.ending(exiting.exit(), launching.spec().flatMap(TaskSpec::killGracePeriod));
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
    launching.health().ifPresent(HealthReport::stop);
    tracking.cancel();
    exiting.reaper().cancel();
    stopping.cancel();
  }

  @Override
  public void send(TaskStatus.Builder update) {
    launching.health().ifPresent(h -> h.decorate(update));
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
  public Phase phase() {
    return phase;
  }

  @Override
  public RunningWork work() {
    return work;
  }

  @Override
  public TaskMetadata meta() {
    return launching.meta();
  }
}
