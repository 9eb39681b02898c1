package org.mesosexec.hooks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** No hooks configured: every point completes at once, with nothing added. Stateless. */
enum NoHooks implements Hooks {
  INSTANCE;

  @Override
  public Duration timeout() {
    return Duration.ZERO;
  }

  @Override
  public boolean isEmpty() {
    return true;
  }

  @Override
  public CompletableFuture<Map<String, String>> beforeStart(TaskMetadata task) {
    return CompletableFuture.completedFuture(Map.of());
  }

  @Override
  public CompletableFuture<Void> afterHealthy(TaskMetadata task) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> beforeTerminate(TaskMetadata task, Duration limit) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    // nothing runs, so nothing to stop
  }
}
