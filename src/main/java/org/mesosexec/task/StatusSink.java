package org.mesosexec.task;

import org.apache.mesos.Protos.TaskStatus;

/**
 * Where status updates and framework messages go: the Mesos driver, or a test's recorder. Both
 * methods are thread-safe and never block for long (the driver only queues the message).
 */
public interface StatusSink {
  /** Sends a status update; the sink fills in the executor id. */
  void send(TaskStatus status);

  /** Sends a framework message to the scheduler. */
  void frameworkMessage(byte[] data);
}
