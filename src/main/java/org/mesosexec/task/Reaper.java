package org.mesosexec.task;

import java.time.Duration;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * When to look again whether anything of a task that has exited is left: after a delay that starts
 * at a millisecond and doubles up to {@link #MAX_POLL}, sooner after SIGKILL, and never while a
 * signal to it is still on its way. Holds no lock: guarded by the owning {@link TaskRun}'s lock.
 */
final class Reaper {
  static final Duration FIRST_POLL = Duration.ofMillis(1);
  static final Duration MAX_POLL = Duration.ofMillis(200);

  private Duration delay = FIRST_POLL;
  private Cancellable poll;
  private int signalsInFlight;
  private boolean lookWaiting;

  /** A signal is about to go out, outside the task's lock; no look counts before it has. */
  void signalSending() {
    signalsInFlight++;
  }

  /** The signal has gone out; returns whether a look waited for it and is due now. */
  boolean signalSent() {
    signalsInFlight--;
    boolean due = lookWaiting && signalsInFlight == 0;
    lookWaiting &= !due;
    return due;
  }

  /**
   * Whether a look at what is left counts now: not while a signal is on its way (the look is then
   * due once it has gone out, as if it had been sent under the lock).
   */
  boolean mayLook() {
    if (signalsInFlight > 0) {
      lookWaiting = true;
      return false;
    }
    return true;
  }

  /** The delay before the next look, the one after it doubled. */
  Duration nextDelay() {
    Duration now = delay;
    Duration next = delay.multipliedBy(2);
    delay = next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
    return now;
  }

  /** Looks soon, whatever the backoff had reached: SIGKILL just went out. */
  Duration restart() {
    cancel();
    delay = FIRST_POLL;
    return FIRST_POLL;
  }

  void polling(Cancellable next) {
    poll = next;
  }

  /** The pending look fired, or is no longer wanted. */
  void cancel() {
    if (poll != null) {
      poll.cancel();
      poll = null;
    }
  }
}
