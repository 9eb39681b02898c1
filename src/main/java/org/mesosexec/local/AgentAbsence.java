package org.mesosexec.local;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskStatus;

/**
 * The local agent's absence during a simulated restart, as libmesos' V0 driver sees one: with
 * checkpointing, status updates wait for the agent's return and framework messages are lost;
 * without it, nothing waits (the driver shuts the executor down instead). Guarded by the {@link
 * LocalDriver}'s lock.
 */
final class AgentAbsence {
  private static final Logger LOG = LogManager.getLogger(AgentAbsence.class);

  private final boolean checkpoint;
  private final List<TaskStatus> waiting = new ArrayList<>();
  private boolean away;

  /**
   * @param checkpoint whether the framework checkpoints
   */
  AgentAbsence(boolean checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** The agent goes away. */
  void begin() {
    away = true;
  }

  /** Whether {@code update} waits for the agent's return (then kept until {@link #end}). */
  boolean holds(TaskStatus update) {
    if (!away || !checkpoint) {
      return false;
    }
    LOG.info(
        "The agent is away: {} for task {} waits for it",
        update.getState(),
        update.getTaskId().getValue());
    waiting.add(update);
    return true;
  }

  /** Whether a framework message sent now is lost (and says so in the log). */
  boolean loses(byte[] message) {
    if (!away || !checkpoint) {
      return false;
    }
    LOG.warn(
        "The agent is away: a framework message of {} bytes is lost, as with a real agent",
        message.length);
    return true;
  }

  /** The agent is back; returns the updates that waited for it, in order. */
  List<TaskStatus> end() {
    away = false;
    List<TaskStatus> replay = List.copyOf(waiting);
    waiting.clear();
    return replay;
  }
}
