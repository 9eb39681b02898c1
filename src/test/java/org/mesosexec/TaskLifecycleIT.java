package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.task.Statuses;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.Tasks;

/**
 * What a scheduler sees of a task that runs as a real process, from launch to its one terminal
 * update (DESIGN §4, §5).
 */
public class TaskLifecycleIT {
  @Rule public final ExecutorHarness executor = new ExecutorHarness().taskKillingState(true);

  @Test
  public void exitZeroIsReportedAsStartingRunningFinished() throws Exception {
    executor.launch(Tasks.shell("ok", "exit 0"));

    TaskStatus terminal = executor.awaitTerminal("ok");

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("ok"));
    TaskStatus running = executor.driver().updates("ok").get(1);
    assertTrue(running.getMessage(), running.getMessage().matches("pid \\d+"));
    assertEquals("Command exited with status 0", terminal.getMessage());
    assertFalse(terminal.hasReason());
    assertEquals(JsonParser.parseString("{\"exit_code\":0,\"signal\":null}"), Tasks.data(terminal));
    for (TaskStatus update : executor.driver().updates("ok")) {
      assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, update.getSource());
      assertEquals(Tasks.EXECUTOR_ID, update.getExecutorId().getValue());
    }
  }

  @Test
  public void nonZeroExitFailsTheTaskWithoutAReason() throws Exception {
    executor.launch(Tasks.shell("three", "exit 3"));

    TaskStatus terminal = executor.awaitTerminal("three");

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FAILED), executor.driver().states("three"));
    assertEquals("Command exited with status 3", terminal.getMessage());
    assertFalse("Mesos sets no reason for a plain failure", terminal.hasReason());
    assertEquals(3, Tasks.data(terminal).get("exit_code").getAsInt());
    assertTrue(Tasks.data(terminal).get("signal").isJsonNull());
    assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, terminal.getSource());
  }

  @Test
  public void taskKilledBySignalNotSentByTheExecutorFails() throws Exception {
    executor.launch(Tasks.shell("suicide", "kill -9 $$"));

    TaskStatus terminal = executor.awaitTerminal("suicide");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals("Command terminated with signal Killed", terminal.getMessage());
    assertFalse(terminal.hasReason());
    assertEquals(9, Tasks.data(terminal).get("signal").getAsInt());
    assertEquals(128 + 9, Tasks.data(terminal).get("exit_code").getAsInt());
    assertFalse(executor.driver().states("suicide").contains(TaskState.TASK_KILLED));
  }

  @Test
  public void taskInfoCommandRunsWhenTheTaskHasNoData() throws Exception {
    executor.launch(
        Tasks.withCommandInfo(
            "cmd",
            CommandInfo.newBuilder().setShell(true).setValue("echo from-command-info").build()));

    TaskStatus terminal = executor.awaitTerminal("cmd");

    assertEquals(TASK_FINISHED, terminal.getState());
    assertEquals(
        "from-command-info\n", Files.readString(executor.taskDir("cmd").resolve("stdout")));
  }

  @Test
  public void missingProgramFailsTheLaunchWithTheOsError() throws Exception {
    executor.launch(Tasks.argv("missing", "/no/such/program"));

    TaskStatus terminal = executor.awaitTerminal("missing");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("No such file or directory"));
    assertThat(terminal.getMessage(), containsString("/no/such/program"));
    assertFalse(executor.driver().states("missing").contains(TASK_RUNNING));
  }

  @Test
  public void programNotOnPathFailsTheLaunchWithTheOsError() throws Exception {
    executor.launch(Tasks.argv("notonpath", "no-such-program-for-it"));

    TaskStatus terminal = executor.awaitTerminal("notonpath");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("No such file or directory"));
  }

  @Test
  public void nonExecutableFileFailsTheLaunchWithPermissionDenied() throws Exception {
    Path script = executor.sandbox().resolve("not-executable.sh");
    Files.writeString(script, "#!/bin/sh\necho should not run\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    executor.launch(Tasks.argv("noexec", script.toString()));

    TaskStatus terminal = executor.awaitTerminal("noexec");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("Permission denied"));
    assertEquals("", Files.readString(executor.taskDir("noexec").resolve("stdout")));
  }

  @Test
  public void specWithUnknownKeyIsATaskErrorWithoutStarting() throws Exception {
    JsonObject spec = Tasks.shellSpec("exit 0");
    spec.addProperty("comand", "typo");
    executor.launch(Tasks.withSpec("typo", spec));

    TaskStatus terminal = executor.awaitTerminal("typo");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("typo"));
    assertEquals(Reason.REASON_TASK_INVALID, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("comand"));
    assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, terminal.getSource());
  }

  @Test
  public void dataThatIsNotJsonIsATaskErrorWithoutStarting() throws Exception {
    executor.launch(Tasks.withData("garbage", "{not json"));

    TaskStatus terminal = executor.awaitTerminal("garbage");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("garbage"));
    assertEquals(Reason.REASON_TASK_INVALID, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("JSON"));
  }

  @Test
  public void specWithBothCommandAndArgvIsATaskError() throws Exception {
    JsonObject spec = Tasks.shellSpec("exit 0");
    spec.add("argv", Tasks.argvSpec("/bin/true").get("argv"));
    executor.launch(Tasks.withSpec("both", spec));

    TaskStatus terminal = executor.awaitTerminal("both");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("both"));
    assertEquals(Reason.REASON_TASK_INVALID, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("exactly one"));
  }

  @Test
  public void taskWithNoWorkIsATaskError() throws Exception {
    executor.launch(Tasks.base("empty").build());

    TaskStatus terminal = executor.awaitTerminal("empty");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("empty"));
    assertEquals(Reason.REASON_TASK_INVALID, terminal.getReason());
  }

  @Test
  public void taskIdThatCannotNameADirectoryIsATaskError() throws Exception {
    executor.launch(Tasks.shell("../escape", "touch escaped"));

    TaskStatus terminal = executor.awaitTerminal("../escape");

    assertEquals(List.of(TASK_ERROR), executor.driver().states("../escape"));
    assertEquals(Reason.REASON_TASK_INVALID, terminal.getReason());
    assertFalse(Files.exists(executor.sandbox().resolve("escape")));
  }

  @Test
  public void duplicateTaskIdIsRefusedWhileTheFirstKeepsRunning() throws Exception {
    executor.launch(Tasks.shell("dup", "sleep 0.5; echo first"));
    long pid = executor.awaitPid("dup");

    executor.launch(Tasks.shell("dup", "echo second"));
    TaskStatus refused = executor.awaitState("dup", TASK_ERROR);

    assertEquals(Reason.REASON_TASK_INVALID, refused.getReason());
    assertThat(refused.getMessage(), containsString("already launched"));
    assertTrue("the first task's process keeps running", ProcScan.alive(pid));
    TaskStatus finished = executor.awaitState("dup", TASK_FINISHED);
    assertEquals("Command exited with status 0", finished.getMessage());
    assertEquals("first\n", Files.readString(executor.taskDir("dup").resolve("stdout")));
    // The driver is stopped only after every terminal update and the stop delay: a stray second
    // terminal update would have gone out before, and a real driver drops anything after.
    executor.shutdownAndAwaitStopped();
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_ERROR, TASK_FINISHED),
        executor.driver().states("dup"));
    assertEquals(List.of(), executor.driver().updatesAfterStop());
  }

  @Test
  public void fiftyTasksAtOnceEachGetExactlyOneTerminalUpdate() throws Exception {
    int n = 50;
    for (int i = 0; i < n; i++) {
      executor.launch(Tasks.shell("many-" + i, "sleep 0.2; exit " + (i % 3)));
    }

    for (int i = 0; i < n; i++) {
      executor.awaitTerminal("many-" + i);
    }
    // Every terminal update is out; one sent twice would go out before the stop.
    executor.shutdownAndAwaitStopped();
    assertEquals(List.of(), executor.driver().updatesAfterStop());

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "many-" + i;
      List<TaskStatus> terminals =
          executor.driver().updates(id).stream()
              .filter(s -> Statuses.isTerminal(s.getState()))
              .toList();
      TaskState expected = i % 3 == 0 ? TASK_FINISHED : TASK_FAILED;
      if (terminals.size() != 1
          || terminals.get(0).getState() != expected
          || !terminals.get(0).getMessage().equals("Command exited with status " + (i % 3))) {
        wrong.add(id + ": " + executor.driver().updates(id));
      }
      if (!executor.driver().states(id).equals(List.of(TASK_STARTING, TASK_RUNNING, expected))) {
        wrong.add(id + " states " + executor.driver().states(id));
      }
    }
    assertTrue(String.join("\n", wrong), wrong.isEmpty());
  }

  @Test
  public void maxCompletionTimeFailsTheTaskWithoutTaskKilling() throws Exception {
    JsonObject spec = Tasks.argvSpec("/bin/sleep", "30");
    spec.addProperty("max_completion_time_ms", 300);
    executor.launch(Tasks.withSpec("slow", spec));
    long pid = executor.awaitPid("slow");

    TaskStatus terminal = executor.awaitTerminal("slow");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_MAX_COMPLETION_TIME_REACHED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("max completion time"));
    assertFalse(
        "TASK_KILLING is for kills the scheduler asked for",
        executor.driver().states("slow").contains(TASK_KILLING));
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FAILED), executor.driver().states("slow"));
    assertFalse(ProcScan.alive(pid));
  }

  @Test
  public void maxCompletionTimeFromTaskInfoAppliesWhenTheSpecHasNone() throws Exception {
    executor.launch(
        Tasks.base("slow-info")
            .setData(Tasks.specBytes(Tasks.argvSpec("/bin/sleep", "30")))
            .setMaxCompletionTime(DurationInfo.newBuilder().setNanoseconds(300_000_000L))
            .build());

    TaskStatus terminal = executor.awaitTerminal("slow-info");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_MAX_COMPLETION_TIME_REACHED, terminal.getReason());
  }

  @Test
  public void finishedTaskLeavesNoProcessBehind() throws Exception {
    executor.launch(Tasks.shell("leaky", "sleep 60 & exit 0"));
    long pid = executor.awaitPid("leaky");

    TaskStatus terminal = executor.awaitTerminal("leaky");

    try {
      assertEquals(TASK_FINISHED, terminal.getState());
      assertThat(terminal.getMessage(), containsString("1 leftover process was terminated"));
      assertEquals("still there when the terminal update went out", List.of(), ProcScan.group(pid));
    } finally {
      ProcScan.killGroup(pid);
    }
  }
}
