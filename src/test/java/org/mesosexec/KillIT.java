package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.Tasks;

/** killTask as a scheduler sees it: TASK_KILLING, SIGTERM, SIGKILL, TASK_KILLED (DESIGN §5). */
public class KillIT {
  private static final Pattern TOOK = Pattern.compile("ended after (\\d+) ms");

  /** Printed once the task has set up its traps, so that a kill finds them in place. */
  private static final String READY = "ready";

  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  @Test
  public void killedTaskThatExitsOnSigtermGoesThroughTaskKilling() throws Exception {
    executor.taskKillingState(true);
    executor.launch(Tasks.argv("k", "/bin/sleep", "30"));
    long pid = executor.awaitOwnGroup("k");

    executor.kill("k");
    TaskStatus terminal = executor.awaitTerminal("k");

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        executor.driver().states("k"));
    assertThat(terminal.getMessage(), containsString("killTask"));
    assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
    assertEquals(15, Tasks.data(terminal).get("signal").getAsInt());
    assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, terminal.getSource());
    assertEquals(Tasks.EXECUTOR_ID, terminal.getExecutorId().getValue());
    assertFalse(ProcScan.alive(pid));
  }

  @Test
  public void frameworkWithoutTaskKillingStateGetsNoTaskKilling() throws Exception {
    executor.launch(Tasks.argv("k", "/bin/sleep", "30"));
    executor.awaitOwnGroup("k");

    executor.kill("k");
    TaskStatus terminal = executor.awaitTerminal("k");

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("k"));
    assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
  }

  @Test
  public void taskThatIgnoresSigtermIsKilledWithSigkillAfterItsGracePeriod() throws Exception {
    JsonObject spec = Tasks.shellSpec(ignoringSigterm("sleep 60"));
    spec.addProperty("kill_grace_period_ms", 500);
    executor.launch(Tasks.withSpec("stubborn", spec));
    long pid = executor.awaitOwnGroup("stubborn");
    executor.awaitOutput("stubborn", READY);

    executor.kill("stubborn");
    TaskStatus terminal = executor.awaitTerminal("stubborn");

    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("SIGKILL"));
    assertThat(terminal.getMessage(), containsString("500 ms grace period"));
    assertThat(terminal.getMessage(), not(containsString("exited on SIGTERM")));
    assertEquals(9, Tasks.data(terminal).get("signal").getAsInt());
    assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertEquals(List.of(), ProcScan.awaitGroupGone(pid, ExecutorHarness.WAIT));
  }

  @Test
  public void killPolicyOfTheTaskInfoSetsTheGracePeriodWhenTheSpecHasNone() throws Exception {
    executor.launch(
        Tasks.base("policy")
            .setData(Tasks.specBytes(Tasks.shellSpec(ignoringSigterm("sleep 60"))))
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(500_000_000L)))
            .build());
    executor.awaitOwnGroup("policy");
    executor.awaitOutput("policy", READY);

    executor.kill("policy");
    TaskStatus terminal = executor.awaitTerminal("policy");

    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("500 ms grace period"));
    assertThat(terminal.getMessage(), containsString("SIGKILL"));
  }

  @Test
  public void secondKillTaskDoesNotLengthenTheGracePeriod() throws Exception {
    executor.taskKillingState(true);
    JsonObject spec = Tasks.shellSpec(ignoringSigterm("sleep 60"));
    spec.addProperty("kill_grace_period_ms", 1500);
    executor.launch(Tasks.withSpec("twice", spec));
    executor.awaitOwnGroup("twice");
    executor.awaitOutput("twice", READY);

    executor.kill("twice");
    executor.awaitState("twice", TASK_KILLING);
    Thread.sleep(1000);
    executor.kill("twice");
    TaskStatus terminal = executor.awaitTerminal("twice");

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        executor.driver().states("twice"));
    assertThat(terminal.getMessage(), containsString("1500 ms grace period"));
    // Measured by the executor from the first kill: 1500 ms when the first deadline holds, at
    // least 2500 ms had the second killTask started the grace period over.
    long took = took(terminal);
    assertTrue("took " + took + " ms: " + terminal.getMessage(), took >= 1500 && took < 2400);
  }

  @Test
  public void killTaskOfAnUnknownTaskChangesNothing() throws Exception {
    executor.launch(Tasks.argv("alive", "/bin/sleep", "30"));
    long pid = executor.awaitOwnGroup("alive");

    executor.kill("no-such-task");
    assertTrue(ProcScan.alive(pid));
    // Anything the wrong kill did reaches the driver before the shutdown has stopped it.
    executor.shutdownAndAwaitStopped();

    assertEquals(List.of(), executor.driver().updates("no-such-task"));
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("alive"));
    // Alive until the shutdown: its SIGTERM, not the wrong kill's, ended the task.
    TaskStatus killed = executor.driver().updates("alive").get(2);
    assertThat(killed.getMessage(), containsString("executor shutdown"));
    assertThat(killed.getMessage(), not(containsString("killTask")));
    assertEquals(15, Tasks.data(killed).get("signal").getAsInt());
    assertEquals(List.of(), executor.driver().updatesAfterStop());
  }

  @Test
  public void killTaskOfAFinishedTaskChangesNothing() throws Exception {
    executor.taskKillingState(true);
    executor.launch(Tasks.shell("done", "exit 0"));
    executor.awaitTerminal("done");

    executor.kill("done");
    // Anything the kill did reaches the driver before the shutdown has stopped it.
    executor.shutdownAndAwaitStopped();

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("done"));
    assertEquals(List.of(), executor.driver().updatesAfterStop());
  }

  @Test
  public void killReachesEveryProcessOfTheTask() throws Exception {
    executor.launch(Tasks.shell("family", "sleep 60 & sleep 60; wait"));
    long pid = executor.awaitOwnGroup("family");
    ProcScan.awaitGroupRunning(pid, "sleep", 2, ExecutorHarness.WAIT);

    executor.kill("family");
    TaskStatus terminal = executor.awaitTerminal("family");

    assertEquals(TASK_KILLED, terminal.getState());
    assertEquals(List.of(), ProcScan.awaitGroupGone(pid, ExecutorHarness.WAIT));
  }

  @Test
  public void killLeavesNoProcessBehindEvenIfAChildIgnoresSigterm() throws Exception {
    JsonObject spec = Tasks.shellSpec("(" + ignoringSigterm("sleep 60") + ") & wait");
    spec.addProperty("kill_grace_period_ms", 500);
    executor.launch(Tasks.withSpec("orphan", spec));
    long pid = executor.awaitOwnGroup("orphan");
    executor.awaitOutput("orphan", READY);
    ProcScan.awaitGroupRunning(pid, "sleep", 1, ExecutorHarness.WAIT); // the subshell's sleep

    executor.kill("orphan");
    TaskStatus terminal = executor.awaitTerminal("orphan");

    try {
      assertEquals(TASK_KILLED, terminal.getState());
      // The grace period is 500 ms; by then at the latest the whole group must have had SIGKILL.
      assertEquals(List.of(), ProcScan.awaitGroupGone(pid, Duration.ofSeconds(5)));
    } finally {
      ProcScan.killGroup(pid);
    }
  }

  @Test
  public void killRightAfterTaskRunningStillSendsSigterm() throws Exception {
    for (int i = 0; i < 20; i++) {
      String id = "early-" + i;
      JsonObject spec = Tasks.argvSpec("/bin/sleep", "30");
      spec.addProperty("kill_grace_period_ms", 2000);
      executor.launch(Tasks.withSpec(id, spec));
      executor.awaitPid(id); // and no more: the kill must follow at once

      executor.kill(id);
      TaskStatus terminal = executor.awaitTerminal(id);

      assertThat(id, terminal.getMessage(), containsString("exited on SIGTERM"));
      assertEquals(15, Tasks.data(terminal).get("signal").getAsInt());
    }
  }

  /** A shell command that ignores SIGTERM (as will {@code then}, inheriting it), then says so. */
  private static String ignoringSigterm(String then) {
    return "trap '' TERM; echo " + READY + "; " + then;
  }

  private static long took(TaskStatus status) {
    Matcher m = TOOK.matcher(status.getMessage());
    assertTrue("no duration in: " + status.getMessage(), m.find());
    return Long.parseLong(m.group(1));
  }
}
