package org.mesosexec.task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.time.Scheduler;

/** A task supervisor over the given launcher, timer and workers, with default settings. */
final class Supervisors {
  private Supervisors() {}

  /** Status updates go to {@code updates}; framework messages are dropped. */
  static TaskSupervisor over(
      ProcessLauncher launcher,
      Scheduler clock,
      Executor workers,
      Path sandbox,
      Consumer<TaskStatus> updates) {
    StatusSink sink =
        new StatusSink() {
          @Override
          public void send(TaskStatus status) {
            updates.accept(status);
          }

          @Override
          public void frameworkMessage(byte[] data) {}
        };
    TaskContext ctx =
        new TaskContext(
            sink,
            launcher,
            clock,
            workers,
            new TaskSources(List.of()),
            sandbox,
            Path.of("/host/sandbox"),
            Map.of("PATH", "/usr/bin:/bin"),
            Hooks.none(),
            Settings.defaults(),
            new FakeProber());
    return new TaskSupervisor(ctx, Duration.ofMinutes(1));
  }
}
