package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.time.Scheduler.Cancellable;
import org.mesosexec.work.ExitStatus;

/**
 * What follows a running task until it ends, besides its checks: its progress tracker, if it has a
 * progress regex, and its max-completion-time deadline, if it has one; and the messages that close
 * its story (its exit code, its last progress). Holds no lock: guarded by the owning {@link
 * TaskRun}'s lock, except the work {@link #ending} returns, which runs outside it.
 */
final class Tracking {
  private static final Logger LOG = LogManager.getLogger(Tracking.class);

  private final TaskContext ctx;
  private final String id;
  private Optional<ProgressTracker> tracker = Optional.empty();

  /** A tracker waiting for TASK_RUNNING ({@code running_after_healthy}), not started yet. */
  private Optional<ProgressTracker> held = Optional.empty();

  private Cancellable deadline = () -> {};
  private Consumer<ProgressTracker> onStarted = t -> {};

  Tracking(TaskContext ctx, String id) {
    this.ctx = Objects.requireNonNull(ctx);
    this.id = Objects.requireNonNull(id);
  }

  /** What else learns of the tracker once it starts: a JVM task's own progress reports. */
  void onStarted(Consumer<ProgressTracker> listener) {
    this.onStarted = Objects.requireNonNull(listener);
  }

  /** The task runs and TASK_RUNNING has gone out: progress may be reported from now on. */
  void started(Optional<ProgressTracker> tracker) {
    this.tracker = Objects.requireNonNull(tracker);
    tracker.ifPresent(ProgressTracker::start);
    tracker.ifPresent(onStarted);
  }

  /** The task runs, but its TASK_RUNNING waits for health: so does its progress. */
  void held(Optional<ProgressTracker> tracker) {
    this.held = Objects.requireNonNull(tracker);
  }

  /** The held TASK_RUNNING has gone out: the held tracker starts; nothing when none is held. */
  void release() {
    Optional<ProgressTracker> waiting = held;
    held = Optional.empty();
    if (waiting.isPresent()) {
      started(waiting);
    }
  }

  /** The timer that kills the task at its max completion time. */
  void deadline(Cancellable deadline) {
    this.deadline = Objects.requireNonNull(deadline);
  }

  /** The task is ending or has ended: its deadline no longer applies. */
  void cancel() {
    deadline.cancel();
  }

  /**
   * The terminal update is decided: no regular progress goes out from now on. Returns what reports
   * the exit code (if the work exited) and then the last progress, reading the rest of the task's
   * output for at most its grace period; to run outside the lock, before the terminal update. It
   * never throws: the terminal update goes out whatever happens.
   *
   * @param exit how the work ended, or null
   */
  Runnable ending(ExitStatus exit, Optional<Duration> taskGrace) {
    tracker.ifPresent(ProgressTracker::stopReporting);
    Optional<ProgressTracker> last = tracker;
    Duration drain = taskGrace.orElse(TaskRun.DEFAULT_KILL_GRACE);
    return () -> {
      try {
        if (exit != null) {
          FrameworkMessages.exitCode(ctx, id, exit.exitCode());
        }
        last.ifPresent(t -> t.finish(drain));
      } catch (RuntimeException | Error e) {
        LOG.error(
            "Reporting the end of task {} failed; its terminal update goes out anyway", id, e);
      }
    };
  }

  /** The task is done: its files are let go without a last report if none went out. */
  void close() {
    cancel();
    tracker.ifPresent(ProgressTracker::close);
    held.ifPresent(ProgressTracker::close);
  }
}
