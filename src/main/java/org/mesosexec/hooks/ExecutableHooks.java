package org.mesosexec.hooks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.logging.LogContext;
import org.mesosexec.process.LastLine;
import org.mesosexec.process.ProcessGroups;
import org.mesosexec.process.Setsid;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Runs one executable hook: in its own process group (through {@link Setsid}), with the task's
 * environment, its output logged and kept, killed with its group at its timeout. Thread-safe.
 */
final class ExecutableHooks {
  private static final Logger LOG = LogManager.getLogger(ExecutableHooks.class);

  /** How long a hook's output may stay open after it exited (a background child holds it). */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

  /** How much of a failed hook's last line its failure quotes. */
  private static final int LAST_LINE = 500;

  private final Hooks.Context ctx;
  private final HookPool pool;
  private final ProcessGroups groups;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  ExecutableHooks(Hooks.Context ctx, HookPool pool) {
    this.ctx = Objects.requireNonNull(ctx);
    this.pool = Objects.requireNonNull(pool);
    this.groups = new ProcessGroups(ctx.signaller());
  }

  /**
   * Runs {@code exe}; completes with the variables it printed (before start only), or exceptionally
   * with a {@link HookFailure} when it cannot start, fails, prints a bad line before start, runs
   * past {@code limit} or cannot get its reader threads.
   */
  CompletableFuture<Map<String, String>> run(
      Path exe, HookPoint point, TaskMetadata task, Duration limit) {
    String name = point + "/" + exe.getFileName();
    Process p;
    try {
      p = ctx.tracker().spawn(builder(exe, point, task));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new HookFailure("Hook " + name + " cannot start: " + e.getMessage()));
    }
    LOG.info("Hook {} started as pid {} for task {}", name, p.pid(), task.taskId());
    running.add(p);
    HookOutput out = new HookOutput(name, "stdout");
    HookOutput err = new HookOutput(name, "stderr");
    try {
      read(p, name, task, out, err);
    } catch (HookFailure refused) {
      kill(p);
      running.remove(p);
      return CompletableFuture.failedFuture(refused);
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Cancellable timer =
        ctx.scheduler()
            .schedule(
                limit,
                () -> {
                  timedOut.set(true);
                  LOG.warn(
                      "Hook {} still running after {}; killing it", name, Durations.human(limit));
                  kill(p);
                });
    return p.onExit()
        .thenCompose(
            x -> {
              timer.cancel();
              running.remove(p);
              return drained(out, err);
            })
        .thenApply(x -> outcome(name, point, p.exitValue(), timedOut.get(), limit, out, err));
  }

  /**
   * Reads the hook's output on two threads of the pool.
   *
   * @throws HookFailure when the pool refuses a reader
   */
  private void read(Process p, String name, TaskMetadata task, HookOutput out, HookOutput err) {
    pool.submit(name, LogContext.wrap(task.taskId(), () -> out.read(p.getInputStream())));
    pool.submit(name, LogContext.wrap(task.taskId(), () -> err.read(p.getErrorStream())));
  }

  private ProcessBuilder builder(Path exe, HookPoint point, TaskMetadata task) {
    List<String> command = new ArrayList<>();
    Setsid.path().ifPresent(setsid -> command.add(setsid.toString()));
    command.add(exe.toString());
    command.add(point.dirName());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(Files.isDirectory(task.directory()) ? task.directory().toFile() : null)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(ctx.environment());
    pb.environment().putAll(task.environment());
    pb.environment().put("EXECUTOR_HOOK", point.dirName());
    return pb;
  }

  /**
   * Completes when both streams ended, or after a short wait: output is complete at EOF, but a
   * hook's background child could hold the pipe, so then go on with what was read.
   */
  private CompletableFuture<Void> drained(HookOutput out, HookOutput err) {
    CompletableFuture<Void> drained = CompletableFuture.allOf(out.ended(), err.ended());
    Cancellable drain = ctx.scheduler().schedule(OUTPUT_DRAIN, () -> drained.complete(null));
    return drained.whenComplete((y, f) -> drain.cancel());
  }

  private static Map<String, String> outcome(
      String name,
      HookPoint point,
      int exit,
      boolean timedOut,
      Duration limit,
      HookOutput out,
      HookOutput err) {
    if (timedOut) {
      throw new HookFailure(
          "Hook " + name + " did not finish within " + Durations.human(limit) + " and was killed");
    }
    if (exit != 0) {
      String tail =
          LastLine.of(err.text(), LAST_LINE)
              .or(() -> LastLine.of(out.text(), LAST_LINE))
              .map(l -> ": " + l)
              .orElse("");
      throw new HookFailure("Hook " + name + " failed with exit status " + exit + tail);
    }
    LOG.info("Hook {} succeeded", name);
    return point == HookPoint.BEFORE_START ? HookVariables.parse(name, out.text()) : Map.of();
  }

  /** SIGKILL to a hook and its process group (its descendants, when setsid was missing). */
  private void kill(Process p) {
    groups.kill(p, Setsid.path().isPresent());
  }

  /** Kills the hooks still running, with their process groups. */
  void close() {
    for (Process p : running) {
      LOG.warn("Hook process {} still running as the executor stops; killing it", p.pid());
      kill(p);
    }
  }
}
