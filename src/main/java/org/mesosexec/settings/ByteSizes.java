package org.mesosexec.settings;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mesosexec.text.Quote;

/**
 * Parses byte sizes in the syntax of Mesos' stout library ({@code 10MB}, {@code 512KB}, {@code
 * 4096B}): a whole number and a unit, where a kilobyte is 1024 bytes, as the agent's own flags (for
 * example its logrotate logger's {@code max_stdout_size}) read them.
 */
public final class ByteSizes {
  private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,19})(B|KB|MB|GB|TB)");

  private static final Map<String, Integer> SHIFT =
      Map.of("B", 0, "KB", 10, "MB", 20, "GB", 30, "TB", 40);

  private ByteSizes() {}

  /**
   * Returns how many bytes {@code text} stands for.
   *
   * @throws IllegalArgumentException with a message that shows the accepted syntax
   */
  public static long parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + Quote.cut(text)
              + "' is not a byte size; expected a whole number and one of the units"
              + " B, KB, MB, GB, TB (for example 10MB or 512KB)");
    }
    int shift = SHIFT.get(m.group(2));
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    if (value > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + Quote.cut(text) + "' is too large a byte size");
    }
    return value << shift;
  }

  /**
   * Returns the size {@code text} stands for, refused outside {@code [min, max]} with a message
   * that names both bounds.
   *
   * @throws IllegalArgumentException if it does not parse or is out of range
   */
  public static long between(String text, long min, long max) {
    long bytes = parse(text);
    if (bytes < min || bytes > max) {
      throw new IllegalArgumentException(
          "'"
              + Quote.cut(text)
              + "' is out of range; it must be between "
              + human(min)
              + " and "
              + human(max));
    }
    return bytes;
  }

  /** Formats a size in the largest unit that divides it exactly: {@code 512KB}, {@code 10MB}. */
  public static String human(long bytes) {
    String[] units = {"TB", "GB", "MB", "KB"};
    for (int i = 0; i < units.length; i++) {
      int shift = 40 - 10 * i;
      if (bytes != 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + units[i];
      }
    }
    return bytes + "B";
  }
}
