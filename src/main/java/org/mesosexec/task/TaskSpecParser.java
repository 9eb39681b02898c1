package org.mesosexec.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mesosexec.json.Json;
import org.mesosexec.progress.ProgressRegex;
import org.mesosexec.settings.Durations;
import org.mesosexec.text.Quote;

/**
 * Turns a task spec JSON object (DESIGN §4), or Marathon's legacy app JSON, into a {@link
 * TaskSpec}. Unknown keys and wrong types are rejected with a message naming the key.
 */
public final class TaskSpecParser {
  private static final List<String> KEYS =
      List.of(
          "command",
          "argv",
          "env",
          "user",
          "progress",
          "kill_grace_period_ms",
          "max_completion_time_ms",
          "health_check",
          "jvm");
  private static final Set<String> PROGRESS_KEYS = Set.of("file", "regex", "sample_interval_ms");
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Durations.MAX.toMillis());

  private TaskSpecParser() {}

  /** Parses a spec object; Marathon's app JSON is recognised by its {@code cmd} or {@code args}. */
  public static TaskSpec parse(JsonObject spec) {
    if (isMarathonApp(spec)) {
      return parseMarathon(spec);
    }
    for (String key : spec.keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidTaskException(
            "unknown key \""
                + Quote.cut(key)
                + "\" in the task spec; known keys are "
                + String.join(", ", KEYS));
      }
    }
    rejectLater(spec, "jvm", "\"jvm\" tasks");
    return new TaskSpec(
        work(spec),
        stringMap(spec, "env"),
        user(spec),
        millis(spec, "kill_grace_period_ms", 0),
        millis(spec, "max_completion_time_ms", 1),
        progress(spec),
        spec.has("health_check") && !spec.get("health_check").isJsonNull()
            ? Optional.of(CheckSpecs.healthFromSpec(spec.get("health_check")))
            : Optional.empty(),
        Optional.empty());
  }

  private static boolean isMarathonApp(JsonObject o) {
    return (o.has("cmd") || o.has("args")) && !o.has("command") && !o.has("argv") && !o.has("jvm");
  }

  /** Marathon's app definition: only cmd, args and env matter to the executor. */
  private static TaskSpec parseMarathon(JsonObject app) {
    JsonElement args = app.get("args");
    boolean hasArgs =
        args != null
            && !args.isJsonNull()
            && !(args.isJsonArray() && args.getAsJsonArray().isEmpty());
    if (app.has("cmd") && hasArgs) {
      throw new InvalidTaskException("Marathon app JSON: give \"cmd\" or \"args\", not both");
    }
    Work work =
        app.has("cmd")
            ? new Work.Shell(FieldLimits.text(string(app, "cmd"), "\"cmd\""))
            : new Work.Exec(stringList(app, "args"));
    return TaskSpec.of(work).withEnvAndUser(stringMap(app, "env"), user(app));
  }

  private static Optional<String> user(JsonObject o) {
    return optionalString(o, "user").map(u -> FieldLimits.user(u, "\"user\""));
  }

  private static void rejectLater(JsonObject spec, String key, String what) {
    if (spec.has(key)) {
      throw new InvalidTaskException(what + " are not supported by this executor version");
    }
  }

  private static Work work(JsonObject spec) {
    List<String> given = new ArrayList<>();
    for (String key : List.of("command", "argv", "jvm")) {
      if (spec.has(key)) {
        given.add(key);
      }
    }
    if (given.size() != 1) {
      throw new InvalidTaskException(
          "the task spec needs exactly one of \"command\" and \"argv\" (got "
              + (given.isEmpty() ? "neither" : String.join(" and ", given))
              + ")");
    }
    return spec.has("command")
        ? new Work.Shell(FieldLimits.text(string(spec, "command"), "\"command\""))
        : new Work.Exec(stringList(spec, "argv"));
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw wrongType(key, "a string", e);
    }
    return e.getAsString();
  }

  private static Optional<String> optionalString(JsonObject o, String key) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Optional.empty();
    }
    String s = string(o, key);
    if (s.isBlank()) {
      throw new InvalidTaskException("\"" + key + "\" is empty");
    }
    return Optional.of(s);
  }

  private static List<String> stringList(JsonObject o, String key) {
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

  private static Map<String, String> stringMap(JsonObject o, String key) {
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

  private static Optional<Duration> millis(JsonObject o, String key, long min) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Optional.empty();
    }
    JsonElement e = o.get(key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw wrongType(key, "a whole number of milliseconds", e);
    }
    BigDecimal value;
    try {
      value = e.getAsBigDecimal();
    } catch (NumberFormatException notANumber) {
      throw wrongType(key, "a whole number of milliseconds", e);
    }
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

  private static Optional<TaskSpec.ProgressSpec> progress(JsonObject spec) {
    if (!spec.has("progress") || spec.get("progress").isJsonNull()) {
      return Optional.empty();
    }
    JsonElement e = spec.get("progress");
    if (!e.isJsonObject()) {
      throw wrongType("progress", "an object", e);
    }
    JsonObject p = e.getAsJsonObject();
    for (String key : p.keySet()) {
      if (!PROGRESS_KEYS.contains(key)) {
        throw new InvalidTaskException(
            "unknown key \"progress."
                + Quote.cut(key)
                + "\"; known keys are file, regex, sample_interval_ms");
      }
    }
    Optional<Duration> interval = millis(p, "sample_interval_ms", 100);
    Optional<String> file = optionalString(p, "file");
    file.ifPresent(TaskSpecParser::checkRelative);
    return Optional.of(new TaskSpec.ProgressSpec(file, regexOrOff(p), interval));
  }

  /** The spec's regex; an empty one is kept, as it turns tracking off for the task. */
  private static Optional<Pattern> regexOrOff(JsonObject progress) {
    if (!progress.has("regex") || progress.get("regex").isJsonNull()) {
      return Optional.empty();
    }
    return Optional.of(regex(string(progress, "regex")));
  }

  private static void checkRelative(String file) {
    FieldLimits.text(file, "\"progress.file\"");
    if (file.startsWith("/") || List.of(file.split("/")).contains("..")) {
      throw new InvalidTaskException(
          "\"progress.file\" must be relative to the task directory, without '..': "
              + Quote.cut(file));
    }
  }

  /** The regex, on the linear-time engine; an empty one (tracking off) needs no group. */
  private static Pattern regex(String text) {
    if (text.isEmpty()) {
      return Pattern.compile(text);
    }
    try {
      return ProgressRegex.compile(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException("\"progress.regex\" " + e.getMessage());
    }
  }

  private static InvalidTaskException wrongType(String key, String expected, JsonElement got) {
    return new InvalidTaskException(
        "\"" + key + "\" must be " + expected + ", got " + Json.typeOf(got));
  }
}
