package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.assertExitData;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.isStatusEvent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ScriptOutput;

/**
 * The examples in {@code conf/examples}, run as a user would run them (README): {@code
 * run-executor.sh --local conf/examples/NAME.json}. Every run is also checked for the output shape
 * of DESIGN §3.
 */
public class LocalExamplesIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path defaultSandbox;

  @After
  public void removeDefaultSandbox() throws IOException {
    if (defaultSandbox != null && Files.isDirectory(defaultSandbox)) {
      try (Stream<Path> files = Files.walk(defaultSandbox)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  public void helloFinishesInANewSandboxAndExitsZero() throws Exception {
    ScriptOutput out = LocalRunner.local(example("hello.json")).run().assertWellFormed();
    defaultSandbox = out.sandbox();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"), out.states("hello"));
    JsonObject finished = out.terminal("hello");
    assertEquals("Command exited with status 0", field(finished, "message"));
    assertExitData(finished, 0, null);

    Path sandbox = out.sandbox();
    assertTrue("sandbox is absolute: " + sandbox, sandbox.isAbsolute());
    assertTrue("sandbox exists: " + sandbox, Files.isDirectory(sandbox));
    assertEquals(
        "a new directory under the system temp dir",
        Path.of(System.getProperty("java.io.tmpdir")).toRealPath(),
        sandbox.getParent().toRealPath());
    assertTrue("executor.log in " + sandbox, Files.isRegularFile(sandbox.resolve("executor.log")));
    Path taskDir = sandbox.resolve("tasks").resolve("hello");
    assertEquals(
        "hello from hello in " + taskDir + "\n", Files.readString(taskDir.resolve("stdout")));
  }

  @Test
  public void failingExitsThreeWithTaskFailed() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("failing.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 3, out.exitStatus());
    assertEquals(List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FAILED"), out.states("failing"));
    JsonObject failed = out.terminal("failing");
    assertEquals("Command exited with status 3", field(failed, "message"));
    assertEquals("no reason, as Mesos", "", field(failed, "reason"));
    assertExitData(failed, 3, null);
    assertThat(
        Files.readString(out.sandbox().resolve("tasks/failing/stderr")),
        containsString("about to fail"));
  }

  @Test
  public void twoTasksBothFinishAndExitZero() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("two-tasks.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    for (String task : List.of("argv-task", "command-task")) {
      assertEquals(task, "TASK_FINISHED", field(out.terminal(task), "state"));
      assertExitData(out.terminal(task), 0, null);
    }
    Path tasks = out.sandbox().resolve("tasks");
    assertEquals(
        "no shell here: $HOME stays literal\n",
        Files.readString(tasks.resolve("argv-task/stdout")));
    assertEquals(
        "from TaskInfo.command, GREETING=hi\n",
        Files.readString(tasks.resolve("command-task/stdout")));
  }

  @Test
  public void rotationKeepsThreeNumberedFilesInOrderUnderTheirCap() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("rotation.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("rotation"), "state"));
    Path taskDir = out.sandbox().resolve("tasks/rotation");
    assertFalse(Files.exists(taskDir.resolve("stdout.4")));
    long last = 0;
    for (String name : List.of("stdout.3", "stdout.2", "stdout.1", "stdout")) {
      List<String> lines = Files.readAllLines(taskDir.resolve(name));
      assertFalse(name + " is empty", name.startsWith("stdout.") && lines.isEmpty());
      for (String line : lines) {
        long n = Long.parseLong(line);
        assertTrue(name + ": " + n + " after " + last, n > last);
        last = n;
      }
    }
    assertEquals("the last line is in stdout", 100000, last);
  }

  @Test
  public void progressFinishesAndExitsZero() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("progress.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("progress"), "state"));
    assertThat(
        Files.readString(out.sandbox().resolve("tasks/progress/stdout")),
        containsString("progress: 100 step 100"));
  }

  @Test
  public void longRunningIsKilledOnRequestWithoutTaskKillingByDefault() throws Exception {
    ScriptOutput out =
        LocalRunner.local(
                example("long-running.json"),
                "--kill",
                "long-running@1",
                "--sandbox",
                tmp.getRoot())
            .run()
            .assertWellFormed();

    JsonObject killed = out.terminal("long-running");
    assertEquals(out.toString(), "TASK_KILLED", field(killed, "state"));
    assertFalse(
        "TASK_KILLING only for frameworks with TASK_KILLING_STATE: " + out,
        out.states("long-running").contains("TASK_KILLING"));
    assertThat("how it ended", field(killed, "message"), containsString("SIGTERM"));
    // The task traps SIGTERM and exits 0: a single task's exit code is the run's exit status.
    assertExitData(killed, 0, null);
    assertEquals(out.toString(), 0, out.exitStatus());
    assertThat(
        Files.readString(out.sandbox().resolve("tasks/long-running/stdout")),
        containsString("got SIGTERM, cleaning up"));
  }

  @Test
  public void helloSendsItsDirectoryAndExitCodeAsFrameworkMessages() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    List<JsonObject> events = out.events();
    int directory = indexOf(events, e -> isMessage(e, "sandbox-directory"));
    int running = indexOf(events, e -> isStatusEvent(e, "TASK_RUNNING"));
    int exitCode = indexOf(events, e -> isMessage(e, "exit-code"));
    int finished = indexOf(events, e -> isStatusEvent(e, "TASK_FINISHED"));
    assertTrue(out.toString(), directory >= 0 && directory < running);
    assertTrue(out.toString(), exitCode >= 0 && exitCode < finished);
    JsonObject dir = events.get(directory).getAsJsonObject("message");
    assertEquals("directory", dir.get("type").getAsString());
    assertEquals("hello", dir.get("task-id").getAsString());
    assertEquals(
        tmp.getRoot().toPath().resolve("tasks").resolve("hello").toString(),
        dir.get("sandbox-directory").getAsString());
    assertTrue(out.toString(), indexOf(events, e -> isStatusEvent(e, "TASK_STARTING")) < directory);
    JsonObject code = events.get(exitCode).getAsJsonObject("message");
    assertEquals("hello", code.get("task-id").getAsString());
    assertEquals(0, code.get("exit-code").getAsInt());
  }

  private static boolean isMessage(JsonObject event, String key) {
    JsonElement m = event.get("message");
    return event.get("event").getAsString().equals("message")
        && m.isJsonObject()
        && m.getAsJsonObject().has(key);
  }

  private static int indexOf(List<JsonObject> events, Predicate<JsonObject> p) {
    for (int i = 0; i < events.size(); i++) {
      if (p.test(events.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  public void daemonLeavesNothingBehindAndTheUpdateSaysWhatWasCleanedUp() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("daemon.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();
    long daemon =
        Long.parseLong(Files.readString(out.sandbox().resolve("tasks/daemon/daemon.pid")).trim());
    try {
      JsonObject finished = out.terminal("daemon");
      assertEquals(out.toString(), "TASK_FINISHED", field(finished, "state"));
      assertEquals(
          "Command exited with status 0; 1 leftover process was terminated: exited on",
          field(finished, "message").replaceAll(" SIGTERM after .*", ""));
      assertFalse("the daemon, in a session of its own, is gone too", ProcScan.alive(daemon));
      assertEquals(out.toString(), 0, out.exitStatus());
    } finally {
      ProcScan.killGroup(daemon);
    }
  }

  @Test
  public void exampleHooksAddAVariableAndLogWhatTheySee() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "hooked"}, "name": "with hooks",
         "data": {"command": "echo \\"variable from hook: $TASK_STARTED_BY_HOOK\\""}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"))
            .env("EXECUTOR_HOOKS_DIR", LocalRunner.projectRoot().resolve("conf/hooks").toString())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertThat(
        Files.readString(out.sandbox().resolve("tasks/hooked/stdout")),
        containsString("variable from hook: before-start"));
    assertThat(
        Files.readString(out.sandbox().resolve("executor.log")),
        containsString("before-start: task hooked (with hooks) on agent local-agent"));
  }
}
