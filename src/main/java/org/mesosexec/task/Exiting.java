package org.mesosexec.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;

/**
 * What the exit of a task's work and each look at what is left of it lead to: the processes it left
 * behind, the terminal update once nothing of it is left, or when to look again; and the update for
 * a task reported as ended although something of it is still there. It keeps the {@link ExitStatus}
 * and the {@link Reaper}; it sends nothing and sets no timer ({@link TaskRun} applies its {@link
 * Look}s). Holds no lock: guarded by the owning {@link TaskRun}'s lock.
 */
final class Exiting {
  private static final Logger LOG = LogManager.getLogger(Exiting.class);

  /**
   * What a look at what is left of the task leads to.
   *
   * @param end the terminal update: nothing of the task is left
   * @param again look again after this
   */
  record Look(Optional<TaskStatus.Builder> end, Optional<Duration> again) {
    static final Look NOTHING = new Look(Optional.empty(), Optional.empty());
  }

  private final TaskID id;
  private final Reaper reaper = new Reaper();
  private ExitStatus exit;

  Exiting(TaskID id) {
    this.id = Objects.requireNonNull(id);
  }

  /** When to look again; and no look while a signal is on its way. */
  Reaper reaper() {
    return reaper;
  }

  /** How the work ended; null while it runs. */
  ExitStatus exit() {
    return exit;
  }

  /**
   * The work exited with {@code status}; returns the processes it left behind that are to be
   * terminated: none when a kill is under way, which terminates them anyway.
   */
  List<Long> exited(ExitStatus status, boolean killing, RunningWork work) {
    exit = Objects.requireNonNull(status);
    LOG.info("Task {} ended: {}", id.getValue(), status.describe());
    List<Long> left = killing ? List.of() : work.remaining();
    if (!left.isEmpty()) {
      LOG.info("Task {} left processes {} behind; terminating them", id.getValue(), left);
    }
    return left;
  }

  /**
   * A look at what is left of the task at {@code nowNanos}: it ends once its work has exited and,
   * if it is being killed, none of its processes is left. No look counts once the task has ended or
   * while a signal to it is on its way.
   *
   * @param kill the task's kill, or null
   */
  Look look(boolean ended, Killing kill, RunningWork work, TaskSpec spec, long nowNanos) {
    reaper.cancel();
    if (ended || exit == null || !reaper.mayLook()) {
      return Look.NOTHING;
    }
    KillSequence sequence = kill == null ? null : kill.sequence();
    if (sequence != null && sequence.signalling()) {
      sequence.addProcesses(work.stopNewcomers());
    }
    List<Long> left = kill == null ? List.of() : work.remaining();
    if (left.isEmpty()) {
      TaskStatus.Builder end =
          work.result()
              .map(
                  r ->
                      ResultEndings.finished(
                          id, r, exit, sequence, spec, nowNanos, work.pid().isEmpty()))
              .orElseGet(() -> Endings.finished(id, exit, sequence, spec, nowNanos));
      return new Look(Optional.of(end), Optional.empty());
    }
    return new Look(Optional.empty(), Optional.of(reaper.nextDelay()));
  }

  /** SIGKILL has gone out: when to look again, soon, if the work has exited. */
  Optional<Duration> afterSigkill() {
    return exit == null ? Optional.empty() : Optional.of(reaper.restart());
  }

  /**
   * The update for a task whose processes outlived every signal, or whose time is up.
   *
   * @param kill the task's kill, or null
   */
  TaskStatus.Builder abandoned(Killing kill, String why) {
    LOG.warn(
        "Task {} is still present after SIGKILL; reporting it as ended: {}", id.getValue(), why);
    return Endings.abandoned(id, exit, kill == null ? null : kill.sequence(), why);
  }
}
