package org.mesosexec.time;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories that name their threads, so {@code executor.log} and jstack say who is who. */
public final class Threads {
  private Threads() {}

  /** Daemon threads named {@code prefix-N}. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
