package org.mesosexec.health;

/**
 * A change of a task's health to report (Mesos' {@code TaskHealthStatus}).
 *
 * @param healthy the check passed
 * @param consecutiveFailures failures in a row so far (0 when healthy)
 * @param killTask the failures reached the check's {@code consecutive_failures}
 * @param detail what the last attempt found
 */
public record HealthEvent(
    boolean healthy, int consecutiveFailures, boolean killTask, String detail) {
  /** The status message: what happened, and what it means for the task. */
  public String message() {
    if (healthy) {
      return "Health check passed: " + detail;
    }
    String times = consecutiveFailures == 1 ? "once" : consecutiveFailures + " times in a row";
    return "Health check failed "
        + times
        + ": "
        + detail
        + (killTask ? "; the task is killed" : "");
  }
}
