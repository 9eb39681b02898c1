package org.mesosexec.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import org.mesosexec.text.Quote;

/**
 * Strict JSON parsing (RFC 8259: no comments, no single quotes, one value, nothing after it), with
 * a bound on nesting: the code that walks a parsed value recurses, and a few kilobytes of brackets
 * would otherwise overflow a worker's stack.
 */
public final class Json {
  /** The deepest nesting of objects and arrays accepted; real task specs need fewer than 10. */
  public static final int MAX_DEPTH = 64;

  private Json() {}

  /**
   * Parses {@code text} as exactly one JSON value.
   *
   * @throws IllegalArgumentException with the parser's position, for a person to read; also when
   *     objects and arrays nest deeper than {@link #MAX_DEPTH}
   */
  public static JsonElement parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty input: expected one JSON value");
    }
    checkDepth(text);
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement value = parseValue(reader);
      try {
        if (reader.peek() != JsonToken.END_DOCUMENT) {
          throw new IllegalArgumentException("unexpected text after the JSON value");
        }
      } catch (IOException trailing) {
        throw new IllegalArgumentException("unexpected text after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException(forPeople(e));
    }
  }

  /**
   * Refuses text whose objects and arrays nest deeper than {@link #MAX_DEPTH}, before any parser
   * sees it: one pass, no recursion. Brackets inside strings do not count.
   */
  private static void checkDepth(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++; // the escaped character cannot end the string
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          throw new IllegalArgumentException(
              "objects and arrays nest deeper than "
                  + MAX_DEPTH
                  + " levels (at character "
                  + (i + 1)
                  + ")");
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  private static JsonElement parseValue(JsonReader reader) {
    try {
      return JsonParser.parseReader(reader);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(forPeople(e.getCause() != null ? e.getCause() : e));
    }
  }

  /** Gson's message without its advice to programmers and its troubleshooting link. */
  private static String forPeople(Throwable e) {
    String m = String.valueOf(e.getMessage());
    m = m.replaceAll("\nSee https?://\\S+", "");
    m =
        m.replace(
            "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
            "malformed JSON");
    return Quote.cut(m.endsWith(".") ? m.substring(0, m.length() - 1) : m);
  }

  /** A string map as a JSON object, keys in the map's order. */
  public static String toJson(java.util.Map<String, String> map) {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    map.forEach(o::addProperty);
    return o.toString();
  }

  /** The JSON type of {@code e} in words, for error messages. */
  public static String typeOf(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return "null";
    }
    if (e.isJsonObject()) {
      return "an object";
    }
    if (e.isJsonArray()) {
      return "an array";
    }
    var p = e.getAsJsonPrimitive();
    return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
  }
}
