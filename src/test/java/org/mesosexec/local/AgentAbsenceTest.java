package org.mesosexec.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;

/** What waits and what is lost while the local agent is away. */
public class AgentAbsenceTest {
  private static final TaskStatus RUNNING = status(TaskState.TASK_RUNNING);
  private static final TaskStatus FINISHED = status(TaskState.TASK_FINISHED);

  @Test
  public void withCheckpointingUpdatesWaitForTheAgentAndMessagesAreLost() {
    AgentAbsence absence = new AgentAbsence(true);
    assertFalse("the agent is there", absence.holds(RUNNING));

    absence.begin();

    assertTrue(absence.holds(RUNNING));
    assertTrue(absence.holds(FINISHED));
    assertTrue(absence.loses(new byte[3]));
    assertEquals(List.of(RUNNING, FINISHED), absence.end());
    assertFalse("back: nothing waits any more", absence.holds(RUNNING));
    assertEquals(List.of(), absence.end());
  }

  @Test
  public void withoutCheckpointingNothingWaits() {
    AgentAbsence absence = new AgentAbsence(false);

    absence.begin();

    assertFalse(absence.holds(RUNNING));
    assertFalse(absence.loses(new byte[3]));
    assertEquals(List.of(), absence.end());
  }

  private static TaskStatus status(TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t1"))
        .setState(state)
        .build();
  }
}
