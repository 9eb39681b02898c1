package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.text.Quote;

/**
 * The {@code jvm} key of a task spec: {@code class}, {@code classpath}, {@code args}, {@code
 * isolation}, {@code result} and {@code heap_mb}, each checked, unknown keys rejected with a
 * message naming the key ({@code "jvm.isolation"}). Stateless.
 */
final class JvmSection {
  private static final List<String> KEYS =
      List.of("class", "classpath", "args", "isolation", "result", "heap_mb");
  static final int DEFAULT_HEAP_MB = 256;
  static final int MIN_HEAP_MB = 32;
  static final int MAX_HEAP_MB = 1024 * 1024;

  private JvmSection() {}

  static Work.JvmClass parse(JsonObject spec) {
    JsonElement e = spec.get("jvm");
    if (e == null || !e.isJsonObject()) {
      throw SpecFields.wrongType("jvm", "an object", e);
    }
    JsonObject jvm = e.getAsJsonObject();
    for (String key : jvm.keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidTaskException(
            "unknown key \"jvm."
                + Quote.cut(key)
                + "\" in the task spec; known keys are "
                + String.join(", ", KEYS));
      }
    }
    JvmSpec.Isolation isolation =
        choice(jvm, "isolation", JvmSpec.Isolation.class, JvmSpec.Isolation.THREAD);
    return new Work.JvmClass(
        new JvmSpec(
            className(jvm),
            classpath(jvm),
            FieldLimits.text(jvm.has("args") ? jvm.get("args").toString() : "null", "\"jvm.args\""),
            isolation,
            choice(jvm, "result", JvmSpec.ResultFormat.class, JvmSpec.ResultFormat.JSON),
            heapMb(jvm, isolation)));
  }

  private static String className(JsonObject jvm) {
    JsonElement e = jvm.get("class");
    if (e == null || !isString(e)) {
      throw SpecFields.wrongType("jvm.class", "a class name", e);
    }
    String name = FieldLimits.text(e.getAsString(), "\"jvm.class\"");
    if (name.isBlank()) {
      throw new InvalidTaskException("\"jvm.class\" is empty");
    }
    return name;
  }

  private static List<String> classpath(JsonObject jvm) {
    JsonElement e = jvm.get("classpath");
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw SpecFields.wrongType("jvm.classpath", "an array of sandbox-relative paths", e);
    }
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < e.getAsJsonArray().size(); i++) {
      JsonElement item = e.getAsJsonArray().get(i);
      String at = "jvm.classpath[" + i + "]";
      if (!isString(item)) {
        throw SpecFields.wrongType(at, "a string", item);
      }
      String path = FieldLimits.text(item.getAsString(), "\"" + at + "\"");
      if (path.isEmpty() || path.startsWith("/") || List.of(path.split("/")).contains("..")) {
        throw new InvalidTaskException(
            "\""
                + at
                + "\" must be a path relative to the sandbox, without '..': "
                + Quote.cut(path));
      }
      entries.add(path);
    }
    return entries;
  }

  private static <E extends Enum<E>> E choice(JsonObject jvm, String key, Class<E> type, E absent) {
    JsonElement e = jvm.get(key);
    if (e == null || e.isJsonNull()) {
      return absent;
    }
    List<String> names = new ArrayList<>();
    for (E value : type.getEnumConstants()) {
      names.add("\"" + value.name().toLowerCase(Locale.ROOT) + "\"");
      if (isString(e) && e.getAsString().equals(value.name().toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    String got = isString(e) ? "\"" + Quote.cut(e.getAsString()) + "\"" : typeOf(e);
    throw new InvalidTaskException(
        "\"jvm." + key + "\" must be " + String.join(" or ", names) + ", got " + got);
  }

  private static OptionalInt heapMb(JsonObject jvm, JvmSpec.Isolation isolation) {
    JsonElement e = jvm.get("heap_mb");
    if (e == null || e.isJsonNull()) {
      return isolation == JvmSpec.Isolation.PROCESS
          ? OptionalInt.of(DEFAULT_HEAP_MB)
          : OptionalInt.empty();
    }
    if (isolation != JvmSpec.Isolation.PROCESS) {
      throw new InvalidTaskException(
          "\"jvm.heap_mb\" is only for \"isolation\": \"process\"; a thread task shares the"
              + " executor's heap");
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw SpecFields.wrongType("jvm.heap_mb", "a whole number of MiB", e);
    }
    BigDecimal value;
    try {
      value = e.getAsBigDecimal();
    } catch (NumberFormatException notANumber) {
      throw SpecFields.wrongType("jvm.heap_mb", "a whole number of MiB", e);
    }
    if (value.compareTo(BigDecimal.valueOf(MIN_HEAP_MB)) < 0
        || value.compareTo(BigDecimal.valueOf(MAX_HEAP_MB)) > 0
        || value.stripTrailingZeros().scale() > 0) {
      throw new InvalidTaskException(
          "\"jvm.heap_mb\" must be a whole number from "
              + MIN_HEAP_MB
              + " to "
              + MAX_HEAP_MB
              + ", got "
              + Quote.cut(value.toString()));
    }
    return OptionalInt.of(value.intValueExact());
  }

  private static boolean isString(JsonElement e) {
    return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static String typeOf(JsonElement e) {
    return org.mesosexec.json.Json.typeOf(e == null ? JsonNull.INSTANCE : e);
  }
}
