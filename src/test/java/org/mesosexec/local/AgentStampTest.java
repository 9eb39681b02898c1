package org.mesosexec.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.task.Statuses;
import org.mesosexec.testing.Tasks;

/** An update as the local agent passes it on: received when, under which uuid, from which agent. */
public class AgentStampTest {
  @Test
  public void anUpdateGetsTheTimeTheAgentsIdAndAUuidOfItsOwn() {
    TaskStatus update = Statuses.of(Tasks.id("t"), TaskState.TASK_RUNNING, "pid 42").build();

    double before = System.currentTimeMillis() / 1000.0;
    TaskStatus first = AgentStamp.of(update, Tasks.agent().getId());
    TaskStatus second = AgentStamp.of(update, Tasks.agent().getId());
    double after = System.currentTimeMillis() / 1000.0;

    assertTrue(first.getTimestamp() >= before && first.getTimestamp() <= after);
    assertEquals(Tasks.agent().getId(), first.getSlaveId());
    assertEquals(16, first.getUuid().size());
    assertNotEquals("every update has its own uuid", first.getUuid(), second.getUuid());
    assertEquals(
        "the rest is the executor's",
        update,
        first.toBuilder().clearTimestamp().clearUuid().clearSlaveId().build());
  }
}
