package org.mesosexec.text;

/**
 * Cuts input quoted in an error message to a length a person can read: a refusal names the field
 * and shows the start of the bad value, never all of it (DESIGN §10), so that a megabyte of input
 * does not become a megabyte of status message or log line.
 */
public final class Quote {
  /** The most characters of a value that a message quotes. */
  public static final int MAX_CHARS = 200;

  private Quote() {}

  /**
   * {@code text} itself when it is short enough; else its first {@link #MAX_CHARS} characters
   * followed by {@code "... (N characters)"}, cut between two code points.
   */
  public static String cut(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }
}
