package org.mesosexec.task;

import java.time.Duration;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;

/**
 * What the collaborators that act for a task ({@link Launching}, {@link Watching}, {@link
 * Stopping}) may see of it and do to it; {@link TaskRun} implements it and keeps the phase and the
 * way to the terminal update. Guarded by the task's lock: every method is called with TaskRun's
 * lock held, and none takes a lock of its own or waits.
 */
interface TaskControl {
  /** Where a task is in its life; it only moves forward. */
  enum Phase {
    /** Accepted: its spec, directory and before-start hooks come first. */
    ACCEPTED,
    /** Its work is starting; kills wait until it runs. */
    STARTING,
    RUNNING,
    /** A kill, or the cleanup of what the task left behind, is under way. */
    KILLING,
    /** The terminal update is decided and goes out once the last progress has. */
    ENDING,
    DONE;

    /** The terminal update is decided: nothing may change it. */
    boolean ended() {
      return this == ENDING || this == DONE;
    }
  }

  /** The task's id; it never changes, so this one may be called without the lock. */
  TaskID taskId();

  /** Where the task is in its life. */
  Phase phase();

  /** Whether the work runs: it has started, it has not exited, and no kill has begun. */
  boolean running();

  /** The task's work; null until it has started. */
  RunningWork work();

  /** What hooks see of the task. */
  TaskMetadata meta();

  /** The work is about to start, outside the lock: kills wait from now on until it runs. */
  void launching();

  /**
   * The work has started: the task runs it, unless it ended meanwhile and the work is to be killed.
   *
   * @return whether the task runs it
   */
  boolean runs(RunningWork work);

  /** The work could not start: the task ends with {@code update}, unless it has already. */
  void notStarted(TaskStatus.Builder update);

  /** Sends a status update of the task, as every update of it is decorated. */
  void send(TaskStatus.Builder update);

  /**
   * Kills the task for a reason of its own (its deadline, its health, a hook): with no limit on its
   * grace, and TASK_KILLING sent if the framework said at the task's start that it understands it.
   *
   * @param why details of the cause, or empty
   */
  void kill(KillCause cause, String why);

  /** The task's work ended with {@code status}. */
  void exited(ExitStatus status);

  /** Ends the task once its work has exited and nothing else of it is left. */
  void checkGone();

  /** Looks whether anything of the task is left once {@code delay} has passed. */
  void lookAgainIn(Duration delay);

  /** Reports the task as ended although something of it may still be there. */
  void abandon(String why);

  /** Something the executor did for the task failed by a bug: the task ends, TASK_FAILED. */
  void failed(String what, Throwable e);
}
