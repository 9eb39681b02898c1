package org.mesosexec;

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

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.settings.Settings;
import org.mesosexec.task.Statuses;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RecordingDriver;
import org.mesosexec.testing.Tasks;

/** How the executor ends: the agent's shutdown, the idle timeout, the driver going away. */
public class ShutdownIT {
  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  @Test
  public void shutdownKillsEveryTaskOnceThenStopsTheDriver() throws Exception {
    List<String> ids = List.of("s1", "s2", "s3");
    executor.launch(Tasks.argv("s1", "/bin/sleep", "60"));
    executor.launch(Tasks.shell("s2", "sleep 60"));
    executor.launch(Tasks.shell("s3", "sleep 60 & sleep 60; wait"));
    long[] pids = new long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      pids[i] = executor.awaitOwnGroup(ids.get(i));
    }

    executor.shutdown();
    executor.driver().awaitStopped(ExecutorHarness.WAIT);

    // Checked at once: every terminal update must have left before the driver was stopped.
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      assertEquals(
          id, List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states(id));
      TaskStatus killed = executor.driver().updates(id).get(2);
      assertThat(killed.getMessage(), containsString("executor shutdown"));
      assertEquals(15, Tasks.data(killed).get("signal").getAsInt());
      assertEquals(List.of(), ProcScan.awaitGroupGone(pids[i], ExecutorHarness.WAIT));
    }
  }

  @Test
  public void shutdownOfFiveHundredTasksSendsEveryTerminalUpdateWithinTheAgentsBudget()
      throws Exception {
    // Each kill used to read every child of every executor thread (one per task process), and the
    // exits queued behind all the kills: 500 tasks lost every update to the agent's SIGKILL.
    int tasks = 500;
    Map<String, ProcScan.Stat> sleeps = new java.util.LinkedHashMap<>();
    Map<String, Long> terminalAt = new java.util.concurrent.ConcurrentHashMap<>();
    executor
        .driver()
        .onUpdate(
            s -> {
              if (Statuses.isTerminal(s.getState())) {
                terminalAt.merge(s.getTaskId().getValue(), System.nanoTime(), Math::min);
              }
            });
    try {
      for (int i = 0; i < tasks; i++) {
        executor.launch(Tasks.argv("many-" + i, "/bin/sleep", "1000"));
      }
      for (int i = 0; i < tasks; i++) {
        sleeps.put("many-" + i, awaitRunning(executor.awaitPid("many-" + i), "sleep"));
      }

      long t0 = System.nanoTime();
      executor.shutdown();
      executor.driver().awaitStopped(ExecutorHarness.WAIT);

      // The agent's 5 s grace period counts from its shutdown; it SIGKILLs the executor after.
      long last = terminalAt.values().stream().mapToLong(t -> t - t0).max().orElseThrow();
      assertEquals(tasks, terminalAt.size());
      assertTrue(
          "last terminal update " + last / 1_000_000 + " ms after the shutdown",
          last < java.time.Duration.ofSeconds(5).toNanos());
      for (String id : sleeps.keySet()) {
        assertEquals(
            id, List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states(id));
      }
      List<ProcScan.Stat> left =
          sleeps.values().stream()
              .filter(
                  s ->
                      ProcScan.stat(s.pid())
                          .filter(n -> n.startTime() == s.startTime())
                          .isPresent())
              .toList();
      assertEquals("task processes left", List.of(), left);
    } finally {
      sleeps
          .values()
          .forEach(
              s ->
                  ProcScan.stat(s.pid())
                      .filter(n -> n.startTime() == s.startTime())
                      .ifPresent(
                          n ->
                              ProcessHandle.of(n.pid()).ifPresent(ProcessHandle::destroyForcibly)));
    }
  }

  /** Waits until the process runs {@code comm} (past setsid and exec); returns its stat. */
  private static ProcScan.Stat awaitRunning(long pid, String comm) throws InterruptedException {
    long end = System.nanoTime() + ExecutorHarness.WAIT.toNanos();
    while (true) {
      java.util.Optional<ProcScan.Stat> st = ProcScan.stat(pid);
      if (st.isPresent() && st.get().comm().equals(comm)) {
        return st.get();
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("process " + pid + " is " + st + ", not " + comm);
      }
      Thread.sleep(5);
    }
  }

  @Test
  public void shutdownCapsEachTasksGracePeriodToTheAgentsBudget() throws Exception {
    // 2 s from the agent, less the 100 ms stop delay and the executor's 1 s margin: 900 ms.
    executor.setting("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "2secs");
    JsonObject spec = Tasks.shellSpec("trap '' TERM; echo ready; sleep 60");
    spec.addProperty("kill_grace_period_ms", 60_000);
    executor.launch(Tasks.withSpec("stubborn", spec));
    long pid = executor.awaitOwnGroup("stubborn");
    executor.awaitOutput("stubborn", "ready");

    executor.shutdown();
    executor.driver().awaitStopped(ExecutorHarness.WAIT);

    TaskStatus killed = executor.driver().updates("stubborn").get(2);
    assertEquals(TASK_KILLED, killed.getState());
    // 900 ms from the shutdown, less the moment the kill waited for a worker.
    java.util.regex.Matcher grace =
        java.util.regex.Pattern.compile("within the (\\d+) ms grace period")
            .matcher(killed.getMessage());
    assertTrue(killed.getMessage(), grace.find());
    int ms = Integer.parseInt(grace.group(1));
    assertTrue(killed.getMessage(), ms <= 900 && ms >= 800);
    assertThat(killed.getMessage(), containsString("SIGKILL"));
    assertEquals(9, Tasks.data(killed).get("signal").getAsInt());
    assertEquals(List.of(), ProcScan.awaitGroupGone(pid, ExecutorHarness.WAIT));
  }

  @Test
  public void secondShutdownSendsNothingMore() throws Exception {
    executor.launch(Tasks.argv("once", "/bin/sleep", "60"));
    executor.awaitOwnGroup("once");

    executor.shutdown();
    executor.shutdown();
    // The driver is stopped only after the terminal update and the stop delay; a second kill or
    // a second terminal update would have gone out before, and a real driver drops anything after.
    executor.driver().awaitStopped(ExecutorHarness.WAIT);

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("once"));
    assertEquals(List.of(), executor.driver().updatesAfterStop());
  }

  @Test
  public void taskLaunchedDuringShutdownFailsWithoutRunning() throws Exception {
    executor.launch(Tasks.argv("first", "/bin/sleep", "60"));
    executor.awaitOwnGroup("first");
    executor.shutdown();

    executor.launch(Tasks.shell("late", "touch ran"));
    TaskStatus terminal = executor.awaitTerminal("late");

    assertEquals(List.of(TASK_FAILED), executor.driver().states("late"));
    assertEquals(Reason.REASON_EXECUTOR_TERMINATED, terminal.getReason());
    executor.driver().awaitStopped(ExecutorHarness.WAIT);
    assertFalse(Files.exists(executor.taskDir("late").resolve("ran")));
  }

  @Test
  public void driverIsStoppedAfterTheIdleTimeoutOnceTheLastTaskEnded() throws Exception {
    executor.setting("EXECUTOR_IDLE_TIMEOUT", "500ms");
    executor.launch(Tasks.shell("only", "exit 0"));

    executor.awaitTerminal("only");
    assertFalse("stopped before the idle timeout", executor.driver().stopped());

    executor.driver().awaitStopped(ExecutorHarness.WAIT);
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("only"));
  }

  @Test
  public void driverIsNotStoppedBeforeAnyTaskRan() throws Exception {
    executor.setting("EXECUTOR_IDLE_TIMEOUT", "500ms");
    executor.start();

    // Three idle timeouts on the executor's own timer: an idle timer set at the start would have
    // fired by then, and the stop it schedules (100 ms later) too.
    executor.awaitTimers(java.time.Duration.ofMillis(1500));

    assertFalse(executor.driver().stopped());
    assertEquals(List.of(), executor.driver().updates());
  }

  @Test
  public void driverIsNotStoppedWhileATaskRunsLongerThanTheIdleTimeout() throws Exception {
    executor.setting("EXECUTOR_IDLE_TIMEOUT", "500ms");
    executor.launch(Tasks.shell("quick", "exit 0"));
    executor.awaitTerminal("quick");
    executor.launch(Tasks.shell("long", "sleep 1.5"));

    TaskStatus terminal = executor.awaitTerminal("long");

    assertEquals(TASK_FINISHED, terminal.getState());
    assertFalse(executor.driver().stopped());
    executor.driver().awaitStopped(ExecutorHarness.WAIT);
  }

  @Test
  public void closingTheRuntimeWithTasksRunningKillsThem() throws Exception {
    Path sandbox = executor.sandbox().resolve("second-executor");
    Files.createDirectories(sandbox);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("EXECUTOR_STOP_DELAY", "100ms");
    RecordingDriver driver = new RecordingDriver();
    long pid;
    try (ExecutorRuntime runtime =
        new ExecutorRuntime(Settings.fromEnvironment(env), env, sandbox, List.of())) {
      runtime
          .executor()
          .registered(driver, Tasks.executorInfo(), Tasks.framework(false), Tasks.agent());
      runtime.executor().launchTask(driver, Tasks.argv("orphan", "/bin/sleep", "60"));
      pid = Tasks.pid(driver.awaitState("orphan", TASK_RUNNING, ExecutorHarness.WAIT));
      ProcScan.awaitGroupSize(pid, 1, ExecutorHarness.WAIT);
    }

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("orphan"));
    assertTrue(driver.stopped());
    assertEquals(List.of(), ProcScan.awaitGroupGone(pid, ExecutorHarness.WAIT));
  }
}
