package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.mesosexec.output.EventFormat;
import org.mesosexec.output.OutputSpec;
import org.mesosexec.output.RotationLimits;
import org.mesosexec.text.Quote;

/**
 * The {@code output} section of a task spec (DESIGN §4): events format, stream caps and keep count,
 * each checked as the matching setting is, unknown keys rejected. Stateless.
 */
final class OutputSection {
  private static final List<String> KEYS =
      List.of("events", "max_stdout_size", "max_stderr_size", "keep");

  private OutputSection() {}

  /** The section; {@link OutputSpec#none()} when the spec has none. */
  static OutputSpec parse(JsonObject spec) {
    if (!spec.has("output") || spec.get("output").isJsonNull()) {
      return OutputSpec.none();
    }
    JsonElement e = spec.get("output");
    if (!e.isJsonObject()) {
      throw SpecFields.wrongType("output", "an object", e);
    }
    JsonObject o = e.getAsJsonObject();
    for (String key : o.keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidTaskException(
            "unknown key \"output."
                + Quote.cut(key)
                + "\"; known keys are "
                + String.join(", ", KEYS));
      }
    }
    return new OutputSpec(
        text(o, "events", EventFormat::parse),
        text(o, "max_stdout_size", RotationLimits::size)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()),
        text(o, "max_stderr_size", RotationLimits::size)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()),
        keep(o));
  }

  private static <T> Optional<T> text(JsonObject o, String key, Function<String, T> parse) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return Optional.empty();
    }
    String value = SpecFields.string(o, key, "output." + key);
    try {
      return Optional.of(parse.apply(value));
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException("\"output." + key + "\": " + e.getMessage());
    }
  }

  private static OptionalInt keep(JsonObject o) {
    JsonElement e = o.get("keep");
    if (e == null || e.isJsonNull()) {
      return OptionalInt.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw SpecFields.wrongType("output.keep", "a whole number", e);
    }
    long keep;
    try {
      keep = e.getAsBigDecimal().longValueExact();
    } catch (ArithmeticException | NumberFormatException notWhole) {
      throw SpecFields.wrongType("output.keep", "a whole number", e);
    }
    try {
      return OptionalInt.of(RotationLimits.keep(keep));
    } catch (IllegalArgumentException outOfRange) {
      throw new InvalidTaskException("\"output.keep\" " + outOfRange.getMessage());
    }
  }
}
