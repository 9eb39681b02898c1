package org.mesosexec.client;

import java.time.Duration;
import java.util.List;

/**
 * The executor's limits on spec values (README, "Limits"), checked when a builder takes a value so
 * that a mistake fails in the scheduler's code, not as a {@code TASK_ERROR} later. Stateless.
 */
final class SpecChecks {
  /** Linux's MAX_ARG_STRLEN: the longest single argument or environment entry. */
  static final int MAX_ARG_BYTES = 131_071;

  /** The longest duration the executor takes: 3650 days. */
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  private SpecChecks() {}

  /** A command, argument or variable: no NUL, at most {@link #MAX_ARG_BYTES} in UTF-8. */
  static String text(String value, String what) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains NUL");
    }
    if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ARG_BYTES) {
      throw new IllegalArgumentException(what + " is longer than " + MAX_ARG_BYTES + " bytes");
    }
    return value;
  }

  /** A user name as the executor accepts it. */
  static String user(String user) {
    boolean ok =
        !user.isEmpty()
            && user.length() <= 64
            && !user.startsWith("-")
            && user.chars().noneMatch(c -> c == '/' || c == ':' || c <= ' ' || c == 0x7f);
    if (!ok) {
      throw new IllegalArgumentException(
          "user must be 1 to 64 characters, without '/', ':', white space or control"
              + " characters, not starting with '-'");
    }
    return user;
  }

  /** A whole number of milliseconds, at least {@code minMillis}, at most 3650 days. */
  static long millis(Duration d, long minMillis, String what) {
    if (d.compareTo(Duration.ofMillis(minMillis)) < 0 || d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          what + " must be from " + minMillis + " ms to 3650 days, got " + d);
    }
    if (d.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException(what + " must be a whole number of milliseconds: " + d);
    }
    return d.toMillis();
  }

  /** A path relative to the task directory (or sandbox), without {@code ..}. */
  static String relative(String path, String what) {
    text(path, what);
    if (path.isEmpty() || path.startsWith("/") || List.of(path.split("/")).contains("..")) {
      throw new IllegalArgumentException(what + " must be a relative path without '..': " + path);
    }
    return path;
  }
}
