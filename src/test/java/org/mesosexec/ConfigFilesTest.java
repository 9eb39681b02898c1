package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Value;
import org.apache.mesos.Protos.Volume;
import org.junit.Test;
import org.mesosexec.task.TaskSpec;
import org.mesosexec.task.TaskSpecParser;
import org.mesosexec.testing.LocalRunner;

/**
 * The scheduler configurations in {@code conf/}: Aurora's {@code -custom_executor_config} file
 * checked by the rules its scheduler applies at start-up, the example {@code .aurora} job, and the
 * Marathon app with the fields the README names.
 */
public class ConfigFilesTest {
  /** What Aurora's own executor is called; a custom one may not take the name. */
  private static final String AURORA_EXECUTOR_NAME = "AuroraExecutor";

  private static final Set<String> ENTRY_KEYS = Set.of("executor", "volume_mounts", "task_prefix");

  private static Path conf(String name) {
    return LocalRunner.projectRoot().resolve("conf").resolve(name);
  }

  private static JsonElement json(String name) throws IOException {
    return JsonParser.parseString(Files.readString(conf(name)));
  }

  @Test
  public void customExecutorConfigPassesAurorasLoaderRules() throws Exception {
    JsonElement file = json("aurora/custom-executor.json");
    assertTrue("a JSON array of executors", file.isJsonArray());
    assertFalse("at least one executor", file.getAsJsonArray().isEmpty());
    Set<String> names = new HashSet<>();
    for (JsonElement e : file.getAsJsonArray()) {
      ExecutorInfo executor = checkEntry(e.getAsJsonObject());
      assertTrue("names are unique: " + executor.getName(), names.add(executor.getName()));
    }
  }

  /** One entry, as ExecutorSettingsLoader and ExecutorModule take it; returns its executor. */
  private static ExecutorInfo checkEntry(JsonObject entry) throws InvalidProtocolBufferException {
    for (String key : entry.keySet()) {
      assertTrue("Aurora refuses the unknown key " + key, ENTRY_KEYS.contains(key));
    }
    assertTrue("task_prefix is required", entry.has("task_prefix"));
    assertFalse(entry.get("task_prefix").getAsString().isEmpty());
    JsonObject executorJson = entry.getAsJsonObject("executor");
    assertSnakeCase(executorJson, "executor");
    ExecutorInfo.Builder builder = ExecutorInfo.newBuilder();
    JsonFormat.parser().merge(executorJson.toString(), builder); // unknown fields fail
    // Aurora sets a placeholder id before build(), which checks every required field.
    ExecutorInfo executor =
        builder.setExecutorId(ExecutorID.newBuilder().setValue("PLACEHOLDER")).build();
    assertFalse(executor.getName().isEmpty());
    assertFalse(AURORA_EXECUTOR_NAME.equals(executor.getName()));
    assertTrue("a command", executor.hasCommand());
    assertTrue("cpus at least Mesos' minimum", scalar(executor, "cpus") >= 0.01);
    assertTrue("mem at least Mesos' minimum", scalar(executor, "mem") >= 32);
    if (entry.has("volume_mounts")) {
      for (JsonElement v : entry.getAsJsonArray("volume_mounts")) {
        assertSnakeCase(v, "volume_mounts");
        JsonFormat.parser().merge(v.toString(), Volume.newBuilder());
      }
    }
    checkCommand(executor.getCommand());
    return executor;
  }

  /** The distribution archive, extracted, and its script. */
  private static void checkCommand(CommandInfo command) {
    assertEquals("mesos-task-executor/run-executor.sh", command.getValue());
    assertTrue(
        "the archive, extracted: " + command.getUrisList(),
        command.getUrisList().stream()
            .anyMatch(u -> u.getValue().endsWith("/mesos-task-executor.tar.gz") && u.getExtract()));
    assertTrue(
        "JAVA_HOME, which the agent does not pass on",
        command.getEnvironment().getVariablesList().stream()
            .anyMatch(v -> v.getName().equals("JAVA_HOME")));
  }

  private static double scalar(ExecutorInfo executor, String name) {
    return executor.getResourcesList().stream()
        .filter(r -> r.getName().equals(name) && r.getType() == Value.Type.SCALAR)
        .mapToDouble(r -> r.getScalar().getValue())
        .sum();
  }

  /** Aurora's Jackson mapper reads proto fields by their snake_case names only. */
  private static void assertSnakeCase(JsonElement e, String at) {
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> field : e.getAsJsonObject().entrySet()) {
        assertTrue(
            at + "." + field.getKey() + " is snake_case",
            field.getKey().matches("[a-z][a-z0-9_]*"));
        assertSnakeCase(field.getValue(), at + "." + field.getKey());
      }
    } else if (e.isJsonArray()) {
      for (JsonElement item : e.getAsJsonArray()) {
        assertSnakeCase(item, at + "[]");
      }
    }
  }

  @Test
  public void theExampleJobUsesTheConfiguredExecutorAndAValidSpec() throws Exception {
    String job = Files.readString(conf("aurora/hello.aurora"));
    String name =
        json("aurora/custom-executor.json")
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("executor")
            .get("name")
            .getAsString();
    assertThat(job, containsString("ExecutorConfig(name = '" + name + "', data = SPEC)"));
    Matcher spec = Pattern.compile("SPEC = '''(.*?)'''", Pattern.DOTALL).matcher(job);
    assertTrue("the spec", spec.find());
    // Python reads \\ in the triple-quoted string as one backslash.
    String specJson = spec.group(1).replace("\\\\", "\\");
    assertFalse("pystachio would read {{ or }} as a template", specJson.contains("{{"));
    assertFalse(specJson.contains("}}"));
    TaskSpec parsed = TaskSpecParser.parse(JsonParser.parseString(specJson).getAsJsonObject());
    assertTrue(parsed.runningAfterHealthy());
    assertTrue("running_after_healthy needs one", parsed.healthCheck().isPresent());
    assertThat(job, containsString("{{thermos.ports[http]}}"));
    assertThat(specJson, containsString("$PORT_HTTP"));
  }

  @Test
  public void marathonAppHasTheFieldsTheReadmeNames() throws Exception {
    JsonObject app = json("marathon/app.json").getAsJsonObject();
    String readme = Files.readString(LocalRunner.projectRoot().resolve("README.md"));
    for (String field :
        List.of("executor", "fetch", "cmd", "env", "taskKillGracePeriodSeconds", "healthChecks")) {
      assertTrue("app.json has " + field, app.has(field));
      assertThat("the README names " + field, readme, containsString("`" + field + "`"));
    }
    assertEquals("mesos-task-executor/run-executor.sh", app.get("executor").getAsString());
    JsonObject fetch = app.getAsJsonArray("fetch").get(0).getAsJsonObject();
    assertTrue(fetch.get("uri").getAsString().endsWith("/mesos-task-executor.tar.gz"));
    assertTrue("extracted, so that the executor path exists", fetch.get("extract").getAsBoolean());
    JsonArray checks = app.getAsJsonArray("healthChecks");
    String protocol = checks.get(0).getAsJsonObject().get("protocol").getAsString();
    assertTrue(
        "a check Marathon turns into TaskInfo.health_check: " + protocol,
        List.of("MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND").contains(protocol));
    assertTrue(app.get("taskKillGracePeriodSeconds").getAsInt() > 0);
  }
}
