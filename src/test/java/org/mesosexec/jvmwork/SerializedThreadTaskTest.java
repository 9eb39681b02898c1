package org.mesosexec.jvmwork;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.Protos.TaskStatus;
import org.hamcrest.MatcherAssert;
import org.junit.Test;
import org.mesosexec.jvm.fixtures.Serialized;

/**
 * Java-serialized tasks (source 3) on the executor's threads, with the fixtures allowed by the
 * filter; and {@code System.exit} in a thread task.
 */
public class SerializedThreadTaskTest extends JvmTaskFixture {
  private static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private void launchSerialized(String id, Object task) throws IOException {
    executor.launchTask(driver, task(id, "").setData(ByteString.copyFrom(serialize(task))).build());
  }

  @Test
  public void aSerializedClosureRunsAndItsResultComesBackJavaSerialized() throws Exception {
    register();
    launchSerialized("t1", Serialized.adding(2, 3));
    jvmPool.startNext();

    TaskStatus end = terminal("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(end.getData().toByteArray()))) {
      assertEquals(5, in.readObject());
    }
  }

  @Test
  public void systemExitFailsItsTaskOnlyAndTheOtherTaskFinishes() throws Exception {
    register();
    CountDownLatch other = gate("t2");
    launchJvm("t2", jvm("Waits", "\"ignore\""));
    jvmPool.startNext();
    driver.awaitState("t2", TASK_RUNNING, WAIT);
    launchSerialized("t1", Serialized.exiting("abc"));
    jvmPool.startNext();

    TaskStatus end = terminal("t1");
    assertEquals(TASK_FAILED, end.getState());
    assertEquals("called System.exit(3)", end.getMessage());
    assertEquals(TASK_RUNNING, last("t2").getState());
    other.countDown();
    TaskStatus second = terminal("t2");
    assertEquals(TASK_FINISHED, second.getState());
    assertEquals("\"released\"", data(second));
    assertFalse(driver.stopped());
  }

  /** The same executor with no allow-list. */
  public static class WithoutFilterTest extends JvmTaskFixture {
    @Override
    protected java.util.Map<String, String> moreSettings() {
      return java.util.Map.of("EXECUTOR_JVM_CLASSPATH", org.mesosexec.jvm.FixtureJar.JAR);
    }

    @Test
    public void aSerializedTaskIsRefusedNamingTheSetting() throws Exception {
      register();
      executor.launchTask(
          driver,
          task("t1", "").setData(ByteString.copyFrom(serialize(Serialized.adding(1, 1)))).build());

      TaskStatus end = terminal("t1");
      assertEquals(TASK_ERROR, end.getState());
      assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, end.getReason());
      MatcherAssert.assertThat(end.getMessage(), containsString("EXECUTOR_JVM_SERIAL_FILTER"));
      assertEquals(0, jvmPool.queued());
    }
  }
}
