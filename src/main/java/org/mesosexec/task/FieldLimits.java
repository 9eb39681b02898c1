package org.mesosexec.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mesosexec.settings.Durations;
import org.mesosexec.text.Quote;

/**
 * Bounds on the task fields that reach the OS (DESIGN §10): each is checked where it enters, so
 * that no value from a scheduler reaches native code, a file name or exec unchecked. Every refusal
 * names the field ({@code at}, already formatted by the caller) and quotes at most a few hundred
 * characters of the value.
 */
final class FieldLimits {
  /** Linux's MAX_ARG_STRLEN (32 pages) less the NUL: the longest one argument or variable. */
  static final int MAX_STRING_BYTES = 128 * 1024 - 1;

  /** Argv and env of a task together; well below the usual ARG_MAX of 2 MiB. */
  static final int MAX_TOTAL_BYTES = 1024 * 1024;

  /** Longest user name; useradd allows 32, NSS back ends rarely more. */
  static final int MAX_USER_CHARS = 64;

  /** A task id names a directory: NAME_MAX. */
  static final int MAX_ID_BYTES = 255;

  private FieldLimits() {}

  /**
   * A string handed to exec (a command, an argument): no NUL, at most {@link #MAX_STRING_BYTES}.
   */
  static String text(String value, String at) {
    if (value.indexOf('\0') >= 0) {
      throw new InvalidTaskException(
          at + " contains a NUL character: \"" + Quote.cut(value).replace("\0", "\\0") + "\"");
    }
    int bytes = utf8Length(value);
    if (bytes > MAX_STRING_BYTES) {
      throw new InvalidTaskException(
          at
              + " is "
              + bytes
              + " bytes; the limit is "
              + MAX_STRING_BYTES
              + ": \""
              + Quote.cut(value)
              + "\"");
    }
    return value;
  }

  /** One environment variable: a name without '=' or NUL, and a value exec can carry. */
  static void variable(String name, String value, String at) {
    if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
      throw new InvalidTaskException(
          at + " has an invalid variable name \"" + Quote.cut(name).replace("\0", "\\0") + "\"");
    }
    text(name + "=" + value, at + "." + Quote.cut(name));
  }

  /** All of a task's arguments and variables together, as exec would count them. */
  static void total(List<String> argv, Map<String, String> env) {
    long bytes = 0;
    for (String a : argv) {
      bytes += utf8Length(a) + 1;
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      bytes += utf8Length(e.getKey()) + utf8Length(e.getValue()) + 2;
    }
    if (bytes > MAX_TOTAL_BYTES) {
      throw new InvalidTaskException(
          "the task's arguments and environment variables are "
              + bytes
              + " bytes together; the limit is "
              + MAX_TOTAL_BYTES);
    }
  }

  /**
   * A user name: 1 to {@link #MAX_USER_CHARS} characters, no NUL, '/', ':', whitespace or other
   * control characters, and no leading '-' (it would read as an option to the tools that switch
   * users).
   */
  static String user(String name, String at) {
    boolean bad =
        name.isEmpty()
            || name.length() > MAX_USER_CHARS
            || name.startsWith("-")
            || name.chars()
                .anyMatch(
                    c ->
                        c == '/'
                            || c == ':'
                            || Character.isWhitespace(c)
                            || Character.isISOControl(c)
                            || Character.isSpaceChar(c));
    if (bad) {
      throw new InvalidTaskException(
          at
              + " \""
              + Quote.cut(name).replace("\0", "\\0")
              + "\" is not a user name (1 to "
              + MAX_USER_CHARS
              + " characters, no '/', ':',"
              + " whitespace or control characters, not starting with '-')");
    }
    return name;
  }

  /** A period from a scheduler: 0 or more, at most {@link Durations#MAX}. */
  static Duration duration(Duration d, String at) {
    if (d.isNegative()) {
      throw new InvalidTaskException(at + " must be 0 or more, got " + d.toNanos() + " ns");
    }
    if (d.compareTo(Durations.MAX) > 0) {
      throw new InvalidTaskException(
          at + " must be at most " + Durations.MAX.toDays() + " days, got " + d.toDays() + " days");
    }
    return d;
  }

  /** A task id: it names the task's directory. */
  static void taskId(String taskId) {
    int bytes = utf8Length(taskId);
    if (taskId.isEmpty()
        || taskId.contains("/")
        || taskId.indexOf('\0') >= 0
        || taskId.startsWith(".")
        || bytes > MAX_ID_BYTES) {
      throw new InvalidTaskException(
          "task id '"
              + Quote.cut(taskId).replace("\0", "\\0")
              + "' ("
              + bytes
              + " bytes) cannot name a directory (at most "
              + MAX_ID_BYTES
              + " bytes in UTF-8, no '/', NUL, or leading '.')");
    }
  }

  private static int utf8Length(String s) {
    // Counted without encoding: the value may be megabytes long.
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
