package org.mesosexec.jvmwork;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.mesosexec.api.TaskContext;

/**
 * What a JVM task on a thread sees of itself. Its progress goes to the task's progress tracker once
 * the task runs ({@link #progressTo}); what it reports before that (between its thread starting and
 * TASK_RUNNING going out) is held, the newest only, and handed on then. Thread-safe: its lock
 * guards only the hand-over of the held report.
 */
final class ThreadContext implements TaskContext {
  /** Where a task's progress goes: its tracker's throttle and sequence. */
  @FunctionalInterface
  interface ProgressSink {
    void report(int percent, String message);
  }

  private final String taskId;
  private final Path directory;
  private final String argsJson;
  private BooleanSupplier killRequested = () -> false;
  private ProgressSink sink; // guarded by this
  private Integer heldPercent; // guarded by this
  private String heldMessage; // guarded by this

  ThreadContext(String taskId, Path directory, String argsJson) {
    this.taskId = Objects.requireNonNull(taskId);
    this.directory = Objects.requireNonNull(directory);
    this.argsJson = Objects.requireNonNull(argsJson);
  }

  /** Where {@link #killRequested} looks; set before the task runs. */
  void killRequestedBy(BooleanSupplier asked) {
    this.killRequested = Objects.requireNonNull(asked);
  }

  /** The task runs and TASK_RUNNING has gone out: progress goes to {@code sink} from now on. */
  void progressTo(ProgressSink sink) {
    Integer percent;
    String message;
    synchronized (this) {
      this.sink = Objects.requireNonNull(sink);
      percent = heldPercent;
      message = heldMessage;
      heldPercent = null;
    }
    if (percent != null) {
      sink.report(percent, message);
    }
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public String argsJson() {
    return argsJson;
  }

  @Override
  public void progress(int percent, String message) {
    ProgressSink to;
    synchronized (this) {
      to = sink;
      if (to == null) {
        heldPercent = percent;
        heldMessage = message;
        return;
      }
    }
    to.report(percent, message);
  }

  @Override
  public boolean killRequested() {
    return killRequested.getAsBoolean();
  }
}
