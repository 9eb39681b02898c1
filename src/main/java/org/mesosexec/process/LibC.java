package org.mesosexec.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;

/**
 * The part of libc the executor calls through JNA: signals, the subreaper flag, reaping, and the
 * {@code *at} calls that reach files under the sandbox relative to a directory descriptor. Paths go
 * in as NUL-terminated bytes, so that no JNA string encoding stands between the name the executor
 * means and the name the kernel sees.
 */
public interface LibC extends Library {
  int PR_SET_CHILD_SUBREAPER = 36;
  int WNOHANG = 1;
  int ENOENT = 2;
  int ESRCH = 3;
  int ECHILD = 10;
  int EEXIST = 17;
  int ENOTDIR = 20;
  int EISDIR = 21;
  int ENOTEMPTY = 39;
  int ELOOP = 40;
  int ENOEXEC = 8;
  int EINTR = 4;
  int EINVAL = 22;
  int AT_FDCWD = -100;
  int O_RDONLY = 0;
  int O_WRONLY = 1;
  int O_CREAT = 0x40;
  int O_APPEND = 0x400;
  int O_CLOEXEC = 0x80000;
  int POLLIN = 1;
  int EFD_CLOEXEC = 0x80000;
  int RENAME_NOREPLACE = 1;

  /** {@code pidfd_open(2)}: the same number on every Linux architecture (5.3 and later). */
  long SYS_PIDFD_OPEN = 434;

  int kill(int pid, int signal);

  int getuid();

  int getpid();

  int geteuid();

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int waitpid(int pid, int[] status, int options);

  /** {@code openat(2)}; the mode is passed always (ignored without O_CREAT). */
  int openat(int dirfd, byte[] path, int flags, int mode);

  int mkdirat(int dirfd, byte[] path, int mode);

  int unlinkat(int dirfd, byte[] path, int flags);

  int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

  /**
   * {@code renameat2(2)} (glibc 2.28 and later); with {@link #RENAME_NOREPLACE}, never replaces.
   */
  int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

  int fchmod(int fd, int mode);

  int close(int fd);

  String strerror(int errno);

  long syscall(long number, Object... args);

  int poll(com.sun.jna.Pointer fds, int count, int timeoutMillis);

  int eventfd(int initial, int flags);

  long read(int fd, byte[] buffer, long count);

  long write(int fd, byte[] buffer, long count);

  /** libc when JNA can load it; empty (with a warning) when it cannot, e.g. a noexec temp dir. */
  static Optional<LibC> load() {
    try {
      return Optional.of(bind());
    } catch (LinkageError e) {
      warnNotLoaded(e);
      return Optional.empty();
    }
  }

  /**
   * {@link #load()}, with JNA's native stub unpacked under {@code scratch} (the sandbox) rather
   * than in {@code $HOME/.cache/JNA}, when no {@code libjnidispatch} is on the JVM's library path
   * (JNA looks there first) and the operator has not set {@code jna.tmpdir}. JNA deletes the
   * unpacked copy as soon as it is loaded; the directory goes too when it is left empty. Takes the
   * load {@link LibcPreload#start} began for {@code scratch}, if any. Call before anything else
   * uses JNA.
   */
  static Optional<LibC> load(java.nio.file.Path scratch) {
    try {
      return Optional.of(
          LibcPreload.take(scratch).map(LibC::await).orElseGet(() -> loadUnder(scratch)));
    } catch (LinkageError e) {
      warnNotLoaded(e);
      return Optional.empty();
    }
  }

  private static LibC await(java.util.concurrent.CompletableFuture<LibC> loading) {
    try {
      return loading.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error; // a LinkageError is warned of; any other fails the start, as on this thread
      }
      throw e;
    }
  }

  /** {@link #load(java.nio.file.Path)} itself, on the caller's thread, errors thrown. */
  static LibC loadUnder(java.nio.file.Path scratch) {
    java.nio.file.Path dir = scratch.resolve(".jna");
    boolean ours = System.getProperty("jna.tmpdir") == null;
    if (ours) {
      System.setProperty("jna.tmpdir", dir.toString());
    }
    try {
      return bind();
    } finally {
      if (ours) {
        try {
          java.nio.file.Files.deleteIfExists(dir);
        } catch (java.io.IOException notEmpty) {
          // JNA kept its copy (jnidispatch.preserve): it stays in the sandbox
        }
      }
    }
  }

  /**
   * Binds libc, which JNA finds without a search path (it is in the process already). The first use
   * of JNA would otherwise run {@code /sbin/ldconfig -p} to make the search path for other
   * libraries: a child process the executor did not start, at every start-up. Libraries loaded
   * later by JVM tasks come from their own JNA, which makes that path as usual: the setting is
   * taken away again once JNA has read it.
   */
  private static LibC bind() {
    String noSearch = "jna.platform.library.path";
    boolean ours = System.getProperty(noSearch) == null;
    if (ours) {
      System.setProperty(noSearch, "");
    }
    try {
      return Native.load("c", LibC.class);
    } finally {
      if (ours) {
        System.clearProperty(noSearch);
      }
    }
  }

  private static void warnNotLoaded(LinkageError e) {
    LogManager.getLogger(LibC.class)
        .warn(
            "Cannot load libc through JNA ({}); signals go through"
                + " the kill command, orphaned task processes cannot be adopted, and files under the"
                + " sandbox are opened by name (a task can then race a FIFO into their place)",
            e.toString());
  }

  /** The errno of the last call on this thread. */
  static int errno() {
    return Native.getLastError();
  }
}
