package org.mesosexec.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mesosexec.json.Json;
import org.mesosexec.settings.Durations;
import org.mesosexec.text.Quote;

/**
 * Reads one field of a task spec's JSON object, of the type it must have (strings, lists, maps,
 * milliseconds), and rejects anything else with a message naming the key. Stateless.
 */
final class SpecFields {
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Durations.MAX.toMillis());

  private SpecFields() {}

  static String string(JsonObject o, String key) {
    return string(o, key, key);
  }

  /** The string at {@code key}, named {@code shown} (a path such as {@code output.events}). */
  static String string(JsonObject o, String key, String shown) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw wrongType(shown, "a string", e);
    }
    return e.getAsString();
  }

  static Optional<String> optionalString(JsonObject o, String key) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Optional.empty();
    }
    String s = string(o, key);
    if (s.isBlank()) {
      throw new InvalidTaskException("\"" + key + "\" is empty");
    }
    return Optional.of(s);
  }

  /** A boolean that is false when left out (or null). */
  static boolean flag(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return false;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw wrongType(key, "true or false", e);
    }
    return e.getAsBoolean();
  }

  static List<String> stringList(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonArray()) {
      throw wrongType(key, "an array of strings", e);
    }
    List<String> out = new ArrayList<>();
    JsonArray array = e.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw wrongType(key + "[" + i + "]", "a string", item);
      }
      out.add(FieldLimits.text(item.getAsString(), "\"" + key + "[" + i + "]\""));
    }
    return out;
  }

  static Map<String, String> stringMap(JsonObject o, String key) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Map.of();
    }
    JsonElement e = o.get(key);
    if (!e.isJsonObject()) {
      throw wrongType(key, "an object of string values", e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
      String name = entry.getKey();
      JsonElement value = entry.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw wrongType(key + "." + Quote.cut(name), "a string", value);
      }
      FieldLimits.variable(name, value.getAsString(), "\"" + key + "\"");
      out.put(name, value.getAsString());
    }
    return out;
  }

  private static BigDecimal number(String key, JsonElement e) {
    try {
      return e.getAsBigDecimal();
    } catch (NumberFormatException notANumber) {
      throw wrongType(key, "a whole number of milliseconds", e);
    }
  }

  /**
   * An optional whole number of milliseconds, at least {@code min} and at most {@link
   * Durations#MAX}.
   */
  static Optional<Duration> millis(JsonObject o, String key, long min) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Optional.empty();
    }
    JsonElement e = o.get(key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw wrongType(key, "a whole number of milliseconds", e);
    }
    BigDecimal value = number(key, e);
    if (value.compareTo(MAX_MILLIS) > 0) {
      // Refused rather than clamped: a scheduler that sends this has a bug worth seeing.
      throw new InvalidTaskException(
          "\""
              + key
              + "\" must be at most "
              + MAX_MILLIS
              + " ("
              + Durations.MAX.toDays()
              + " days), got "
              + Quote.cut(value.toString()));
    }
    try {
      long ms = value.longValueExact();
      if (ms < min) {
        throw new InvalidTaskException("\"" + key + "\" must be at least " + min + ", got " + ms);
      }
      return Optional.of(Duration.ofMillis(ms));
    } catch (ArithmeticException notWhole) {
      // toString, not toPlainString: 1e-999999999 written out would be a gigabyte.
      throw new InvalidTaskException(
          "\""
              + key
              + "\" must be a whole number of milliseconds, got "
              + Quote.cut(value.toString()));
    }
  }

  static InvalidTaskException wrongType(String key, String expected, JsonElement got) {
    return new InvalidTaskException(
        "\"" + key + "\" must be " + expected + ", got " + Json.typeOf(got));
  }
}
