package org.mesosexec.mesos;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.ExecutorParts;
import org.mesosexec.ExecutorRuntime;
import org.mesosexec.health.Outcome;
import org.mesosexec.health.Probe;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.Signal;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.RecordingDriver;
import org.mockito.Mockito;

/**
 * The status updates of DESIGN §5 as a scheduler sees them, driven through the {@link
 * org.apache.mesos.Executor} callbacks with puppet processes and a manual clock.
 */
public class MesosExecutorTest {
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);
  private static final Duration STOP_DELAY = Duration.ofSeconds(1);
  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(15);
  private boolean checkpoint = true;
  private Path sandbox;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher launcher = new FakeLauncher();
  private final RecordingDriver driver = new RecordingDriver();
  private final FakeProber prober = new FakeProber();
  /** The result of every check attempt, so that a test can end one the executor aborted. */
  private final List<CompletableFuture<Outcome>> attemptResults = new CopyOnWriteArrayList<>();
  private final Deque<Runnable> pendingWork = new ArrayDeque<>();
  private boolean holdWork;
  private MesosExecutor executor;

  @Before
  public void wire() throws Exception {
    Executor workers = r -> {
      if (holdWork) {
        pendingWork.add(r);
      } else {
        r.run();
      }
    };
    Prober probes = (probe, target, timeout) -> {
      Prober.Attempt attempt = prober.start(probe, target, timeout);
      attemptResults.add(attempt.result());
      return attempt;
    };
    sandbox = tmp.newFolder().toPath();
    Settings settings = Settings.fromEnvironment(Map.of(
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", GRACE_PERIOD.toMillis() + "ms",
        "EXECUTOR_STOP_DELAY", STOP_DELAY.toMillis() + "ms",
        "EXECUTOR_IDLE_TIMEOUT", IDLE.toMillis() + "ms",
        "MESOS_RECOVERY_TIMEOUT", RECOVERY_TIMEOUT.toMillis() + "ms",
        "MESOS_CHECKPOINT", checkpoint ? "1" : "0",
        "MESOS_DIRECTORY", "/host/sandbox"));
    ExecutorParts parts = new ExecutorParts(clock, workers, launcher, probes, Hooks.none(),
        ExecutorParts.Orphans.none(), () -> {});
    executor = new ExecutorRuntime(settings, Map.of("PATH", "/usr/bin:/bin"), sandbox, List.of(),
        parts).executor();
  }

  private void register(FrameworkInfo.Capability.Type... capabilities) {
    FrameworkInfo.Builder fw = FrameworkInfo.newBuilder().setName("fw").setUser("u")
        .setId(FrameworkID.newBuilder().setValue("fw-1"));
    for (FrameworkInfo.Capability.Type c : capabilities) {
      fw.addCapabilitiesBuilder().setType(c);
    }
    executor.registered(driver,
        ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
            .setCommand(org.apache.mesos.Protos.CommandInfo.newBuilder().setValue("x")).build(),
        fw.build(),
        SlaveInfo.newBuilder().setHostname("agent").setId(SlaveID.newBuilder().setValue("a1")).build());
  }

  private static TaskInfo.Builder task(String id, String specJson) {
    return TaskInfo.newBuilder().setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setSlaveId(SlaveID.newBuilder().setValue("a1"))
        .setData(ByteString.copyFrom(specJson, StandardCharsets.UTF_8));
  }

  private FakeProcess launch(String id, String specJson) {
    executor.launchTask(driver, task(id, specJson).build());
    List<FakeProcess> all = launcher.launched();
    return all.get(all.size() - 1);
  }

  private TaskStatus last(String id) {
    List<TaskStatus> updates = driver.updates(id);
    return updates.get(updates.size() - 1);
  }

  private static String data(TaskStatus s) {
    return s.getData().toString(StandardCharsets.UTF_8);
  }

  private static TaskID id(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }

  @Test
  public void finishedTaskReportsStartingRunningFinishedWithExitCode() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"true\"}");
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals("pid " + p.pid(), driver.updates("t1").get(1).getMessage());
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
    assertEquals(List.of(
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
  public void killTaskSendsKillingThenKilledWhenTheFrameworkHasTheCapability() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.killTask(driver, id("t1"));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED), driver.states("t1"));
    assertEquals(List.of(Signal.TERM), p.signals());
    assertThat(last("t1").getMessage(), containsString("Task killed by killTask: exited on SIGTERM"));
    assertEquals("{\"exit_code\":143,\"signal\":15}", data(last("t1")));
  }

  @Test
  public void killTaskSkipsKillingWithoutTheCapability() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");
    executor.killTask(driver, id("t1"));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
  }

  @Test
  public void killEscalatesToSigkillAfterTheDefaultGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(Signal.TERM), p.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertThat(end.getMessage(), containsString("did not exit within the 3000 ms grace period"));
    assertThat(end.getMessage(), containsString("SIGKILL"));
    assertThat(end.getMessage(), containsString("ended after 3000 ms"));
  }

  @Test
  public void specGracePeriodWinsOverKillPolicy() {
    register();
    TaskInfo t = task("t1", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":500}")
        .setKillPolicy(KillPolicy.newBuilder()
            .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(10_000_000_000L)))
        .build();
    executor.launchTask(driver, t);
    FakeProcess p = launcher.launched().get(0);
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(500));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
  }

  @Test
  public void killPolicyGracePeriodAppliesWhenTheSpecHasNone() {
    register();
    TaskInfo t = task("t1", "{\"command\":\"sleep 9\"}")
        .setKillPolicy(KillPolicy.newBuilder()
            .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(7_000_000_000L)))
        .build();
    executor.launchTask(driver, t);
    FakeProcess p = launcher.launched().get(0);
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(6999));
    assertEquals(List.of(Signal.TERM), p.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
  }

  @Test
  public void repeatedKillNeitherResendsSigtermNorExtendsTheGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));
    clock.advance(Duration.ofSeconds(2));
    executor.killTask(driver, id("t1"));
    clock.advance(Duration.ofSeconds(1));

    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    assertEquals(1, driver.states("t1").stream().filter(s -> s == TASK_KILLED).count());
  }

  @Test
  public void killOfAnUnknownOrFinishedTaskChangesNothing() {
    register();
    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    int before = driver.updates().size();

    executor.killTask(driver, id("nope"));
    executor.killTask(driver, id("t1"));

    assertEquals(before, driver.updates().size());
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
  public void maxCompletionTimeFailsTheTaskWithSigkillAndNoKillingState() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\",\"max_completion_time_ms\":2000}");

    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(Signal.KILL), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FAILED), driver.states("t1"));
    assertEquals(Reason.REASON_MAX_COMPLETION_TIME_REACHED, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("max completion time of 2000 ms"));
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
  public void duplicateTaskIdIsRefusedAndTheOriginalCarriesOn() {
    register();
    FakeProcess first = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.launchTask(driver, task("t1", "{\"command\":\"echo again\"}").build());

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_ERROR), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("already launched"));
    assertEquals(1, launcher.launched().size());
    first.exitWith(ExitStatus.fromJvm(0));
    assertEquals(TASK_FINISHED, last("t1").getState());
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
  public void shutdownKillsEveryTaskWithinTheBudgetThenStopsTheDriver() {
    register();
    FakeProcess polite = launch("a", "{\"command\":\"sleep 9\"}");
    FakeProcess stubborn = launch("b", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":60000}");
    stubborn.ignoreSigterm();

    executor.shutdown(driver);
    assertEquals(TASK_KILLED, last("a").getState());
    assertEquals(List.of(Signal.TERM), polite.signals());
    // Budget: 5 s grace period less the 1 s stop delay and the 1 s margin.
    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(Signal.TERM), stubborn.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), stubborn.signals());
    assertEquals(TASK_KILLED, last("b").getState());
    assertThat(last("b").getMessage(), containsString("executor shutdown"));

    assertFalse("updates get a moment to leave before stop", driver.stopped());
    clock.advance(STOP_DELAY);
    assertTrue(driver.stopped());
  }

  @Test
  public void theShutdownBudgetCountsFromTheShutdownEvenWhenKillsWaitForAWorker() {
    register();
    FakeProcess stubborn = launch("b", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":60000}");
    stubborn.ignoreSigterm();

    holdWork = true;
    executor.shutdown(driver);
    clock.advance(Duration.ofMillis(1000)); // the workers are busy elsewhere for a second
    holdWork = false;
    while (!pendingWork.isEmpty()) {
      pendingWork.poll().run();
    }
    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(Signal.TERM), stubborn.signals());
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(Signal.TERM, Signal.KILL), stubborn.signals());
    assertThat(last("b").getMessage(), containsString("within the 2000 ms grace period"));
  }

  @Test
  public void processThatSurvivesSigkillIsStillReportedBeforeTheExecutorStops() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}").ignoreAllSignals();

    executor.shutdown(driver);
    clock.advance(Duration.ofMillis(3499));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(TASK_KILLED, last("t1").getState());
    assertEquals("Task killed by executor shutdown (SIGKILL sent); but a process of it was still"
        + " running 3500 ms after the shutdown began", last("t1").getMessage());
    clock.advance(STOP_DELAY);
    assertTrue(driver.stopped());
  }

  @Test
  public void tasksLaunchedDuringShutdownAreRefused() {
    register();
    executor.shutdown(driver);
    executor.launchTask(driver, task("late", "{\"command\":\"true\"}").build());

    assertEquals(List.of(TASK_FAILED), driver.states("late"));
    assertEquals(Reason.REASON_EXECUTOR_TERMINATED, last("late").getReason());
  }

  @Test
  public void idleExecutorStopsItselfOnlyAfterItHasRunATask() {
    register();
    clock.advance(IDLE.multipliedBy(3));
    assertFalse(driver.stopped());

    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.minusMillis(1));
    assertFalse(driver.stopped());
    clock.advance(Duration.ofMillis(1).plus(STOP_DELAY));
    assertTrue(driver.stopped());
  }

  @Test
  public void aNewTaskResetsTheIdleTimer() {
    register();
    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.minusSeconds(1));
    FakeProcess second = launch("t2", "{\"command\":\"sleep 9\"}");
    clock.advance(IDLE.multipliedBy(2));
    assertFalse(driver.stopped());

    second.exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.plus(STOP_DELAY));
    assertTrue(driver.stopped());
  }

  @Test
  public void callbacksNeverThrowEvenWhenTheDriverDoes() {
    ExecutorDriver broken = Mockito.mock(ExecutorDriver.class);
    Mockito.when(broken.sendStatusUpdate(Mockito.any())).thenThrow(new IllegalStateException("x"));
    executor.registered(broken, ExecutorInfo.getDefaultInstance(), FrameworkInfo.getDefaultInstance(),
        SlaveInfo.getDefaultInstance());
    executor.launchTask(broken, task("t1", "{\"command\":\"true\"}").build());
    executor.killTask(broken, id("t1"));
    executor.frameworkMessage(broken, new byte[] {(byte) 0xff, 0, 1});
    executor.error(broken, "boom");

    // Each update was attempted, and the task was still started despite the failing sends.
    Mockito.verify(broken, Mockito.atLeast(2)).sendStatusUpdate(Mockito.any());
    assertEquals(1, launcher.launched().size());
  }

  @Test
  public void frameworkMessagesAreLoggedAndChangeNothing() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.frameworkMessage(driver, "{\"type\":\"kill\"}".getBytes(StandardCharsets.UTF_8));
    executor.frameworkMessage(driver, new byte[] {(byte) 0xc3, 0x28});

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertTrue(p.signals().isEmpty());
  }

  @Test
  public void stagingIsNeverSent() {
    DriverSink sink = new DriverSink();
    ExecutorDriver d = Mockito.mock(ExecutorDriver.class);
    Mockito.when(d.sendStatusUpdate(Mockito.any())).thenReturn(Status.DRIVER_RUNNING);
    sink.attach(d);
    try {
      sink.send(TaskStatus.newBuilder().setTaskId(id("t"))
          .setState(org.apache.mesos.Protos.TaskState.TASK_STAGING).build());
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage(), containsString("TASK_STAGING"));
    }
    Mockito.verify(d, Mockito.never()).sendStatusUpdate(Mockito.any());
  }

  @Test
  public void leftoversOfATaskThatEndedByItselfAreTerminatedBeforeItsTerminalUpdate() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9 & exit 0\"}");
    p.leaveBehind(2, false);

    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals("Command exited with status 0; 2 leftover processes were terminated: exited on"
        + " SIGTERM after 0 ms", last("t1").getMessage());
    assertEquals("{\"exit_code\":0,\"signal\":null}", data(last("t1")));
  }

  @Test
  public void leftoversThatIgnoreSigtermGetSigkillAfterTheGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\", \"kill_grace_period_ms\": 1000}");
    p.leaveBehind(1, true);

    p.exitWith(ExitStatus.fromJvm(3));
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    clock.advance(Duration.ofMillis(1)); // the next look at what is left

    TaskStatus end = last("t1");
    assertEquals(TASK_FAILED, end.getState());
    assertEquals("Command exited with status 3; 1 leftover process was terminated: did not exit"
        + " within the 1000 ms grace period after SIGTERM, so SIGKILL was sent; ended after 1001 ms",
        end.getMessage());
  }

  @Test
  public void aKilledTaskIsReportedOnlyOnceNothingOfItIsLeft() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\"}");
    p.leaveBehind(3, true); // the first process exits on SIGTERM, three others ignore it
    executor.killTask(driver, id("t1"));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1)); // SIGKILL
    clock.advance(Duration.ofMillis(1)); // the next look at what is left

    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertEquals("Task killed by killTask: 4 processes; did not exit within the 3000 ms grace period"
        + " after SIGTERM, so SIGKILL was sent; ended after 3001 ms (Command terminated with signal"
        + " Terminated)", end.getMessage());
  }

  @Test
  public void aTaskWhoseProcessesOutliveSigkillIsStillReported() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\", \"kill_grace_period_ms\": 100}");
    p.leaveBehind(1, true);
    p.exitWith(ExitStatus.fromJvm(0));
    clock.advance(Duration.ofMillis(100)); // SIGKILL to the leftover
    p.leaveBehind(1, true); // as if stuck in uninterruptible sleep: still listed after SIGKILL

    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    TaskStatus end = last("t1");
    assertEquals(TASK_FINISHED, end.getState());
    assertEquals("Command exited with status 0; leftover processes were sent SIGTERM and SIGKILL,"
        + " but processes [100001] were still present 2000 ms after SIGKILL", end.getMessage());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
  }

  @Test
  public void withCheckpointingTasksOutliveALostAgentThatComesBack() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);
    clock.advance(Duration.ofMinutes(10));
    executor.reregistered(driver, SlaveInfo.newBuilder().setHostname("agent")
        .setId(SlaveID.newBuilder().setValue("a1")).build());
    clock.advance(Duration.ofMinutes(10)); // past the recovery timeout of the first disconnection

    assertEquals(List.of(), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertFalse(driver.stopped());
  }

  @Test
  public void withCheckpointingAnAgentThatStaysAwayPastTheRecoveryTimeoutEndsTheTasks() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);
    clock.advance(RECOVERY_TIMEOUT.minusMillis(1));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("executor shutdown"));
  }

  @Test
  public void withoutCheckpointingLosingTheAgentShutsTheTasksDown() throws Exception {
    checkpoint = false;
    wire();
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("executor shutdown"));
  }

  @Test
  public void progressComesAfterRunningAndTheLastOneAfterTheExitCode() throws Exception {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\"}");
    Path stdout = sandbox.resolve("tasks/t1/stdout");
    Path stderr = sandbox.resolve("tasks/t1/stderr");

    java.nio.file.Files.writeString(stdout, "progress: 10 warming up\n",
        java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(100));
    java.nio.file.Files.writeString(stderr, "progress: 20.5 from stderr\n",
        java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(400)); // read, but held back: one message per second
    java.nio.file.Files.writeString(stdout, "progress: 99 almost\nno progress here\n",
        java.nio.file.StandardOpenOption.APPEND);
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(
        "{\"type\":\"directory\",\"task-id\":\"t1\",\"sandbox-directory\":\"/host/sandbox/tasks/t1\"}",
        "{\"task-id\":\"t1\",\"progress-sequence\":1,\"progress-percent\":10,"
            + "\"progress-message\":\"warming up\"}",
        "{\"task-id\":\"t1\",\"exit-code\":0}",
        "{\"task-id\":\"t1\",\"progress-sequence\":2,\"progress-percent\":99,"
            + "\"progress-message\":\"almost\"}"), driver.messages());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
  }

  @Test
  public void theNewestHeldBackProgressIsSentWhenItsIntervalEnds() throws Exception {
    register();
    launch("t1", "{\"command\":\"x\", \"progress\": {\"sample_interval_ms\": 1000}}");
    Path stdout = sandbox.resolve("tasks/t1/stdout");

    java.nio.file.Files.writeString(stdout, "progress: 1 a\n", java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(100));
    java.nio.file.Files.writeString(stdout, "progress: 2 b\nprogress: 3 c\n",
        java.nio.file.StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(899));
    assertEquals(2, driver.messages().size()); // directory, then 1
    clock.advance(Duration.ofMillis(1));

    assertThat(driver.messages().get(2), containsString("\"progress-sequence\":2,"
        + "\"progress-percent\":3,\"progress-message\":\"c\""));
  }

  // ---- health checks and checks ----

  private static final Duration SECOND = Duration.ofSeconds(1);

  /** A COMMAND health check every second from one second after the start. */
  private static HealthCheck health(double graceSeconds, int consecutiveFailures) {
    return HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
        .setCommand(CommandInfo.newBuilder().setValue("true"))
        .setDelaySeconds(1).setIntervalSeconds(1).setGracePeriodSeconds(graceSeconds)
        .setConsecutiveFailures(consecutiveFailures).build();
  }

  /** A TCP check of port 9 every second from one second after the start, without a timeout. */
  private static CheckInfo tcpCheck(double delaySeconds, double intervalSeconds) {
    return CheckInfo.newBuilder().setType(CheckInfo.Type.TCP)
        .setTcp(CheckInfo.Tcp.newBuilder().setPort(9))
        .setDelaySeconds(delaySeconds).setIntervalSeconds(intervalSeconds).setTimeoutSeconds(0)
        .build();
  }

  private FakeProcess launch(TaskInfo task) {
    executor.launchTask(driver, task);
    List<FakeProcess> all = launcher.launched();
    return all.get(all.size() - 1);
  }

  private FakeProcess launchWithHealthCheck(String id, HealthCheck h) {
    return launch(task(id, "{\"command\":\"sleep 9\"}").setHealthCheck(h).build());
  }

  /** The next attempt starts (time moves one interval on) and ends as told. */
  private void nextCheck(boolean pass) {
    clock.advance(SECOND);
    if (pass) {
      prober.pass("exit 0");
    } else {
      prober.fail("exit 1");
    }
  }

  @Test
  public void healthIsReportedOnTheFirstPassAndOnEveryChangeAfter() {
    register();
    launchWithHealthCheck("t1", health(0, 3));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertFalse(driver.updates("t1").get(1).hasHealthy());

    clock.advance(Duration.ofMillis(999));
    assertEquals("no attempt before the delay", 0, prober.started().size());
    nextCheck(true);
    assertEquals(new Probe.Command(List.of("/bin/sh", "-c", "true"), Map.of(), Optional.empty()),
        prober.started().get(0).probe);
    assertEquals(3, driver.updates("t1").size());
    TaskStatus healthy = last("t1");
    assertEquals(TASK_RUNNING, healthy.getState());
    assertTrue(healthy.hasHealthy());
    assertTrue(healthy.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy.getReason());
    assertThat(healthy.getMessage(), startsWith("Health check passed"));

    nextCheck(true);
    assertEquals("a second pass changes nothing", 3, driver.updates("t1").size());

    nextCheck(false);
    assertEquals(4, driver.updates("t1").size());
    TaskStatus unhealthy = last("t1");
    assertEquals(TASK_RUNNING, unhealthy.getState());
    assertTrue(unhealthy.hasHealthy());
    assertFalse(unhealthy.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, unhealthy.getReason());
    assertThat(unhealthy.getMessage(), containsString("failed once"));

    nextCheck(true);
    assertEquals(5, driver.updates("t1").size());
    assertTrue(last("t1").getHealthy());
    assertThat(last("t1").getMessage(), startsWith("Health check passed"));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING),
        driver.states("t1"));
  }

  @Test
  public void consecutiveHealthCheckFailuresKillTheTask() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launchWithHealthCheck("t1", health(0, 3));
    p.ignoreSigterm(); // stays in TASK_KILLING until the test ends it

    nextCheck(false);
    nextCheck(false);
    assertEquals(List.of(), p.signals());
    nextCheck(false);

    List<TaskStatus> updates = driver.updates("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING,
        TASK_KILLING), driver.states("t1"));
    assertThat(updates.get(2).getMessage(), containsString("failed once"));
    assertThat(updates.get(3).getMessage(), containsString("failed 2 times in a row"));
    assertThat(updates.get(4).getMessage(), containsString("failed 3 times in a row"));
    for (TaskStatus s : updates.subList(2, 5)) {
      assertFalse(s.getHealthy());
      assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, s.getReason());
    }
    TaskStatus killing = updates.get(5);
    assertTrue("TASK_KILLING says why: the task is unhealthy", killing.hasHealthy());
    assertFalse(killing.getHealthy());
    assertEquals(List.of(Signal.TERM), p.signals());

    int attempts = prober.started().size();
    clock.advance(Duration.ofMillis(2500)); // within the 3 s grace period
    assertEquals("no attempt once the kill began", attempts, prober.started().size());
    assertEquals(6, driver.updates("t1").size());
    p.exitWith(ExitStatus.fromJvm(128 + 15));

    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertTrue(end.hasHealthy());
    assertFalse(end.getHealthy());
    assertThat(end.getMessage(), containsString("failing health checks"));
    assertEquals(7, driver.updates("t1").size());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(attempts, prober.started().size());
    assertEquals(7, driver.updates("t1").size());
  }

  @Test
  public void aHealthCheckKillWithoutTheKillingCapabilityGoesStraightToKilled() {
    register();
    FakeProcess p = launchWithHealthCheck("t1", health(0, 1));

    nextCheck(false);

    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLED),
        driver.states("t1"));
    assertThat(driver.updates("t1").get(2).getMessage(), containsString("the task is killed"));
    assertFalse(last("t1").getHealthy());
    assertThat(last("t1").getMessage(), containsString("failing health checks"));
    assertEquals("{\"exit_code\":143,\"signal\":15}", data(last("t1")));
  }

  @Test
  public void aHealthCheckKillAbortsTheChecksRunningAttempt() {
    register();
    TaskInfo t = task("t1", "{\"command\":\"sleep 9\"}").setHealthCheck(health(0, 1))
        .setCheck(tcpCheck(0.5, 10)).build();
    FakeProcess p = launch(t);
    p.ignoreSigterm();
    clock.advance(Duration.ofMillis(500));
    FakeProber.Started check = prober.pending();
    assertEquals(new Probe.Tcp(9, false), check.probe);

    clock.advance(Duration.ofMillis(500));
    prober.fail("exit 1"); // the newest attempt: the health check's

    assertTrue(check.aborted());
    attemptResults.get(0).complete(new Outcome(true, "connected",
        CheckStatusInfo.newBuilder().setType(CheckInfo.Type.TCP)
            .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(true)).build()));
    clock.advance(Duration.ofSeconds(3)); // the grace period ends: SIGKILL
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLED),
        driver.states("t1"));
    assertFalse("the aborted check's late result is not reported",
        last("t1").getCheckStatus().getTcp().hasSucceeded());
  }

  @Test
  public void failuresWithinTheGracePeriodAreNotReported() {
    register();
    launchWithHealthCheck("t1", health(10, 3));

    for (int i = 1; i <= 10; i++) { // the last one exactly at the end of the grace period
      nextCheck(false);
    }
    assertEquals(10, prober.started().size());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));

    nextCheck(false);
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("failed once"));
  }

  @Test
  public void killTaskStopsHealthChecking() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launchWithHealthCheck("t1", health(0, 3));
    p.ignoreSigterm();
    nextCheck(true);
    clock.advance(SECOND); // an attempt is running
    FakeProber.Started running = prober.pending();

    executor.killTask(driver, id("t1"));

    assertTrue(running.aborted());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING),
        driver.states("t1"));
    attemptResults.get(attemptResults.size() - 1).complete(new Outcome(false, "exit 1",
        CheckStatusInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
            .setCommand(CheckStatusInfo.Command.newBuilder().setExitCode(1)).build()));
    assertEquals("a result after the kill is not reported", 4, driver.updates("t1").size());
    clock.advance(Duration.ofSeconds(3)); // SIGKILL ends the task
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    int attempts = prober.started().size();
    clock.advance(Duration.ofMinutes(1));

    assertEquals(attempts, prober.started().size());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("killTask"));
  }

  @Test
  public void checkResultsAreReportedWhenTheyChange() {
    register();
    FakeProcess p = launch(task("t1", "{\"command\":\"sleep 9\"}").setCheck(tcpCheck(1, 1))
        .build());

    for (TaskStatus s : driver.updates("t1")) {
      assertTrue(s.getState() + " carries the check's status", s.hasCheckStatus());
      assertEquals(CheckInfo.Type.TCP, s.getCheckStatus().getType());
      assertTrue(s.getCheckStatus().hasTcp());
      assertFalse("no result yet", s.getCheckStatus().getTcp().hasSucceeded());
    }
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));

    nextCheck(true);
    assertEquals(3, driver.updates("t1").size());
    TaskStatus changed = last("t1");
    assertEquals(TASK_RUNNING, changed.getState());
    assertEquals(Reason.REASON_TASK_CHECK_STATUS_UPDATED, changed.getReason());
    assertTrue(changed.getCheckStatus().getTcp().getSucceeded());
    assertFalse("a check says nothing of health", changed.hasHealthy());

    nextCheck(true);
    assertEquals("the same result again is not sent", 3, driver.updates("t1").size());

    nextCheck(false);
    assertEquals(4, driver.updates("t1").size());
    assertEquals(Reason.REASON_TASK_CHECK_STATUS_UPDATED, last("t1").getReason());
    assertTrue(last("t1").getCheckStatus().getTcp().hasSucceeded());
    assertFalse(last("t1").getCheckStatus().getTcp().getSucceeded());

    p.exitWith(ExitStatus.fromJvm(0));
    TaskStatus end = last("t1");
    assertEquals(TASK_FINISHED, end.getState());
    assertEquals(CheckInfo.Type.TCP, end.getCheckStatus().getType());
    assertTrue(end.getCheckStatus().getTcp().hasSucceeded());
    assertFalse(end.getCheckStatus().getTcp().getSucceeded());
  }

  @Test
  public void anInvalidHealthCheckIsATaskErrorNamingTheField() {
    register();
    TaskInfo t = task("t1", "{\"command\":\"sleep 9\"}").setHealthCheck(HealthCheck.newBuilder()
        .setType(HealthCheck.Type.HTTP)
        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(0))).build();

    executor.launchTask(driver, t);

    assertEquals(List.of(TASK_ERROR), driver.states("t1"));
    assertEquals(Reason.REASON_TASK_INVALID, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("TaskInfo.health_check.http.port"));
    assertTrue(launcher.launched().isEmpty());
  }

  @Test
  public void theSpecsHealthCheckWinsOverTheTaskInfos() {
    register();
    launch(task("t1", "{\"command\":\"sleep 9\",\"health_check\":{\"type\":\"TCP\","
        + "\"tcp\":{\"port\":8080},\"delay_seconds\":2,\"grace_period_seconds\":0}}")
        .setHealthCheck(health(0, 3)).build());

    clock.advance(Duration.ofMillis(1999));
    assertEquals(0, prober.started().size());
    clock.advance(Duration.ofMillis(1));

    assertEquals(new Probe.Tcp(8080, false), prober.pending().probe);
    prober.fail("refused");
    assertThat(last("t1").getMessage(), containsString("Health check failed once: refused"));
  }
}
