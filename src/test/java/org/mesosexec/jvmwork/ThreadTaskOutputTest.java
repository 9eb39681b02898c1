package org.mesosexec.jvmwork;

import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.Test;
import org.mesosexec.jvm.fixtures.Prints;

/** What JVM tasks on threads print, and the progress they report. */
public class ThreadTaskOutputTest extends JvmTaskFixture {
  private List<String> lines(String id, String file) throws Exception {
    return Files.readAllLines(sandbox.resolve("tasks/" + id + "/" + file));
  }

  @Test
  public void twoTasksPrintingAtOnceEachPrintIntoTheirOwnFiles() throws Exception {
    register();
    System.getProperties().put(Prints.BARRIER, new CyclicBarrier(2));
    launchJvm("t1", jvm("Prints", "null"));
    launchJvm("t2", jvm("Prints", "null"));
    jvmPool.startNext();
    jvmPool.startNext();

    assertEquals(TASK_FINISHED, terminal("t1").getState());
    assertEquals(TASK_FINISHED, terminal("t2").getState());
    for (String id : List.of("t1", "t2")) {
      assertEquals(
          List.of(id + " before", id + " from its thread", id + " after"), lines(id, "stdout"));
      assertEquals(List.of(id + " on stderr"), lines(id, "stderr"));
    }
  }

  @Test
  public void progressGoesOutAsCookMessagesInSequenceAndTheLastAfterTheEnd() throws Exception {
    register();
    java.util.concurrent.CountDownLatch gate = gate("t1");
    launchJvm("t1", jvm("Reports", "null"));
    jvmPool.startNext();
    driver.awaitState("t1", TASK_RUNNING, WAIT);
    gate.countDown();

    assertEquals(TASK_FINISHED, terminal("t1").getState());
    assertEquals(
        List.of(
            "{\"type\":\"directory\",\"task-id\":\"t1\","
                + "\"sandbox-directory\":\"/host/sandbox/tasks/t1\"}",
            "{\"task-id\":\"t1\",\"progress-sequence\":1,\"progress-percent\":10,"
                + "\"progress-message\":\"warming up\"}",
            "{\"task-id\":\"t1\",\"exit-code\":0}",
            "{\"task-id\":\"t1\",\"progress-sequence\":2,\"progress-percent\":90,"
                + "\"progress-message\":\"almost\"}"),
        driver.messages());
  }
}
