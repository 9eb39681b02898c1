package org.mesosexec.task;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;

/** Builds the status updates of DESIGN §5; {@code source} is always SOURCE_EXECUTOR. */
public final class Statuses {
  private Statuses() {}

  /** A status with only the task id, state and source set. */
  public static TaskStatus.Builder of(TaskID taskId, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR);
  }

  /** A status with a message for the scheduler. */
  public static TaskStatus.Builder of(TaskID taskId, TaskState state, String message) {
    return of(taskId, state).setMessage(message == null ? "(no details)" : message);
  }

  /** UTF-8 bytes for {@code TaskStatus.data}. */
  public static ByteString utf8(String text) {
    return ByteString.copyFrom(text, StandardCharsets.UTF_8);
  }

  /** Whether no update may follow one in this state. */
  public static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED,
          TASK_FAILED,
          TASK_KILLED,
          TASK_ERROR,
          TASK_LOST,
          TASK_DROPPED,
          TASK_GONE,
          TASK_GONE_BY_OPERATOR ->
          true;
      default -> false;
    };
  }
}
