package org.mesosexec.work;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A task's work once started: how it ended, what of it is left, and how to stop it. An OS process
 * tree is the first kind; work run on a thread of the executor's JVM, which has no pid, is the
 * next. Thread-safe. {@link #remaining} and {@link #stopNewcomers} are quick and may be called
 * under a task's lock; {@link #stop} may wait a little (an OS process tree is frozen before it is
 * signalled) and is never called under it.
 */
public interface RunningWork {
  /** The OS process id of the work's first process, if it is one. */
  OptionalLong pid();

  /**
   * Completes, never exceptionally, once the work itself (its first process) has ended; possibly on
   * a thread that serves every process, so dependents hand off anything that blocks.
   */
  CompletionStage<ExitStatus> ended();

  /**
   * What of the work still runs (process ids), the first process included until it has been reaped;
   * empty once nothing of it is left.
   */
  List<Long> remaining();

  /**
   * Asks every part of the work to stop: {@link Signal#TERM} gently, {@link Signal#KILL} at once.
   * Safe to call when nothing is left.
   *
   * @return how many parts were asked
   */
  int stop(Signal signal);

  /**
   * Passes the last {@link #stop} on to the parts found only since, for example an adopted process
   * whose environment could not be read in the middle of an exec. Does nothing before the first
   * {@code stop}.
   *
   * @return how many parts were asked
   */
  int stopNewcomers();
}
