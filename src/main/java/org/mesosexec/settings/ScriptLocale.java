package org.mesosexec.settings;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mesosexec.text.Quote;

/**
 * The locale variable that {@code run-executor.sh} set so that the JVM passes text on as UTF-8,
 * read back from {@value #SET} ({@code NAME=VALUE}) and {@value #WAS} (the value it replaced, if
 * there was one). It belongs to the executor, not to the task: {@link #undo} gives a task the
 * variable as the operator or scheduler left it.
 *
 * @param name {@code LC_ALL} or {@code LC_CTYPE}
 * @param value the UTF-8 locale the script set
 * @param was the value the script replaced; empty when the variable was not set before
 */
public record ScriptLocale(String name, String value, Optional<String> was) {
  /** Set by the script to {@code NAME=VALUE} when it gave the JVM a UTF-8 locale. */
  public static final String SET = "EXECUTOR_SCRIPT_LOCALE";

  /** Set by the script to the value it replaced, when the variable had one. */
  public static final String WAS = "EXECUTOR_SCRIPT_LOCALE_WAS";

  private static final List<String> NAMES = List.of("LC_ALL", "LC_CTYPE");

  public ScriptLocale {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("'" + Quote.cut(name) + "' is not one of " + NAMES);
    }
    Objects.requireNonNull(value);
    Objects.requireNonNull(was);
  }

  /**
   * What the script changed, if anything.
   *
   * @throws SettingsException if {@value #SET} is there but is not {@code LC_ALL=...} or {@code
   *     LC_CTYPE=...}
   */
  public static Optional<ScriptLocale> fromEnvironment(Map<String, String> env) {
    String set = env.get(SET);
    if (set == null || set.isEmpty()) {
      return Optional.empty();
    }
    int eq = set.indexOf('=');
    try {
      if (eq < 0) {
        throw new IllegalArgumentException("'" + Quote.cut(set) + "' is not NAME=VALUE");
      }
      return Optional.of(
          new ScriptLocale(
              set.substring(0, eq), set.substring(eq + 1), Optional.ofNullable(env.get(WAS))));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          "Setting " + SET + " (set by run-executor.sh): " + e.getMessage());
    }
  }

  /**
   * Puts the variable back in {@code taskEnv} as it was before the script ran: restored to the
   * value it replaced, or removed. A variable that no longer holds the script's value was set by
   * someone else after the script and is left alone.
   */
  public void undo(Map<String, String> taskEnv) {
    if (!value.equals(taskEnv.get(name))) {
      return;
    }
    was.ifPresentOrElse(v -> taskEnv.put(name, v), () -> taskEnv.remove(name));
  }
}
