package org.mesosexec.process;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One thread that collects the exit of every child started through {@link PosixSpawn}, where the
 * JDK keeps a thread per child: it polls a pidfd per child and reaps each child by its own pid, so
 * that it never takes the exit status of a child someone else waits for (the JDK's children, or
 * those a JVM task starts). Adopted orphans stay the {@link OrphanReaper}'s. One per JVM, as
 * children are the process's. Exit futures complete on its thread, so what depends on them hands
 * off anything that may block (the task's and the checks' handlers go to the workers), or every
 * other exit would wait. Thread-safe.
 */
final class ChildReaper {
  private static final Logger LOG = LogManager.getLogger(ChildReaper.class);
  private static final int POLLFD_BYTES = 8;
  private static ChildReaper shared;

  private final LibC libc;
  private final int wake;
  private final Map<Long, Child> children = new ConcurrentHashMap<>();

  /** A child being watched; {@code exit} completes with its exit value as the JDK gives it. */
  private record Child(long pid, int pidfd, CompletableFuture<Integer> exit) {}

  private ChildReaper(LibC libc, int wake) {
    this.libc = Objects.requireNonNull(libc);
    this.wake = wake;
  }

  /**
   * The JVM's reaper, started on first use; empty when the kernel has no pidfd (before Linux 5.3)
   * or no eventfd, and children must then be the JDK's.
   */
  static synchronized Optional<ChildReaper> shared(LibC libc) {
    if (shared == null) {
      int self = libc.getpid();
      long pidfd = libc.syscall(LibC.SYS_PIDFD_OPEN, self, 0);
      if (pidfd < 0) {
        LOG.info("No pidfd_open (errno {}): task processes are started by the JDK", LibC.errno());
        return Optional.empty();
      }
      libc.close((int) pidfd);
      int wake = libc.eventfd(0, LibC.EFD_CLOEXEC);
      if (wake < 0) {
        return Optional.empty();
      }
      shared = new ChildReaper(libc, wake);
      Thread t = new Thread(shared::run, "child-reaper");
      t.setDaemon(true);
      t.start();
    }
    return Optional.of(shared);
  }

  /**
   * Watches {@code pid}, a child started through {@link SpawnedChildren#start}, until it exits; the
   * future completes with its exit value: the exit code, or 128+N when signal N killed it.
   */
  CompletableFuture<Integer> watch(long pid) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    long pidfd = libc.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
    if (pidfd < 0) {
      // Out of descriptors, say: this child gets a thread of its own, as under the JDK.
      LOG.warn(
          "pidfd_open({}) failed (errno {}): waiting on a thread of its own", pid, LibC.errno());
      Thread t = new Thread(() -> waitAlone(pid, exit), "child-reaper-" + pid);
      t.setDaemon(true);
      t.start();
      return exit;
    }
    children.put(pid, new Child(pid, (int) pidfd, exit));
    libc.write(wake, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
    return exit;
  }

  private void run() {
    while (true) {
      try {
        pollOnce();
      } catch (RuntimeException | Error e) {
        LOG.error("The child reaper failed; going on", e);
      }
    }
  }

  /** Waits for a child to exit or a new one to come, and reaps those that exited. */
  private void pollOnce() {
    List<Child> now = new ArrayList<>(children.values());
    try (Memory fds = new Memory((long) POLLFD_BYTES * (now.size() + 1))) {
      fds.clear();
      watch(fds, 0, wake);
      for (int i = 0; i < now.size(); i++) {
        watch(fds, i + 1, now.get(i).pidfd());
      }
      if (libc.poll(fds, now.size() + 1, -1) < 0) {
        pauseUnlessInterrupted(LibC.errno());
        return;
      }
      if (fds.getShort(6) != 0) {
        libc.read(wake, new byte[8], 8);
      }
      for (int i = 0; i < now.size(); i++) {
        if (fds.getShort((long) POLLFD_BYTES * (i + 1) + 6) != 0) {
          reap(now.get(i));
        }
      }
    }
  }

  /** Sets entry {@code index} of a {@code struct pollfd} array to wait for {@code fd} to read. */
  private static void watch(Memory fds, int index, int fd) {
    fds.setInt((long) POLLFD_BYTES * index, fd);
    fds.setShort((long) POLLFD_BYTES * index + 4, (short) LibC.POLLIN);
  }

  /** After a failed poll: at once for EINTR, else after a pause, so that no failure spins. */
  private static void pauseUnlessInterrupted(int errno) {
    if (errno == LibC.EINTR) {
      return;
    }
    LOG.warn("poll failed (errno {}); trying again in 100 ms", errno);
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void reap(Child child) {
    int[] status = new int[1];
    int r = SpawnedChildren.reapOwn(libc, child.pid(), status);
    if (r == 0) {
      return; // not a zombie yet
    }
    children.remove(child.pid());
    libc.close(child.pidfd());
    child.exit().complete(exitValue(child.pid(), r, status[0]));
  }

  private void waitAlone(long pid, CompletableFuture<Integer> exit) {
    int[] status = new int[1];
    int r;
    do {
      r = libc.waitpid((int) pid, status, 0);
    } while (r < 0 && LibC.errno() == LibC.EINTR);
    SpawnedChildren.reapOwn(libc, pid, new int[1]); // forgets it
    exit.complete(exitValue(pid, r, status[0]));
  }

  /**
   * The exit value as {@link Process#exitValue()} has it: the exit code, or 128+N when signal N
   * killed the process; 0, as the JDK has it too, when the status was taken by someone else.
   */
  private static int exitValue(long pid, int waited, int status) {
    if (waited < 0) {
      LOG.warn("Process {} was reaped elsewhere: its exit status is lost", pid);
      return 0;
    }
    int signal = status & 0x7f;
    return signal == 0 ? (status >> 8) & 0xff : 0x80 + signal;
  }
}
