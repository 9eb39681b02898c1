package org.mesosexec.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mesosexec.text.Quote;

/**
 * The JVM's file-name encoding ({@code sun.jnu.encoding}), with which every command, argument,
 * environment variable and path reaches the OS. The JVM takes it from the C locale at start-up and
 * JDK 17 cannot change it later; {@code run-executor.sh} starts the JVM with a UTF-8 locale. A JVM
 * started otherwise (no {@code LANG}, as under an agent) has ASCII and turns every other character
 * into '?': this class says so at start-up, and refuses text it cannot pass on as UTF-8 rather than
 * let a task run with it changed.
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
    return Optional.of(
        "The JVM's file-name encoding is "
            + CHARSET.name()
            + ", not UTF-8 (locale: "
            + "LC_ALL, LC_CTYPE or LANG is unset or not a UTF-8 locale), so commands, arguments, "
            + "environment values and task ids with other than ASCII characters cannot be passed to "
            + "tasks; such tasks fail. Start the executor with run-executor.sh, which picks a UTF-8 "
            + "locale, or with LC_ALL set to an installed UTF-8 locale (locale -a)");
  }

  /**
   * Checks that every argument and environment variable would reach the OS as the same bytes as in
   * UTF-8. Outside UTF-8 only ASCII does: other characters become '?' (ASCII) or other bytes
   * (Latin-1 and the like).
   *
   * @throws LaunchException naming the first one that would not, without quoting it
   */
  static void requireEncodable(List<String> argv, Map<String, String> environment)
      throws LaunchException {
    if (problem().isEmpty()) {
      return;
    }
    for (int i = 0; i < argv.size(); i++) {
      if (!ascii(argv.get(i))) {
        throw refusal("argument " + i + " of the command");
      }
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (!ascii(e.getKey())) {
        throw refusal("the name of an environment variable");
      }
      if (!ascii(e.getValue())) {
        String name = e.getKey();
        throw refusal("the value of environment variable " + Quote.cut(name));
      }
    }
  }

  /** {@code s} in the file-name encoding, ended by a NUL byte, as the JDK passes it to the OS. */
  static byte[] cString(String s) {
    byte[] bytes = s.getBytes(CHARSET);
    return java.util.Arrays.copyOf(bytes, bytes.length + 1);
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static LaunchException refusal(String what) {
    return new LaunchException(
        "Cannot pass "
            + what
            + " to the task as UTF-8: it has other than "
            + "ASCII characters, and the executor JVM's file-name encoding is "
            + CHARSET.name()
            + ". Start the executor with run-executor.sh or a UTF-8 LC_ALL");
  }
}
