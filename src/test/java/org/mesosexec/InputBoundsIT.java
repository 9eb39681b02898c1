package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.Tasks;

/**
 * Hostile fields in a task, through the real executor (issue 10, defects 3, 8, 9, 14a, 15): each is
 * refused with TASK_ERROR / REASON_TASK_INVALID and a message that names the field and quotes at
 * most a few hundred characters; the executor carries on, and a good task launched right after it
 * still finishes.
 */
public class InputBoundsIT {
  /** A refusal quotes at most a few hundred characters of the input, plus its own words. */
  private static final int MAX_MESSAGE = 1000;

  @Rule public ExecutorHarness executor = new ExecutorHarness();

  @Test
  public void hugeMillisecondFieldsAreRefusedNamingTheField() throws Exception {
    long huge = 9_223_372_036_855L;
    for (String field : List.of("kill_grace_period_ms", "max_completion_time_ms")) {
      JsonObject spec = Tasks.shellSpec("sleep 30");
      spec.addProperty(field, huge);
      assertRefusedWhileAGoodTaskFinishes(Tasks.withSpec(field, spec), "\"" + field + "\"");
    }
    JsonObject spec = Tasks.shellSpec("echo progress: 5");
    JsonObject progress = new JsonObject();
    progress.addProperty("sample_interval_ms", huge);
    spec.add("progress", progress);
    assertRefusedWhileAGoodTaskFinishes(Tasks.withSpec("interval", spec), "\"sample_interval_ms\"");
  }

  @Test
  public void hugeTaskInfoDurationsAreRefusedNamingTheField() throws Exception {
    DurationInfo forever = DurationInfo.newBuilder().setNanoseconds(Long.MAX_VALUE).build();
    assertRefusedWhileAGoodTaskFinishes(
        Tasks.base("policy")
            .setData(Tasks.specBytes(Tasks.shellSpec("sleep 30")))
            .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(forever))
            .build(),
        "TaskInfo.kill_policy.grace_period");
    assertRefusedWhileAGoodTaskFinishes(
        Tasks.base("max-time")
            .setData(Tasks.specBytes(Tasks.shellSpec("sleep 30")))
            .setMaxCompletionTime(forever)
            .build(),
        "TaskInfo.max_completion_time");
  }

  @Test
  public void healthCheckNestedThreeThousandLevelsDeepIsATaskError() throws Exception {
    String deep = "[".repeat(3000) + "]".repeat(3000);
    String data =
        "{\"command\": \"sleep 30\", \"health_check\": {\"type\": \"COMMAND\","
            + " \"command\": {\"value\": \"true\", \"arguments\": "
            + deep
            + "}}}";

    assertRefusedWhileAGoodTaskFinishes(Tasks.withData("deep", data), "nest deeper than 64");
  }

  @Test
  public void tenKilobyteTaskIdIsATaskErrorNotALaunchFailure() throws Exception {
    String id = "t".repeat(10_000);

    TaskStatus error = assertRefusedWhileAGoodTaskFinishes(Tasks.shell(id, "true"), "task id");

    assertThat(error.getMessage(), containsString("255 bytes"));
    assertFalse(Files.exists(executor.sandbox().resolve("tasks").resolve("t".repeat(255))));
  }

  @Test
  public void nulInCommandArgvOrEnvIsATaskErrorNamingTheField() throws Exception {
    assertRefusedWhileAGoodTaskFinishes(Tasks.shell("nul-command", "echo a\0b"), "\"command\"");
    assertRefusedWhileAGoodTaskFinishes(Tasks.argv("nul-argv", "/bin/echo", "a\0b"), "\"argv[1]\"");
    JsonObject spec = Tasks.shellSpec("true");
    spec.add("env", Tasks.stringMap(Map.of("GOOD", "a\0b")));
    assertRefusedWhileAGoodTaskFinishes(Tasks.withSpec("nul-env", spec), "\"env\".GOOD");
    CommandInfo command =
        CommandInfo.newBuilder()
            .setShell(false)
            .setValue("/bin/echo")
            .addArguments("echo")
            .addArguments("a\0b")
            .build();
    assertRefusedWhileAGoodTaskFinishes(
        Tasks.withCommandInfo("nul-commandinfo", command), "TaskInfo.command.arguments[1]");
  }

  @Test
  public void oneMegabyteUserNameIsATaskError() throws Exception {
    JsonObject spec = Tasks.shellSpec("true");
    spec.addProperty("user", "u".repeat(1024 * 1024));

    assertRefusedWhileAGoodTaskFinishes(Tasks.withSpec("big-user", spec), "\"user\"");
  }

  @Test
  public void argumentLongerThanExecAcceptsIsATaskError() throws Exception {
    assertRefusedWhileAGoodTaskFinishes(
        Tasks.argv("long-arg", "/bin/echo", "a".repeat(200_000)), "\"argv[1]\" is 200000 bytes");
    JsonArray many = new JsonArray();
    many.add("/bin/echo");
    for (int i = 0; i < 20; i++) {
      many.add("a".repeat(100_000));
    }
    JsonObject spec = new JsonObject();
    spec.add("argv", many);
    assertRefusedWhileAGoodTaskFinishes(Tasks.withSpec("many-args", spec), "the limit is 1048576");
  }

  @Test
  public void oneMegabyteKeyGivesAShortMessage() throws Exception {
    String key = "k".repeat(1024 * 1024);
    String data = "{\"command\": \"true\", \"" + key + "\": 1}";

    TaskStatus error =
        assertRefusedWhileAGoodTaskFinishes(Tasks.withData("big-key", data), "unknown key");

    assertThat(error.getMessage(), containsString("(1048576 characters)"));
  }

  /**
   * Launches {@code bad}, then a good task; {@code bad} must get exactly one update, TASK_ERROR /
   * REASON_TASK_INVALID naming {@code field} in a short message, and the good task must finish.
   */
  private TaskStatus assertRefusedWhileAGoodTaskFinishes(
      org.apache.mesos.Protos.TaskInfo bad, String field) throws Exception {
    String badId = bad.getTaskId().getValue();
    String goodId = "good-after-" + badId.substring(0, Math.min(20, badId.length()));
    long start = System.nanoTime();
    executor.launch(bad);
    executor.launch(Tasks.shell(goodId, "true"));

    TaskStatus error = executor.awaitTerminal(badId);
    assertEquals(error.toString(), TaskState.TASK_ERROR, error.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, error.getReason());
    assertThat(error.getMessage(), containsString(field));
    assertTrue(
        "message of " + error.getMessage().length() + " characters",
        error.getMessage().length() < MAX_MESSAGE);
    assertEquals(TaskState.TASK_FINISHED, executor.awaitTerminal(goodId).getState());
    assertEquals(
        "one update, nothing started",
        List.of(TaskState.TASK_ERROR),
        executor.driver().states(badId));
    assertTrue("refused in time", System.nanoTime() - start < ExecutorHarness.WAIT.toNanos());
    return error;
  }
}
