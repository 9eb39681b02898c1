package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.re2j.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mesosexec.progress.ProgressRegex;
import org.mesosexec.text.Quote;

/**
 * The {@code progress} section of a task spec (DESIGN §4): file, regex and sample interval, each
 * checked, unknown keys rejected. Stateless.
 */
final class ProgressSection {
  private static final Set<String> PROGRESS_KEYS = Set.of("file", "regex", "sample_interval_ms");

  private ProgressSection() {}

  /** The section, if the spec has one. */
  static Optional<TaskSpec.ProgressSpec> parse(JsonObject spec) {
    if (!spec.has("progress") || spec.get("progress").isJsonNull()) {
      return Optional.empty();
    }
    JsonElement e = spec.get("progress");
    if (!e.isJsonObject()) {
      throw SpecFields.wrongType("progress", "an object", e);
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
    Optional<Duration> interval = SpecFields.millis(p, "sample_interval_ms", 100);
    Optional<String> file = SpecFields.optionalString(p, "file");
    file.ifPresent(ProgressSection::checkRelative);
    return Optional.of(new TaskSpec.ProgressSpec(file, regexOrOff(p), interval));
  }

  /** The spec's regex; an empty one is kept, as it turns tracking off for the task. */
  private static Optional<Pattern> regexOrOff(JsonObject progress) {
    if (!progress.has("regex") || progress.get("regex").isJsonNull()) {
      return Optional.empty();
    }
    return Optional.of(regex(SpecFields.string(progress, "regex")));
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
}
