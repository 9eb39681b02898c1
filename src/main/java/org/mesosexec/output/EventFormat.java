package org.mesosexec.output;

import java.util.Locale;

/** How a task's output lines are turned into events: parsed as JSON or logfmt, or not at all. */
public enum EventFormat {
  JSON,
  LOGFMT,
  OFF;

  /**
   * The format named {@code text} ({@code json}, {@code logfmt} or {@code off}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static EventFormat parse(String text) {
    for (EventFormat f : values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + org.mesosexec.text.Quote.cut(text)
            + "' is not an events format; use json, logfmt or off");
  }
}
