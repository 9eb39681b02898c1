package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * Health checks and checks end to end: the real {@code run-executor.sh --local}, its JSON lines,
 * real check commands and a real TCP peer.
 */
public class HealthLocalIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String HEALTH_REASON = "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";

  /** The updates a health check caused, in order. */
  private static List<JsonObject> healthUpdates(ScriptOutput out, String taskId) {
    return out.statuses(taskId).stream()
        .filter(s -> field(s, "reason").equals(HEALTH_REASON))
        .toList();
  }

  private static boolean healthy(JsonObject status) {
    return status.get("healthy").getAsBoolean();
  }

  @Test
  public void theHealthExampleTurnsHealthyThenUnhealthyAndIsKilled() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("health.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    List<JsonObject> health = healthUpdates(out, "health");
    assertTrue(out.toString(), health.size() >= 3);
    assertTrue("first report is healthy: " + out, healthy(health.get(0)));
    assertThat(field(health.get(0), "message"), startsWith("Health check passed"));
    // Healthy while the ready file is there: only the first success is reported.
    assertFalse("one healthy report, then failures: " + out, healthy(health.get(1)));
    JsonObject once = health.get(health.size() - 2);
    JsonObject last = health.get(health.size() - 1);
    assertThat(
        field(once, "message"),
        containsString("Health check failed once: Command exited with status 1: no ready file"));
    assertThat(field(last, "message"), containsString("2 times in a row"));
    assertThat(field(last, "message"), containsString("the task is killed"));
    for (JsonObject h : health) {
      assertEquals(out.toString(), "TASK_RUNNING", field(h, "state"));
    }

    JsonObject killed = out.terminal("health");
    assertEquals(out.toString(), "TASK_KILLED", field(killed, "state"));
    assertFalse("killed by its health check: " + killed, healthy(killed));
    assertThat(field(killed, "message"), containsString("Task killed by failing health checks"));
    assertEquals(
        "nothing between the last health report and the terminal update: " + out,
        killed,
        out.statuses("health").get(out.statuses("health").size() - 1));
    int lastHealth = out.statuses("health").indexOf(last);
    assertEquals(out.toString(), out.statuses("health").size() - 2, lastHealth);
    assertEquals("a single task's exit code: SIGTERM", 143, out.exitStatus());
  }

  @Test
  public void taskKillingCarriesTheUnhealthyVerdictToo() throws Exception {
    ScriptOutput out =
        LocalRunner.local(
                example("health.json"),
                "--sandbox",
                tmp.getRoot(),
                "--framework-capability",
                "TASK_KILLING_STATE")
            .run()
            .assertWellFormed();

    List<JsonObject> statuses = out.statuses("health");
    JsonObject killing =
        statuses.stream()
            .filter(s -> field(s, "state").equals("TASK_KILLING"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no TASK_KILLING: " + out));
    assertFalse(killing.toString(), healthy(killing));
    int at = statuses.indexOf(killing);
    assertEquals("only the terminal update follows TASK_KILLING: " + out, statuses.size() - 2, at);
    assertFalse(healthy(out.terminal("health")));
  }

  @Test
  public void taskInfoHealthCheckAndCheckAreRunAndReported() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String file =
          """
          {
            "task_id": {"value": "svc"},
            "health_check": {"type": "TCP", "tcp": {"port": %d}, "delay_seconds": 0,
                             "interval_seconds": 0.2, "grace_period_seconds": 0},
            "check": {"type": "COMMAND",
                      "command": {"command": {"value": "test -f flag"}},
                      "delay_seconds": 0, "interval_seconds": 0.2},
            "data": {"command": "sleep 1; touch flag; sleep 300"}
          }
          """
              .formatted(peer.getLocalPort());
      ScriptOutput out =
          LocalRunner.local(
                  LocalRunner.writeFile(tmp.getRoot().toPath(), "svc.json", file),
                  "--sandbox",
                  tmp.newFolder(),
                  "--kill",
                  "svc@3")
              .run()
              .assertWellFormed();

      List<JsonObject> health = healthUpdates(out, "svc");
      assertEquals("a port that answers: one healthy report\n" + out, 1, health.size());
      assertTrue(healthy(health.get(0)));
      assertThat(
          field(health.get(0), "message"),
          containsString("TCP connection to 127.0.0.1:" + peer.getLocalPort() + " succeeded"));

      List<JsonObject> statuses = out.statuses("svc");
      for (JsonObject s : statuses) {
        assertTrue(
            "every update of a task with a check carries check_status: " + s,
            s.has("check_status"));
        assertEquals("COMMAND", s.getAsJsonObject("check_status").get("type").getAsString());
      }
      assertFalse(
          "no result before the first check: " + statuses.get(0),
          statuses
              .get(0)
              .getAsJsonObject("check_status")
              .getAsJsonObject("command")
              .has("exit_code"));
      List<Integer> exitCodes =
          statuses.stream()
              .filter(s -> field(s, "reason").equals("REASON_TASK_CHECK_STATUS_UPDATED"))
              .map(
                  s ->
                      s.getAsJsonObject("check_status")
                          .getAsJsonObject("command")
                          .get("exit_code")
                          .getAsInt())
              .toList();
      assertEquals("one check update per change: " + out, List.of(1, 0), exitCodes);
      JsonObject killed = out.terminal("svc");
      assertEquals("TASK_KILLED", field(killed, "state"));
      assertFalse("killed by the scheduler, not by its health: " + killed, killed.has("healthy"));
      assertEquals(
          "the terminal update carries the latest result: " + killed,
          0,
          killed
              .getAsJsonObject("check_status")
              .getAsJsonObject("command")
              .get("exit_code")
              .getAsInt());
    }
  }

  @Test
  public void badHealthChecksAreRefusedNamingTheFieldAndOtherTasksRun() throws Exception {
    String file =
        """
        [
          {"task_id": {"value": "no-port"},
           "data": {"command": "sleep 1", "health_check": {"type": "HTTP", "http": {"path": "/x"}}}},
          {"task_id": {"value": "zero-interval"},
           "health_check": {"type": "TCP", "tcp": {"port": 80}, "interval_seconds": 0},
           "data": {"command": "sleep 1"}},
          {"task_id": {"value": "fine"}, "data": {"command": "echo fine"}}
        ]
        """;
    ScriptOutput out =
        LocalRunner.local(
                LocalRunner.writeFile(tmp.getRoot().toPath(), "bad.json", file),
                "--sandbox",
                tmp.newFolder())
            .run()
            .assertWellFormed();

    JsonObject noPort = out.terminal("no-port");
    assertEquals("TASK_ERROR", field(noPort, "state"));
    assertEquals("REASON_TASK_INVALID", field(noPort, "reason"));
    assertEquals("health_check.http.port is missing", field(noPort, "message"));
    JsonObject zero = out.terminal("zero-interval");
    assertEquals("TASK_ERROR", field(zero, "state"));
    assertEquals("REASON_TASK_INVALID", field(zero, "reason"));
    assertThat(
        field(zero, "message"),
        startsWith("TaskInfo.health_check.interval_seconds must be greater than 0"));
    assertEquals(List.of("TASK_ERROR"), out.states("zero-interval"));
    assertEquals("TASK_FINISHED", field(out.terminal("fine"), "state"));
  }
}
