package org.mesosexec.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads progress from one line of output with the task's regex: group 1 is the percent (decimals
 * allowed, rounded half up; a value outside 0 to 100 or not a number is no progress), group 2, if
 * the regex has one, the message (trimmed, and cut to the cap with "...").
 */
public final class ProgressParser {
  private static final String ELLIPSIS = "...";

  private final Pattern regex;
  private final int maxMessageLength;

  public ProgressParser(Pattern regex, int maxMessageLength) {
    this.regex = Objects.requireNonNull(regex);
    if (maxMessageLength < ELLIPSIS.length()) {
      throw new IllegalArgumentException("message cap too small: " + maxMessageLength);
    }
    this.maxMessageLength = maxMessageLength;
  }

  /** The regex that finds progress. */
  public Pattern regex() {
    return regex;
  }

  /** The progress the line reports, if any. */
  public Optional<Progress> parse(CharSequence line) {
    Matcher m = regex.matcher(line);
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
