package org.mesosexec.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.hooks.TaskMetadata;

/** Hooks whose runs end when the test completes their futures; each run is recorded. */
final class ScriptedHooks implements Hooks {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  final List<String> runs = new ArrayList<>();
  final CompletableFuture<Void> afterHealthy = new CompletableFuture<>();
  final CompletableFuture<Void> beforeTerminate = new CompletableFuture<>();

  @Override
  public Duration timeout() {
    return TIMEOUT;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public CompletableFuture<Map<String, String>> beforeStart(TaskMetadata task) {
    runs.add("before-start");
    return CompletableFuture.completedFuture(Map.of());
  }

  @Override
  public CompletableFuture<Void> afterHealthy(TaskMetadata task) {
    runs.add("after-healthy");
    return afterHealthy;
  }

  @Override
  public CompletableFuture<Void> beforeTerminate(TaskMetadata task, Duration limit) {
    runs.add("before-terminate within " + limit.toMillis() + " ms");
    return beforeTerminate;
  }

  @Override
  public void close() {}
}
