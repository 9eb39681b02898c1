package org.mesosexec.progress;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles a progress regex for RE2/J, whose matching time is linear in the length of the line (no
 * backtracking): whatever regex a task or an operator gives, one match costs at most the regex's
 * size times the line's length, and lines are cut at {@code EXECUTOR_MAX_BYTES_READ_PER_LINE}.
 * Refused, with a reason meant for a person (the caller names the field): what RE2 syntax lacks
 * (backreferences, lookaround, atomic groups, possessive quantifiers, Java-only escapes and class
 * intersections), a regex longer than {@link #MAX_LENGTH} characters or whose repetitions would
 * expand beyond {@link #MAX_SIZE} steps, and a regex with no capture group, since group 1 is the
 * percent. RE2/J has no size limit of its own: it expands {@code x{n}} into n copies ({@code
 * ((a{1000}){1000}){1000}} runs the heap out), it recurses once per optional copy when it compiles
 * and matches ({@code (.?){1000}} overflows a worker's 512 KB stack), and a match costs up to the
 * program's size per character.
 */
public final class ProgressRegex {
  /** Longest regex text, in characters; Cook's regexes are a few dozen. */
  public static final int MAX_LENGTH = 1000;

  /**
   * Largest estimated program, in steps: Cook's default is about 30. Far below what a 512 KB stack
   * holds ({@code (.?){600}} and {@code .{0,400}} still fit), and it bounds a match to 500 steps
   * per character.
   */
  public static final long MAX_SIZE = 500;

  private static final int QUOTE = 100;

  private ProgressRegex() {}

  /**
   * Compiles {@code text} on the linear-time engine, refusing what it cannot run in linear time.
   *
   * @throws IllegalArgumentException with the reason, phrased to follow the field's name (e.g.
   *     "uses a backreference ...")
   */
  public static Pattern compile(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    RegexShape.intersection(text)
        .ifPresent(
            at -> {
              throw unsupported("a character class intersection", at);
            });
    long size = RegexShape.estimatedSize(text);
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "repeats too much: its repetitions expand to about "
              + size
              + " steps, more than the "
              + MAX_SIZE
              + " allowed");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw refusal(e);
    }
    if (pattern.groupCount() < 1) {
      throw new IllegalArgumentException(
          "has no capture group: group 1 must capture the percent"
              + " (and group 2, if there is one, the message), e.g. "
              + "'progress: ([0-9.]+) (.*)'");
    }
    return pattern;
  }

  /** Names the construct RE2 lacks when that is what the error is about. */
  private static IllegalArgumentException refusal(PatternSyntaxException e) {
    String what = e.getDescription();
    String at = e.getPattern() == null ? "" : e.getPattern();
    if (what.equals("invalid escape sequence") && at.matches("\\\\[1-9k]")) {
      return unsupported("a backreference", at);
    }
    if (at.startsWith("(?=") || at.startsWith("(?!")) {
      return unsupported("a lookahead", at.substring(0, 3));
    }
    if (at.startsWith("(?<=") || at.startsWith("(?<!")) {
      return unsupported("a lookbehind", at.substring(0, 4));
    }
    if (at.startsWith("(?>")) {
      return unsupported("an atomic group", at);
    }
    if (what.equals("invalid nested repetition operator") && at.endsWith("+")) {
      return unsupported("a possessive quantifier", at);
    }
    if (what.equals("invalid escape sequence")) {
      return unsupported("the escape", at);
    }
    return new IllegalArgumentException(
        "is not a valid regular expression: " + what + " at '" + cut(at) + "' (RE2 syntax)");
  }

  private static IllegalArgumentException unsupported(String what, String at) {
    return new IllegalArgumentException(
        "uses "
            + what
            + " ('"
            + cut(at)
            + "'), which progress"
            + " regexes do not support: they use RE2 syntax, matched in linear time, without"
            + " backreferences, lookaround, atomic groups or possessive quantifiers");
  }

  private static String cut(String s) {
    return s.length() <= QUOTE ? s : s.substring(0, QUOTE) + "...";
  }
}
