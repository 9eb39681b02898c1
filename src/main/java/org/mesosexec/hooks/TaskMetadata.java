package org.mesosexec.hooks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.mesosexec.json.Json;
import org.mesosexec.text.VariableNames;

/**
 * What a hook is told about a task.
 *
 * @param taskId the task's id
 * @param taskName the task's name (may be empty)
 * @param executorId this executor's id
 * @param frameworkId the framework's id
 * @param agentId the agent's id
 * @param labels the task's labels, in order
 * @param directory the task's own directory in the sandbox
 * @param pid the task's first process, once it has started
 */
public record TaskMetadata(
    String taskId,
    String taskName,
    String executorId,
    String frameworkId,
    String agentId,
    Map<String, String> labels,
    Path directory,
    OptionalLong pid) {
  public TaskMetadata {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(taskName);
    Objects.requireNonNull(executorId);
    Objects.requireNonNull(frameworkId);
    Objects.requireNonNull(agentId);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    Objects.requireNonNull(directory);
    Objects.requireNonNull(pid);
  }

  /** The same task, now running as {@code pid}. */
  public TaskMetadata withPid(long pid) {
    return new TaskMetadata(
        taskId,
        taskName,
        executorId,
        frameworkId,
        agentId,
        labels,
        directory,
        OptionalLong.of(pid));
  }

  /**
   * The metadata as an executable hook gets it: {@code MESOS_TASK_ID}, {@code MESOS_TASK_NAME},
   * {@code MESOS_EXECUTOR_ID}, {@code MESOS_FRAMEWORK_ID}, {@code MESOS_SLAVE_ID} and {@code
   * MESOS_AGENT_ID}, {@code MESOS_SANDBOX} (the task's directory), {@code MESOS_TASK_PID} once it
   * runs, {@code MESOS_TASK_LABELS} (a JSON object) and one {@code MESOS_TASK_LABEL_<KEY>} per
   * label (key upper-cased, anything but letters, digits and '_' made '_').
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESOS_TASK_ID", taskId);
    env.put("MESOS_TASK_NAME", taskName);
    env.put("MESOS_EXECUTOR_ID", executorId);
    env.put("MESOS_FRAMEWORK_ID", frameworkId);
    env.put("MESOS_SLAVE_ID", agentId);
    env.put("MESOS_AGENT_ID", agentId);
    env.put("MESOS_SANDBOX", directory.toString());
    pid.ifPresent(p -> env.put("MESOS_TASK_PID", Long.toString(p)));
    env.put("MESOS_TASK_LABELS", Json.toJson(labels));
    env.putAll(VariableNames.labels(labels));
    return env;
  }
}
