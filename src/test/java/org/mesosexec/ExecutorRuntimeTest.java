package org.mesosexec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.Protos.TaskState;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeOrphans;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.ManualPool;
import org.mesosexec.testing.RecordingDriver;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;

/**
 * The executor wired on fake {@link ExecutorParts}: the idle timer ends in a shutdown that stops
 * the driver, orphans are reaped on a timer and killed at the end, and closing the runtime stops
 * the parts' threads.
 */
public class ExecutorRuntimeTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher launcher = new FakeLauncher();
  private final RecordingDriver driver = new RecordingDriver();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private ExecutorRuntime start(boolean subreaper) {
    ExecutorParts parts =
        new ExecutorParts(
            clock,
            Runnable::run,
            launcher,
            new FakeProber(),
            Hooks.none(),
            new FakeOrphans(subreaper, calls),
            () -> calls.add("threads stopped"),
            new ManualPool());
    Settings settings =
        Settings.fromEnvironment(
            Map.of("EXECUTOR_IDLE_TIMEOUT", "10secs", "EXECUTOR_STOP_DELAY", "1secs"));
    ExecutorRuntime runtime =
        new ExecutorRuntime(
            settings, Map.of("PATH", "/usr/bin:/bin"), tmp.getRoot().toPath(), List.of(), parts);
    runtime
        .executor()
        .registered(driver, Tasks.executorInfo(), Tasks.framework(false), Tasks.agent());
    return runtime;
  }

  @Test
  public void anIdleExecutorShutsDownAndStopsTheDriver() {
    ExecutorRuntime runtime = start(false);
    runtime.executor().launchTask(driver, Tasks.shell("t", "true"));
    launcher.launched().get(0).exitWith(ExitStatus.fromJvm(0));

    clock.advance(Duration.ofSeconds(10));
    assertTrue("the idle timer began the shutdown", runtime.shutdown().begun());
    assertFalse("the stop waits for the stop delay", driver.stopped());
    clock.advance(Duration.ofSeconds(1));

    assertTrue(driver.stopped());
    assertEquals(List.of("kill adopted"), calls);
    assertEquals(
        List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED),
        driver.states("t"));
  }

  @Test
  public void orphansAreReapedEverySecondUnderASubreaperAndKilledOnClose() {
    ExecutorRuntime runtime = start(true);

    clock.advance(Duration.ofSeconds(3));
    assertEquals(List.of("reap", "reap", "reap"), calls);

    runtime.close();
    assertEquals(List.of("reap", "reap", "reap", "reap", "kill adopted", "threads stopped"), calls);
    clock.advance(Duration.ofSeconds(3));
    assertEquals("no reaping after close", 6, calls.size());
  }

  @Test
  public void withoutASubreaperNoReapTimerIsSet() {
    start(false);

    assertEquals(0, clock.pending());
  }
}
