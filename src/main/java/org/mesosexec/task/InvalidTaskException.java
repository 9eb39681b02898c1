package org.mesosexec.task;

import java.util.Objects;
import org.apache.mesos.Protos.TaskState;

/**
 * A task that cannot be run as given; the message, meant for a person, says what is wrong. It is
 * reported as {@link #state()}: {@code TASK_ERROR}, or {@code TASK_FAILED} for a task from Aurora,
 * which reads {@code TASK_ERROR} as LOST and would reschedule it forever.
 */
public final class InvalidTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TaskState state;

  public InvalidTaskException(String message) {
    this(message, TaskState.TASK_ERROR);
  }

  private InvalidTaskException(String message, TaskState state) {
    super(message);
    this.state = Objects.requireNonNull(state);
  }

  /** The terminal state the refusal is reported with. */
  public TaskState state() {
    return state;
  }

  /** This refusal, reported as {@code state}. */
  InvalidTaskException reportedAs(TaskState state) {
    return state == this.state ? this : new InvalidTaskException(getMessage(), state);
  }
}
