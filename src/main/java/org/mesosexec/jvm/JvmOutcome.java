package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.Path;
import org.mesosexec.api.TaskContext;

/**
 * How a JVM task ended.
 *
 * @param kind how
 * @param message for the status update
 * @param data for TaskStatus.data, maybe empty
 */
@SuppressWarnings({
  "ArrayRecordComponent",
  "DoNotCallSuggester"
}) // a placeholder until r12/load lands
public record JvmOutcome(Kind kind, String message, byte[] data) {
  /** How. */
  public enum Kind {
    FINISHED,
    FAILED,
    INVALID
  }

  /** Runs the task on the calling thread; never throws. */
  public static JvmOutcome run(
      LoadedTask task, TaskContext context, JvmSpec.ResultFormat format, int maxResultBytes) {
    try {
      Object result = task.task().run(context);
      return new JvmOutcome(
          Kind.FINISHED,
          "",
          result == null
              ? new byte[0]
              : String.valueOf(result).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (Exception | Error e) {
      return new JvmOutcome(
          Kind.FAILED, e.getClass().getName() + ": " + e.getMessage(), new byte[0]);
    }
  }

  /** Writes this for the executor. */
  public void write(Path file) throws IOException {}

  /** Reads what a child JVM wrote. */
  public static JvmOutcome read(Path file) throws IOException {
    throw new IOException("not yet");
  }
}
