package org.mesosexec.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mesosexec.text.Quote;

/**
 * Parses durations in the syntax of Mesos' stout library ({@code 5secs}, {@code 1.5mins}, {@code
 * 500ms}), which is what the agent puts in {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}.
 */
public final class Durations {
  /**
   * The longest duration accepted anywhere (settings, task specs, TaskInfo): 3650 days. Longer is
   * as good as forever, and in nanoseconds added to a clock reading it would overflow a long.
   */
  public static final Duration MAX = Duration.ofDays(3650);

  /**
   * A number and a unit. Written so that a long run of digits without a unit fails in linear time:
   * {@code [0-9]*\\.?[0-9]+} backtracked quadratically (100,000 digits took minutes).
   */
  private static final Pattern SYNTAX =
      Pattern.compile("([0-9]++(?:\\.[0-9]++)?|\\.[0-9]++)([a-z]++)");

  /** Longer text is no duration: refused before any matching. */
  private static final int MAX_CHARS = 64;

  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "ms", 1_000_000L,
          "secs", 1_000_000_000L,
          "mins", 60_000_000_000L,
          "hrs", 3_600_000_000_000L,
          "days", 86_400_000_000_000L,
          "weeks", 604_800_000_000_000L);

  private Durations() {}

  /**
   * Returns the duration {@code text} stands for.
   *
   * @throws IllegalArgumentException with a message that shows the accepted syntax
   */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    Matcher m = SYNTAX.matcher(trimmed);
    Long unit =
        trimmed.length() <= MAX_CHARS && m.matches() ? NANOS_PER_UNIT.get(m.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          "'"
              + Quote.cut(text)
              + "' is not a duration; expected a number and one of the units"
              + " ns, us, ms, secs, mins, hrs, days, weeks (for example 5secs or 1.5mins)");
    }
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
      throw new IllegalArgumentException(
          "'" + Quote.cut(text) + "' is too long a duration (at most 3650days)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Formats a duration for status messages: {@code 12 ms} below ten seconds, else {@code 12.3 s}.
   */
  public static String human(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
