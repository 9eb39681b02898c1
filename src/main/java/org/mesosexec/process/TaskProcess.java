package org.mesosexec.process;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A started task: its first process, leader of its own session and process group, and every process
 * that descends from it, daemons included.
 */
public interface TaskProcess {
  /** The first process's pid. */
  long pid();

  /** Completes once the first process has exited (and been reaped); never exceptionally. */
  CompletionStage<ExitStatus> onExit();

  /**
   * The task's processes that still exist, the first one included until it has been reaped. Empty
   * once nothing of the task is left.
   */
  List<Long> remaining();

  /**
   * Sends {@code signal} to every process of the task. The tree is frozen first (SIGSTOP until no
   * new process shows up), so that nothing can fork while it is being listed, and resumed after
   * (SIGCONT) so that the processes can act on the signal. Safe to call when nothing is left.
   *
   * @return how many processes got the signal
   */
  int signalAll(Signal signal);

  /**
   * Sends the last signal of {@link #signalAll} to the processes of the task found only since
   * (frozen and resumed the same way), for example an adopted one whose environment could not be
   * read in the middle of an exec. Does nothing before the first {@code signalAll}.
   *
   * @return how many processes got it
   */
  int signalNewcomers();
}
