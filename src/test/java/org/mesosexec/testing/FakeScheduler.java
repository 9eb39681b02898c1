package org.mesosexec.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mesosexec.time.Scheduler;

/** A {@link Scheduler} whose time moves only when a test calls {@link #advance}. */
public final class FakeScheduler implements Scheduler {
  private long now;
  private long sequence;
  private final List<Timer> timers = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();

  private record Timer(long due, long order, Runnable action, AtomicBoolean cancelled) {}

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable action) {
    AtomicBoolean cancelled = new AtomicBoolean();
    delays.add(delay);
    notifyAll();
    timers.add(new Timer(now + delay.toNanos(), sequence++, action, cancelled));
    return () -> {
      synchronized (this) {
        cancelled.set(true);
      }
    };
  }

  /** Moves time forward, running each timer that falls due, in order. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Timer next;
      synchronized (this) {
        next =
            timers.stream()
                .filter(t -> t.due() <= target && !t.cancelled().get())
                .min(Comparator.comparingLong(Timer::due).thenComparingLong(Timer::order))
                .orElse(null);
        if (next == null) {
          now = target;
          timers.removeIf(t -> t.cancelled().get() || t.due() <= target);
          return;
        }
        timers.remove(next);
        now = Math.max(now, next.due());
      }
      next.action().run();
    }
  }

  /**
   * The delay of every timer ever set, in the order set: a timer is set the moment its work is
   * started (a hook run's timeout, for one), so this counts starts that have not yet run.
   */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** How many timers of {@code delay} have been set in all. */
  public synchronized int timesSet(Duration delay) {
    return (int) delays.stream().filter(delay::equals).count();
  }

  /**
   * Waits until timers of {@code delay} have been set {@code times} times in all, for work that
   * another thread schedules after the signal the test saw.
   */
  public synchronized void awaitSet(Duration delay, int times, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (timesSet(delay) < times) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no timer of " + delay + " set " + times + " times: " + delays);
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Timers that are set and not cancelled. */
  public synchronized int pending() {
    return (int) timers.stream().filter(t -> !t.cancelled().get()).count();
  }
}
