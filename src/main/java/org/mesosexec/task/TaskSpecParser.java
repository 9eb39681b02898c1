package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.TaskState;
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
          "running_after_healthy",
          "jvm",
          "output");

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
    return new TaskSpec(
        work(spec),
        SpecFields.stringMap(spec, "env"),
        user(spec),
        SpecFields.millis(spec, "kill_grace_period_ms", 0),
        SpecFields.millis(spec, "max_completion_time_ms", 1),
        ProgressSection.parse(spec),
        spec.has("health_check") && !spec.get("health_check").isJsonNull()
            ? Optional.of(CheckSpecs.healthFromSpec(spec.get("health_check")))
            : Optional.empty(),
        Optional.empty(),
        SpecFields.flag(spec, "running_after_healthy"),
        TaskState.TASK_ERROR,
        OutputSection.parse(spec));
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
            ? new Work.Shell(FieldLimits.text(SpecFields.string(app, "cmd"), "\"cmd\""))
            : new Work.Exec(SpecFields.stringList(app, "args"));
    return TaskSpec.of(work).withEnvAndUser(SpecFields.stringMap(app, "env"), user(app));
  }

  private static Optional<String> user(JsonObject o) {
    return SpecFields.optionalString(o, "user").map(u -> FieldLimits.user(u, "\"user\""));
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
          "the task spec needs exactly one of \"command\", \"argv\" and \"jvm\" (got "
              + (given.isEmpty() ? "neither" : String.join(" and ", given))
              + ")");
    }
    if (spec.has("jvm")) {
      return JvmSection.parse(spec);
    }
    return spec.has("command")
        ? new Work.Shell(FieldLimits.text(SpecFields.string(spec, "command"), "\"command\""))
        : new Work.Exec(SpecFields.stringList(spec, "argv"));
  }
}
