package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.work.ExitStatus;

/**
 * A task's lifecycle and its updates (DESIGN §5, §6), driven through the executor's callbacks with
 * puppet processes and a manual clock.
 */
public class TaskRunTest extends FakeExecutorFixture {
  @Test
  public void finishedTaskReportsStartingRunningFinishedWithExitCode() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"true\"}");
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals("pid " + p.pid().getAsLong(), driver.updates("t1").get(1).getMessage());
    TaskStatus end = last("t1");
    assertEquals("Command exited with status 0", end.getMessage());
    assertEquals("{\"exit_code\":0,\"signal\":null}", data(end));
    assertFalse(end.hasReason());
    for (TaskStatus s : driver.updates("t1")) {
      assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, s.getSource());
      assertEquals("exec-1", s.getExecutorId().getValue());
    }
  }

  @Test
  public void directoryAndExitCodeMessagesFrameTheProcessInCooksOrder() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"exit 3\"}");
    assertEquals(
        List.of(
            "{\"type\":\"directory\",\"task-id\":\"t1\",\"sandbox-directory\":\"/host/sandbox/tasks/t1\"}"),
        driver.messages());
    p.exitWith(ExitStatus.fromJvm(3));

    assertEquals("{\"task-id\":\"t1\",\"exit-code\":3}", driver.messages().get(1));
    assertEquals(2, driver.messages().size());
  }

  @Test
  public void nonZeroExitFailsTheTaskWithoutAReason() {
    register();
    launch("t1", "{\"command\":\"exit 3\"}").exitWith(ExitStatus.fromJvm(3));

    TaskStatus end = last("t1");
    assertEquals(TASK_FAILED, end.getState());
    assertFalse(end.hasReason());
    assertEquals("Command exited with status 3", end.getMessage());
    assertEquals("{\"exit_code\":3,\"signal\":null}", data(end));
  }

  @Test
  public void signalFromElsewhereFailsTheTaskNamingTheSignal() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}").exitWith(ExitStatus.fromJvm(128 + 9));

    TaskStatus end = last("t1");
    assertEquals(TASK_FAILED, end.getState());
    assertEquals("Command terminated with signal Killed", end.getMessage());
    assertEquals("{\"exit_code\":137,\"signal\":9}", data(end));
  }

  @Test
  public void invalidSpecIsAnErrorWithoutStarting() {
    register();
    executor.launchTask(driver, task("t1", "{\"comand\":\"true\"}").build());

    assertEquals(List.of(TASK_ERROR), driver.states("t1"));
    assertEquals(Reason.REASON_TASK_INVALID, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("unknown key \"comand\""));
    assertTrue(launcher.launched().isEmpty());
  }

  @Test
  public void launchFailureReportsTheOsError() {
    register();
    launcher.failLaunchesWith("Failed to execute '/nope': No such file or directory");
    executor.launchTask(driver, task("t1", "{\"argv\":[\"/nope\"]}").build());

    assertEquals(List.of(TASK_STARTING, TASK_FAILED), driver.states("t1"));
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("No such file or directory"));
  }

  @Test
  public void killBeforeTheTaskStartedReportsKilledAndStartsNothing() {
    register();
    holdWork = true;
    executor.launchTask(driver, task("t1", "{\"command\":\"sleep 9\"}").build());
    executor.killTask(driver, id("t1"));
    holdWork = false;
    // With several workers the kill can overtake the start: run the queued work newest first.
    while (!pendingWork.isEmpty()) {
      pendingWork.pollLast().run();
    }

    assertEquals(List.of(TASK_KILLED), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("before it started"));
    assertTrue(launcher.launched().isEmpty());
  }

  @Test
  public void progressComesAfterRunningAndTheLastOneAfterTheExitCode() throws Exception {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\"}");
    Path stdout = sandbox.resolve("tasks/t1/stdout");
    Path stderr = sandbox.resolve("tasks/t1/stderr");

    java.nio.file.Files.writeString(
        stdout, "progress: 10 warming up\n", java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(100));
    java.nio.file.Files.writeString(
        stderr, "progress: 20.5 from stderr\n", java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(400)); // read, but held back: one message per second
    java.nio.file.Files.writeString(
        stdout, "progress: 99 almost\nno progress here\n", java.nio.file.StandardOpenOption.APPEND);
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(
        List.of(
            "{\"type\":\"directory\",\"task-id\":\"t1\",\"sandbox-directory\":\"/host/sandbox/tasks/t1\"}",
            "{\"task-id\":\"t1\",\"progress-sequence\":1,\"progress-percent\":10,"
                + "\"progress-message\":\"warming up\"}",
            "{\"task-id\":\"t1\",\"exit-code\":0}",
            "{\"task-id\":\"t1\",\"progress-sequence\":2,\"progress-percent\":99,"
                + "\"progress-message\":\"almost\"}"),
        driver.messages());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
  }

  @Test
  public void theNewestHeldBackProgressIsSentWhenItsIntervalEnds() throws Exception {
    register();
    launch("t1", "{\"command\":\"x\", \"progress\": {\"sample_interval_ms\": 1000}}");
    Path stdout = sandbox.resolve("tasks/t1/stdout");

    java.nio.file.Files.writeString(
        stdout, "progress: 1 a\n", java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(100));
    java.nio.file.Files.writeString(
        stdout, "progress: 2 b\nprogress: 3 c\n", java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(899));
    assertEquals(2, driver.messages().size()); // directory, then 1
    clock.advance(Duration.ofMillis(1));

    assertThat(
        driver.messages().get(2),
        containsString(
            "\"progress-sequence\":2," + "\"progress-percent\":3,\"progress-message\":\"c\""));
  }
}
