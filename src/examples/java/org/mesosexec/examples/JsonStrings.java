package org.mesosexec.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of strings, the {@code args} shape the examples take, so that the examples
 * depend on the task API alone. A framework's own tasks would use the JSON library they already
 * have.
 */
final class JsonStrings {
  private final String text;
  private int at;

  private JsonStrings(String text) {
    this.text = text;
  }

  /**
   * The strings of {@code json}, which must be an array of strings ({@code null} gives none).
   *
   * @throws IllegalArgumentException naming what was found instead
   */
  static List<String> parse(String json) {
    JsonStrings reader = new JsonStrings(json.strip());
    if (reader.text.equals("null")) {
      return List.of();
    }
    List<String> strings = new ArrayList<>();
    reader.expect('[');
    if (reader.peek() == ']') {
      reader.at++;
    } else {
      do {
        strings.add(reader.string());
      } while (reader.next(',', ']') == ',');
    }
    if (reader.at != reader.text.length()) {
      throw reader.error("end of the array");
    }
    return strings;
  }

  private String string() {
    expect('"');
    StringBuilder s = new StringBuilder();
    for (char c = take(); c != '"'; c = take()) {
      s.append(c == '\\' ? escaped(take()) : c);
    }
    return s.toString();
  }

  private char escaped(char c) {
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (at + 4 > text.length()) {
          throw error("four hex digits");
        }
        at += 4;
        yield (char) Integer.parseInt(text.substring(at - 4, at), 16);
      }
      default -> throw error("an escape");
    };
  }

  private char next(char a, char b) {
    char c = peek();
    if (c != a && c != b) {
      throw error("'" + a + "' or '" + b + "'");
    }
    at++;
    return c;
  }

  private void expect(char wanted) {
    next(wanted, wanted);
  }

  /** The next character that is not white space, left unread. */
  private char peek() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    if (at == text.length()) {
      throw error("more");
    }
    return text.charAt(at);
  }

  private char take() {
    if (at == text.length()) {
      throw error("the end of a string");
    }
    return text.charAt(at++);
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(
        "args must be a JSON array of strings: expected " + expected + " at offset " + at);
  }
}
