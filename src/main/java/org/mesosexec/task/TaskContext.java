package org.mesosexec.task;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.settings.Settings;
import org.mesosexec.time.Scheduler;

/**
 * What every task run shares: where to report, how to launch, the timers, the worker pool, and the
 * sandbox.
 *
 * @param sink where status updates go
 * @param launcher starts processes
 * @param scheduler timers and monotonic time
 * @param workers runs task work off the driver's callback thread
 * @param sources resolves a TaskInfo into a spec
 * @param sandbox the executor's sandbox as the executor sees it ({@code MESOS_SANDBOX}); each task
 *     gets {@code tasks/<task-id>/} in it
 * @param hostSandbox the same directory as the agent's host sees it ({@code MESOS_DIRECTORY}),
 *     which is what the scheduler is told
 * @param baseEnvironment the environment every task starts from (reset variables removed)
 * @param hooks the operator's lifecycle hooks
 * @param settings the executor's settings (progress tracking defaults)
 * @param prober runs health check and check attempts
 * @param jvm what the JVM tasks share: their loader and threads
 * @param events ships the tasks' output events
 */
public record TaskContext(
    StatusSink sink,
    ProcessLauncher launcher,
    Scheduler scheduler,
    Executor workers,
    TaskSources sources,
    Path sandbox,
    Path hostSandbox,
    Map<String, String> baseEnvironment,
    Hooks hooks,
    Settings settings,
    Prober prober,
    JvmThreads jvm,
    EventShipper events) {
  public TaskContext {
    Objects.requireNonNull(sink);
    Objects.requireNonNull(launcher);
    Objects.requireNonNull(scheduler);
    Objects.requireNonNull(workers);
    Objects.requireNonNull(sources);
    Objects.requireNonNull(sandbox);
    Objects.requireNonNull(hostSandbox);
    baseEnvironment = Map.copyOf(baseEnvironment);
    Objects.requireNonNull(hooks);
    Objects.requireNonNull(settings);
    Objects.requireNonNull(prober);
    Objects.requireNonNull(jvm);
    Objects.requireNonNull(events);
  }

  /** The one way to hand this executor's task work to its workers. */
  public TaskThreads threads() {
    return new TaskThreads(workers);
  }
}
