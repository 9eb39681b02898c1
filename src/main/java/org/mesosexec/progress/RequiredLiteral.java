package org.mesosexec.progress;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The literal text a progress regex requires of every line it matches, read from the regex's
 * source: what lets {@link LiteralLines} search the bytes for it instead of trying every line.
 */
final class RequiredLiteral {
  /** Shorter literals are not worth a search of their own. */
  private static final int MIN_LITERAL = 3;

  private static final String META = "\\[](){}.*+?^$|";

  private RequiredLiteral() {}

  /**
   * The text every match of {@code regex} must contain: its leading literal characters (escaped
   * punctuation such as {@code \^} included) when the regex has no flags and no alternation at its
   * top level; empty when there is none worth searching for. RE2 syntax reads these the same way
   * Java's did.
   */
  static Optional<byte[]> of(Pattern regex) {
    String p = regex.pattern();
    if (regex.flags() != 0 || topLevelAlternation(p) || p.startsWith("(?")) {
      return Optional.empty();
    }
    int i = p.startsWith("^") ? 1 : 0;
    StringBuilder lit = new StringBuilder();
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length() && isEscapedPunctuation(p.charAt(i + 1))) {
        c = p.charAt(++i); // RE2 (and Java): '\' before punctuation makes it literal, as in \^
      } else if (c >= 0x80 || META.indexOf(c) >= 0) {
        break;
      }
      lit.append(c);
    }
    if (i < p.length() && "*?{".indexOf(p.charAt(i)) >= 0 && lit.length() > 0) {
      lit.setLength(lit.length() - 1); // the last character may be optional or repeated
    }
    return lit.length() < MIN_LITERAL
        ? Optional.empty()
        : Optional.of(lit.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean isEscapedPunctuation(char c) {
    return c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ';
  }

  /** Whether {@code p} has a '|' outside every group and character class. */
  private static boolean topLevelAlternation(String p) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }
}
