package org.mesosexec.process;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JVM's file-name encoding ({@code sun.jnu.encoding}), with which every command, argument,
 * environment variable and path reaches the OS. The JVM takes it from the C locale at start-up
 * and JDK 17 cannot change it later; {@code run-executor.sh} starts the JVM with a UTF-8 locale.
 * A JVM started otherwise (no {@code LANG}, as under an agent) has ASCII and turns every other
 * character into '?': this class says so at start-up, and refuses text it cannot pass on intact
 * rather than let a task run with it changed.
 */
public final class NativeEncoding {
  private static final Charset CHARSET = current();

  private NativeEncoding() {}

  private static Charset current() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException unknown) {
      return StandardCharsets.US_ASCII; // the worst case: warn and check everything
    }
  }

  /** Why non-ASCII text would not reach tasks intact, or empty when the encoding is UTF-8. */
  public static Optional<String> problem() {
    if (CHARSET.equals(StandardCharsets.UTF_8)) {
      return Optional.empty();
    }
    return Optional.of("The JVM's file-name encoding is " + CHARSET.name() + ", not UTF-8 (locale: "
        + "LC_ALL, LC_CTYPE or LANG is unset or not a UTF-8 locale), so commands, arguments, "
        + "environment values and task ids with other than ASCII characters cannot be passed to "
        + "tasks; such tasks fail. Start the executor with run-executor.sh, which picks a UTF-8 "
        + "locale, or with LC_ALL set to an installed UTF-8 locale (locale -a)");
  }

  /**
   * Checks that every argument and environment variable can be passed to the OS unchanged.
   *
   * @throws LaunchException naming the first one that cannot, without quoting it
   */
  static void requireEncodable(List<String> argv, Map<String, String> environment)
      throws LaunchException {
    if (problem().isEmpty()) {
      return;
    }
    CharsetEncoder encoder = CHARSET.newEncoder();
    for (int i = 0; i < argv.size(); i++) {
      if (!encoder.canEncode(argv.get(i))) {
        throw refusal("argument " + i + " of the command");
      }
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (!encoder.canEncode(e.getKey())) {
        throw refusal("the name of an environment variable");
      }
      if (!encoder.canEncode(e.getValue())) {
        throw refusal("the value of environment variable " + e.getKey());
      }
    }
  }

  private static LaunchException refusal(String what) {
    return new LaunchException("Cannot pass " + what + " to the task unchanged: it has characters "
        + "outside " + CHARSET.name() + ", the executor JVM's file-name encoding. Start the "
        + "executor with run-executor.sh or a UTF-8 LC_ALL");
  }
}
