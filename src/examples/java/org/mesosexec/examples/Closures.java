package org.mesosexec.examples;

import java.util.Arrays;
import java.util.Locale;
import org.mesosexec.api.Task;

/**
 * Closures made into tasks with {@link Task#of}, as a framework sends them: Java-serialized in
 * {@code TaskInfo.data}. The closure travels with what it captures; the executor needs the class
 * that defines it (this one) on {@code EXECUTOR_JVM_CLASSPATH} to rebuild it, and returns its
 * result Java-serialized.
 */
public final class Closures {
  private Closures() {}

  /**
   * A task that returns how many different words {@code text} has (case ignored). The task of
   * {@code conf/examples/jvm-closure.json}.
   */
  public static Task<Integer> distinctWords(String text) {
    return Task.of(
        () ->
            (int)
                Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+"))
                    .filter(w -> !w.isEmpty())
                    .distinct()
                    .count());
  }
}
