package org.mesosexec.task;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.Signal;

/**
 * A task's work once started: how it ended, what of it is left, and how to stop it. Thread-safe.
 * {@link #remaining} and {@link #stopNewcomers} are quick and may be called under a task's lock;
 * {@link #stop} may wait a little (an OS process tree is frozen before it is signalled) and is
 * never called under it.
 */
public interface RunningWork {
  /** The OS process id of the work's first process, if it is one. */
  OptionalLong pid();

  /** Completes, never exceptionally, once the work itself has ended. */
  CompletionStage<ExitStatus> ended();

  /** What of the work still runs (process ids); empty once nothing of it is left. */
  List<Long> remaining();

  /**
   * Asks every part of the work to stop: {@link Signal#TERM} gently, {@link Signal#KILL} at once.
   *
   * @return how many parts were asked
   */
  int stop(Signal signal);

  /** Passes the last {@link #stop} on to parts found only since; returns how many. */
  int stopNewcomers();
}
