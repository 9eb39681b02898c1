package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * Bad input to the local mode: a bad command line, setting or TASKFILE stops the run before it
 * starts with a message that says what is wrong; a bad task is refused on its own with a status
 * update that says so (DESIGN §3, §5, §7). Stdout never holds anything but JSON lines.
 */
public class LocalBadInputIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void missingTaskFileArgumentIsRefusedWithTheUsage() throws Exception {
    ScriptOutput out = LocalRunner.local().run();

    assertRefusedAtStartup(out, "TASKFILE is missing", "usage:");
  }

  @Test
  public void taskFileThatDoesNotExistIsNamed() throws Exception {
    Path missing = tmp.getRoot().toPath().resolve("no-such-tasks.json");

    ScriptOutput out = LocalRunner.local(missing).run();

    assertRefusedAtStartup(out, missing.toString(), "does not exist");
  }

  @Test
  public void malformedJsonTaskFileIsRefused() throws Exception {
    Path taskFile = write("{\"task_id\": {\"value\": \"x\"");

    ScriptOutput out = LocalRunner.local(taskFile).run();

    assertRefusedAtStartup(out, taskFile.toString(), "not valid JSON");
  }

  @Test
  public void aBadTaskFileLeavesNoSandboxBehind() throws Exception {
    Path taskFile = write("{\"task_id\": {\"value\": \"x\"");
    Path runs = tmp.getRoot().toPath().resolve("runs");
    Path temp = tmp.newFolder("java-tmp").toPath();

    ScriptOutput named = LocalRunner.local(taskFile, "--sandbox", runs.resolve("sandbox")).run();
    ScriptOutput made =
        LocalRunner.local(taskFile).env("JAVA_OPTS", "-Djava.io.tmpdir=" + temp).run();

    assertRefusedAtStartup(named, "not valid JSON");
    assertRefusedAtStartup(made, "not valid JSON");
    assertFalse("--sandbox's directory and its parent are gone", Files.exists(runs));
    try (var left = Files.list(temp)) {
      assertEquals("no temporary sandbox left", List.of(), left.toList());
    }
  }

  @Test
  public void aBadSettingLeavesNoSandboxBehindAndTheFirstBadOneIsNamed() throws Exception {
    Path runs = tmp.getRoot().toPath().resolve("runs");

    ScriptOutput out =
        LocalRunner.local(example("hello.json"), "--sandbox", runs.resolve("sandbox"))
            .env("EXECUTOR_MAX_MESSAGE_LENGTH", "abc")
            .env("EXECUTOR_OUTPUT_EVENTS_PORT", "0")
            .run();

    assertRefusedAtStartup(out, "Setting EXECUTOR_MAX_MESSAGE_LENGTH");
    assertThat(out.stderr(), not(containsString("EXECUTOR_OUTPUT_EVENTS_PORT")));
    assertFalse("--sandbox's directory and its parent are gone", Files.exists(runs));
  }

  @Test
  public void unknownFieldInTaskInfoIsNamed() throws Exception {
    Path taskFile =
        write(
            """
        {"task_id": {"value": "x"}, "comand": {"value": "true"}}
        """);

    ScriptOutput out = LocalRunner.local(taskFile).run();

    assertRefusedAtStartup(out, taskFile.toString(), "comand");
  }

  @Test
  public void unknownOptionIsNamed() throws Exception {
    ScriptOutput out = LocalRunner.local(example("hello.json"), "--frobnicate").run();

    assertRefusedAtStartup(out, "unknown option --frobnicate", "usage:");
  }

  @Test
  public void fetchOfAMissingFileIsAStartupError() throws Exception {
    Path missing = tmp.getRoot().toPath().resolve("no-such-tasks.jar");

    ScriptOutput out = LocalRunner.local(example("hello.json"), "--fetch", missing).run();

    assertEquals(out.toString(), 2, out.exitStatus());
    assertRefusedAtStartup(out, "--fetch " + missing + ": no such file");
  }

  @Test
  public void badSettingsInTheEnvironmentNameTheVariable() throws Exception {
    Map<String, String> bad =
        Map.of(
            "EXECUTOR_MAX_MESSAGE_LENGTH", "abc",
            "PROGRESS_REGEX_STRING", "(",
            "PROGRESS_SAMPLE_INTERVAL_MS", "5",
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "soon");
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      ScriptOutput out =
          LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
              .env(setting.getKey(), setting.getValue())
              .run();

      assertRefusedAtStartup(out, setting.getKey());
      assertFalse(
          "no task started with " + setting + "\n" + out,
          Files.exists(tmp.getRoot().toPath().resolve("tasks/hello")));
    }
  }

  @Test
  public void badAgentVariablesExitWithTwoAndNameTheVariable() throws Exception {
    Map<String, String> bad =
        Map.of(
            "MESOS_RECOVERY_TIMEOUT", "forever",
            "MESOS_CHECKPOINT", "yes",
            "MESOS_DIRECTORY", "relative/sandbox",
            "MESOS_SANDBOX", "sandbox");
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      ScriptOutput out =
          LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
              .env(setting.getKey(), setting.getValue())
              .run();

      assertEquals(out.toString(), 2, out.exitStatus());
      assertRefusedAtStartup(out, "Setting " + setting.getKey() + ": '" + setting.getValue() + "'");
      assertFalse(
          "no task started with " + setting + "\n" + out,
          Files.exists(tmp.getRoot().toPath().resolve("tasks/hello")));
    }
  }

  @Test
  public void badTasksAreRefusedWhileAGoodOneInTheSameFileFinishes() throws Exception {
    Path taskFile =
        write(
            """
        [{"task_id": {"value": "unknown-key"}, "data": {"command": "true", "comand": "true"}},
         {"task_id": {"value": "two-works"}, "data": {"command": "true", "argv": ["true"]}},
         {"task_id": {"value": "good"}, "data": {"command": "true"}}]
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot()).run().assertWellFormed();

    assertTaskInvalid(out.terminal("unknown-key"), "comand");
    assertTaskInvalid(out.terminal("two-works"), "exactly one");
    assertEquals("TASK_FINISHED", field(out.terminal("good"), "state"));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void dataThatIsNotJsonIsATaskError() throws Exception {
    String notJson =
        Base64.getEncoder().encodeToString("python train.py".getBytes(StandardCharsets.UTF_8));
    Path taskFile = write("{\"task_id\": {\"value\": \"raw\"}, \"data\": \"" + notJson + "\"}");

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot()).run().assertWellFormed();

    assertTaskInvalid(out.terminal("raw"), "JSON");
    assertFalse(out.states("raw").contains("TASK_RUNNING"));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void sixteenMebibytesOfDataIsATaskErrorNamingTheLimit() throws Exception {
    Path taskFile = tmp.getRoot().toPath().resolve("big.json");
    writeTaskWithData(taskFile, "big", 16 * 1024 * 1024);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox")).run().assertWellFormed();

    JsonObject error = out.terminal("big");
    assertTaskInvalid(error, "limit");
    assertTrue(
        "names the limit in bytes: " + error,
        field(error, "message").matches(".*limit[^0-9]*\\d{4,}.*"));
    assertFalse(out.states("big").contains("TASK_RUNNING"));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void programThatCannotBeExecutedIsContainerLaunchFailed() throws Exception {
    Path notExecutable = Files.writeString(tmp.getRoot().toPath().resolve("script.sh"), "true\n");
    Path taskFile =
        write(
            """
        [{"task_id": {"value": "missing"}, "data": {"argv": ["/nonexistent/program", "x"]}},
         {"task_id": {"value": "no-x-bit"}, "data": {"argv": ["%s"]}}]
        """
                .formatted(notExecutable));

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox")).run().assertWellFormed();

    for (String task : List.of("missing", "no-x-bit")) {
      JsonObject failed = out.terminal(task);
      assertEquals(out.toString(), "TASK_FAILED", field(failed, "state"));
      assertEquals(out.toString(), "REASON_CONTAINER_LAUNCH_FAILED", field(failed, "reason"));
    }
    assertThat(field(out.terminal("missing"), "message"), containsString("/nonexistent/program"));
    assertThat(field(out.terminal("missing"), "message"), containsString("No such file"));
    assertThat(field(out.terminal("no-x-bit"), "message"), containsString("Permission denied"));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void duplicateTaskIdIsATaskErrorAndTheFirstTaskStillFinishes() throws Exception {
    Path taskFile =
        write(
            """
        [{"task_id": {"value": "twice"}, "data": {"command": "sleep 0.3; echo first"}},
         {"task_id": {"value": "twice"}, "data": {"command": "echo second"}}]
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot()).run().assertWellFormed();

    List<String> states = out.states("twice");
    assertTrue(out.toString(), states.contains("TASK_ERROR"));
    assertTrue(out.toString(), states.contains("TASK_FINISHED"));
    JsonObject error =
        out.statuses("twice").stream()
            .filter(s -> field(s, "state").equals("TASK_ERROR"))
            .findFirst()
            .orElseThrow();
    assertTaskInvalid(error, "twice");
    assertEquals("first\n", Files.readString(out.sandbox().resolve("tasks/twice/stdout")));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void sandboxThatIsAFileIsRefusedWithAReason() throws Exception {
    Path file = Files.writeString(tmp.getRoot().toPath().resolve("file"), "");

    ScriptOutput out = LocalRunner.local(example("hello.json"), "--sandbox", file).run();

    assertRefusedAtStartup(out, file.toString());
    String reason = out.stderr().replace(file.toString(), "");
    assertTrue(
        "says what is wrong with " + file + ":\n" + out,
        reason.matches("(?is).*(not a directory|already exists|is a file).*"));
  }

  /** A start-up error: non-zero exit, each fragment on stderr, stdout nothing but JSON. */
  private static void assertRefusedAtStartup(ScriptOutput out, String... fragments) {
    assertNotEquals(out.toString(), 0, out.exitStatus());
    out.events(); // fails unless every stdout line is a JSON object
    for (String fragment : fragments) {
      assertThat(out.toString(), out.stderr(), containsString(fragment));
    }
    assertThat(
        "a message for a person, not a stack trace", out.stderr(), not(containsString("\tat ")));
  }

  private static void assertTaskInvalid(JsonObject status, String named) {
    assertEquals(status.toString(), "TASK_ERROR", field(status, "state"));
    assertEquals(status.toString(), "REASON_TASK_INVALID", field(status, "reason"));
    assertThat(field(status, "message"), containsString(named));
  }

  private Path write(String json) throws IOException {
    return LocalRunner.writeFile(tmp.getRoot().toPath(), "tasks.json", json);
  }

  /** A TaskInfo whose data (base64) decodes to a valid JSON spec of {@code size} bytes. */
  private static void writeTaskWithData(Path file, String taskId, int size) throws IOException {
    String head = "{\"command\": \"true\", \"env\": {\"PAD\": \"";
    String tail = "\"}}";
    StringBuilder spec = new StringBuilder(size).append(head);
    spec.append("x".repeat(size - head.length() - tail.length())).append(tail);
    try (OutputStream os = Files.newOutputStream(file);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
      w.write("{\"task_id\": {\"value\": \"" + taskId + "\"}, \"data\": \"");
      w.write(Base64.getEncoder().encodeToString(spec.toString().getBytes(StandardCharsets.UTF_8)));
      w.write("\"}");
    }
  }
}
