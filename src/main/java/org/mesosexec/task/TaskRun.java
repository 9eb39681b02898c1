package org.mesosexec.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.HookFailure;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.Signal;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * One task's lifecycle: ACCEPTED (before-start hooks), STARTING, RUNNING, KILLING (before-terminate
 * hooks, SIGTERM, grace, SIGKILL; or the cleanup of what a task left behind when it ended on its
 * own), ENDING, then DONE with exactly one terminal update ({@link #terminal}), sent only once
 * nothing of the task is left. Every transition holds this object's lock, so events from the
 * workers, the timer, the hooks and the work itself can arrive in any order; its collaborators
 * ({@link Starting}, {@link Killing}, {@link KillSequence}, {@link Exiting}, {@link Reaper}, {@link
 * HealthReport}, {@link Tracking}, {@link Preparation}, {@link Endings}) hold no lock and return
 * decisions: each event of the start, a kill, the exit and a check becomes a step that TaskRun
 * applies in one place. What may wait (starting the work, signalling it, reading the rest of its
 * output) runs after the lock is released ({@link LockedSteps}). Never runs on the driver's thread,
 * except to report a refusal of the workers ({@link TaskThreads}).
 */
final class TaskRun {
  private static final Logger LOG = LogManager.getLogger(TaskRun.class);
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  /** How long processes get to vanish after SIGKILL before the task is reported anyway. */
  static final Duration KILL_REAP_LIMIT = Duration.ofSeconds(2);

  private static final Duration NO_LIMIT = KillSequence.NO_LIMIT;

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
  private final LockedSteps steps = new LockedSteps(this);

  /** Kills that came while the work was starting, applied once it runs. */
  private final List<Runnable> deferredKills = new ArrayList<>();

  private final Tracking tracking;
  private final Exiting exiting;

  private Phase phase = Phase.ACCEPTED;
  private boolean taskKillingState;
  private Preparation.Resolved resolved;
  private TaskMetadata meta;
  private HealthReport health;
  private RunningWork work;
  private Killing kill;

  TaskRun(TaskInfo info, TaskContext ctx, Consumer<TaskRun> onTerminal) {
    this.info = Objects.requireNonNull(info);
    this.ctx = Objects.requireNonNull(ctx);
    this.onTerminal = Objects.requireNonNull(onTerminal);
    this.runner = new ProcessWork(ctx.launcher());
    this.tracking = new Tracking(ctx, id());
    this.exiting = new Exiting(info.getTaskId());
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
    step(
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
          .whenComplete(
              (env, error) ->
                  onWorker(
                      () ->
                          step(
                              "starting the task",
                              () ->
                                  apply(
                                      Starting.hooksDone(
                                          info,
                                          hooks.ready(),
                                          phase == Phase.ACCEPTED,
                                          env,
                                          error)))));
    } else if (step instanceof Starting.Launch launch) {
      meta = launch.ready().meta();
      phase = Phase.STARTING;
      startWork(launch);
    } else if (step instanceof Starting.Running run) {
      running(run.work(), run.request());
    }
  }

  /** Starts the work outside the lock: spawning it or looking its user up may take a while. */
  private void startWork(Starting.Launch launch) {
    steps.outside(
        () -> {
          try {
            return Starting.start(runner, info, launch.request());
          } finally {
            launch.ready().outputs().close(); // the work has its own descriptors now
          }
        },
        started -> guard("starting the task", () -> apply(started)),
        e -> guard("starting the task", () -> failed("starting the task", e)));
  }

  private void running(RunningWork started, LaunchRequest request) {
    work = started;
    if (phase != Phase.STARTING) {
      LOG.info("Task {} ended while its work started; stopping it", id());
      signal(Signal.KILL);
      return;
    }
    phase = Phase.RUNNING;
    String pid = started.pid().isPresent() ? "pid " + started.pid().getAsLong() : "";
    started.pid().ifPresent(p -> meta = meta.withPid(p));
    Optional<ProgressTracker> tracker =
        Preparation.tracker(ctx, id(), resolved.progress(), request, onTask("progress tracking"));
    LOG.info("Task {} started as {}: {}", id(), pid, resolved.spec().work());
    send(Statuses.of(info.getTaskId(), TaskState.TASK_RUNNING, pid));
    tracking.started(tracker); // after TASK_RUNNING: no progress may come before it
    health.start(
        resolved.spec(),
        request,
        ctx.prober(),
        ctx.scheduler(),
        onTask("a check"),
        o ->
            step(
                "reporting a health check result",
                () -> report(() -> health.health(o, ctx.scheduler().nanoTime()))),
        o -> step("reporting a check result", () -> report(() -> health.check(o))));
    resolved
        .spec()
        .maxCompletionTime()
        .ifPresent(
            max ->
                tracking.deadline(
                    after(
                        max,
                        () -> kill(KillCause.MAX_COMPLETION_TIME, NO_LIMIT, taskKillingState))));
    started.ended().whenComplete((status, err) -> onWorker(() -> exited(status)));
    deferredKills.forEach(Runnable::run);
    deferredKills.clear();
  }

  /** Applies what a health check or check outcome led to: the one place such results go out. */
  private void report(Supplier<Optional<HealthReport.Step>> outcome) {
    if (phase != Phase.RUNNING || exiting.exit() != null) {
      return; // nothing is reported once the task is being killed or has exited
    }
    outcome
        .get()
        .ifPresent(
            step -> {
              send(step.update());
              if (step.firstHealthy() && !ctx.hooks().isEmpty()) {
                afterHealthy();
              }
              step.kill()
                  .ifPresent(why -> kill(KillCause.HEALTH_CHECK, why, NO_LIMIT, taskKillingState));
            });
  }

  /** The task's first healthy check runs the after-healthy hooks; one that fails kills it. */
  private void afterHealthy() {
    ctx.hooks()
        .afterHealthy(meta)
        .whenComplete(
            (x, error) -> {
              if (error != null) {
                String why = HookFailure.messageOf(error);
                LOG.warn("Task {}: {}; killing it", id(), why);
                onWorker(() -> kill(KillCause.HOOK_FAILURE, why, NO_LIMIT, taskKillingState));
              }
            });
  }

  /**
   * Kills the task: before-terminate hooks, then SIGTERM to every process of it, SIGKILL once its
   * grace period has passed. {@code limit} caps the grace (and the hooks) from now on; a repeated
   * kill can only bring the SIGKILL closer.
   */
  void kill(KillCause cause, Duration limit, boolean taskKillingState) {
    step("killing the task", () -> kill(cause, "", limit, taskKillingState));
  }

  private void kill(KillCause cause, String why, Duration limit, boolean killingState) {
    long now = ctx.scheduler().nanoTime();
    switch (phase) {
      case ENDING, DONE -> LOG.info("Kill of task {} ignored: it has already ended", id());
      case ACCEPTED -> terminal(Endings.killedBeforeStart(info.getTaskId(), cause));
      case STARTING -> deferredKills.add(() -> kill(cause, why, limit, killingState));
      case RUNNING -> {
        phase = Phase.KILLING;
        health.stop();
        kill = killing(new KillSequence(cause, why, now, limit));
        LOG.info("Killing task {} ({}{})", id(), cause.label(), why.isEmpty() ? "" : ": " + why);
        apply(
            kill.first(
                limit,
                killingState,
                ctx.hooks().isEmpty() ? Optional.empty() : Optional.of(ctx.hooks().timeout()),
                now));
      }
      case KILLING -> apply(kill.repeated(limit, now));
    }
  }

  private Killing killing(KillSequence sequence) {
    return new Killing(id(), sequence, resolved.spec().killGracePeriod());
  }

  /** Applies what a kill event led to: the one place the kill's hooks, timers and signals start. */
  private void apply(Killing.Step step) {
    if (step.reportKilling()) {
      send(Statuses.of(info.getTaskId(), TaskState.TASK_KILLING));
    }
    step.hooks()
        .ifPresent(
            bound ->
                ctx.hooks()
                    .beforeTerminate(meta, bound)
                    .whenComplete((x, e) -> onWorker(this::hooksDone)));
    step.signalsBy().ifPresent(by -> after(by, this::hooksDone));
    step.signals().ifPresent(this::escalateAfter);
  }

  private void hooksDone() {
    if (phase == Phase.KILLING) {
      apply(kill.hooksDone(ctx.scheduler().nanoTime()));
    }
  }

  /** Sends the signal {@code grace} left before SIGKILL calls for, and sets what follows it. */
  private void escalateAfter(Duration grace) {
    switch (kill.move(grace)) {
      // The grace period counts from when SIGTERM has gone out, as the task sees it.
      case TERM_THEN_WAIT ->
          signal(
              Signal.TERM,
              () -> {
                if (phase == Phase.KILLING && kill.needsDeadline()) {
                  escalateIn(grace);
                }
              });
      case KILL -> {
        signal(Signal.KILL);
        watchAfterSigkill();
      }
      case KILLED -> watchAfterSigkill();
      case WAIT -> escalateIn(grace);
    }
  }

  private void watchAfterSigkill() {
    after(
        KILL_REAP_LIMIT,
        () ->
            abandon(
                "processes "
                    + work.remaining()
                    + " were still present "
                    + Durations.human(KILL_REAP_LIMIT)
                    + " after SIGKILL"));
    exiting.afterSigkill().ifPresent(this::schedulePoll);
  }

  private void escalateIn(Duration grace) {
    kill.sequence()
        .setDeadline(ctx.scheduler().nanoTime() + grace.toNanos(), after(grace, this::graceOver));
  }

  /** SIGKILL at the end of the grace period, to whatever of the task is left. */
  private void graceOver() {
    if (phase == Phase.KILLING) {
      apply(kill.graceOver());
    }
  }

  private void signal(Signal signal) {
    signal(signal, () -> {});
  }

  /**
   * Sends {@code signal} to the work once the lock is released (stopping may wait a little), then
   * runs {@code sent} under the lock.
   */
  private void signal(Signal signal, Runnable sent) {
    RunningWork target = work;
    exiting.reaper().signalSending();
    steps.outside(
        () -> target.stop(signal),
        reached ->
            guard(
                "killing the task",
                () -> {
                  sent.run();
                  signalled(reached);
                }),
        e -> guard("killing the task", () -> signalFailed(e)));
  }

  private void signalFailed(Throwable e) {
    exiting.reaper().signalSent();
    if (phase.ended()) {
      LOG.error("Killing what is left of task {} failed too", id(), e);
    } else {
      failed("killing the task", e);
    }
  }

  private void signalled(int reached) {
    if (kill != null) {
      kill.sequence().countProcesses(reached);
    }
    if (exiting.reaper().signalSent()) {
      checkGone();
    }
  }

  private void exited(ExitStatus status) {
    if (phase.ended()) {
      return;
    }
    health.stop();
    if (!exiting.exited(status, kill != null, work).isEmpty()) {
      long now = ctx.scheduler().nanoTime();
      phase = Phase.KILLING;
      kill = killing(new KillSequence(KillCause.LEFTOVERS, "", now, NO_LIMIT));
      apply(kill.hooksDone(now));
    }
    checkGone();
  }

  /** Ends the task once its work has exited and nothing else of it is left. */
  private void checkGone() {
    Exiting.Look look =
        exiting.look(phase.ended(), kill, work, resolved.spec(), ctx.scheduler().nanoTime());
    look.end().ifPresent(this::end);
    look.again().ifPresent(this::schedulePoll);
  }

  private void schedulePoll(Duration delay) {
    exiting.reaper().polling(after(delay, this::checkGone));
  }

  /**
   * Sends a terminal update for a task whose processes outlived every signal (for example stuck in
   * uninterruptible I/O), so that the scheduler still hears of it before the executor goes.
   */
  void abandon(String why) {
    step(
        "reporting the task as ended",
        () -> {
          if (phase.ended()) {
            return;
          }
          TaskStatus.Builder update = exiting.abandoned(kill, why);
          if (work != null) {
            signal(Signal.KILL); // whatever happened before, nothing of it may stay
          }
          end(update);
        });
  }

  /** The workers refused work of this task: it cannot be supervised, so it ends now. */
  void refused() {
    step(
        "handing work to the executor's workers",
        () -> {
          if (!phase.ended()) {
            failed(
                "handing work to the executor's workers",
                new RejectedExecutionException("the executor's workers refused it"));
          }
        });
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
    steps.later(
        () -> {
          report.run();
          step("reporting the task as ended", () -> terminal(update));
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
    if (kill != null) {
      kill.sequence().escalation().cancel();
    }
  }

  private void send(TaskStatus.Builder update) {
    if (health != null) {
      health.decorate(update);
    }
    try {
      ctx.sink().send(update.build());
    } catch (RuntimeException e) {
      LOG.error("Sending {} for task {} failed", update.getState(), id(), e);
    }
  }

  /** Runs {@code body} under the lock, then what it decided to do outside it. */
  private void step(String what, Runnable body) {
    steps.run(() -> guard(what, body));
  }

  /**
   * A bug must not cost the task its terminal update, nor leave its processes behind; nor may an
   * Error (a StackOverflowError from deep input, an OutOfMemoryError), which would otherwise end
   * the worker thread silently and leave the task without an update forever.
   */
  private void guard(String what, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      failed(what, e);
    }
  }

  private void failed(String what, Throwable e) {
    LOG.error("{} for task {} failed unexpectedly", what, id(), e);
    if (work != null) {
      signal(Signal.KILL);
    }
    if (!phase.ended()) {
      terminal(Endings.executorError(info.getTaskId(), what, e));
    }
  }

  /**
   * Runs on a worker; if the workers refuse, the task fails at once: an exit must never be lost.
   */
  private void onWorker(Runnable work) {
    ctx.threads()
        .run(
            id(),
            "an event of the task",
            () -> step("handling an event of the task", work),
            this::refused);
  }

  /** Runs {@code event} on a worker after {@code delay}, on the executor's timer. */
  private Cancellable after(Duration delay, Runnable event) {
    return ctx.scheduler().schedule(delay, () -> onWorker(event));
  }

  private Executor onTask(String what) {
    return ctx.threads().forTask(id(), what, this::refused);
  }
}
