package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.aurora.AssignedTask;
import org.mesosexec.aurora.AssignedTask.ExecutorConfig;
import org.mesosexec.aurora.AuroraDataException;
import org.mesosexec.aurora.AuroraVariables;
import org.mesosexec.json.Json;
import org.mesosexec.text.Quote;

/**
 * A task from Apache Aurora (DESIGN §4, source 2): its spec is the JSON object in the {@code
 * AssignedTask}'s {@code task.executorConfig.data}, and its environment gets Aurora's identity,
 * ports and the task's labels ({@link AuroraVariables}), which win over the spec's {@code env}.
 * Every refusal of it is {@code TASK_FAILED} / {@code REASON_TASK_INVALID}: Aurora reads {@code
 * TASK_ERROR} as LOST and reschedules without end, where {@code TASK_FAILED} counts toward the
 * job's {@code max_task_failures}. Stateless.
 */
final class AuroraSpecs {
  private static final String EXAMPLE = "{\"command\": \"./serve --port $PORT_HTTP\"}";

  private AuroraSpecs() {}

  /**
   * @param data {@code TaskInfo.data}, which {@link AssignedTask#recognises} took for Aurora's
   * @throws InvalidTaskException (as TASK_FAILED) saying what is wrong
   */
  static TaskSpec resolve(TaskInfo info, byte[] data) {
    AssignedTask task;
    try {
      task = AssignedTask.read(data);
    } catch (AuroraDataException e) {
      throw failed(
          "TaskInfo.data looks like Aurora's AssignedTask (Thrift binary) but cannot be read: "
              + e.getMessage());
    }
    JsonObject json = specObject(task.executorConfig());
    TaskSpec spec;
    try {
      spec = TaskSpecParser.parse(json);
    } catch (InvalidTaskException e) {
      throw failed("executorConfig.data: " + e.getMessage());
    }
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    env.putAll(variables(task, info));
    return spec.withEnvAndUser(env, spec.user()).refusedAs(TaskState.TASK_FAILED);
  }

  private static Map<String, String> variables(AssignedTask task, TaskInfo info) {
    try {
      Map<String, String> env = AuroraVariables.of(task, Preparation.labels(info));
      env.forEach((name, value) -> FieldLimits.variable(name, value, "Aurora's task variables"));
      return env;
    } catch (AuroraDataException e) {
      throw failed("Aurora's task: " + e.getMessage());
    } catch (InvalidTaskException e) {
      throw e.reportedAs(TaskState.TASK_FAILED);
    }
  }

  /** The task spec: a JSON object, with a hint at where it is set when it is not one. */
  private static JsonObject specObject(ExecutorConfig config) {
    if (config.data().isBlank()) {
      throw failed("executorConfig.data is empty; " + hint(config));
    }
    JsonElement json;
    try {
      json = Json.parse(config.data());
    } catch (IllegalArgumentException e) {
      throw failed("executorConfig.data is not JSON (" + e.getMessage() + "); " + hint(config));
    }
    if (!json.isJsonObject()) {
      throw failed(
          "executorConfig.data must be a JSON object (a task spec), got "
              + Json.typeOf(json)
              + "; "
              + hint(config));
    }
    return json.getAsJsonObject();
  }

  private static String hint(ExecutorConfig config) {
    String name = config.name().isEmpty() ? "mesos-task-executor" : Quote.cut(config.name());
    return "this executor runs the task spec given there: set it in the job's .aurora file, for"
        + " example executor_config = ExecutorConfig(name='"
        + name
        + "', data='"
        + EXAMPLE
        + "')";
  }

  private static InvalidTaskException failed(String message) {
    return new InvalidTaskException(message).reportedAs(TaskState.TASK_FAILED);
  }
}
