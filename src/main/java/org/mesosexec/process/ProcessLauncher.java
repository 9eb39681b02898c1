package org.mesosexec.process;

import java.util.Optional;
import org.mesosexec.work.RunningWork;

/**
 * Starts task processes. Implementations are thread-safe; {@link #launch} blocks only for the time
 * the OS takes to spawn.
 */
public interface ProcessLauncher {
  /**
   * Starts the process in its own session and process group.
   *
   * @throws LaunchException when the OS refuses (no such file, permission denied, no such user)
   */
  RunningWork launch(LaunchRequest request) throws LaunchException;

  /**
   * Fails at once when this launcher can never run a process as {@code user} (for example, it is
   * not root), before anything looks the user up or prepares files for it.
   *
   * @throws LaunchException saying why
   */
  default void checkUser(Optional<String> user) throws LaunchException {}
}
