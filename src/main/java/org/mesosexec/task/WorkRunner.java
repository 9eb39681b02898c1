package org.mesosexec.task;

import java.util.Optional;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.RunningWork;

/**
 * Starts what a task runs. {@link TaskRun} knows a task's work only through this seam and {@link
 * RunningWork}, so that an OS process ({@link ProcessWork}, the first implementation) and work run
 * on a thread of the executor's JVM are supervised alike. Implementations are thread-safe; {@link
 * #start} may block (spawning, looking up a user) and is never called under a task's lock.
 */
public interface WorkRunner {
  /**
   * Fails at once when the work can never run as {@code user}, before anything is prepared for it;
   * cheap enough to call under a task's lock.
   *
   * @throws LaunchException saying why
   */
  void checkUser(Optional<String> user) throws LaunchException;

  /**
   * Starts the work in the request's directory and environment.
   *
   * @throws LaunchException when it cannot start, with a message for the task's terminal update
   */
  RunningWork start(LaunchRequest request) throws LaunchException;
}
