package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.settings.Durations;
import org.mesosexec.task.TaskControl.Phase;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Stops a task's running work, applying what each event of a kill leads to ({@link Killing}):
 * TASK_KILLING, the before-terminate hooks, SIGTERM, SIGKILL once the grace period counted from
 * when SIGTERM has gone out is over, and the task reported anyway {@link #KILL_REAP_LIMIT} after
 * SIGKILL; signals go out once the lock is released. Holds no lock: guarded by the task's lock,
 * every method is called with {@link TaskRun}'s lock held.
 */
final class Stopping {
  private static final Logger LOG = LogManager.getLogger(Stopping.class);

  /** How long processes get to vanish after SIGKILL before the task is reported anyway. */
  static final Duration KILL_REAP_LIMIT = Duration.ofSeconds(2);

  private final TaskControl task;
  private final String id;
  private final TaskEvents events;
  private final TaskContext ctx;
  private final Exiting exiting;

  private Optional<Duration> taskGrace = Optional.empty();
  private Killing kill;

  /**
   * @param events the events of the task, through which it is reached under its lock
   */
  Stopping(TaskEvents events, Exiting exiting) {
    this.events = events;
    this.task = events.task();
    this.ctx = events.context();
    this.id = task.taskId().getValue();
    this.exiting = Objects.requireNonNull(exiting);
  }

  /** The task's kill; null until one has begun. */
  Killing kill() {
    return kill;
  }

  /** The work runs, with the task's own grace period if it has one. */
  void running(Optional<Duration> taskGrace) {
    this.taskGrace = Objects.requireNonNull(taskGrace);
  }

  /**
   * The first kill of the running task. {@code limit} caps the grace (and the hooks) from now on.
   *
   * @param killingState whether to send TASK_KILLING (the framework understands it)
   */
  void begin(KillCause cause, String why, Duration limit, boolean killingState) {
    long now = ctx.scheduler().nanoTime();
    kill = new Killing(id, new KillSequence(cause, why, now, limit), taskGrace);
    LOG.info("Killing task {} ({}{})", id, cause.label(), why.isEmpty() ? "" : ": " + why);
    Optional<Duration> hookTimeout =
        ctx.hooks().isEmpty() ? Optional.empty() : Optional.of(ctx.hooks().timeout());
    apply(kill.first(limit, killingState, hookTimeout, now));
  }

  /** A repeated kill: it can only bring the SIGKILL closer. */
  void again(Duration limit) {
    apply(kill.repeated(limit, ctx.scheduler().nanoTime()));
  }

  /** The work exited and left processes behind: they get the signals, with no hooks before. */
  void leftovers() {
    long now = ctx.scheduler().nanoTime();
    KillSequence sequence = new KillSequence(KillCause.LEFTOVERS, "", now, KillSequence.NO_LIMIT);
    kill = new Killing(id, sequence, taskGrace);
    apply(kill.hooksDone(now));
  }

  /** SIGKILL to whatever of the work there is, once the lock is released; none before it starts. */
  void killAll() {
    if (task.work() != null) {
      signal(Signal.KILL, () -> {});
    }
  }

  /** The task is ending: no SIGKILL is due any more. */
  void cancel() {
    if (kill != null) {
      kill.sequence().escalation().cancel();
    }
  }

  /** Applies what a kill event led to: the one place the kill's hooks, timers and signals start. */
  private void apply(Killing.Step step) {
    if (step.reportKilling()) {
      task.send(Statuses.of(task.taskId(), TaskState.TASK_KILLING));
    }
    step.hooks()
        .ifPresent(
            bound ->
                ctx.hooks()
                    .beforeTerminate(task.meta(), bound)
                    .whenComplete((x, e) -> events.onWorker(this::hooksDone)));
    step.signalsBy().ifPresent(by -> events.after(by, this::hooksDone));
    step.signals().ifPresent(this::escalateAfter);
  }

  private void hooksDone() {
    if (task.phase() == Phase.KILLING) {
      apply(kill.hooksDone(ctx.scheduler().nanoTime()));
    }
  }

  /** Sends the signal {@code grace} left before SIGKILL calls for, and sets what follows it. */
  private void escalateAfter(Duration grace) {
    switch (kill.move(grace)) {
      case TERM_THEN_WAIT -> signal(Signal.TERM, () -> termSent(grace));
      case KILL -> {
        signal(Signal.KILL, () -> {});
        watchAfterSigkill();
      }
      case KILLED -> watchAfterSigkill();
      case WAIT -> escalateIn(grace);
    }
  }

  /** The grace period counts from when SIGTERM has gone out, as the task sees it. */
  private void termSent(Duration grace) {
    if (task.phase() == Phase.KILLING && kill.needsDeadline()) {
      escalateIn(grace);
    }
  }

  private void watchAfterSigkill() {
    events.after(
        KILL_REAP_LIMIT,
        () ->
            task.abandon(
                "processes "
                    + task.work().remaining()
                    + " were still present "
                    + Durations.human(KILL_REAP_LIMIT)
                    + " after SIGKILL"));
    exiting.afterSigkill().ifPresent(task::lookAgainIn);
  }

  private void escalateIn(Duration grace) {
    kill.sequence()
        .setDeadline(
            ctx.scheduler().nanoTime() + grace.toNanos(), events.after(grace, this::graceOver));
  }

  /** SIGKILL at the end of the grace period, to whatever of the task is left. */
  private void graceOver() {
    if (task.phase() == Phase.KILLING) {
      apply(kill.graceOver());
    }
  }

  /**
   * Sends {@code signal} to the work once the lock is released (stopping may wait a little), then
   * runs {@code sent} under the lock.
   */
  private void signal(Signal signal, Runnable sent) {
    RunningWork target = task.work();
    exiting.reaper().signalSending();
    events.outside(
        "killing the task",
        () -> target.stop(signal),
        reached -> {
          sent.run();
          signalled(reached);
        },
        this::signalFailed);
  }

  private void signalFailed(Throwable e) {
    exiting.reaper().signalSent();
    if (task.phase().ended()) {
      LOG.error("Killing what is left of task {} failed too", id, e);
    } else {
      task.failed("killing the task", e);
    }
  }

  private void signalled(int reached) {
    if (kill != null) {
      kill.sequence().countProcesses(reached);
    }
    if (exiting.reaper().signalSent()) {
      task.checkGone();
    }
  }
}
