package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler.Cancellable;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/**
 * One kill of a task: who asked and why, when, how far the signals have gone, to how many
 * processes, and when SIGKILL is due. It decides the next signal; {@link Stopping} sends it and
 * sets the timers. Holds no lock: guarded by the owning {@link TaskRun}'s lock.
 */
final class KillSequence {
  /** How a task's grace is capped when nothing caps it. */
  static final Duration NO_LIMIT = Duration.ofDays(3650);

  /** How far the signals have gone. */
  enum State {
    /** The before-terminate hooks run; no signal yet. */
    HOOKS,
    /** SIGTERM went out, or is on its way; the time of SIGKILL is set once it has gone out. */
    SIGTERM_SENT,
    /** SIGTERM has gone out; SIGKILL is due when the grace period ends. */
    SIGKILL_DUE,
    /** SIGKILL went out with no SIGTERM before it (no grace period). */
    SIGKILL_AT_ONCE,
    /** SIGKILL went out after SIGTERM and its grace period. */
    SIGKILL_AFTER_GRACE
  }

  private final KillCause cause;
  private final String why;
  private final long startedNanos;
  private long limitNanos;
  private Duration grace = Duration.ZERO;
  private State state = State.HOOKS;
  private int processes;
  private long deadlineNanos = Long.MAX_VALUE;
  private Cancellable escalation = () -> {};

  /**
   * @param why details of the cause, or empty
   * @param limit how long from {@code startedNanos} SIGKILL may wait at most, whatever the task's
   *     grace period
   */
  KillSequence(KillCause cause, String why, long startedNanos, Duration limit) {
    this.cause = Objects.requireNonNull(cause);
    this.why = Objects.requireNonNull(why);
    this.startedNanos = startedNanos;
    this.limitNanos = saturatedAdd(startedNanos, limit);
  }

  KillCause cause() {
    return cause;
  }

  State state() {
    return state;
  }

  /** A later kill with a closer limit brings it forward; a further one changes nothing. */
  void tighten(long nowNanos, Duration limit) {
    limitNanos = Math.min(limitNanos, saturatedAdd(nowNanos, limit));
  }

  /** The grace left: the task's own for this cause, never past the limit. */
  Duration graceFrom(long nowNanos, Optional<Duration> taskGrace) {
    Duration own =
        cause == KillCause.MAX_COMPLETION_TIME
            ? Duration.ZERO
            : taskGrace.orElse(TaskRun.DEFAULT_KILL_GRACE);
    long left = Math.max(0, limitNanos - nowNanos);
    return own.toNanos() <= left ? own : Duration.ofNanos(left);
  }

  boolean signalling() {
    return state != State.HOOKS;
  }

  boolean sigkillSent() {
    return state == State.SIGKILL_AT_ONCE || state == State.SIGKILL_AFTER_GRACE;
  }

  private boolean termSent() {
    return state == State.SIGTERM_SENT || state == State.SIGKILL_DUE;
  }

  /**
   * The signal to send now that {@code grace} is what is left before SIGKILL: SIGKILL when nothing
   * is left, SIGTERM the first time, else none (the escalation timer will send SIGKILL). Recorded
   * before it goes out: the exit it causes may be reported at once.
   */
  Optional<Signal> next(Duration grace) {
    if (grace.isZero() || grace.isNegative()) {
      state = termSent() ? State.SIGKILL_AFTER_GRACE : State.SIGKILL_AT_ONCE;
      escalation.cancel();
      return Optional.of(Signal.KILL);
    }
    if (state == State.HOOKS) {
      state = State.SIGTERM_SENT;
      this.grace = grace;
      return Optional.of(Signal.TERM);
    }
    return Optional.empty();
  }

  /** How many processes a signal reached: the most any one signal did. */
  void countProcesses(int n) {
    processes = Math.max(processes, n);
  }

  /** Processes that got the signals late, found only after the others. */
  void addProcesses(int n) {
    processes += n;
  }

  Cancellable escalation() {
    return escalation;
  }

