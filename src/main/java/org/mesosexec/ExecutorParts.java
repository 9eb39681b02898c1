package org.mesosexec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.health.OsProber;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.process.LibC;
import org.mesosexec.process.OsProcessLauncher;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.settings.Settings;
import org.mesosexec.settings.SettingsException;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.SystemScheduler;
import org.mesosexec.time.Threads;

/**
 * The parts of the executor that touch the operating system or own threads, handed to {@link
 * ExecutorRuntime} from outside: {@link #defaults} for production, fakes (a manual clock, puppet
 * processes, scripted probes) in tests. The runtime wires the rest around them.
 *
 * @param scheduler timers and monotonic time
 * @param workers runs task work off the driver's callback thread
 * @param launcher starts task processes
 * @param prober runs health check and check attempts
 * @param hooks the operator's lifecycle hooks
 * @param orphans what the tasks left behind unattributed
 * @param threads stops the pools and timers above, once the runtime has finished with them
 * @param jvmThreads the threads JVM tasks run on ({@code EXECUTOR_JVM_THREADS} of them), nothing
 *     else
 */
public record ExecutorParts(
    Scheduler scheduler,
    Executor workers,
    ProcessLauncher launcher,
    Prober prober,
    Hooks hooks,
    Orphans orphans,
    Runnable threads,
    Executor jvmThreads) {
  /** Workers do short work (parse, spawn, signal, report); a few threads serve many tasks. */
  private static final int WORKERS = 4;

  private static final int QUEUE = 10_000;

  public ExecutorParts {
    Objects.requireNonNull(scheduler);
    Objects.requireNonNull(workers);
    Objects.requireNonNull(launcher);
    Objects.requireNonNull(prober);
    Objects.requireNonNull(hooks);
    Objects.requireNonNull(orphans);
    Objects.requireNonNull(threads);
    Objects.requireNonNull(jvmThreads);
  }

  /**
   * The processes that ended up with the executor (it is their subreaper) and belong to no task:
   * reaped while the executor runs, killed when it ends. Called from timer threads and from the
   * thread that closes the runtime.
   */
  public interface Orphans {
    /** Whether orphans are re-parented to the executor at all, so that reaping is worth a timer. */
    boolean subreaper();

    /** Reaps the orphans that have exited, so that none lingers as a zombie. */
    void reapOrphans();

    /** Kills every adopted process, going on for at most {@code bound}. */
    void killAdopted(Duration bound);

    /** No orphans to look after: the choice for tests with puppet processes. */
    static Orphans none() {
      return new Orphans() {
        @Override
        public boolean subreaper() {
          return false;
        }

        @Override
        public void reapOrphans() {}

        @Override
        public void killAdopted(Duration bound) {}
      };
    }

    /** The tracker's view of the orphans. */
    static Orphans of(ProcessTracker tracker) {
      Objects.requireNonNull(tracker);
      return new Orphans() {
        @Override
        public boolean subreaper() {
          return tracker.subreaper();
        }

        @Override
        public void reapOrphans() {
          tracker.reapOrphans();
        }

        @Override
        public void killAdopted(Duration bound) {
          tracker.killAdopted(bound);
        }
      };
    }
  }

  /**
   * The production parts: real processes through libc where it loads, a bounded worker pool, the
   * system clock, and the hooks in {@code EXECUTOR_HOOKS_DIR}.
   *
   * @param taskEnvironment what every task and hook starts from
   * @param sandbox the executor's sandbox (libc's helper library is unpacked there if need be)
   * @throws SettingsException if the hooks directory does not hold valid hooks
   */
  public static ExecutorParts defaults(
      Settings settings, Map<String, String> taskEnvironment, Path sandbox) {
    SystemScheduler scheduler = new SystemScheduler();
    Optional<LibC> libc = LibC.load(sandbox);
    Signaller signaller = new Signaller(libc);
    ProcessTracker tracker = ProcessTracker.start(libc);
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            Threads.named("task-worker"),
            new ThreadPoolExecutor.AbortPolicy());
    workers.allowCoreThreadTimeOut(true);
    Hooks hooks;
    try {
      hooks =
          Hooks.load(
              settings.hooksDir(),
              settings.hookTimeout(),
              new Hooks.Context(taskEnvironment, tracker, signaller, scheduler));
    } catch (IllegalArgumentException e) {
      workers.shutdown();
      scheduler.close();
      throw new SettingsException("Setting EXECUTOR_HOOKS_DIR: " + e.getMessage());
    }
    OsProcessLauncher launcher = new OsProcessLauncher(signaller, tracker);
    ThreadPoolExecutor jvmThreads = jvmThreads(settings.jvm().threads());
    OsProber prober = new OsProber(launcher, scheduler, workers, SandboxFiles.shared(), sandbox);
    return new ExecutorParts(
        scheduler,
        workers,
        launcher,
        prober,
        hooks,
        Orphans.of(tracker),
        () -> {
          workers.shutdown();
          jvmThreads.shutdown();
          scheduler.close();
        },
        jvmThreads);
  }

  /**
   * The JVM tasks' pool: a fixed number of threads, its queue unbounded because each entry is a
   * task the executor accepted (the number of tasks is what bounds it), a waiting task
   * TASK_STARTING.
   */
  private static ThreadPoolExecutor jvmThreads(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Threads.named("jvm-task"),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
