package org.mesosexec.process;

import java.util.Objects;
import org.mesosexec.work.Signal;

/**
 * Kills a child process with everything it started. Thread-safe; each call sends its signals at
 * once and does not wait for the processes to go.
 */
public final class ProcessGroups {
  private final Signaller signaller;

  public ProcessGroups(Signaller signaller) {
    this.signaller = Objects.requireNonNull(signaller);
  }

  /**
   * SIGKILL to {@code process} and its process group when it leads one (it was started through
   * {@link Setsid}); else, or when the group is already gone, to it and its descendants one by one.
   */
  public void kill(Process process, boolean ownGroup) {
    if (!ownGroup || !signaller.signalGroup(process.pid(), Signal.KILL)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
