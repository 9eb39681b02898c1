package org.mesosexec.task;

import java.time.Duration;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * What happened during one kill: who asked and why, when, which signals went out, to how many
 * processes, and when SIGKILL is due. Guarded by the owning {@link TaskRun}'s lock.
 */
final class KillBookkeeping {
  private final KillCause cause;
  private final String why;
  private final long startedNanos;
  private long limitNanos;
  private Duration grace = Duration.ZERO;
  private boolean signalling;
  private boolean sigtermSent;
  private int processes;
  private long sigkillNanos = -1;
  private long deadlineNanos = Long.MAX_VALUE;
  private Cancellable escalation = () -> {};

  /**
   * @param why details of the cause, or empty
   * @param limitNanos when SIGKILL must go out at the latest, whatever the task's grace period
   */
  KillBookkeeping(KillCause cause, String why, long startedNanos, long limitNanos) {
    this.cause = cause;
    this.why = why;
    this.startedNanos = startedNanos;
    this.limitNanos = limitNanos;
  }

  KillCause cause() {
    return cause;
  }

  long startedNanos() {
    return startedNanos;
  }

  /** A later kill with a closer limit brings it forward; a further one changes nothing. */
  void tighten(long limitNanos) {
    this.limitNanos = Math.min(this.limitNanos, limitNanos);
  }

  /** The grace left: the task's own, never past the limit. */
  Duration graceFrom(long nowNanos, Duration own) {
    long left = Math.max(0, limitNanos - nowNanos);
    return own.toNanos() <= left ? own : Duration.ofNanos(left);
  }

  /** Whether signals have begun (hooks, if any, have run). */
  boolean signalling() {
    return signalling;
  }

  void startSignalling() {
    signalling = true;
  }

  boolean sigtermSent() {
    return sigtermSent;
  }

  boolean sigkillSent() {
    return sigkillNanos >= 0;
  }

  void markSigterm(Duration grace) {
    sigtermSent = true;
    this.grace = grace;
  }

  void countProcesses(int n) {
    processes = Math.max(processes, n);
  }

  /** Processes that got the signals late, found only after the others. */
  void addProcesses(int n) {
    processes += n;
  }

  void markSigkill(long nowNanos) {
    sigkillNanos = nowNanos;
    escalation.cancel();
  }

  Cancellable escalation() {
    return escalation;
  }

  void setDeadline(long deadlineNanos, Cancellable escalation) {
    this.deadlineNanos = deadlineNanos;
    this.escalation = escalation;
  }

  Duration remainingGrace(long nowNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - nowNanos));
  }

  /** "Task killed by killTask: exited on SIGTERM after 12 ms (Command terminated ...)". */
  String describe(long nowNanos, ExitStatus status) {
    String detail = why.isEmpty() ? "" : " (" + why + ")";
    String end = status == null ? "" : " (" + status.describe() + ")";
    return "Task killed by " + cause.label() + detail + ": " + how(nowNanos) + end;
  }

  /** "2 leftover processes were terminated: exited on SIGTERM after 4 ms". */
  String describeLeftovers(long nowNanos) {
    return processes + " leftover process" + (processes == 1 ? " was" : "es were")
        + " terminated: " + how(nowNanos);
  }

  private String how(long nowNanos) {
    String took = Durations.human(Duration.ofNanos(nowNanos - startedNanos));
    String count = processes > 1 && cause != KillCause.LEFTOVERS ? processes + " processes; " : "";
    if (!signalling) {
      return "ended by itself while the before-terminate hooks ran, after " + took;
    }
    if (!sigtermSent) {
      return count + "SIGKILL sent at once (no grace period); ended after " + took;
    }
    if (sigkillSent()) {
      return count + "did not exit within the " + Durations.human(grace)
          + " grace period after SIGTERM, so SIGKILL was sent; ended after " + took;
    }
    return count + "exited on SIGTERM after " + took;
  }
}
