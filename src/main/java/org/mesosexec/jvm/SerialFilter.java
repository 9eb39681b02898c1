package org.mesosexec.jvm;

import java.io.ObjectInputFilter;
import java.lang.invoke.SerializedLambda;
import java.util.Locale;
import java.util.Set;
import org.mesosexec.api.Task;

/**
 * The filter that every serialized JVM task is read through: limits on nesting depth, object
 * references, array length and stream bytes; then, for each class in the stream, an allowance that
 * a serialized closure needs, or the operator's allow-list ({@code EXECUTOR_JVM_SERIAL_FILTER});
 * every other class is refused. One instance per stream: it keeps the first reason it refused
 * something, for the task's message.
 *
 * <p>Implicitly allowed: the classes of {@code org.mesosexec.api} (as the executor has them),
 * {@link SerializedLambda} and {@code Object[]} (a closure and its captured values), the boxed
 * primitives and {@link Number} (captured primitives travel boxed), {@link String} (strings are
 * never filtered by the JDK; this allows {@code String[]}) and {@link Enum} (the superclass of
 * every enum the operator allows). The capturing class and the classes of captured values must be
 * on the operator's list. Primitive arrays are allowed, within the limits.
 */
final class SerialFilter implements ObjectInputFilter {
  /** Deeper graphs are rare in a task, and a hash-collision bomb (SerialDOS) needs depth. */
  static final long MAX_DEPTH = 20;

  static final long MAX_REFS = 10_000;
  static final long MAX_ARRAY = 1_000_000;
  static final long MAX_BYTES = 8L << 20;

  private static final Set<Class<?>> IMPLICIT =
      Set.of(
          SerializedLambda.class,
          Object.class,
          String.class,
          Enum.class,
          Number.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class);

  private final ObjectInputFilter operator;
  private final long maxDepth;
  private final long maxRefs;
  private final long maxArray;
  private final long maxBytes;
  private volatile String refusal;

  /** A filter for one stream, from the operator's JEP 290 pattern (its limits override ours). */
  SerialFilter(String pattern) {
    this.operator = ObjectInputFilter.Config.createFilter(pattern);
    this.maxDepth = limit(pattern, "maxdepth", MAX_DEPTH);
    this.maxRefs = limit(pattern, "maxrefs", MAX_REFS);
    this.maxArray = limit(pattern, "maxarray", MAX_ARRAY);
    this.maxBytes = limit(pattern, "maxbytes", MAX_BYTES);
  }

  /** Why the stream was refused, for a person; null while nothing was refused. */
  String refusal() {
    return refusal;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > maxDepth) {
      return refuse(over("maxdepth", maxDepth, "objects nested " + info.depth() + " deep"));
    }
    if (info.references() > maxRefs) {
      return refuse(over("maxrefs", maxRefs, info.references() + " object references"));
    }
    if (info.streamBytes() > maxBytes) {
      return refuse(over("maxbytes", maxBytes, info.streamBytes() + " bytes read"));
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    if (type.isArray() && info.arrayLength() > maxArray) {
      return refuse(over("maxarray", maxArray, "an array of " + info.arrayLength() + " elements"));
    }
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || implicit(element)) {
      return Status.ALLOWED;
    }
    if (operator.checkInput(info) == Status.ALLOWED) {
      return Status.ALLOWED;
    }
    return refuse(
        "serialized task refused: class "
            + type.getName()
            + " is not allowed by EXECUTOR_JVM_SERIAL_FILTER");
  }

  private static boolean implicit(Class<?> type) {
    boolean api =
        type.getPackageName().equals(Task.class.getPackageName())
            && type.getClassLoader() == Task.class.getClassLoader();
    return api || IMPLICIT.contains(type);
  }

  private Status refuse(String why) {
    if (refusal == null) {
      refusal = why;
    }
    return Status.REJECTED;
  }

  private static String over(String limit, long value, String what) {
    return "serialized task refused: "
        + what
        + " is over the limit "
        + limit
        + "="
        + value
        + " (EXECUTOR_JVM_SERIAL_FILTER can set it)";
  }

  /** The value of {@code name=...} in the pattern (the last one, as the JDK reads it), or none. */
  private static long limit(String pattern, String name, long otherwise) {
    long value = otherwise;
    for (String part : pattern.split(";")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals(name)) {
        value = Long.parseLong(pair[1].trim());
      }
    }
    return value;
  }
}
