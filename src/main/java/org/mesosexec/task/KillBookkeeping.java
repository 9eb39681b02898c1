package org.mesosexec.task;

import java.time.Duration;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * What happened during one kill: who asked, when, which signals went out and when SIGKILL is due.
 * Guarded by the owning {@link TaskRun}'s lock.
 */
final class KillBookkeeping {
  private final KillCause cause;
  private final long startedNanos;
  private final Duration grace;
  private boolean sigtermSent;
  private long sigkillNanos = -1;
  private long deadlineNanos = Long.MAX_VALUE;
  private Cancellable escalation = () -> {};

  KillBookkeeping(KillCause cause, long startedNanos, Duration grace) {
    this.cause = cause;
    this.startedNanos = startedNanos;
    this.grace = grace;
  }

  KillCause cause() {
    return cause;
  }

  boolean sigtermSent() {
    return sigtermSent;
  }

  boolean sigkillSent() {
    return sigkillNanos >= 0;
  }

  void markSigterm() {
    sigtermSent = true;
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
    String took = Durations.human(Duration.ofNanos(nowNanos - startedNanos));
    String how;
    if (!sigtermSent) {
      how = "SIGKILL sent at once (no grace period); ended after " + took;
    } else if (sigkillSent()) {
      how = "did not exit within the " + Durations.human(grace)
          + " grace period after SIGTERM, so SIGKILL was sent; ended after " + took;
    } else {
      how = "exited on SIGTERM after " + took;
    }
    return "Task killed by " + cause.label() + ": " + how + " (" + status.describe() + ")";
  }
}
