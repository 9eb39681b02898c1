package org.mesosexec.mesos;

import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.output.EventShipper;
import org.mesosexec.settings.Settings;
import org.mesosexec.task.TaskContext;
import org.mesosexec.task.TaskSources;
import org.mesosexec.task.TaskSupervisor;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.ManualPool;

/** Both ends are required: a callback or a shutdown must never find one of them missing. */
public class ExecutorCoreTest {
  @Test
  public void neitherEndMayBeMissing() {
    DriverSink sink = new DriverSink();
    try (EventShipper events = new EventShipper(Settings.defaults().events().buffer())) {
      TaskSupervisor tasks =
          new TaskSupervisor(
              new TaskContext(
                  sink,
                  new FakeLauncher(),
                  new FakeScheduler(),
                  Runnable::run,
                  new TaskSources(List.of()),
                  Path.of("/sandbox"),
                  Path.of("/host/sandbox"),
                  Map.of(),
                  Hooks.none(),
                  Settings.defaults(),
                  new FakeProber(),
                  new JvmThreads(Settings.defaults().jvm(), Path.of("/sandbox"), new ManualPool()),
                  events),
              Duration.ofMinutes(1));

      assertThrows(NullPointerException.class, () -> new ExecutorCore(null, tasks));
      assertThrows(NullPointerException.class, () -> new ExecutorCore(sink, null));
    }
  }
}
