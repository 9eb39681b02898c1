package org.mesosexec.jvmwork;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.Protos.FrameworkInfo.Capability;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;

/** Kills of JVM tasks on the executor's threads: interrupt honoured, and interrupt ignored. */
public class ThreadTaskKillTest extends JvmTaskFixture {
  private static final String KILL_GRACE = ", \"kill_grace_period_ms\": 2000}";

  private static String waits(String how) {
    String spec = jvm("Waits", "\"" + how + "\"");
    return spec.substring(0, spec.length() - 1) + KILL_GRACE;
  }

  @Test
  public void aTaskThatStopsWhenInterruptedIsKilled() throws Exception {
    register(Capability.Type.TASK_KILLING_STATE);
    launchJvm("t1", waits("honour"));
    jvmPool.startNext();
    driver.awaitState("t1", TASK_RUNNING, WAIT);

    executor.killTask(driver, id("t1"));

    TaskStatus end = terminal("t1");
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED), driver.states("t1"));
    assertThat(end.getMessage(), containsString("ended after it was interrupted"));
    assertFalse(driver.stopped());
  }

  @Test
  public void aTaskThatIgnoresItsInterruptIsAbandonedAndTheExecutorWindsDown() throws Exception {
    register(Capability.Type.TASK_KILLING_STATE);
    CountDownLatch stubborn = gate("t1");
    CountDownLatch other = gate("t2");
    launchJvm("t1", waits("ignore"));
    launchJvm("t2", waits("ignore"));
    jvmPool.startNext();
    jvmPool.startNext();
    driver.awaitState("t1", TASK_RUNNING, WAIT);
    driver.awaitState("t2", TASK_RUNNING, WAIT);

    executor.killTask(driver, id("t1"));
    driver.awaitState("t1", TASK_KILLING, WAIT);
    clock.advance(Duration.ofMillis(1999));
    assertEquals(TASK_KILLING, last("t1").getState());
    clock.advance(Duration.ofMillis(1));

    TaskStatus end = terminal("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertThat(end.getMessage(), containsString("did not stop within the 2000 ms grace period"));
    assertThat(end.getMessage(), containsString("was abandoned"));

    launchJvm("t3", jvm("Greeting", "null"));
    TaskStatus refused = terminal("t3");
    assertEquals(TASK_FAILED, refused.getState());
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, refused.getReason());
    assertEquals(0, jvmPool.queued());
    assertFalse(driver.stopped());

    int stopsBefore = clock.timesSet(STOP_DELAY);
    other.countDown();
    assertEquals(TASK_FINISHED, terminal("t2").getState());
    clock.awaitSet(STOP_DELAY, stopsBefore + 1, WAIT); // the driver's stop, due after the delay
    clock.advance(STOP_DELAY);
    driver.awaitStopped(WAIT);
    stubborn.countDown();
  }
}
