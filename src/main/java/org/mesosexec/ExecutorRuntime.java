package org.mesosexec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.mesos.AgentRecovery;
import org.mesosexec.mesos.DriverSink;
import org.mesosexec.mesos.ExecutorCore;
import org.mesosexec.mesos.ExecutorShutdown;
import org.mesosexec.mesos.MesosExecutor;
import org.mesosexec.mesos.ShutdownTimes;
import org.mesosexec.output.EventShipper;
import org.mesosexec.settings.Settings;
import org.mesosexec.settings.SettingsException;
import org.mesosexec.task.TaskContext;
import org.mesosexec.task.TaskSources;
import org.mesosexec.task.TaskSupervisor;
import org.mesosexec.time.Scheduler;

/**
 * The executor's object graph, wired by hand in one place: the same for the Mesos driver and the
 * local mode, which differ only in the driver they run it under.
 */
public final class ExecutorRuntime implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ExecutorRuntime.class);

  private final ExecutorParts parts;
  private final EventShipper events;
  private final OrphanCare orphans;
  private final ExecutorShutdown shutdown;
  private final TaskSupervisor supervisor;
  private final Duration shutdownBound;
  private final MesosExecutor executor;
  private final Path sandbox;

  /**
   * The executor on its production parts ({@link ExecutorParts#defaults}).
   *
   * @param settings validated settings
   * @param environment the executor's environment (tasks start from it)
   * @param sandbox the executor's sandbox directory
   * @param defaultArgs the executor's trailing arguments, the default command
   * @throws SettingsException if the hooks directory does not hold valid hooks
   */
  public ExecutorRuntime(
      Settings settings, Map<String, String> environment, Path sandbox, List<String> defaultArgs) {
    this(
        settings,
        environment,
        sandbox,
        defaultArgs,
        ExecutorParts.defaults(settings, settings.taskEnvironment(environment), sandbox));
  }

  /**
   * The executor on the given parts, which it owns from now on: {@link #close} stops them.
   *
   * @param parts the OS-facing components, made for the same settings and sandbox
   */
  public ExecutorRuntime(
      Settings settings,
      Map<String, String> environment,
      Path sandbox,
      List<String> defaultArgs,
      ExecutorParts parts) {
    this.parts = Objects.requireNonNull(parts);
    this.sandbox = Objects.requireNonNull(sandbox);
    this.events = new EventShipper(settings.events().buffer());
    Scheduler scheduler = parts.scheduler();
    DriverSink sink = new DriverSink();
    orphans = new OrphanCare(parts.orphans(), scheduler);
    orphans.start();
    supervisor =
        new TaskSupervisor(
            taskContext(settings, environment, sandbox, defaultArgs, sink), settings.idleTimeout());
    ExecutorCore core = new ExecutorCore(sink, supervisor);
    shutdown =
        new ExecutorShutdown(
            core,
            scheduler,
            new ShutdownTimes(settings.shutdownGracePeriod(), settings.stopDelay()),
            orphans::killAdopted);
    supervisor.idle().thenRun(() -> shutdown.begin("idle"));
    supervisor
        .woundDown()
        .thenAccept(id -> shutdown.begin("the thread of JVM task " + id + " was abandoned"));
    shutdownBound = settings.shutdownGracePeriod();
    executor =
        new MesosExecutor(
            core, shutdown, new AgentRecovery(settings.agent(), scheduler, supervisor, shutdown));
  }

  /** What every task shares; its updates go to {@code sink}. */
  private TaskContext taskContext(
      Settings settings,
      Map<String, String> environment,
      Path sandbox,
      List<String> defaultArgs,
      DriverSink sink) {
    return new TaskContext(
        sink,
        parts.launcher(),
        parts.scheduler(),
        parts.workers(),
        new TaskSources(defaultArgs),
        sandbox,
        settings.agent().hostSandbox(sandbox),
        settings.taskEnvironment(environment),
        parts.hooks(),
        settings,
        parts.prober(),
        new JvmThreads(settings.jvm(), sandbox, parts.jvmThreads()),
        events);
  }

  /** The {@link org.apache.mesos.Executor} to hand to a driver. */
  public MesosExecutor executor() {
    return executor;
  }

  /** The shutdown path; the JVM's SIGTERM hook uses it too. */
  public ExecutorShutdown shutdown() {
    return shutdown;
  }

  /**
   * Runs the graceful shutdown when the JVM gets SIGTERM or SIGINT: waits for it, bounded by the
   * agent's grace period, then halts with {@code exitCode}. Returns the hook, so that a normal exit
   * can remove it first.
   */
  public Thread installShutdownHook(Duration bound, IntSupplier exitCode) {
    Thread hook =
        new Thread(
            () -> {
              LOG.info("JVM is stopping (signal); shutting the executor down");
              try {
                shutdown.begin("signal").get(bound.toMillis(), TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                LOG.warn("Shutdown did not finish within {}: {}", bound, e.toString());
              }
              orphans.killAdopted();
              dropSpares(); // halt skips close()
              int code = exitCode.getAsInt();
              LogManager.shutdown();
              Runtime.getRuntime().halt(code);
            },
            "shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Removes a hook before a normal exit; a no-op once the JVM is already stopping. */
  public static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException stopping) {
      LOG.debug("JVM already stopping; the hook finishes the exit");
    }
  }

  /**
   * Kills whatever tasks are still running (the driver ended without a shutdown, for example
   * because it aborted), so that no task process outlives the executor; then stops the threads.
   */
  @Override
  public void close() {
    if (supervisor.liveTasks() > 0) {
      LOG.warn(
          "The driver ended with {} task(s) still running; killing them", supervisor.liveTasks());
      shutdown.begin("driver ended");
    }
    if (shutdown.begun()) {
      // Let a shutdown under way (ours, or the signal hook's) finish before its timers go.
      try {
        shutdown.done().get(shutdownBound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Shutdown not finished within {}: {}", shutdownBound, e.toString());
      }
    }
    orphans.finish();
    events.close();
    parts.hooks().close();
    parts.threads().run();
    dropSpares();
  }

  /** Removes the sandbox's spare task directories; a worker making one later removes it itself. */
  private void dropSpares() {
    try {
      SandboxFiles.shared().dropSpares(sandbox);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the spare task directories: {}", e.toString());
    }
  }
}
