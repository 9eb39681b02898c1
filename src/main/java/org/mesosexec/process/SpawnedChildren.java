package org.mesosexec.process;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The executor's children that it spawned and that someone waits for by pid (the JDK for those
 * started through {@link ProcessBuilder}, the {@link ChildReaper} for those started through {@link
 * PosixSpawn}), and the reaping of every other child (the orphans a subreaper adopts). One set for
 * the JVM, as the subreaper flag is the process's: an orphan reaper that took a spawned child's
 * exit status would lose it. Thread-safe.
 */
final class SpawnedChildren {
  private static final Logger LOG = LogManager.getLogger(SpawnedChildren.class);
  private static final Set<Long> spawned = ConcurrentHashMap.newKeySet();

  /** Held while a child starts and while one is reaped, so that no start races a reap. */
  private static final Object reapLock = new Object();

  /** Starts a child and returns its pid. */
  interface Start {
    long start() throws LaunchException;
  }

  private SpawnedChildren() {}

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

  /** Starts a child that only {@link #reapOwn} will reap, remembered as such until then. */
  static long start(Start start) throws LaunchException {
    synchronized (reapLock) {
      long pid = start.start();
      spawned.add(pid);
      return pid;
    }
  }

  /**
   * Reaps {@code pid}, a child started through {@link #start}, if it has exited; returns what
   * {@code waitpid(pid, status, WNOHANG)} did, and forgets the child once it is reaped (or was
   * somehow reaped elsewhere: ECHILD).
   */
  static int reapOwn(LibC libc, long pid, int[] status) {
    synchronized (reapLock) {
      int r = libc.waitpid((int) pid, status, LibC.WNOHANG);
      if (r == pid || (r < 0 && LibC.errno() == LibC.ECHILD)) {
        spawned.remove(pid);
      }
      return r;
    }
  }

  /** Whether {@code pid} is a child the executor spawned and has not yet reaped. */
  static boolean spawned(long pid) {
    return spawned.contains(pid);
  }

  /** Reaps {@code pid} if it is a zombie child that the executor did not spawn; whether it did. */
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
