package org.mesosexec.mesos;

import java.util.Objects;
import org.mesosexec.task.TaskSupervisor;

/**
 * The two ends that the executor connects, which the driver's callbacks and the shutdown both act
 * on together: the driver, through the sink that status updates leave by, and the tasks, through
 * their supervisor.
 *
 * @param sink the driver's side: updates, the executor id, stopping the driver
 * @param tasks the tasks' side: launching, killing, shutting them all down
 */
public record ExecutorCore(DriverSink sink, TaskSupervisor tasks) {
  public ExecutorCore {
    Objects.requireNonNull(sink);
    Objects.requireNonNull(tasks);
  }
}
