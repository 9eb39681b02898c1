package org.mesosexec.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Base64;
import org.mesosexec.api.Task;

/**
 * The JVM task examples of {@code conf/examples/}: what their tasks return, and {@code
 * jvm-closure.json}, a local mode TASKFILE whose {@code data} is a closure ({@link
 * org.mesosexec.examples.Closures#distinctWords}) Java-serialized, base64 as protobuf's JSON has
 * bytes. The examples are compiled apart, against the task API alone, and are on the tests' class
 * path at run time only ({@code target/examples-classes}): hence {@link #closureTask} by
 * reflection.
 */
public final class JvmExamples {
  /** The examples' jar as the build makes it, and the name it has in the sandbox. */
  public static final String JAR = "mesos-task-executor-examples.jar";

  /** What the closure of {@code jvm-closure.json} counts the distinct words of. */
  public static final String CLOSURE_TEXT =
      "the quick brown fox jumps over the lazy dog, and the quick cat watches";

  /** What that closure returns: the distinct words of {@link #CLOSURE_TEXT}. */
  public static final int CLOSURE_RESULT = 11;

  /** {@code jvm-task.json}'s result, the word counts of its two lines, as the executor sends it. */
  public static final String WORD_COUNT_JSON =
      "{\"lines\":2,\"words\":12,\"counts\":{\"best\":1,\"it\":2,\"of\":2,\"the\":2,"
          + "\"times\":2,\"was\":2,\"worst\":1}}";

  private JvmExamples() {}

  /** The example's closure, as {@code Closures.distinctWords(CLOSURE_TEXT)} makes it. */
  public static Task<?> closureTask() {
    try {
      return (Task<?>)
          Class.forName("org.mesosexec.examples.Closures")
              .getMethod("distinctWords", String.class)
              .invoke(null, CLOSURE_TEXT);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new IllegalStateException("the examples are not on the class path: " + cause, cause);
    }
  }

  /** The closure Java-serialized, as a framework puts it in {@code TaskInfo.data}. */
  public static byte[] closure() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(closureTask());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code jvm-closure.json}'s text. */
  public static String closureTaskFile() {
    return "{\n"
        + "  \"task_id\": {\"value\": \"closure\"},\n"
        + "  \"name\": \"a closure sent Java-serialized\",\n"
        + "  \"data\": \""
        + Base64.getEncoder().encodeToString(closure())
        + "\"\n"
        + "}\n";
  }
}
