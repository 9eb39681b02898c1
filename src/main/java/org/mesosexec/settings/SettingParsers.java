package org.mesosexec.settings;

import com.google.re2j.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mesosexec.progress.ProgressRegex;
import org.mesosexec.text.Quote;

/**
 * The parsers of the executor's settings: each turns a variable's text into its value, or throws
 * {@link IllegalArgumentException} with a message for a person ({@link EnvReader} adds the
 * variable's name). Stateless.
 */
final class SettingParsers {
  /** A portable environment variable name (POSIX), as a task's shell can set it. */
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private static final List<String> LEVELS =
      List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

  private SettingParsers() {}

  static Optional<Path> directory(String v) {
    if (v.isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(v);
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException(quoted(v) + " must be an absolute path");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(quoted(v) + " is not a directory");
    }
    return Optional.of(dir);
  }

  static Duration positive(String v) {
    Duration d = Durations.parse(v);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(quoted(v) + " must be longer than zero");
    }
    return d;
  }

  static String level(String v) {
    String upper = v.trim().toUpperCase(java.util.Locale.ROOT);
    if (!LEVELS.contains(upper)) {
      throw new IllegalArgumentException(quoted(v) + " is not a log level; use one of " + LEVELS);
    }
    return upper;
  }

  static Optional<String> variableName(String v) {
    if (v.isBlank()) {
      return Optional.empty();
    }
    if (!VARIABLE_NAME.matcher(v).matches()) {
      throw new IllegalArgumentException(
          quoted(v)
              + " is not a variable name (letters, digits"
              + " and '_', not starting with a digit, at most 255 characters)");
    }
    return Optional.of(v);
  }

  static int atMost(int n, int max) {
    if (n > max) {
      throw new IllegalArgumentException(n + " is above the maximum of " + max);
    }
    return n;
  }

  static int atLeast(String v, int min) {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(quoted(v) + " is not a whole number");
    }
    if (n < min) {
      throw new IllegalArgumentException(n + " is below the minimum of " + min);
    }
    return n;
  }

  static String relativePath(String v) {
    if (v.isBlank() || v.startsWith("/") || Arrays.asList(v.split("/")).contains("..")) {
      throw new IllegalArgumentException(
          quoted(v) + " must be a path relative to the task directory, without '..'");
    }
    return v;
  }

  static Optional<Pattern> regex(String v) {
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProgressRegex.compile(v));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(quoted(v) + " " + e.getMessage());
    }
  }

  /** {@code v} in quotes, cut to a readable length: a setting may be megabytes long. */
  static String quoted(String v) {
    return "'" + Quote.cut(v) + "'";
  }

  static List<String> names(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
