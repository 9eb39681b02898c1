package org.mesosexec.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text (RFC 8259) into plain Java values: {@code Map<String, Object>} (in document
 * order), {@code List<Object>}, {@link String}, {@link BigDecimal}, {@link Boolean} and {@code
 * null}. Nesting is bounded as the executor bounds it. Not thread-safe; one instance per text.
 */
final class JsonReader {
  /** As deep as the executor accepts (README, "Limits"). */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * The value of {@code text}.
   *
   * @throws IllegalArgumentException if it is not one JSON value, or nests deeper than {@link
   *     #MAX_DEPTH}
   */
  static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    Object value = r.value(0);
    r.space();
    if (r.pos != text.length()) {
      throw r.error("text after the JSON value");
    }
    return value;
  }

  private Object value(int depth) {
    space();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> word("true", true);
      case 'f' -> word("false", false);
      case 'n' -> word("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    if (peek() == '}') {
      pos++;
      return map;
    }
    do {
      space();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      expect(':');
      map.put(name, value(depth));
    } while (next(','));
    expect('}');
    return map;
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    List<Object> list = new ArrayList<>();
    pos++;
    if (peek() == ']') {
      pos++;
      return list;
    }
    do {
      list.add(value(depth));
    } while (next(','));
    expect(']');
    return list;
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      } else if (c == '\\') {
        out.append(escape());
      } else if (c < 0x20) {
        throw error("control character in a string");
      } else {
        out.append(c);
      }
    }
    throw error("unterminated string");
  }

  private char escape() {
    if (pos >= text.length()) {
      throw error("unterminated escape");
    }
    char c = text.charAt(pos++);
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> unicode();
      default -> throw error("bad escape \\" + c);
    };
  }

  private char unicode() {
    if (pos + 4 > text.length()) {
      throw error("short \\u escape");
    }
    try {
      char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
      pos += 4;
      return c;
    } catch (NumberFormatException e) {
      throw error("bad \\u escape");
    }
  }

  private BigDecimal number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      pos = start;
      throw error("expected a value");
    }
    return new BigDecimal(n);
  }

  private Object word(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("expected a value");
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  private char peek() {
    space();
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private boolean next(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!next(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void space() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not valid JSON: " + what + " at offset " + pos);
  }
}
