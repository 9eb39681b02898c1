package org.mesosexec.process;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mesosexec.work.ExitStatus;

/**
 * A task's first process and the processes the {@link ProcessTracker} counts as its own: what a
 * look finds of the task's tree, and how its first process ended. Made by {@link
 * ProcessTracker#track}. Thread-safe.
 */
final class TaskTree {
  private final Process process;
  private final String marker;
  private final ProcessTracker tracker;
  private final CompletionStage<ExitStatus> exit;

  /**
   * @param marker the task's {@link ProcessTracker#MARKER_VARIABLE} value
   */
  TaskTree(Process process, String marker, ProcessTracker tracker) {
    this.process = Objects.requireNonNull(process);
    this.marker = Objects.requireNonNull(marker);
    this.tracker = Objects.requireNonNull(tracker);
    this.exit = process.onExit().thenApply(p -> ExitStatus.fromJvm(p.exitValue()));
  }

  /** The first process's pid. */
  long pid() {
    return process.pid();
  }

  /** Whether the first process has not exited yet. */
  boolean alive() {
    return process.isAlive();
  }

  /** Completes once the first process has exited and the JDK has reaped it. */
  CompletionStage<ExitStatus> exit() {
    return exit;
  }

  /** The task's processes as one look finds them now; the first one until the JDK reaped it. */
  ProcessTracker.Members look() {
    return tracker.members(process.pid(), !exit.toCompletableFuture().isDone(), marker);
  }
}
