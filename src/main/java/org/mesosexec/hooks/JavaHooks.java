package org.mesosexec.hooks;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.logging.LogContext;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Runs one {@link TaskHook} at one point on a thread of the hook pool, bounded by a timeout after
 * which it is interrupted and abandoned. Thread-safe.
 */
final class JavaHooks {
  private static final Logger LOG = LogManager.getLogger(JavaHooks.class);

  private final HookPool pool;
  private final Scheduler scheduler;

  JavaHooks(HookPool pool, Scheduler scheduler) {
    this.pool = Objects.requireNonNull(pool);
    this.scheduler = Objects.requireNonNull(scheduler);
  }

  /**
   * Runs {@code hook}; completes with the variables it adds (before start only), or exceptionally
   * with a {@link HookFailure} when it throws, returns a bad variable, runs past {@code limit} or
   * cannot get a thread.
   */
  CompletableFuture<Map<String, String>> run(
      TaskHook hook, HookPoint point, TaskMetadata task, Duration limit) {
    Callable<Map<String, String>> call = call(hook, point, task);
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    Future<?> running;
    try {
      running =
          pool.submit(
              hook.name() + " (" + point + ")",
              LogContext.wrap(task.taskId(), () -> complete(result, call, hook, point)));
    } catch (HookFailure refused) {
      return CompletableFuture.failedFuture(refused);
    }
    Cancellable timer =
        scheduler.schedule(
            limit,
            () -> {
              if (result.completeExceptionally(
                  new HookFailure(
                      "Hook "
                          + hook.name()
                          + " ("
                          + point
                          + ") did not finish within "
                          + Durations.human(limit)
                          + " and was interrupted"))) {
                running.cancel(true);
              }
            });
    result.whenComplete((r, e) -> timer.cancel());
    return result;
  }

  private static Callable<Map<String, String>> call(
      TaskHook hook, HookPoint point, TaskMetadata task) {
    return switch (point) {
      case BEFORE_START -> () -> HookVariables.checked(hook.name(), hook.beforeStart(task));
      case AFTER_HEALTHY ->
          () -> {
            hook.afterHealthy(task);
            return Map.of();
          };
      case BEFORE_TERMINATE ->
          () -> {
            hook.beforeTerminate(task);
            return Map.of();
          };
    };
  }

  private static void complete(
      CompletableFuture<Map<String, String>> result,
      Callable<Map<String, String>> call,
      TaskHook hook,
      HookPoint point) {
    try {
      result.complete(call.call());
      LOG.info("Hook {} ({}) succeeded", hook.name(), point);
    } catch (HookFailure e) {
      result.completeExceptionally(e);
    } catch (Exception | LinkageError | AssertionError e) {
      result.completeExceptionally(
          new HookFailure("Hook " + hook.name() + " (" + point + ") failed: " + e));
    }
  }
}
