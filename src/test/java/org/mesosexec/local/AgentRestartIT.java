package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ScriptOutput;

/**
 * An agent restart, simulated by the local mode's {@code --agent-restart}: with {@code
 * --checkpoint} the tasks run on and their updates reach the agent once it is back; without, the
 * tasks are shut down.
 */
public class AgentRestartIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** The run's events, each as its name, or "STATE task" for a status update. */
  private static List<String> timeline(ScriptOutput out) {
    List<String> names = new ArrayList<>();
    for (JsonObject e : out.events()) {
      String kind = e.get("event").getAsString();
      if (kind.equals("status")) {
        JsonObject s = e.getAsJsonObject("status");
        names.add(
            field(s, "state") + " " + s.getAsJsonObject("task_id").get("value").getAsString());
      } else if (!kind.equals("message")) {
        names.add(kind);
      }
    }
    return names;
  }

  @Test
  public void withCheckpointingATaskRunsThroughTheRestartAndItsUpdateWaitsForTheAgent()
      throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "steady"}, "data": {"command": "sleep 3; echo survived"}}
        """);

    ScriptOutput out =
        LocalRunner.local(
                taskFile,
                "--sandbox",
                tmp.newFolder("sandbox"),
                "--checkpoint",
                "--agent-restart",
                "2")
            .run()
            .assertWellFormed();

    assertEquals(
        out.toString(),
        List.of(
            "registered",
            "TASK_STARTING steady",
            "TASK_RUNNING steady",
            "disconnected",
            "reregistered",
            "TASK_FINISHED steady",
            "exit"),
        timeline(out));
    assertEquals(out.toString(), 0, out.exitStatus());
    assertThat(
        Files.readString(out.sandbox().resolve("tasks/steady/stdout")), containsString("survived"));
    assertThat(
        Files.readString(out.sandbox().resolve("executor.log")),
        containsString("Re-registered with agent local-agent"));
  }

  @Test
  public void withoutCheckpointingLosingTheAgentShutsTheTasksDown() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "fragile"}, "data": {"command": "sleep 60"}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"), "--agent-restart", "2")
            .timeout(Duration.ofSeconds(30))
            .run()
            .assertWellFormed();
    try {
      assertEquals(
          out.toString(),
          List.of(
              "registered",
              "TASK_STARTING fragile",
              "TASK_RUNNING fragile",
              "disconnected",
              "TASK_KILLED fragile",
              "exit"),
          timeline(out));
      String message = field(out.terminal("fragile"), "message");
      assertThat(message, containsString("Task killed by executor shutdown: "));
      assertThat(message, containsString("exited on SIGTERM"));
      assertEquals(128 + 15, out.exitStatus());
      assertEquals(List.of(), ProcScan.group(out.taskPid("fragile")));
    } finally {
      out.taskPids().forEach(ProcScan::killGroup);
    }
  }
}
