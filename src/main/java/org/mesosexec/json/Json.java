package org.mesosexec.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/** Strict JSON parsing (RFC 8259: no comments, no single quotes, one value, nothing after it). */
public final class Json {
  private Json() {}

  /**
   * Parses {@code text} as exactly one JSON value.
   *
   * @throws IllegalArgumentException with the parser's position, for a person to read
   */
  public static JsonElement parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty input: expected one JSON value");
    }
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
    m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
        "malformed JSON");
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
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
