package org.mesosexec.output;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mesosexec.json.Json;

/**
 * The fields a line of output holds in the task's chosen format: a JSON object's members (values as
 * Java maps, lists, numbers, strings, booleans and nulls, which Log4j's JSON template layout writes
 * as JSON again), or logfmt's pairs. Empty for a line that is not in that format.
 */
final class LineFields {
  private LineFields() {}

  static Optional<Map<String, Object>> of(EventFormat format, String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    return switch (format) {
      case JSON -> json(text);
      case LOGFMT -> Logfmt.parse(text);
      case OFF -> Optional.empty();
    };
  }

  private static Optional<Map<String, Object>> json(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
      return Optional.empty(); // the common plain line, without a parser's exception
    }
    try {
      JsonElement parsed = Json.parse(trimmed);
      return parsed.isJsonObject()
          ? Optional.of(object(parsed.getAsJsonObject()))
          : Optional.empty();
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
  }

  private static Map<String, Object> object(JsonObject o) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      fields.put(e.getKey(), value(e.getValue()));
    }
    return fields;
  }

  /** Nesting is bounded by {@link Json#MAX_DEPTH}, checked when the line was parsed. */
  private static Object value(JsonElement e) {
    if (e.isJsonObject()) {
      return object(e.getAsJsonObject());
    }
    if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      List<Object> values = new ArrayList<>(a.size());
      a.forEach(v -> values.add(value(v)));
      return values;
    }
    if (e.isJsonNull()) {
      return null;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      return number(p.getAsBigDecimal());
    }
    return p.getAsString();
  }

  private static Object number(BigDecimal n) {
    try {
      return n.longValueExact();
    } catch (ArithmeticException notALong) {
      return n;
    }
  }
}
