package org.mesosexec.progress;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads progress from one line of output with the task's regex: group 1 is the percent (decimals
 * allowed, rounded half up; a value outside 0 to 100 or not a number is no progress), group 2, if
 * the regex has one, the message (trimmed, and cut to the cap with "..."). The regex runs on RE2/J
 * ({@link ProgressRegex}): one line costs time linear in its length, whatever the regex.
 */
public final class ProgressParser {
  private static final String ELLIPSIS = "...";

  private final Pattern regex;
  private final int maxMessageLength;
  private final long size;

  public ProgressParser(Pattern regex, int maxMessageLength) {
    this.regex = Objects.requireNonNull(regex);
    if (maxMessageLength < ELLIPSIS.length()) {
      throw new IllegalArgumentException("message cap too small: " + maxMessageLength);
    }
    this.maxMessageLength = maxMessageLength;
    this.size = Math.max(1, RegexShape.estimatedSize(regex.pattern()));
  }

  /**
   * An upper bound of the steps that parsing {@code line} takes: RE2/J follows at most one thread
   * per step of the regex's program for each character.
   */
  public long cost(CharSequence line) {
    return size * (line.length() + 1L);
  }

  /** The regex that finds progress. */
  public Pattern regex() {
    return regex;
  }

  /** The progress the line reports, if any. */
  public Optional<Progress> parse(CharSequence line) {
    Matcher m = regex.matcher(withoutCarriageReturn(line));
    if (!m.find() || m.groupCount() < 1 || m.group(1) == null) {
      return Optional.empty();
    }
    int percent;
    try {
      BigDecimal value = new BigDecimal(m.group(1).strip());
      if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
        return Optional.empty();
      }
      percent = value.setScale(0, RoundingMode.HALF_UP).intValueExact();
    } catch (NumberFormatException | ArithmeticException notANumber) {
      return Optional.empty();
    }
    String message = m.groupCount() >= 2 && m.group(2) != null ? m.group(2).strip() : "";
    return Optional.of(new Progress(percent, cut(message)));
  }

  /**
   * Progress a task reported itself ({@code TaskContext.progress}), held to what parsed progress
   * may be: the percent clamped to 0..100, the message trimmed and cut to the cap.
   */
  public Progress reported(int percent, String message) {
    String text = message == null ? "" : message.strip();
    return new Progress(Math.max(0, Math.min(100, percent)), cut(text));
  }

  /**
   * The line without the {@code \r} of a CRLF line end: RE2's {@code $} matches only at the very
   * end, where Java's matched before a final line terminator too, and regexes ending in {@code $}
   * must keep matching output written with CRLF.
   */
  private static CharSequence withoutCarriageReturn(CharSequence line) {
    int n = line.length();
    return n > 0 && line.charAt(n - 1) == '\r' ? line.subSequence(0, n - 1) : line;
  }

  private String cut(String message) {
    if (message.length() <= maxMessageLength) {
      return message;
    }
    int end = maxMessageLength - ELLIPSIS.length();
    if (end > 0 && Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return message.substring(0, end) + ELLIPSIS;
  }
}
