package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;
import org.mesosexec.testing.Tasks;

/**
 * Issue 10, defect 6 and 14c: a progress regex cannot freeze a task, its neighbours or the
 * shutdown. What a backtracking engine cannot do in linear time is refused at launch, naming the
 * field and the construct; a regex that is pathological for a backtracking engine but valid RE2
 * runs on long lines of output without holding anything up.
 */
public class ProgressRegexIT {
  /** The report's line: 40 {@code a} and a {@code !}, where {@code ((a+)\2?)+$} backtracks. */
  private static final String FORTY_AS = "a".repeat(40) + "!";

  /** A line that ends in {@code !} after 4,000 {@code a}: just under the default line cap. */
  private static final String LONG_AS =
      "A=$(head -c 4000 /dev/zero | tr '\\0' a); i=0;"
          + " while [ $i -lt 300 ]; do echo \"$A!\"; i=$((i+1)); done";

  @Rule public final ExecutorHarness executor = new ExecutorHarness();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static JsonObject withRegex(String command, String regex) {
    JsonObject spec = Tasks.shellSpec(command);
    JsonObject progress = new JsonObject();
    progress.addProperty("regex", regex);
    progress.addProperty("sample_interval_ms", 100);
    spec.add("progress", progress);
    return spec;
  }

  @Test
  public void theReportsBacktrackingRegexIsRefusedAtLaunchAndItsNeighbourFinishes()
      throws Exception {
    executor.launch(
        Tasks.withSpec(
            "hostile", withRegex("touch ran; echo '" + FORTY_AS + "'; sleep 1", "((a+)\\2?)+$")));
    executor.launch(Tasks.shell("neighbour", "echo 'progress: 50 half way'; sleep 0.5"));

    TaskStatus refused = executor.awaitTerminal("hostile");
    TaskStatus finished = executor.awaitTerminal("neighbour");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("hostile"));
    assertEquals(Reason.REASON_TASK_INVALID, refused.getReason());
    assertThat(
        refused.getMessage(), containsString("\"progress.regex\" uses a backreference ('\\2')"));
    assertThat(refused.getMessage(), containsString("RE2 syntax"));
    assertFalse(
        "the refused task never ran", Files.exists(executor.taskDir("hostile").resolve("ran")));
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("neighbour"));
    assertEquals(TASK_FINISHED, finished.getState());
    assertTrue(
        executor.driver().messages().toString(),
        executor.driver().messages().stream()
            .anyMatch(m -> m.contains("\"progress-percent\":50") && m.contains("neighbour")));
  }

  @Test
  public void aRegexWithoutCaptureGroupIsRefusedAtLaunch() throws Exception {
    executor.launch(Tasks.withSpec("nogroup", withRegex("touch ran", "progress: [0-9]+")));

    TaskStatus refused = executor.awaitTerminal("nogroup");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("nogroup"));
    assertEquals(Reason.REASON_TASK_INVALID, refused.getReason());
    assertThat(
        refused.getMessage(),
        containsString(
            "\"progress.regex\" has no capture group: group 1 must capture the percent"));
    assertFalse(Files.exists(executor.taskDir("nogroup").resolve("ran")));
  }

  @Test
  public void aPathologicalButValidRegexOnLongLinesHoldsNothingUp() throws Exception {
    long start = System.nanoTime();
    executor.launch(
        Tasks.withSpec("short", withRegex("echo '" + FORTY_AS + "'; " + LONG_AS, "(a+)+$")));
    executor.launch(
        Tasks.withSpec("stays", withRegex(LONG_AS + "; echo written; exec sleep 60", "(a+)+$")));
    executor.launch(Tasks.shell("neighbour", "echo 'progress: 50 half way'; sleep 0.5"));

    TaskStatus shortEnd = executor.awaitTerminal("short");
    Duration shortTook = Duration.ofNanos(System.nanoTime() - start);
    TaskStatus neighbourEnd = executor.awaitTerminal("neighbour");
    executor.awaitOutput("stays", "written");

    assertEquals(TASK_FINISHED, shortEnd.getState());
    assertTrue(
        "the task printing the report's line ended in " + shortTook,
        shortTook.compareTo(Duration.ofSeconds(10)) < 0);
    assertEquals(TASK_FINISHED, neighbourEnd.getState());

    long shutdown = System.nanoTime();
    executor.shutdown();
    executor.driver().awaitStopped(ExecutorHarness.WAIT);
    Duration shutdownTook = Duration.ofNanos(System.nanoTime() - shutdown);

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("stays"));
    // The harness gives the agent's default budget: MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=5secs.
    assertTrue("shutdown took " + shutdownTook, shutdownTook.compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  public void aBacktrackingRegexSettingStopsStartUpNamingTheVariable() throws Exception {
    ScriptOutput out =
        LocalRunner.local(LocalRunner.example("hello.json"), "--sandbox", tmp.getRoot())
            .env("PROGRESS_REGEX_STRING", "((a+)\\2?)+$")
            .run();

    assertEquals(out.toString(), 2, out.exitStatus());
    assertThat(
        out.stderr(),
        containsString(
            "Setting PROGRESS_REGEX_STRING: '((a+)\\2?)+$' uses a backreference ('\\2')"));
    assertThat(out.stderr(), not(containsString("\tat ")));
    assertFalse(Files.exists(tmp.getRoot().toPath().resolve("tasks/hello")));
  }

  @Test
  public void aSettingWithoutCaptureGroupStopsStartUp() throws Exception {
    ScriptOutput out =
        LocalRunner.local(LocalRunner.example("hello.json"), "--sandbox", tmp.getRoot())
            .env("PROGRESS_REGEX_STRING", "progress:")
            .run();

    assertEquals(out.toString(), 2, out.exitStatus());
    assertThat(
        out.stderr(),
        containsString("Setting PROGRESS_REGEX_STRING: 'progress:' has no capture group"));
  }
}
