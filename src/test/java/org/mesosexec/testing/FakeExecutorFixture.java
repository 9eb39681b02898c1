package org.mesosexec.testing;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.ExecutorParts;
import org.mesosexec.ExecutorRuntime;
import org.mesosexec.health.Outcome;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.mesos.MesosExecutor;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeLauncher.FakeProcess;

/**
 * An executor wired as in production but with fakes: puppet processes ({@link FakeLauncher}), a
 * manual clock ({@link FakeScheduler}), scripted check attempts ({@link FakeProber}) and a {@link
 * RecordingDriver}; work handed to the workers runs at once unless {@code holdWork} is set. The
 * base of the tests that drive the task lifecycle through the {@link org.apache.mesos.Executor}
 * callbacks.
 */
public abstract class FakeExecutorFixture {
  protected static final Duration GRACE_PERIOD = Duration.ofSeconds(5);
  protected static final Duration STOP_DELAY = Duration.ofSeconds(1);
  protected static final Duration IDLE = Duration.ofSeconds(10);
  protected static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(15);
  protected boolean checkpoint = true;
  protected Path sandbox;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  protected final FakeScheduler clock = new FakeScheduler();
  protected final FakeLauncher launcher = new FakeLauncher();
  protected final RecordingDriver driver = new RecordingDriver();
  protected final FakeProber prober = new FakeProber();

  /** The JVM tasks' threads: a task runs once the test starts it ({@link ManualPool#startNext}). */
  protected final ManualPool jvmPool = new ManualPool();

  /** The result of every check attempt, so that a test can end one the executor aborted. */
  protected final List<CompletableFuture<Outcome>> attemptResults = new CopyOnWriteArrayList<>();

  protected final Deque<Runnable> pendingWork = new ArrayDeque<>();
  protected boolean holdWork;
  protected MesosExecutor executor;

  @Before
  public void wire() throws Exception {
    Executor workers =
        r -> {
          if (holdWork) {
            pendingWork.add(r);
          } else {
            r.run();
          }
        };
    Prober probes =
        (probe, target, timeout) -> {
          Prober.Attempt attempt = prober.start(probe, target, timeout);
          attemptResults.add(attempt.result());
          return attempt;
        };
    sandbox = tmp.newFolder().toPath();
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", GRACE_PERIOD.toMillis() + "ms",
                "EXECUTOR_STOP_DELAY", STOP_DELAY.toMillis() + "ms",
                "EXECUTOR_IDLE_TIMEOUT", IDLE.toMillis() + "ms",
                "MESOS_RECOVERY_TIMEOUT", RECOVERY_TIMEOUT.toMillis() + "ms",
                "MESOS_CHECKPOINT", checkpoint ? "1" : "0",
                "MESOS_DIRECTORY", "/host/sandbox"));
    env.putAll(moreSettings());
    Settings settings = Settings.fromEnvironment(env);
    ExecutorParts parts =
        new ExecutorParts(
            clock,
            workers,
            launcher,
            probes,
            Hooks.none(),
            ExecutorParts.Orphans.none(),
            () -> {},
            jvmPool);
    executor =
        new ExecutorRuntime(settings, Map.of("PATH", "/usr/bin:/bin"), sandbox, List.of(), parts)
            .executor();
  }

  /** Settings a test class adds to (or changes in) the executor's environment. */
  protected Map<String, String> moreSettings() {
    return Map.of();
  }

  protected void register(FrameworkInfo.Capability.Type... capabilities) {
    FrameworkInfo.Builder fw =
        FrameworkInfo.newBuilder()
            .setName("fw")
            .setUser("u")
            .setId(FrameworkID.newBuilder().setValue("fw-1"));
    for (FrameworkInfo.Capability.Type c : capabilities) {
      fw.addCapabilitiesBuilder().setType(c);
    }
    executor.registered(
        driver,
        ExecutorInfo.newBuilder()
            .setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
            .setCommand(org.apache.mesos.Protos.CommandInfo.newBuilder().setValue("x"))
            .build(),
        fw.build(),
        SlaveInfo.newBuilder()
            .setHostname("agent")
            .setId(SlaveID.newBuilder().setValue("a1"))
            .build());
  }

  protected static TaskInfo.Builder task(String id, String specJson) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setSlaveId(SlaveID.newBuilder().setValue("a1"))
        .setData(ByteString.copyFrom(specJson, StandardCharsets.UTF_8));
  }

  protected FakeProcess launch(String id, String specJson) {
    executor.launchTask(driver, task(id, specJson).build());
    List<FakeProcess> all = launcher.launched();
    return all.get(all.size() - 1);
  }

  protected TaskStatus last(String id) {
    List<TaskStatus> updates = driver.updates(id);
    return updates.get(updates.size() - 1);
  }

  protected static String data(TaskStatus s) {
    return s.getData().toString(StandardCharsets.UTF_8);
  }

  protected static TaskID id(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }

  protected FakeProcess launch(TaskInfo task) {
    executor.launchTask(driver, task);
    List<FakeProcess> all = launcher.launched();
    return all.get(all.size() - 1);
  }

  /**
   * The next attempt of a check that runs every second starts (time moves one second on) and ends
   * as told.
   */
  protected void nextCheck(boolean pass) {
    clock.advance(Duration.ofSeconds(1));
    if (pass) {
      prober.pass("exit 0");
    } else {
      prober.fail("exit 1");
    }
  }
}
