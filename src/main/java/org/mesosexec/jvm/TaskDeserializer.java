package org.mesosexec.jvm;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;
import java.util.Map;
import org.mesosexec.api.Task;

/**
 * Reads a Java-serialized {@link Task} through a {@link SerialFilter}, resolving classes through
 * the task's own class loader only (never the executor's), and says precisely why when it cannot.
 * Dynamic proxy classes are refused outright.
 */
final class TaskDeserializer {
  private TaskDeserializer() {}

  static Task<?> read(byte[] data, SerialFilter filter, ClassLoader loader)
      throws JvmTaskException {
    Object value;
    try (ObjectInputStream in = new Input(data, loader)) {
      in.setObjectInputFilter(filter);
      value = in.readObject();
    } catch (Exception | Error e) { // readObject of the stream's classes throws what it likes
      throw failure(e, filter);
    }
    if (value instanceof Task<?> task) {
      return task;
    }
    throw new JvmTaskException(
        "the serialized object is "
            + (value == null ? "null" : "a " + value.getClass().getName())
            + ", not an "
            + Task.class.getName());
  }

  private static JvmTaskException failure(Throwable e, SerialFilter filter) {
    if (filter.refusal() != null) { // what the filter refused, however the stream then failed
      return new JvmTaskException(filter.refusal(), e);
    }
    String message;
    if (e instanceof EOFException) {
      message = "serialized task is truncated: the data ends inside the object";
    } else if (e instanceof StreamCorruptedException) {
      message = "serialized task is corrupt: " + e.getMessage();
    } else if (e instanceof ClassNotFoundException) {
      message =
          "serialized task refers to class "
              + e.getMessage()
              + ", which is not in the jars of EXECUTOR_JVM_CLASSPATH";
    } else if (e instanceof InvalidClassException) {
      message = "serialized task refused: " + e.getMessage();
    } else {
      message = "reading the serialized task threw " + JvmOutcome.describe(e);
    }
    return new JvmTaskException(message, e);
  }

  /** A stream whose classes come from the task's loader alone. */
  private static final class Input extends ObjectInputStream {
    private static final Map<String, Class<?>> PRIMITIVES =
        Map.of(
            "boolean", boolean.class,
            "byte", byte.class,
            "char", char.class,
            "short", short.class,
            "int", int.class,
            "long", long.class,
            "float", float.class,
            "double", double.class,
            "void", void.class);

    private final ClassLoader loader;

    Input(byte[] data, ClassLoader loader) throws IOException {
      super(new ByteArrayInputStream(data));
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
      Class<?> primitive = PRIMITIVES.get(desc.getName());
      return primitive != null ? primitive : Class.forName(desc.getName(), false, loader);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
      throw new InvalidClassException("a dynamic proxy class is not accepted");
    }
  }
}
