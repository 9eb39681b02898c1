package org.mesosexec.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;

/** The part of libc the executor calls through JNA: signals, the subreaper flag, reaping. */
public interface LibC extends Library {
  int PR_SET_CHILD_SUBREAPER = 36;
  int WNOHANG = 1;
  int ESRCH = 3;
  int ECHILD = 10;

  int kill(int pid, int signal);

  int getuid();

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int waitpid(int pid, int[] status, int options);

  /** libc when JNA can load it; empty (with a warning) when it cannot, e.g. a noexec temp dir. */
  static Optional<LibC> load() {
    try {
      return Optional.of(Native.load("c", LibC.class));
    } catch (LinkageError e) {
      LogManager.getLogger(LibC.class).warn("Cannot load libc through JNA ({}); signals go through"
          + " the kill command and orphaned task processes cannot be adopted", e.toString());
      return Optional.empty();
    }
  }

  /** The errno of the last call on this thread. */
  static int errno() {
    return Native.getLastError();
  }
}
