package org.mesosexec.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code jvm} key of a task spec: a class run by the executor in a JVM (README, "JVM tasks").
 * Made by {@link #of}, then given to {@link TaskData#jvm}. Not thread-safe.
 *
 * <pre>{@code
 * TaskData.jvm(JvmTaskSpec.of("com.acme.Train").classpath("acme-jobs.jar").argsJson("{\"epochs\":3}"))
 * }</pre>
 */
public final class JvmTaskSpec {
  /** The smallest and largest {@code heap_mb} the executor accepts. */
  public static final int MIN_HEAP_MB = 32;

  public static final int MAX_HEAP_MB = 1_048_576;

  /** Where the task runs. */
  public enum Isolation {
    /** On a thread of the executor's JVM, in a class loader of its own (the default). */
    THREAD,
    /** In a child JVM of its own, with its own heap limit. */
    PROCESS
  }

  /** How the result comes back in {@code TaskStatus.data}. */
  public enum Result {
    /** UTF-8 JSON (the default). */
    JSON,
    /** Java serialization; read it with {@link TaskResults#javaResult}. */
    JAVA
  }

  private final String className;
  private final List<String> classpath = new ArrayList<>();
  private JsonWriter.Raw args;
  private Isolation isolation;
  private Result result;
  private Integer heapMb;

  private JvmTaskSpec(String className) {
    this.className = SpecChecks.text(Objects.requireNonNull(className), "jvm.class");
    if (className.isBlank()) {
      throw new IllegalArgumentException("jvm.class is empty");
    }
  }

  /**
   * A task that runs {@code className}: a {@code org.mesosexec.api.Task} with a public no-argument
   * constructor, or a class with {@code public static void main(String[])}.
   */
  public static JvmTaskSpec of(String className) {
    return new JvmTaskSpec(className);
  }

  /** Adds jars (or globs such as {@code lib/*.jar}) relative to the executor's sandbox. */
  public JvmTaskSpec classpath(String... entries) {
    for (String e : entries) {
      classpath.add(SpecChecks.relative(e, "jvm.classpath entry"));
    }
    return this;
  }

  /**
   * The task's arguments as JSON text, which the task reads from {@code TaskContext.argsJson()};
   * for a {@code main} class, a JSON array of strings.
   *
   * @throws IllegalArgumentException if {@code json} is not JSON
   */
  public JvmTaskSpec argsJson(String json) {
    this.args = new JsonWriter.Raw(json);
    return this;
  }

  /** The arguments of a {@code main} class. */
  public JvmTaskSpec mainArgs(List<String> args) {
    this.args = new JsonWriter.Raw(JsonWriter.write(List.copyOf(args)));
    return this;
  }

  public JvmTaskSpec isolation(Isolation isolation) {
    this.isolation = Objects.requireNonNull(isolation);
    return this;
  }

  public JvmTaskSpec result(Result result) {
    this.result = Objects.requireNonNull(result);
    return this;
  }

  /** The child JVM's maximum heap; only with {@link Isolation#PROCESS} (default 256). */
  public JvmTaskSpec heapMb(int megabytes) {
    if (megabytes < MIN_HEAP_MB || megabytes > MAX_HEAP_MB) {
      throw new IllegalArgumentException(
          "jvm.heap_mb must be from " + MIN_HEAP_MB + " to " + MAX_HEAP_MB);
    }
    this.heapMb = megabytes;
    return this;
  }

  /** The key's value, only the keys that were set (the executor's defaults apply to the rest). */
  Map<String, Object> values() {
    if (heapMb != null && isolation != Isolation.PROCESS) {
      throw new IllegalArgumentException("jvm.heap_mb needs isolation PROCESS");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class", className);
    if (!classpath.isEmpty()) {
      out.put("classpath", List.copyOf(classpath));
    }
    if (args != null) {
      out.put("args", args);
    }
    if (isolation != null) {
      out.put("isolation", isolation.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (result != null) {
      out.put("result", result.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (heapMb != null) {
      out.put("heap_mb", heapMb);
    }
    return out;
  }
}
