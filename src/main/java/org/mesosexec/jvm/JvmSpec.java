package org.mesosexec.jvm;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A task spec's {@code jvm} key: the class to run, the jars it comes from, and how it runs.
 *
 * @param className a class implementing {@code org.mesosexec.api.Task} with a public no-argument
 *     constructor, or one with {@code public static void main(String[])}
 * @param classpath sandbox-relative jars or globs ({@code lib/*.jar}), in order
 * @param argsJson the spec's {@code args} as JSON text, {@code "null"} when it has none
 * @param isolation on a thread of the executor, or in a child JVM
 * @param result how the task's result is encoded in {@code TaskStatus.data}
 * @param heapMb the child JVM's maximum heap ({@code -Xmx}), for {@link Isolation#PROCESS} only
 */
public record JvmSpec(
    String className,
    List<String> classpath,
    String argsJson,
    Isolation isolation,
    ResultFormat result,
    OptionalInt heapMb) {

  public JvmSpec {
    Objects.requireNonNull(className);
    classpath = List.copyOf(classpath);
    Objects.requireNonNull(argsJson);
    Objects.requireNonNull(isolation);
    Objects.requireNonNull(result);
    Objects.requireNonNull(heapMb);
  }

  /** Where a JVM task runs. */
  public enum Isolation {
    /** On a thread of the executor's JVM, in a class loader of its own (the default). */
    THREAD,
    /** In a child JVM of its own, supervised like any process task. */
    PROCESS
  }

  /** How a JVM task's result is put in {@code TaskStatus.data}. */
  public enum ResultFormat {
    /** UTF-8 JSON (the default for a {@code jvm} spec task). */
    JSON,
    /** Java serialization (the default for a task that came serialized). */
    JAVA
  }
}
