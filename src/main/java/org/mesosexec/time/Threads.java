package org.mesosexec.time;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories that name their threads, so {@code executor.log} and jstack say who is who. */
public final class Threads {
  private Threads() {}

  /**
   * Daemon threads named {@code prefix-N}. They inherit no inheritable thread-local of the thread
   * that happens to create them: a pool grown from a JVM task's thread must not print into that
   * task's files ({@code jvmwork.TaskOutput}).
   */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(prefix + "-" + n.incrementAndGet(), r);
  }

  /**
   * Starts {@code work} on a daemon thread of its own named {@code name}, as {@link #named}'s are:
   * for the start-up's one-off work beside the main thread.
   */
  public static Thread start(String name, Runnable work) {
    Thread t = daemon(name, work);
    t.start();
    return t;
  }

  private static Thread daemon(String name, Runnable work) {
    Thread t = new Thread(null, work, name, 0, false);
    t.setDaemon(true);
    return t;
  }
}
