package org.mesosexec.task;

import java.time.Duration;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;

/**
 * What the collaborators that act for a task ({@link Stopping}, {@link Watching}) may see of it and
 * do to it; {@link TaskRun} implements it and keeps the phase and the way to the terminal update.
 * Guarded by the task's lock: every method is called with TaskRun's lock held, and none takes a
 * lock of its own or waits.
 */
interface TaskControl {
  /** The task's id; it never changes, so this one may be called without the lock. */
  TaskID taskId();

  /** Whether the work runs: it has started, it has not exited, and no kill has begun. */
  boolean running();

  /** Whether a kill, or the cleanup of what the task left behind, is under way. */
  boolean killing();

  /** Whether the terminal update is decided: nothing may change it. */
  boolean ended();

  /** The task's work; null until it has started. */
  RunningWork work();

  /** What hooks see of the task. */
  TaskMetadata meta();

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
