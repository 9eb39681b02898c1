package org.mesosexec.task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.ManualPool;
import org.mesosexec.time.Scheduler;

/** A task supervisor, or the context of its tasks, over fakes, with default settings. */
final class Supervisors {
  private Supervisors() {}

  /** Status updates go to {@code updates}; framework messages are dropped. */
  static TaskSupervisor over(
      ProcessLauncher launcher,
      Scheduler clock,
      Executor workers,
      Path sandbox,
      Consumer<TaskStatus> updates,
      EventShipper events) {
    return new TaskSupervisor(
        context(launcher, clock, workers, sandbox, updates, events), Duration.ofMinutes(1));
  }

  /** What the runs share, with default settings and no hooks; updates go to {@code updates}. */
  static TaskContext context(
      ProcessLauncher launcher,
      Scheduler clock,
      Executor workers,
      Path sandbox,
      Consumer<TaskStatus> updates,
      EventShipper events) {
    return context(
        launcher, clock, workers, sandbox, updates, Hooks.none(), new FakeProber(), events);
  }

  /**
   * The context of a task's collaborators tested on their own (the sink drops what it gets): {@code
   * Runnable::run} as {@code workers} runs what is handed to them at once.
   */
  static TaskContext context(
      Scheduler clock, Executor workers, Hooks hooks, Prober prober, EventShipper events) {
    return context(
        new FakeLauncher(), clock, workers, Path.of("/sandbox"), u -> {}, hooks, prober, events);
  }

  private static TaskContext context(
      ProcessLauncher launcher,
      Scheduler clock,
      Executor workers,
      Path sandbox,
      Consumer<TaskStatus> updates,
      Hooks hooks,
      Prober prober,
      EventShipper events) {
    StatusSink sink =
        new StatusSink() {
          @Override
          public void send(TaskStatus status) {
            updates.accept(status);
          }

          @Override
          public void frameworkMessage(byte[] data) {}
        };
    return new TaskContext(
        sink,
        launcher,
        clock,
        workers,
        new TaskSources(List.of()),
        sandbox,
        Path.of("/host/sandbox"),
        Map.of("PATH", "/usr/bin:/bin"),
        hooks,
        Settings.defaults(),
        prober,
        new JvmThreads(Settings.defaults().jvm(), sandbox, new ManualPool()),
        events);
  }

  /** A shipper of the tasks' events as the default settings size it; the test closes it. */
  static EventShipper events() {
    return new EventShipper(Settings.defaults().events().buffer());
  }
}
