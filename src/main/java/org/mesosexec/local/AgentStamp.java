package org.mesosexec.local;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskStatus;

/** What the agent adds to a status update before it passes it on. */
final class AgentStamp {
  private AgentStamp() {}

  /** The update with the time it was received (in seconds), a new uuid, and the agent's id. */
  static TaskStatus of(TaskStatus update, SlaveID agent) {
    UUID u = UUID.randomUUID();
    byte[] uuid =
        ByteBuffer.allocate(16)
            .putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits())
            .array();
    return update.toBuilder()
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(ByteString.copyFrom(uuid))
        .setSlaveId(agent)
        .build();
  }
}
