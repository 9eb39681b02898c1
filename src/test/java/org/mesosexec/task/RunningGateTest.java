package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.testing.Tasks;

/** The decision to hold TASK_RUNNING back until the first healthy result. */
public class RunningGateTest {
  private static RunningGate gate(boolean runningAfterHealthy) {
    return new RunningGate(
        TaskSpecParser.parse(
            JsonParser.parseString(
                    "{\"command\": \"x\", \"running_after_healthy\": " + runningAfterHealthy + "}")
                .getAsJsonObject()));
  }

  private static TaskStatus.Builder running() {
    return Statuses.of(Tasks.id("t"), TaskState.TASK_RUNNING, "pid 7");
  }

  @Test
  public void withoutTheOptionRunningGoesOutAtOnce() {
    RunningGate gate = gate(false);

    assertEquals("pid 7", gate.started(running()).orElseThrow().getMessage());
    assertFalse(gate.holding());
  }

  @Test
  public void withTheOptionRunningIsHeldUntilOpenedByAHealthyUpdate() {
    RunningGate gate = gate(true);

    assertTrue(gate.started(running()).isEmpty());
    assertTrue(gate.holding());
    TaskStatus opened =
        gate.open(
                Statuses.of(Tasks.id("t"), TaskState.TASK_RUNNING, "Health check passed: 200")
                    .setReason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
                    .setHealthy(true))
            .build();

    assertFalse(gate.holding());
    assertEquals(TaskState.TASK_RUNNING, opened.getState());
    assertTrue(opened.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, opened.getReason());
    assertEquals("pid 7; Health check passed: 200", opened.getMessage());
  }
}
