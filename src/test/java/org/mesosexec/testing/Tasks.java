package org.mesosexec.testing;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;

/**
 * Builds what a scheduler and the agent hand the executor ({@code TaskInfo} with a JSON spec in
 * {@code data}, {@code ExecutorInfo}, {@code FrameworkInfo}) and reads back what it reports.
 */
public final class Tasks {
  public static final String EXECUTOR_ID = "it-executor";
  public static final String AGENT_ID = "it-agent";
  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  private static final Gson GSON = new Gson();

  private Tasks() {}

  /** A task whose {@code data} is {@code spec}, serialized as UTF-8 JSON. */
  public static TaskInfo withSpec(String taskId, JsonObject spec) {
    return base(taskId).setData(specBytes(spec)).build();
  }

  /** {@code spec} as {@code TaskInfo.data}: UTF-8 JSON. */
  public static ByteString specBytes(JsonObject spec) {
    return ByteString.copyFrom(GSON.toJson(spec), StandardCharsets.UTF_8);
  }

  /** A task whose {@code data} is exactly {@code data}, as UTF-8. */
  public static TaskInfo withData(String taskId, String data) {
    return base(taskId).setData(ByteString.copyFrom(data, StandardCharsets.UTF_8)).build();
  }

  /** A task with no data, carrying its work in {@code TaskInfo.command}. */
  public static TaskInfo withCommandInfo(String taskId, CommandInfo command) {
    return base(taskId).setCommand(command).build();
  }

  /** A task that runs {@code command} with {@code /bin/sh -c}. */
  public static TaskInfo shell(String taskId, String command) {
    return withSpec(taskId, shellSpec(command));
  }

  /** A task that execs {@code argv} directly. */
  public static TaskInfo argv(String taskId, String... argv) {
    return withSpec(taskId, argvSpec(argv));
  }

  /** The spec {@code {"command": command}}, to add keys to. */
  public static JsonObject shellSpec(String command) {
    JsonObject spec = new JsonObject();
    spec.addProperty("command", command);
    return spec;
  }

  /** The spec {@code {"argv": [...]}}, to add keys to. */
  public static JsonObject argvSpec(String... argv) {
    JsonArray array = new JsonArray();
    for (String arg : argv) {
      array.add(arg);
    }
    JsonObject spec = new JsonObject();
    spec.add("argv", array);
    return spec;
  }

  /** A JSON object of string values, for the spec's {@code env}. */
  public static JsonObject stringMap(Map<String, String> values) {
    JsonObject o = new JsonObject();
    values.forEach(o::addProperty);
    return o;
  }

  /** A {@code TaskInfo} builder with name, task id and agent id set. */
  public static TaskInfo.Builder base(String taskId) {
    return TaskInfo.newBuilder()
        .setName("it " + taskId)
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setSlaveId(SlaveID.newBuilder().setValue(AGENT_ID));
  }

  /** The id of a task. */
  public static TaskID id(String taskId) {
    return TaskID.newBuilder().setValue(taskId).build();
  }

  public static ExecutorInfo executorInfo() {
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR_ID))
        .setFrameworkId(FrameworkID.newBuilder().setValue("it-framework"))
        .setCommand(CommandInfo.newBuilder().setValue("run-executor.sh"))
        .build();
  }

  /** A framework, with the TASK_KILLING_STATE capability when {@code taskKillingState}. */
  public static FrameworkInfo framework(boolean taskKillingState) {
    FrameworkInfo.Builder b =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue("it-framework"))
            .setName("integration tests")
            .setUser("root");
    if (taskKillingState) {
      b.addCapabilities(
          FrameworkInfo.Capability.newBuilder()
              .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
    }
    return b.build();
  }

  public static SlaveInfo agent() {
    return SlaveInfo.newBuilder()
        .setId(SlaveID.newBuilder().setValue(AGENT_ID))
        .setHostname("localhost")
        .build();
  }

  /** The pid a TASK_RUNNING update names in its message ({@code "pid N"}). */
  public static long pid(TaskStatus running) {
    Matcher m = PID.matcher(running.getMessage());
    if (!m.find()) {
      throw new AssertionError("no pid in the TASK_RUNNING message: " + running.getMessage());
    }
    return Long.parseLong(m.group(1));
  }

  /** {@code TaskStatus.data} parsed as a JSON object. */
  public static JsonObject data(TaskStatus status) {
    String text = status.getData().toStringUtf8();
    try {
      return JsonParser.parseString(text).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new AssertionError("TaskStatus.data is not a JSON object: '" + text + "'", e);
    }
  }
}
