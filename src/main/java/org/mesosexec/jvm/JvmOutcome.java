package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.mesosexec.api.TaskContext;
import org.mesosexec.api.TaskExit;
import org.mesosexec.jvm.JvmSpec.ResultFormat;

/**
 * How a JVM task ended, as its terminal status update will say: the kind, a message, and the bytes
 * of {@code TaskStatus.data} (empty for none). A child JVM hands it back through a file ({@link
 * #write}, {@link #read}).
 *
 * @param kind how it ended
 * @param message empty when FINISHED; else what went wrong, for a person
 * @param data the encoded result when FINISHED, the bounded JSON of the exception when the task
 *     threw (see {@link ThrowableJson}), else empty
 */
// The data is the status update's bytes as they are; the accessor and constructor copy them, and
// equals compares contents.
@SuppressWarnings("ArrayRecordComponent")
public record JvmOutcome(Kind kind, String message, byte[] data) {
  private static final int MAGIC = 0x4a564d4f; // "JVMO"

  /** How a JVM task ended. */
  public enum Kind {
    /** {@code run} returned and its result was encoded: {@code TASK_FINISHED}. */
    FINISHED,
    /** {@code run} threw, or its result could not be sent: {@code TASK_FAILED}. */
    FAILED,
    /**
     * The task could not be loaded (only from a child JVM; on a thread, {@link JvmLoader} throws
     * {@link JvmTaskException}): {@code TASK_ERROR}, {@code REASON_TASK_INVALID}.
     */
    INVALID
  }

  public JvmOutcome {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(message);
    data = data.clone();
  }

  /** A copy of the data: the record stays immutable. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /**
   * Runs {@code task} on the calling thread, with its class loader as the context class loader, and
   * says how it ended. Never throws: an exception or {@link Error} from the task (a {@link
   * TaskExit} anywhere in its chain reads "called System.exit(N)") is a FAILED outcome, and so is a
   * result that cannot be encoded in {@code format} or is over {@code maxResultBytes}; {@code null}
   * is FINISHED with no data.
   */
  public static JvmOutcome run(
      LoadedTask task, TaskContext context, ResultFormat format, int maxResultBytes) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(task.loader());
    try {
      Object result;
      try {
        result = task.task().run(context);
      } catch (Throwable t) { // every way a task's code can end is its outcome, Errors included
        return failed(t, maxResultBytes);
      }
      return ResultEncoding.encode(result, format, maxResultBytes);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The outcome of a task that threw {@code thrown}. */
  static JvmOutcome failed(Throwable thrown, int maxResultBytes) {
    TaskExit exit = exitIn(thrown);
    String message = exit != null ? exit.getMessage() : describe(thrown);
    return new JvmOutcome(Kind.FAILED, message, ThrowableJson.of(thrown, maxResultBytes));
  }

  /** Writes this outcome to {@code file}, replacing it in one step. */
  public void write(Path file) throws IOException {
    RecordFile.write(
        file,
        MAGIC,
        out -> {
          RecordFile.writeString(out, kind.name());
          RecordFile.writeString(out, message);
          RecordFile.writeBytes(out, data);
        });
  }

  /**
   * Reads an outcome that {@link #write} wrote.
   *
   * @throws IOException naming the file when it is missing, truncated or corrupt
   */
  public static JvmOutcome read(Path file) throws IOException {
    return RecordFile.read(
        file,
        MAGIC,
        "a JVM task's outcome",
        in -> {
          String kind = RecordFile.readString(in);
          if (Arrays.stream(Kind.values()).noneMatch(k -> k.name().equals(kind))) {
            throw new RecordFile.CorruptException("unknown outcome '" + kind + "'");
          }
          return new JvmOutcome(
              Kind.valueOf(kind), RecordFile.readString(in), RecordFile.readBytes(in));
        });
  }

  /** "{@code <class>: <message>}", or the class alone when there is no message. */
  static String describe(Throwable t) {
    String message = messageOf(t);
    return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
  }

  /** The throwable's message; its own code computes it, so a failure there is no message. */
  static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static TaskExit exitIn(Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof TaskExit exit) {
        return exit;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JvmOutcome o
        && kind == o.kind
        && message.equals(o.message)
        && Arrays.equals(data, o.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, message, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "JvmOutcome[" + kind + ", " + message + ", " + data.length + " bytes]";
  }
}
