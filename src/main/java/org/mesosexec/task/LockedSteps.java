package org.mesosexec.task;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a task's steps under its lock and, once the lock is released, what they decided to do that
 * may wait (starting the work, signalling it, reading the rest of its output), in the order
 * decided. A step run from inside another on the same thread (a callback run in place) leaves that
 * work to the outer one, which runs it once it has let go of the lock. Thread-safe.
 */
final class LockedSteps {
  private final Object lock;

  /** Guarded by {@link #lock}. */
  private final ArrayDeque<Runnable> later = new ArrayDeque<>();

  /**
   * @param lock the task's lock
   */
  LockedSteps(Object lock) {
    this.lock = Objects.requireNonNull(lock);
  }

  /** Runs {@code step} under the lock, then what it and others left for later, outside it. */
  void run(Runnable step) {
    synchronized (lock) {
      step.run();
    }
    if (Thread.holdsLock(lock)) {
      return; // an outer step runs it once it lets go
    }
    while (true) {
      Runnable next;
      synchronized (lock) {
        next = later.poll();
      }
      if (next == null) {
        return;
      }
      next.run();
    }
  }

  /** Leaves {@code work} for after the lock is released; called under the lock. */
  void later(Runnable work) {
    assert Thread.holdsLock(lock);
    later.add(Objects.requireNonNull(work));
  }

  /**
   * Leaves {@code work} for after the lock is released, then runs {@code done} with its result, or
   * {@code failed} with what it threw, as a step under the lock; called under the lock.
   */
  <T> void outside(Supplier<T> work, Consumer<T> done, Consumer<Throwable> failed) {
    Objects.requireNonNull(work);
    Objects.requireNonNull(done);
    Objects.requireNonNull(failed);
    later(
        () -> {
          T result;
          try {
            result = work.get();
          } catch (RuntimeException | Error e) {
            run(() -> failed.accept(e));
            return;
          }
          run(() -> done.accept(result));
        });
  }
}
