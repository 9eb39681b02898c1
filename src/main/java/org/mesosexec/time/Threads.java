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
    return r -> {
      Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), 0, false);
      t.setDaemon(true);
      return t;
    };
  }
}
