package org.mesosexec.task;

import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.settings.Durations;
import org.mesosexec.text.Quote;
import org.mesosexec.work.ExitStatus;

/**
 * The terminal update of a task that ran, as DESIGN §5 words it: computed from how its work ended
 * and how it was killed, if it was. Pure functions.
 */
final class Endings {
  private Endings() {}

  /** The state of a task that ended without being killed: finished on exit 0, else failed. */
  static TaskState endedByItself(ExitStatus exit) {
    boolean ok = exit.exitCode() == 0 && exit.signal().isEmpty();
    return ok ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
  }

  /**
   * A task whose work exited and of which nothing is left.
   *
   * @param kill the kill that ended it, or null
   */
  static TaskStatus.Builder finished(
      TaskID id, ExitStatus exit, KillSequence kill, TaskSpec spec, long nowNanos) {
    TaskStatus.Builder update;
    if (kill == null) {
      update = Statuses.of(id, endedByItself(exit), exit.describe());
    } else {
      update =
          switch (kill.cause()) {
            case LEFTOVERS ->
                Statuses.of(
                    id,
                    endedByItself(exit),
                    exit.describe() + "; " + kill.describeLeftovers(nowNanos));
            case MAX_COMPLETION_TIME -> maxCompletionTime(id, spec, exit.describe());
            case KILL_TASK, SHUTDOWN, HEALTH_CHECK, HOOK_FAILURE ->
                Statuses.of(id, TaskState.TASK_KILLED, kill.describe(nowNanos, exit));
          };
    }
    return update.setData(Statuses.utf8(exit.toJson()));
  }

  /** A task stopped at its max completion time; {@code detail} says how its work ended. */
  static TaskStatus.Builder maxCompletionTime(TaskID id, TaskSpec spec, String detail) {
    return Statuses.of(
            id,
            TaskState.TASK_FAILED,
            "Task exceeded its max completion time of "
                + Durations.human(spec.maxCompletionTime().orElseThrow())
                + "; "
                + detail)
        .setReason(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED);
  }

  /**
   * A task reported as ended although something of it is still there (processes stuck past SIGKILL,
   * or a shutdown's time is up).
   *
   * @param exit how its work ended, or null if it has not
   * @param kill its kill, or null
   */
  static TaskStatus.Builder abandoned(TaskID id, ExitStatus exit, KillSequence kill, String why) {
    TaskStatus.Builder update;
    if (kill != null && kill.cause() == KillCause.LEFTOVERS) {
      update =
          Statuses.of(
              id,
              endedByItself(exit),
              exit.describe() + "; leftover processes were sent SIGTERM and SIGKILL, but " + why);
    } else {
      String what =
          kill == null
              ? "Task killed"
              : "Task killed by "
                  + kill.cause().label()
                  + (kill.sigkillSent() ? " (SIGKILL sent)" : "");
      update = Statuses.of(id, TaskState.TASK_KILLED, what + "; but " + why);
    }
    if (exit != null) {
      update.setData(Statuses.utf8(exit.toJson()));
    }
    return update;
  }

  /** A task killed before its work started. */
  static TaskStatus.Builder killedBeforeStart(TaskID id, KillCause cause) {
    return Statuses.of(
        id, TaskState.TASK_KILLED, "Task killed by " + cause.label() + " before it started");
  }

  /** A task that cannot run as given: TASK_ERROR, or TASK_FAILED where the refusal says so. */
  static TaskStatus.Builder invalid(TaskID id, InvalidTaskException e) {
    return Statuses.of(id, e.state(), e.getMessage())
        .setReason(TaskStatus.Reason.REASON_TASK_INVALID);
  }

  /** A task the executor failed by a bug of its own while doing {@code what}. */
  static TaskStatus.Builder executorError(TaskID id, String what, Throwable e) {
    return Statuses.of(
        id, TaskState.TASK_FAILED, "Executor error while " + what + ": " + Quote.cut(e.toString()));
  }

  /** A task whose work could not start: the OS error, or a failed before-start hook. */
  static TaskStatus.Builder launchFailed(TaskID id, String message) {
    return Statuses.of(id, TaskState.TASK_FAILED, message)
        .setReason(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
  }
}
