package org.mesosexec.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.Protos.TaskStatus;

/**
 * Reads {@code TaskStatus.data} of this executor's terminal updates: a command's exit code and
 * signal, or a JVM task's result (JSON, or Java-serialized). Stateless.
 */
public final class TaskResults {
  private TaskResults() {}

  /**
   * How a command task's process ended.
   *
   * @param exitCode its exit status, 128+N when signal N ended it
   * @param signal the signal that ended it, if one did
   */
  public record Exit(int exitCode, OptionalInt signal) {
    public Exit {
      Objects.requireNonNull(signal);
    }
  }

  /** The exit of a command task: {@code {"exit_code":N,"signal":S}}; empty for other data. */
  public static Optional<Exit> exit(TaskStatus status) {
    Object data;
    try {
      data = JsonReader.parse(status.getData().toStringUtf8());
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    if (!(data instanceof Map<?, ?> m) || !(m.get("exit_code") instanceof BigDecimal code)) {
      return Optional.empty();
    }
    OptionalInt signal =
        m.get("signal") instanceof BigDecimal s
            ? OptionalInt.of(s.intValue())
            : OptionalInt.empty();
    return Optional.of(new Exit(code.intValue(), signal));
  }

  /**
   * A JVM task's result as JSON text (a {@code jvm} spec task's, by default), or the JSON of the
   * exception chain of a failed one; empty when the status has no data.
   *
   * @throws IllegalArgumentException if the data is not JSON
   */
  public static Optional<String> jsonResult(TaskStatus status) {
    if (status.getData().isEmpty()) {
      return Optional.empty();
    }
    String text = status.getData().toStringUtf8();
    JsonReader.parse(text);
    return Optional.of(text);
  }

  /**
   * A JVM task's Java-serialized result (a serialized task's, or a {@code jvm} spec task's with
   * {@code "result": "java"}), deserialized only as far as {@code filter} allows: results come from
   * code on the cluster, so pass a filter that allows the classes you expect and nothing else, e.g.
   * {@code ObjectInputFilter.Config.createFilter("java.lang.*;com.acme.results.*;!*")}. Empty when
   * the status has no data.
   *
   * @param loader where the result's classes are found
   * @throws InvalidClassException for a class the filter refuses
   * @throws IOException for data that is not a serialized object
   * @throws ClassNotFoundException for a class {@code loader} does not have
   */
  public static Optional<Object> javaResult(
      TaskStatus status, ObjectInputFilter filter, ClassLoader loader)
      throws IOException, ClassNotFoundException {
    Objects.requireNonNull(filter);
    if (status.getData().isEmpty()) {
      return Optional.empty();
    }
    try (ObjectInputStream in = new LoaderStream(status.getData().newInput(), loader)) {
      in.setObjectInputFilter(filter);
      return Optional.ofNullable(in.readObject());
    }
  }

  /** {@link #javaResult(TaskStatus, ObjectInputFilter, ClassLoader)} with this class's loader. */
  public static Optional<Object> javaResult(TaskStatus status, ObjectInputFilter filter)
      throws IOException, ClassNotFoundException {
    return javaResult(status, filter, TaskResults.class.getClassLoader());
  }

  /** Resolves classes from a given loader. */
  private static final class LoaderStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = Objects.requireNonNull(loader);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException primitiveOrMissing) {
        return super.resolveClass(desc);
      }
    }
  }
}
