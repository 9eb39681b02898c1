package org.mesosexec.task;

import com.google.protobuf.ByteString;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.WorkResult;

/**
 * The terminal update of a task whose work reported a {@link WorkResult} (a JVM task): its result
 * or failure in place of an exit status, or how a kill ended it. Pure functions; {@link Endings}
 * words the updates of commands.
 */
final class ResultEndings {
  private ResultEndings() {}

  /**
   * A task whose work ended with {@code result} and of which nothing is left.
   *
   * @param kill the kill that ended it, or null
   * @param thread whether the work ran on a thread of the executor (no process, no signals)
   */
  static TaskStatus.Builder finished(
      TaskID id,
      WorkResult result,
      ExitStatus exit,
      KillSequence kill,
      TaskSpec spec,
      long nowNanos,
      boolean thread) {
    if (kill == null || kill.cause() == KillCause.LEFTOVERS) {
      TaskStatus.Builder update = byItself(id, result);
      if (kill != null) {
        update.setMessage(update.getMessage() + "; " + kill.describeLeftovers(nowNanos));
      }
      return update;
    }
    String detail = detail(result, exit);
    return switch (kill.cause()) {
      case MAX_COMPLETION_TIME -> withData(Endings.maxCompletionTime(id, spec, detail), result);
      case KILL_TASK, SHUTDOWN, HEALTH_CHECK, HOOK_FAILURE, LEFTOVERS ->
          withData(
              Statuses.of(
                  id,
                  TaskState.TASK_KILLED,
                  kill.describe(
                      nowNanos, detail, thread, result.kind() == WorkResult.Kind.ABANDONED)),
              result);
    };
  }

  /** The task ended without a kill: its result, its failure, or the reason it could not load. */
  private static TaskStatus.Builder byItself(TaskID id, WorkResult result) {
    return switch (result.kind()) {
      case FINISHED ->
          withData(
              Statuses.of(
                  id,
                  TaskState.TASK_FINISHED,
                  result.message().isEmpty() ? "Task returned" : result.message()),
              result);
      case FAILED, ABANDONED ->
          withData(Statuses.of(id, TaskState.TASK_FAILED, result.message()), result);
      case INVALID ->
          Statuses.of(id, TaskState.TASK_ERROR, result.message())
              .setReason(TaskStatus.Reason.REASON_TASK_INVALID);
    };
  }

  private static String detail(WorkResult result, ExitStatus exit) {
    return switch (result.kind()) {
      case FINISHED -> "it returned";
      case ABANDONED -> ""; // the kill's own words say it
      case FAILED, INVALID -> result.message().isEmpty() ? exit.describe() : result.message();
    };
  }

  private static TaskStatus.Builder withData(TaskStatus.Builder update, WorkResult result) {
    byte[] data = result.data();
    return data.length == 0 ? update : update.setData(ByteString.copyFrom(data));
  }
}
