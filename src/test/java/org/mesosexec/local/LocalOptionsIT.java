package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.assertExitData;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ScriptOutput;

/** The local mode's options and exit status (DESIGN §3), each seen from the outside. */
public class LocalOptionsIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void sandboxOptionPutsEverythingInTheGivenDirectoryAndCheckpointIsAccepted()
      throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "here"}, "data": {"command": "echo in $PWD"}}
        """);
    Path sandbox = tmp.getRoot().toPath().resolve("not-yet").resolve("sandbox");

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", sandbox, "--checkpoint").run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(sandbox.toRealPath(), out.sandbox().toRealPath());
    assertTrue(Files.isRegularFile(sandbox.resolve("executor.log")));
    Path taskDir = sandbox.resolve("tasks/here");
    assertThat(Files.readString(taskDir.resolve("stdout")), containsString("in " + taskDir));
    assertEquals("TASK_FINISHED", field(out.terminal("here"), "state"));
  }

  @Test
  public void messageOptionDeliversFrameworkMessagesThatTheExecutorLogs() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "listener"}, "data": {"command": "sleep 1.5"}}
        """);

    ScriptOutput out =
        LocalRunner.local(
                taskFile,
                "--sandbox",
                tmp.getRoot(),
                "--message",
                "{\"a\":1}@0.5",
                "--message",
                "{\"to\":\"ops@example.com\"}@0.5")
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    String log = Files.readString(out.sandbox().resolve("executor.log"));
    assertThat(log, containsString("{\"a\":1}"));
    assertThat("split at the last '@'", log, containsString("{\"to\":\"ops@example.com\"}"));
  }

  @Test
  public void taskKillingCapabilitySendsTaskKillingBeforeTaskKilled() throws Exception {
    ScriptOutput out =
        LocalRunner.local(
                example("long-running.json"),
                "--sandbox",
                tmp.getRoot(),
                "--kill",
                "long-running@0.5",
                "--framework-capability",
                "TASK_KILLING_STATE")
            .run()
            .assertWellFormed();

    assertEquals(
        out.toString(),
        List.of("TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_KILLED"),
        out.states("long-running"));
  }

  @Test
  public void killEscalatesToSigkillAndTheRunExitsWith137() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "stubborn"},
         "kill_policy": {"grace_period": {"nanoseconds": 300000000}},
         "data": {"command": "trap '' TERM; sleep 30 & wait; sleep 30"}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot(), "--kill", "stubborn@1")
            .run()
            .assertWellFormed();

    JsonObject killed = out.terminal("stubborn");
    assertEquals(out.toString(), "TASK_KILLED", field(killed, "state"));
    assertThat(field(killed, "message"), containsString("SIGKILL"));
    assertExitData(killed, 137, 9);
    assertEquals(out.toString(), 137, out.exitStatus());
    long pid = out.taskPid("stubborn");
    assertEquals(List.of(), ProcScan.awaitGroupGone(pid, Duration.ofSeconds(5)));
  }

  @Test
  public void taskKilledBySignalNineMakesTheRunExit137() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "suicide"}, "data": {"command": "kill -9 $$"}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot()).run().assertWellFormed();

    JsonObject failed = out.terminal("suicide");
    assertEquals(out.toString(), "TASK_FAILED", field(failed, "state"));
    assertEquals("Command terminated with signal Killed", field(failed, "message"));
    assertEquals("no reason, as Mesos", "", field(failed, "reason"));
    assertExitData(failed, 137, 9);
    assertEquals(out.toString(), 137, out.exitStatus());
  }

  @Test
  public void severalTasksExitOneWhenAnyDidNotFinish() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        [{"task_id": {"value": "ok"}, "data": {"command": "true"}},
         {"task_id": {"value": "four"}, "data": {"command": "exit 4"}}]
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot()).run().assertWellFormed();

    assertEquals("TASK_FINISHED", field(out.terminal("ok"), "state"));
    assertEquals("TASK_FAILED", field(out.terminal("four"), "state"));
    assertExitData(out.terminal("four"), 4, null);
    assertEquals(out.toString(), 1, out.exitStatus());
  }
}
