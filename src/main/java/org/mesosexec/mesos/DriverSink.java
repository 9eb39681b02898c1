package org.mesosexec.mesos;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.StatusSink;

/**
 * The {@link StatusSink} backed by the executor driver. The driver is known from the first callback
 * on; every update is logged, and one the driver refuses is logged as an error.
 */
public final class DriverSink implements StatusSink {
  private static final Logger LOG = LogManager.getLogger(DriverSink.class);
  private volatile ExecutorDriver driver;
  private volatile ExecutorID executorId;

  /** Remembers the driver; called from every callback, as any of them may come first. */
  public void attach(ExecutorDriver driver) {
    this.driver = driver;
  }

  /** The executor id stamped on every update. */
  public void setExecutorId(ExecutorID id) {
    this.executorId = id;
  }

  @Override
  public void send(TaskStatus status) {
    if (status.getState() == TaskState.TASK_STAGING) {
      // The agent shuts down an executor that sends TASK_STAGING.
      throw new IllegalArgumentException("TASK_STAGING must never be sent");
    }
    TaskStatus stamped =
        executorId == null ? status : status.toBuilder().setExecutorId(executorId).build();
    LOG.info(
        "Status update: task {} {}{}{}",
        status.getTaskId().getValue(),
        status.getState(),
        status.hasReason() ? " " + status.getReason() : "",
        status.hasMessage() ? ": " + status.getMessage() : "");
    Status result = current().sendStatusUpdate(stamped);
    if (result != Status.DRIVER_RUNNING) {
      LOG.error(
          "Status update {} for task {} not sent: driver is {}",
          status.getState(),
          status.getTaskId().getValue(),
          result);
    }
  }

  @Override
  public void frameworkMessage(byte[] data) {
    Status result = current().sendFrameworkMessage(data);
    if (result != Status.DRIVER_RUNNING) {
      LOG.error("Framework message not sent: driver is {}", result);
    }
  }

  /** Stops the driver; after this nothing more is sent. */
  public void stop() {
    ExecutorDriver d = driver;
    if (d != null) {
      LOG.info("Stopping the driver: {}", d.stop());
    }
  }

  private ExecutorDriver current() {
    ExecutorDriver d = driver;
    if (d == null) {
      throw new IllegalStateException(
          "no driver yet: nothing can be sent before the first callback");
    }
    return d;
  }
}
