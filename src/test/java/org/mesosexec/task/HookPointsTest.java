package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.Labels;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.hooks.TaskHook;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.mesos.DriverSink;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.ManualPool;
import org.mesosexec.testing.RecordingDriver;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/**
 * The three hook points as a task sees them, with Java hooks and puppet processes: what a hook adds
 * to the environment, what its failure does to the task, and when it runs relative to the signals.
 */
public class HookPointsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Bounds each hook run; an odd value, so that no other timer is set for as long. */
  private static final Duration HOOK_TIMEOUT = Duration.ofMillis(5003);

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher launcher = new FakeLauncher();
  private final RecordingDriver driver = new RecordingDriver();
  private final FakeProber prober = new FakeProber();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final EventShipper shipper = new EventShipper(Settings.defaults().events().buffer());
  private Hooks hooks;
  private TaskSupervisor supervisor;

  private void wire(TaskHook hook) throws Exception {
    DriverSink sink = new DriverSink();
    sink.attach(driver);
    hooks =
        Hooks.of(
            List.of(hook),
            HOOK_TIMEOUT,
            new Hooks.Context(
                Map.of(),
                ProcessTracker.start(Optional.empty()),
                new Signaller(Optional.empty()),
                clock));
    TaskContext ctx =
        new TaskContext(
            sink,
            launcher,
            clock,
            Runnable::run,
            new TaskSources(List.of()),
            tmp.newFolder().toPath(),
            Path.of("/host/sandbox"),
            Map.of(
                "PATH",
                "/usr/bin:/bin",
                "MESOS_EXECUTOR_ID",
                "exec-1",
                "MESOS_FRAMEWORK_ID",
                "fw-1"),
            hooks,
            Settings.defaults(),
            prober,
            new JvmThreads(Settings.defaults().jvm(), Path.of("/sandbox"), new ManualPool()),
            shipper);
    supervisor = new TaskSupervisor(ctx, Duration.ofSeconds(10));
  }

  @After
  public void closeHooksAndEvents() {
    if (hooks != null) {
      hooks.close();
    }
    shipper.close();
  }

  private static TaskInfo task(String id) {
    return TaskInfo.newBuilder()
        .setName("name-of-" + id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setSlaveId(SlaveID.newBuilder().setValue("agent-7"))
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("team").setValue("ops")))
        .setData(ByteString.copyFrom("{\"command\":\"sleep 9\"}", StandardCharsets.UTF_8))
        .build();
  }

  private FakeProcess awaitProcess() throws InterruptedException {
    driver.awaitState("t1", TASK_RUNNING, WAIT);
    return launcher.launched().get(0);
  }

  @Test
  public void beforeStartAddsVariablesAndSeesTheTasksMetadata() throws Exception {
    TaskMetadata[] seen = new TaskMetadata[1];
    wire(
        new TaskHook() {
          @Override
          public Map<String, String> beforeStart(TaskMetadata task) {
            seen[0] = task;
            return Map.of("CONSUL_SERVICE", "web", "MESOS_TASK_ID", "hijacked");
          }
        });

    supervisor.launch(task("t1"));
    awaitProcess();

    Map<String, String> env = launcher.requests().get(0).environment();
    assertEquals("web", env.get("CONSUL_SERVICE"));
    assertEquals("hooks cannot replace what Mesos tasks rely on", "t1", env.get("MESOS_TASK_ID"));
    assertEquals("t1", seen[0].taskId());
    assertEquals("name-of-t1", seen[0].taskName());
    assertEquals("exec-1", seen[0].executorId());
    assertEquals("fw-1", seen[0].frameworkId());
    assertEquals("agent-7", seen[0].agentId());
    assertEquals(Map.of("team", "ops"), seen[0].labels());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
  }

  @Test
  public void aFailingBeforeStartHookFailsTheTaskWithItsMessage() throws Exception {
    wire(
        new TaskHook() {
          @Override
          public String name() {
            return "consul-register";
          }

          @Override
          public Map<String, String> beforeStart(TaskMetadata task) {
            throw new IllegalStateException("consul is unreachable");
          }
        });

    supervisor.launch(task("t1"));
    TaskStatus end = driver.awaitTerminal("t1", WAIT);

    assertEquals(TASK_FAILED, end.getState());
    assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, end.getReason());
    assertThat(end.getMessage(), containsString("consul-register"));
    assertThat(end.getMessage(), containsString("consul is unreachable"));
    assertEquals(List.of(TASK_STARTING, TASK_FAILED), driver.states("t1"));
    assertEquals("the process never started", List.of(), launcher.launched());
  }

  @Test
  public void beforeTerminateRunsBeforeSigtermAndItsFailureDoesNotStopTheKill() throws Exception {
    FakeProcess[] process = new FakeProcess[1];
    wire(
        new TaskHook() {
          @Override
          public void beforeTerminate(TaskMetadata task) {
            events.add(
                "hook saw pid " + task.pid().orElse(-1) + ", signals " + process[0].signals());
            throw new IllegalStateException("deregistration failed");
          }
        });
    supervisor.launch(task("t1"));
    process[0] = awaitProcess();

    supervisor.kill(TaskID.newBuilder().setValue("t1").build());
    TaskStatus end = driver.awaitTerminal("t1", WAIT);

    assertEquals(List.of("hook saw pid " + process[0].pid().getAsLong() + ", signals []"), events);
    assertEquals(List.of(Signal.TERM), process[0].signals());
    assertEquals(TASK_KILLED, end.getState());
    assertThat(end.getMessage(), containsString("Task killed by killTask: exited on SIGTERM"));
  }

  @Test
  public void aFailingAfterHealthyHookKillsTheTaskAndRunsOnlyOnce() throws Exception {
    wire(
        new TaskHook() {
          @Override
          public void afterHealthy(TaskMetadata task) {
            events.add("after-healthy " + task.taskId());
            throw new IllegalStateException("load balancer refused the task");
          }
        });
    supervisor.launch(healthChecked("t1"));
    FakeProcess p = awaitProcess();

    awaitAttempt(1);
    prober.pass("exit 0");
    TaskStatus end = driver.awaitTerminal("t1", WAIT);

    assertEquals(List.of("after-healthy t1"), events);
    assertEquals(TASK_KILLED, end.getState());
    assertThat(end.getMessage(), containsString("Task killed by a failed after-healthy hook"));
    assertThat(end.getMessage(), containsString("load balancer refused the task"));
    assertEquals(List.of(Signal.TERM), p.signals());
  }

  @Test
  public void aPassingAfterHealthyHookLeavesTheTaskRunning() throws Exception {
    wire(
        new TaskHook() {
          @Override
          public void afterHealthy(TaskMetadata task) {
            events.add("after-healthy " + task.taskId());
          }
        });
    supervisor.launch(healthChecked("t1"));
    FakeProcess p = awaitProcess();

    awaitAttempt(1);
    prober.pass("exit 0");
    awaitEvents(1);
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals(List.of(), p.signals());
  }

  /** A task with a COMMAND health check every second, no grace period, 3 failures to kill. */
  private TaskInfo healthChecked(String id) {
    return TaskInfo.newBuilder(task(id))
        .setHealthCheck(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.COMMAND)
                .setCommand(CommandInfo.newBuilder().setValue("true"))
                .setDelaySeconds(1)
                .setIntervalSeconds(1)
                .setGracePeriodSeconds(0)
                .setConsecutiveFailures(3))
        .build();
  }

  private void awaitEvents(int n) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (events.size() < n && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertEquals(n, events.size());
  }

  /** Moves time on until the health checker has started its {@code n}th attempt. */
  private void awaitAttempt(int n) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (prober.started().size() < n) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "no health check attempt " + n + "; started " + prober.started().size());
      }
      clock.advance(Duration.ofMillis(100));
      Thread.sleep(1);
    }
  }

  @Test
  public void aPassingHealthCheckRunsTheAfterHealthyHookOnceOnly() throws Exception {
    wire(
        new TaskHook() {
          @Override
          public void afterHealthy(TaskMetadata task) {
            events.add("after-healthy " + task.taskId() + " pid " + task.pid().orElse(-1));
          }
        });
    supervisor.launch(healthChecked("t1"));
    FakeProcess p = awaitProcess();

    awaitAttempt(1);
    prober.pass("exit 0");
    awaitEvents(1);
    long hookRuns = hookRunsStarted(); // before-start's and the first after-healthy's
    awaitAttempt(2);
    prober.fail("exit 1");
    awaitAttempt(3);
    prober.pass("exit 0");
    awaitUpdates("t1", 5);
    p.exitWith(ExitStatus.fromJvm(0));
    assertEquals(TASK_FINISHED, driver.awaitTerminal("t1", WAIT).getState());

    // The run has ended. The health step that would have started the hook again sent its update
    // and let go of the task's lock before the exit's step sent the terminal update; and a hook
    // run sets its timeout timer the moment it starts, before its body runs.
    assertEquals("hook runs started", hookRuns, hookRunsStarted());
    assertEquals(List.of("after-healthy t1 pid " + p.pid().getAsLong()), events);
    List<TaskStatus> updates = driver.updates("t1");
    assertEquals(
        List.of(
            TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_FINISHED),
        driver.states("t1"));
    assertEquals(
        List.of(true, false, true),
        updates.subList(2, 5).stream().map(TaskStatus::getHealthy).toList());
    assertEquals(List.of(), p.signals());
  }

  /** Hook runs started so far (each hook point runs the Java hook, if only its default no-op). */
  private long hookRunsStarted() {
    return clock.delays().stream().filter(HOOK_TIMEOUT::equals).count();
  }

  /** Waits until the task has sent {@code n} updates. */
  private void awaitUpdates(String taskId, int n) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (driver.updates(taskId).size() < n) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + n + " updates: " + driver.states(taskId));
      }
      Thread.sleep(1);
    }
  }
}
