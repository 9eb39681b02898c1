package org.mesosexec.output;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a logfmt line ({@code level=info msg="a b" ok}): pairs separated by spaces, a value quoted
 * with {@code "} when it holds spaces ({@code \"} and {@code \\} escaped in it), a key alone
 * meaning {@code true}. A line is logfmt when every word is such a pair or key and at least one has
 * a value; anything else is plain text.
 */
final class Logfmt {
  private Logfmt() {}

  /** The line's pairs, in order (a repeated key keeps its last value); empty if not logfmt. */
  static Optional<Map<String, Object>> parse(String line) {
    Map<String, Object> fields = new LinkedHashMap<>();
    boolean valued = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
        i++;
        continue;
      }
      int keyStart = i;
      while (i < n && isKeyChar(line.charAt(i))) {
        i++;
      }
      if (i == keyStart) {
        return Optional.empty(); // a word that starts with '=' or '"'
      }
      String key = line.substring(keyStart, i);
      if (i == n || line.charAt(i) == ' ' || line.charAt(i) == '\t') {
        fields.put(key, true);
        continue;
      }
      if (line.charAt(i) != '=') {
        return Optional.empty(); // a quote right after a key
      }
      i++;
      StringBuilder value = new StringBuilder();
      i = value(line, i, value);
      if (i < 0) {
        return Optional.empty();
      }
      fields.put(key, value.toString());
      valued = true;
    }
    return valued ? Optional.of(fields) : Optional.empty();
  }

  /** Reads the value at {@code i} into {@code out}; where it ends, or -1 if it is not logfmt. */
  private static int value(String line, int i, StringBuilder out) {
    int n = line.length();
    if (i < n && line.charAt(i) == '"') {
      for (i++; i < n; i++) {
        char c = line.charAt(i);
        if (c == '"') {
          boolean ends = i + 1 == n || line.charAt(i + 1) == ' ' || line.charAt(i + 1) == '\t';
          return ends ? i + 1 : -1;
        }
        if (c == '\\' && i + 1 < n) {
          c = line.charAt(++i);
        }
        out.append(c);
      }
      return -1; // an unclosed quote
    }
    for (; i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t'; i++) {
      char c = line.charAt(i);
      if (c == '"' || c == '=') {
        return -1;
      }
      out.append(c);
    }
    return i;
  }

  private static boolean isKeyChar(char c) {
    return c > ' ' && c != '=' && c != '"';
  }
}
