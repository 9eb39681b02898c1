package org.mesosexec.process;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.work.Signal;

/**
 * Sends signals to process groups through libc's {@code kill(2)} (via JNA); when JNA cannot load
 * (for example a {@code noexec} temp directory), through the {@code kill} command instead.
 */
public final class Signaller {
  private static final Logger LOG = LogManager.getLogger(Signaller.class);
  private final LibC libc;

  /** A signaller backed by {@code libc}, or by the kill command when it is empty. */
  public Signaller(java.util.Optional<LibC> libc) {
    this.libc = libc.orElse(null);
  }

  /** A signaller backed by libc when it loads, else by the kill command. */
  public static Signaller load() {
    return new Signaller(LibC.load());
  }

  /**
   * Sends {@code signal} to process group {@code pgid}; returns false when no such group exists (it
   * is gone, or its leader has not yet called setsid).
   */
  public boolean signalGroup(long pgid, Signal signal) {
    return send(-pgid, signal);
  }

  /** Sends {@code signal} to the one process {@code pid}; false when it does not exist. */
  public boolean signalProcess(long pid, Signal signal) {
    return send(pid, signal);
  }

  private boolean send(long target, Signal signal) {
    if (libc != null) {
      if (libc.kill((int) target, signal.number()) == 0) {
        return true;
      }
      int errno = LibC.errno();
      if (errno != LibC.ESRCH) {
        LOG.warn("kill({}, SIG{}) failed: errno {}", target, signal, errno);
      }
      return errno != LibC.ESRCH;
    }
    try {
      return new ProcessBuilder("kill", "-s", signal.name(), "--", String.valueOf(target))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (java.io.IOException e) {
      LOG.warn("kill -s {} -- {} failed: {}", signal, target, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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
