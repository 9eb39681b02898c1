package org.mesosexec.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends signals to process groups through libc's {@code kill(2)} (via JNA); when JNA cannot load
 * (for example a {@code noexec} temp directory), through the {@code kill} command instead.
 */
public final class Signaller {
  private static final Logger LOG = LogManager.getLogger(Signaller.class);
  private static final int ESRCH = 3;

  /** The part of libc the executor needs. */
  public interface LibC extends Library {
    int kill(int pid, int signal);

    int getuid();
  }

  private final LibC libc;

  private Signaller(LibC libc) {
    this.libc = libc;
  }

  /** A signaller backed by libc when it loads, else by the kill command. */
  public static Signaller load() {
    try {
      return new Signaller(Native.load("c", LibC.class));
    } catch (LinkageError e) {
      LOG.warn("Cannot load libc through JNA ({}); signals go through the kill command", e.toString());
      return new Signaller(null);
    }
  }

  /** Sends {@code signal} to process group {@code pgid}; a group that is gone is not an error. */
  public void signalGroup(long pgid, Signal signal) {
    if (libc != null) {
      if (libc.kill((int) -pgid, signal.number()) != 0 && Native.getLastError() != ESRCH) {
        LOG.warn("kill(-{}, SIG{}) failed: errno {}", pgid, signal, Native.getLastError());
      }
      return;
    }
    try {
      new ProcessBuilder("kill", "-s", signal.name(), "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (java.io.IOException e) {
      LOG.warn("kill -s {} -- -{} failed: {}", signal, pgid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the executor runs as root (and so may run tasks as other users). */
  public boolean runningAsRoot() {
    if (libc != null) {
      return libc.getuid() == 0;
    }
    return "root".equals(System.getProperty("user.name"));
  }
}
