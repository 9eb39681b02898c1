package org.mesosexec.client;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON text from plain Java values: {@code null}, {@link Boolean}, {@link Number}, {@link
 * String}, {@code Map<String, ?>} (in its iteration order), {@link List}, and {@link Raw} for text
 * that is JSON already. The client's only writer: its jar carries no JSON library.
 */
final class JsonWriter {
  private JsonWriter() {}

  /** JSON text that is embedded as it is; checked by {@link JsonReader} when it is made. */
  record Raw(String json) {
    Raw {
      JsonReader.parse(json);
    }
  }

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Raw raw) {
      out.append(raw.json());
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      number(n, out);
    } else if (value instanceof Map<?, ?> map) {
      object(map, out);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass() + " as JSON");
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(first ? "" : ",");
      first = false;
      string((String) e.getKey(), out);
      out.append(':');
      write(e.getValue(), out);
    }
    out.append('}');
  }

  private static void number(Number n, StringBuilder out) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(BigDecimal.valueOf(d).stripTrailingZeros().toString());
    } else {
      out.append(n);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