  /** SIGKILL is due at {@code deadlineNanos}, when {@code escalation} fires. */
  void setDeadline(long deadlineNanos, Cancellable escalation) {
    this.deadlineNanos = deadlineNanos;
    this.escalation = escalation;
    if (state == State.SIGTERM_SENT) {
      state = State.SIGKILL_DUE;
    }
  }

  /**
   * The grace left after a repeated kill, if it brings SIGKILL closer than it was; empty once
   * SIGKILL has gone out.
   */
  Optional<Duration> closerGrace(long nowNanos, Optional<Duration> taskGrace) {
    if (sigkillSent()) {
      return Optional.empty();
    }
    Duration grace = graceFrom(nowNanos, taskGrace);
    Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - nowNanos));
    return grace.compareTo(left) < 0 ? Optional.of(grace) : Optional.empty();
  }

  /** "Task killed by killTask: exited on SIGTERM after 12 ms (Command terminated ...)". */
  String describe(long nowNanos, ExitStatus status) {
    String detail = why.isEmpty() ? "" : " (" + why + ")";
    String end = status == null ? "" : " (" + status.describe() + ")";
    return "Task killed by " + cause.label() + detail + ": " + how(nowNanos) + end;
  }

  /**
   * As {@link #describe(long, ExitStatus)}, for work that reports how it ended itself: {@code end}
   * says how ("java.lang.InterruptedException: sleep interrupted"); on a {@code thread}, which has
   * no signals, the interrupt stands for SIGTERM, and a thread that outlived its grace period was
   * {@code abandoned}; a thread task that was not had ended first, or never ran.
   */
  String describe(long nowNanos, String end, boolean thread, boolean abandoned) {
    String detail = why.isEmpty() ? "" : " (" + why + ")";
    String after = end.isEmpty() ? "" : " (" + end + ")";
    if (!thread) {
      return "Task killed by " + cause.label() + detail + ": " + how(nowNanos) + after;
    }
    String took = Durations.human(Duration.ofNanos(nowNanos - startedNanos));
    String how =
        switch (state) {
          case HOOKS -> "ended by itself while the before-terminate hooks ran, after " + took;
          case SIGKILL_AT_ONCE, SIGKILL_AFTER_GRACE ->
              !abandoned
                  ? "ended after " + took
                  : "its thread did not stop within "
                      + (state == State.SIGKILL_AT_ONCE
                          ? "its (zero) grace period"
                          : "the " + Durations.human(grace) + " grace period")
                      + " after it was interrupted and was abandoned, after "
                      + took;
          case SIGTERM_SENT, SIGKILL_DUE -> "ended after it was interrupted, after " + took;
        };
    return "Task killed by " + cause.label() + detail + ": " + how + after;
  }

  /** "2 leftover processes were terminated: exited on SIGTERM after 4 ms". */
  String describeLeftovers(long nowNanos) {
    return processes
        + " leftover process"
        + (processes == 1 ? " was" : "es were")
        + " terminated: "
        + how(nowNanos);
  }

  private String how(long nowNanos) {
    String took = Durations.human(Duration.ofNanos(nowNanos - startedNanos));
    String count = processes > 1 && cause != KillCause.LEFTOVERS ? processes + " processes; " : "";
    return switch (state) {
      case HOOKS -> "ended by itself while the before-terminate hooks ran, after " + took;
      case SIGKILL_AT_ONCE -> count + "SIGKILL sent at once (no grace period); ended after " + took;
      case SIGKILL_AFTER_GRACE ->
          count
              + "did not exit within the "
              + Durations.human(grace)
              + " grace period after SIGTERM, so SIGKILL was sent; ended after "
              + took;
      case SIGTERM_SENT, SIGKILL_DUE -> count + "exited on SIGTERM after " + took;
    };
  }

  private static long saturatedAdd(long nanos, Duration d) {
    long add = d.compareTo(NO_LIMIT) >= 0 ? Long.MAX_VALUE / 4 : d.toNanos();
    return nanos + add;
  }
}
