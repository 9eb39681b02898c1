package org.mesosexec.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The JVM tasks' pool in tests: work waits until the test lets it run, each on a thread of its own
 * ({@link #startNext}), so that a test decides how many threads are busy and when one frees up.
 * Refuses nothing; a test that launches no JVM task never sees it.
 */
public final class ManualPool implements Executor {
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private final List<Thread> started = new ArrayList<>();

  @Override
  public synchronized void execute(Runnable work) {
    if (work == null) {
      throw new RejectedExecutionException("null work");
    }
    queued.add(work);
  }

  /** How many are waiting for a thread. */
  public synchronized int queued() {
    return queued.size();
  }

  /** Runs the longest-waiting work on a new thread of its own, and returns that thread. */
  public Thread startNext() {
    Runnable next;
    synchronized (this) {
      next = queued.remove();
    }
    Thread t = new Thread(next, "jvm-task-test-" + started.size());
    t.setDaemon(true);
    synchronized (this) {
      started.add(t);
    }
    t.start();
    return t;
  }

  /** Waits for every thread started so far to end, at most {@code millis} each. */
  public void joinAll(long millis) throws InterruptedException {
    List<Thread> threads;
    synchronized (this) {
      threads = List.copyOf(started);
    }
    for (Thread t : threads) {
      t.join(millis);
    }
  }
}
