package org.mesosexec.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.work.Signal;

/**
 * What each event of a task's kill leads to (the kill itself, a repeated one, the before-terminate
 * hooks being done, the end of the grace period, processes left behind), as {@link Step}s and
 * {@link Move}s that {@link Stopping} applies in one place. It keeps the {@link KillSequence} and
 * the task's own grace period; it sends nothing and sets no timer. Holds no lock: guarded by the
 * owning {@link TaskRun}'s lock.
 */
final class Killing {
  private static final Logger LOG = LogManager.getLogger(Killing.class);

  /** Lets a hook that hits its own timeout be reported as such before the signals go out. */
  static final Duration HOOK_SLACK = Duration.ofMillis(100);

  /**
   * What a kill event leads to, in this order.
   *
   * @param reportKilling send TASK_KILLING
   * @param hooks run the before-terminate hooks, bounded by this; then the signals
   * @param signalsBy start the signals after this if the hooks have not finished by then (each hook
   *     is bounded, but a kill must not wait for several in a row, nor past a shutdown)
   * @param signals start the signals now, SIGKILL after this grace period
   */
  record Step(
      boolean reportKilling,
      Optional<Duration> hooks,
      Optional<Duration> signalsBy,
      Optional<Duration> signals) {
    static final Step NONE = new Step(false, Optional.empty(), Optional.empty(), Optional.empty());

    static Step signals(Duration grace) {
      return new Step(false, Optional.empty(), Optional.empty(), Optional.of(grace));
    }
  }

  /** The signal the grace left calls for, and what follows it. */
  enum Move {
    /** SIGTERM now; SIGKILL once the grace period, counted from when it has gone out, is over. */
    TERM_THEN_WAIT,
    /** SIGKILL now; then watch for what is left of the task. */
    KILL,
    /** SIGKILL has gone out before: watch for what is left of the task. */
    KILLED,
    /** No signal now; SIGKILL once the grace period is over. */
    WAIT
  }

  private final String id;
  private final KillSequence sequence;
  private final Optional<Duration> taskGrace;

  /**
   * @param taskGrace the task's own grace period, if it has one
   */
  Killing(String id, KillSequence sequence, Optional<Duration> taskGrace) {
    this.id = Objects.requireNonNull(id);
    this.sequence = Objects.requireNonNull(sequence);
    this.taskGrace = Objects.requireNonNull(taskGrace);
  }

  KillSequence sequence() {
    return sequence;
  }

  /**
   * The first kill of a running task, at {@code nowNanos}.
   *
   * @param hookTimeout each hook's own timeout, or empty when there are no hooks
   */
  Step first(Duration limit, boolean killingState, Optional<Duration> hookTimeout, long nowNanos) {
    boolean report = killingState && sequence.cause() != KillCause.MAX_COMPLETION_TIME;
    if (hookTimeout.isEmpty()) {
      return new Step(report, Optional.empty(), Optional.empty(), Optional.of(grace(nowNanos)));
    }
    Duration bound = limit.dividedBy(2);
    Duration timeout = hookTimeout.get();
    Duration by = (bound.compareTo(timeout) < 0 ? bound : timeout).plus(HOOK_SLACK);
    return new Step(report, Optional.of(bound), Optional.of(by), Optional.empty());
  }

  /** A repeated kill: it can only bring the signals, or SIGKILL, closer. */
  Step repeated(Duration limit, long nowNanos) {
    sequence.tighten(nowNanos, limit);
    if (!sequence.signalling()) {
      // A shutdown does not wait for a kill's hooks.
      return new Step(false, Optional.empty(), Optional.of(limit.dividedBy(2)), Optional.empty());
    }
    return sequence
        .closerGrace(nowNanos, taskGrace)
        .map(
            grace -> {
              LOG.info("Repeated kill of task {} shortens its grace period to {}", id, grace);
              return Step.signals(grace);
            })
        .orElse(Step.NONE);
  }

  /** The before-terminate hooks are done, or their time is up: the signals, unless they began. */
  Step hooksDone(long nowNanos) {
    return sequence.signalling() ? Step.NONE : Step.signals(grace(nowNanos));
  }

  /** The end of the grace period: SIGKILL to whatever of the task is left, unless it went out. */
  Step graceOver() {
    if (sequence.sigkillSent()) {
      return Step.NONE;
    }
    LOG.info("Grace period of task {} is over; SIGKILL to what is left of it", id);
    return Step.signals(Duration.ZERO);
  }

  /** The signal for {@code grace} left before SIGKILL; recorded before it goes out. */
  Move move(Duration grace) {
    sequence.escalation().cancel();
    Signal next = sequence.next(grace).orElse(null);
    if (next == Signal.TERM) {
      return Move.TERM_THEN_WAIT;
    }
    if (next == Signal.KILL) {
      return Move.KILL;
    }
    return sequence.sigkillSent() ? Move.KILLED : Move.WAIT;
  }

  /** Whether SIGTERM having gone out still needs the time of SIGKILL set. */
  boolean needsDeadline() {
    return sequence.state() == KillSequence.State.SIGTERM_SENT;
  }

  /** The grace period from {@code nowNanos}: the task's own, within the kill's limit. */
  private Duration grace(long nowNanos) {
    Duration grace = sequence.graceFrom(nowNanos, taskGrace);
    LOG.info("Task {}: SIGTERM, then SIGKILL after {}", id, grace);
    return grace;
  }
}
