package org.mesosexec.hooks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.time.Scheduler;

/**
 * Runs the operator's hooks at each {@link HookPoint}: first the executables in {@code
 * EXECUTOR_HOOKS_DIR/<point>/} in name order (as run-parts does), then the {@link TaskHook}s found
 * through {@link ServiceLoader}. Every run is asynchronous and bounded by a timeout; a hook that
 * runs past it is killed (an executable, with its process group) or abandoned (a Java hook, after
 * an interrupt), and a hook that cannot get a thread fails. Everything a hook prints goes to {@code
 * executor.log}. Implementations are thread-safe; no method blocks.
 */
public interface Hooks {
  /**
   * What running a hook needs from the executor.
   *
   * @param environment what every executable hook starts from
   * @param tracker spawns the executables, so that the orphan reaper leaves them alone
   * @param signaller kills an executable's process group at its timeout
   * @param scheduler the timeouts
   */
  record Context(
      Map<String, String> environment,
      ProcessTracker tracker,
      Signaller signaller,
      Scheduler scheduler) {
    public Context {
      environment = Map.copyOf(environment);
      Objects.requireNonNull(tracker);
      Objects.requireNonNull(signaller);
      Objects.requireNonNull(scheduler);
    }
  }

  /** Java hooks given directly (no directory, no service loader): for embedding and tests. */
  static Hooks of(List<TaskHook> javaHooks, Duration timeout, Context ctx) {
    return new OperatorHooks(Optional.empty(), javaHooks, timeout, ctx);
  }

  /** No hooks at all: every point completes at once. */
  static Hooks none() {
    return NoHooks.INSTANCE;
  }

  /**
   * The hooks of {@code dir} (executables, and {@code *.jar} files at its top for the service
   * loader) and of the executor's own class path.
   *
   * @throws IllegalArgumentException when a hook class named in a service file cannot be loaded
   */
  static Hooks load(Optional<Path> dir, Duration timeout, Context ctx) {
    return OperatorHooks.load(dir, timeout, ctx);
  }

  /** How long one hook may run. */
  Duration timeout();

  /** Whether no hook is configured. */
  boolean isEmpty();

  /**
   * Runs the before-start hooks; completes with the variables they add to the task's environment,
   * or exceptionally with a {@link HookFailure} that says which hook failed and how.
   */
  CompletableFuture<Map<String, String>> beforeStart(TaskMetadata task);

  /** Runs the after-healthy hooks; completes exceptionally with a {@link HookFailure}. */
  CompletableFuture<Void> afterHealthy(TaskMetadata task);

  /**
   * Runs the before-terminate hooks, each bounded by the hook timeout or {@code limit}, whichever
   * is shorter; never fails (failures are logged).
   */
  CompletableFuture<Void> beforeTerminate(TaskMetadata task, Duration limit);

  /**
   * Kills the executable hooks still running, with their process groups, and stops the hook threads
   * (Java hooks still running are interrupted): no hook outlives the executor.
   */
  void close();
}
