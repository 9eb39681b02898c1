package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.testing.AuroraTasks;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.work.ExitStatus;

/**
 * Aurora's tasks through the executor's callbacks: one that runs sees Aurora's variables, and one
 * that cannot run is {@code TASK_FAILED} / {@code REASON_TASK_INVALID} without any other update,
 * while a good task beside it finishes.
 */
public class AuroraTaskRunTest extends FakeExecutorFixture {
  private static TaskInfo aurora(String id, AuroraTasks task) {
    return task(id, "").setData(ByteString.copyFrom(task.bytes())).build();
  }

  @Test
  public void anAuroraTaskRunsWithAurorasVariables() {
    register();
    launch(aurora("a1", AuroraTasks.task().data("{\"command\": \"./serve\"}")))
        .exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("a1"));
    LaunchRequest request = launcher.requests().get(0);
    assertEquals(List.of("/bin/sh", "-c", "./serve"), request.argv());
    assertEquals("31000", request.environment().get("PORT_HTTP"));
    assertEquals("www-data", request.environment().get("AURORA_ROLE"));
    assertEquals("a1", request.environment().get("MESOS_TASK_ID"));
  }

  @Test
  public void aBadAuroraTaskFailsAsInvalidAndAGoodOneBesideItFinishes() {
    register();
    executor.launchTask(driver, aurora("bad", AuroraTasks.task().data("")));
    launch("good", "{\"command\": \"true\"}").exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(TASK_FAILED), driver.states("bad"));
    assertEquals(Reason.REASON_TASK_INVALID, last("bad").getReason());
    assertThat(last("bad").getMessage(), startsWith("executorConfig.data is empty; "));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("good"));
  }

  @Test
  public void aProgressFileOutsideTheSandboxFailsAnAuroraTask() {
    register();
    executor.launchTask(
        driver,
        aurora(
            "bad",
            AuroraTasks.task()
                .data(
                    "{\"command\": \"x\", \"env\": {\"EXECUTOR_PROGRESS_OUTPUT_FILE\":"
                        + " \"/etc/x\"}}")));

    assertEquals(List.of(TASK_FAILED), driver.states("bad"));
    assertEquals(Reason.REASON_TASK_INVALID, last("bad").getReason());
    assertThat(last("bad").getMessage(), startsWith("progress file '/etc/x'"));
    assertTrue(launcher.requests().isEmpty());
  }
}
