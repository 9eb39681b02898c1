package org.mesosexec.process;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The executor's children that the JDK spawned and will reap, and the reaping of every other child
 * (the orphans a subreaper adopts). One set for the JVM, as the subreaper flag is the process's: an
 * orphan reaper that took a JDK child's exit status would lose it. Thread-safe.
 */
final class JdkChildren {
  private static final Logger LOG = LogManager.getLogger(JdkChildren.class);
  private static final Set<Long> spawned = ConcurrentHashMap.newKeySet();

  /** Held while a child starts and while one is reaped, so that no start races a reap. */
  private static final Object reapLock = new Object();

  private JdkChildren() {}

  /** Starts a process the JDK will reap, remembered as such until it exits. */
  static Process spawn(ProcessBuilder builder) throws IOException {
    synchronized (reapLock) {
      Process p = builder.start();
      long pid = p.pid();
      spawned.add(pid);
      p.onExit().whenComplete((x, e) -> spawned.remove(pid));
      return p;
    }
  }

  /** Whether {@code pid} is a child the JDK spawned and has not yet reaped. */
  static boolean spawned(long pid) {
    return spawned.contains(pid);
  }

  /** Reaps {@code pid} if it is a zombie child that the JDK did not spawn; whether it did. */
  static boolean reap(Optional<LibC> libc, long pid) {
    synchronized (reapLock) {
      if (spawned.contains(pid) || libc.isEmpty()) {
        return false;
      }
      int r = libc.get().waitpid((int) pid, new int[1], LibC.WNOHANG);
      if (r == pid) {
        LOG.debug("Reaped orphaned process {}", pid);
        return true;
      }
      return false;
    }
  }
}
