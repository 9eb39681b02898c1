package org.mesosexec.process;

import java.util.concurrent.CompletionStage;

/** A started task process, leader of its own process group. */
public interface TaskProcess {
  long pid();

  /** Completes once the process has exited (and been reaped); never completes exceptionally. */
  CompletionStage<ExitStatus> onExit();

  /**
   * Sends {@code signal} to every process in the task's process group. Safe to call after the
   * process has exited: then it does nothing.
   */
  void signalGroup(Signal signal);
}
