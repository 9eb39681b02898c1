package org.mesosexec.progress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What can be read from a regex's text before it is compiled: an upper estimate of the size of the
 * program RE2/J would build (counted repetitions multiply what they repeat, so three nested {@code
 * {1000}} make a billion steps), and Java's class intersection {@code [a-z&&[^b]]}, which RE2 would
 * silently read as a class holding {@code &}. It walks escapes, {@code \Q...\E} and character
 * classes as RE2 does; on text that does not compile the result does not matter.
 */
final class RegexShape {
  /** Sizes stop growing here, so that products of counts never overflow. */
  private static final long CAP = 1L << 40;

  private static final int MAX_COUNT = 100_000;

  private RegexShape() {}

  /** An upper estimate of the steps of the compiled program. */
  static long estimatedSize(String p) {
    Deque<long[]> outer = new ArrayDeque<>(); // {sum, last} of each enclosing group
    long sum = 0;
    long last = 0; // the atom a quantifier applies to
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      long atom = 1;
      if (c == '(') {
        outer.push(new long[] {sum, last});
        sum = 0;
        last = 0;
        continue;
      } else if (c == ')' && !outer.isEmpty()) {
        atom = cap(sum + last + 2);
        long[] up = outer.pop();
        sum = up[0];
        last = up[1];
      } else if (c == '*' || c == '+' || c == '?') {
        last = cap(last + 1);
        continue;
      } else if (c == '{' && copies(p, i) >= 0) {
        // A range nests its optional copies ((x(x)?)?): one more step each, and RE2/J recurses
        // once per level when it compiles and matches them.
        boolean range = p.substring(i, p.indexOf('}', i)).contains(",");
        last = cap((range ? last + 1 : last) * copies(p, i));
        i = p.indexOf('}', i);
        continue;
      } else if (c == '[') {
        i = classEnd(p, i);
      } else if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
        int end = quoteEnd(p, i);
        atom = Math.max(1, end - i - 3);
        i = end;
      } else if (c == '\\') {
        i = escapeEnd(p, i);
      }
      sum = cap(sum + last);
      last = atom;
    }
    while (!outer.isEmpty()) {
      sum = cap(sum + last); // unclosed groups: the text will not compile anyway
      last = 0;
      outer.pop();
    }
    return cap(sum + last);
  }

  private static long cap(long size) {
    return Math.min(size, CAP);
  }

  /** Where a character class uses Java's {@code &&}, the class's text up to it. */
  static Optional<String> intersection(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
        i = quoteEnd(p, i);
      } else if (c == '\\') {
        i = escapeEnd(p, i);
      } else if (c == '[') {
        int end = classEnd(p, i);
        int and = p.indexOf("&&", i);
        if (and >= 0 && and < end) {
          return Optional.of(p.substring(i, and + 2));
        }
        i = end;
      }
    }
    return Optional.empty();
  }

  /**
   * How many copies of its atom the repetition at i makes: n for {@code {n}}, m for {@code {n,m}},
   * n + 1 for {@code {n,}} (at least 1); -1 when there is none (a lone <code>{</code> is literal).
   */
  private static int copies(String p, int i) {
    int close = p.indexOf('}', i);
    if (close < 0 || !p.substring(i + 1, close).matches("[0-9]{1,6}(,[0-9]{0,6})?")) {
      return -1;
    }
    String[] counts = p.substring(i + 1, close).split(",", -1);
    int n = Integer.parseInt(counts[0]);
    int most = counts.length == 1 ? n : counts[1].isEmpty() ? n + 1 : Integer.parseInt(counts[1]);
    return Math.max(1, Math.min(Math.max(n, most), MAX_COUNT));
  }

  /** The index of the character that ends the escape at i ({@code \x{..}}, {@code \p{..}}). */
  private static int escapeEnd(String p, int i) {
    if (i + 2 < p.length() && "xpP".indexOf(p.charAt(i + 1)) >= 0 && p.charAt(i + 2) == '{') {
      int close = p.indexOf('}', i);
      return close < 0 ? p.length() - 1 : close;
    }
    return Math.min(i + 1, p.length() - 1);
  }

  /** The index of the {@code E} that ends {@code \Q} at i, or the last index. */
  private static int quoteEnd(String p, int i) {
    int end = p.indexOf("\\E", i + 2);
    return end < 0 ? p.length() - 1 : end + 1;
  }

  /** The index of the {@code ]} that closes the class opened at i, or the last index. */
  private static int classEnd(String p, int i) {
    int j = i + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++; // a leading ']' is a member
    }
    for (; j < p.length(); j++) {
      char c = p.charAt(j);
      if (c == ']') {
        return j;
      } else if (c == '\\') {
        j = escapeEnd(p, j);
      } else if (c == '[' && p.startsWith("[:", j) && p.indexOf(":]", j + 2) >= 0) {
        j = p.indexOf(":]", j + 2) + 1;
      }
    }
    return p.length() - 1;
  }
}
