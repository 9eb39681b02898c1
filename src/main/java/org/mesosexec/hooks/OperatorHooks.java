package org.mesosexec.hooks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.settings.Durations;

/**
 * The operator's hooks: at each point, the executables of the hooks directory in name order, then
 * the Java hooks, one after the other. Before start and after healthy the first failure ends the
 * run; before terminate failures are logged and the next hook runs. Thread-safe.
 */
final class OperatorHooks implements Hooks {
  private static final Logger LOG = LogManager.getLogger(OperatorHooks.class);

  private final Optional<Path> dir;
  private final List<TaskHook> javaHooks;
  private final Duration timeout;
  private final HookPool pool;
  private final ExecutableHooks executables;
  private final JavaHooks java;

  OperatorHooks(Optional<Path> dir, List<TaskHook> javaHooks, Duration timeout, Context ctx) {
    this(dir, javaHooks, timeout, ctx, new HookPool());
  }

  OperatorHooks(
      Optional<Path> dir, List<TaskHook> javaHooks, Duration timeout, Context ctx, HookPool pool) {
    this.dir = Objects.requireNonNull(dir);
    this.javaHooks = List.copyOf(javaHooks);
    this.timeout = Objects.requireNonNull(timeout);
    this.pool = Objects.requireNonNull(pool);
    this.executables = new ExecutableHooks(ctx, pool);
    this.java = new JavaHooks(pool, ctx.scheduler());
  }

  /** See {@link Hooks#load}. */
  static Hooks load(Optional<Path> dir, Duration timeout, Context ctx) {
    List<TaskHook> found = HookCatalogue.javaHooks(dir);
    if (found.isEmpty() && dir.isEmpty()) {
      return Hooks.none(); // no pool, no executable runner: nothing a task does not use
    }
    OperatorHooks hooks = new OperatorHooks(dir, found, timeout, ctx);
    if (!hooks.isEmpty()) {
      LOG.info(
          "Hooks: directory {}, Java hooks {}, timeout {}",
          dir.map(Path::toString).orElse("(none)"),
          found.stream().map(TaskHook::name).toList(),
          Durations.human(timeout));
    }
    return hooks;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean isEmpty() {
    return javaHooks.isEmpty() && dir.isEmpty();
  }

  @Override
  public CompletableFuture<Map<String, String>> beforeStart(TaskMetadata task) {
    return run(HookPoint.BEFORE_START, task, timeout, true);
  }

  @Override
  public CompletableFuture<Void> afterHealthy(TaskMetadata task) {
    return run(HookPoint.AFTER_HEALTHY, task, timeout, true).thenApply(env -> null);
  }

  @Override
  public CompletableFuture<Void> beforeTerminate(TaskMetadata task, Duration limit) {
    Duration bound = limit.compareTo(timeout) < 0 ? limit : timeout;
    return run(HookPoint.BEFORE_TERMINATE, task, bound, false).thenApply(env -> null);
  }

  private CompletableFuture<Map<String, String>> run(
      HookPoint point, TaskMetadata task, Duration limit, boolean failFast) {
    Map<String, String> added = new LinkedHashMap<>();
    CompletableFuture<Map<String, String>> chain = CompletableFuture.completedFuture(added);
    for (Step step : steps(point, task, limit)) {
      chain =
          chain.thenCompose(
              env ->
                  step.start()
                      .get()
                      .handle(
                          (more, error) -> {
                            if (error == null) {
                              env.putAll(more);
                              return env;
                            }
                            String why = HookFailure.messageOf(error);
                            if (failFast) {
                              throw new HookFailure(why);
                            }
                            LOG.warn("{} (ignored: {} hooks do not stop the kill)", why, point);
                            return env;
                          }));
    }
    return chain;
  }

  private List<Step> steps(HookPoint point, TaskMetadata task, Duration limit) {
    List<Step> steps = new ArrayList<>();
    dir.map(d -> HookCatalogue.executables(d, point))
        .orElse(List.of())
        .forEach(exe -> steps.add(new Step(() -> executables.run(exe, point, task, limit))));
    javaHooks.forEach(h -> steps.add(new Step(() -> java.run(h, point, task, limit))));
    return steps;
  }

  private record Step(Supplier<CompletableFuture<Map<String, String>>> start) {}

  @Override
  public void close() {
    executables.close();
    pool.close();
  }
}
