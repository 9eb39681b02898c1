package org.mesosexec.process;

/**
 * Starts task processes. Implementations are thread-safe; {@link #launch} blocks only for the
 * time the OS takes to spawn.
 */
public interface ProcessLauncher {
  /**
   * Starts the process in its own session and process group.
   *
   * @throws LaunchException when the OS refuses (no such file, permission denied, no such user)
   */
  TaskProcess launch(LaunchRequest request) throws LaunchException;
}
