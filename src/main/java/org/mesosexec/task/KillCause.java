package org.mesosexec.task;

/** Who or what asked for a task to be killed; each is reported differently. */
public enum KillCause {
  /** The scheduler called killTask. */
  KILL_TASK("killTask"),
  /** The agent shut the executor down, the executor went idle, or the JVM got SIGTERM. */
  SHUTDOWN("executor shutdown"),
  /** The task ran longer than its max completion time. */
  MAX_COMPLETION_TIME("max completion time"),
  /** The health check failed {@code consecutive_failures} times in a row. */
  HEALTH_CHECK("failing health checks"),
  /** An after-healthy hook failed. */
  HOOK_FAILURE("a failed after-healthy hook"),
  /** The task's first process ended on its own, and processes it started were still running. */
  LEFTOVERS("leftover cleanup");

  private final String label;

  KillCause(String label) {
    this.label = label;
  }

  /** Words for status messages: "Task killed by killTask". */
  public String label() {
    return label;
  }
}
