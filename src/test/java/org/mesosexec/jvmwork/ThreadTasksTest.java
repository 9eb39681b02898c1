package org.mesosexec.jvmwork;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;

/** What a scheduler sees of a {@code jvm} spec task on the executor's threads. */
public class ThreadTasksTest extends JvmTaskFixture {
  /** The pool that {@code jvmPool} models has one thread, as the tests of waiting for it say. */
  @Override
  protected Map<String, String> moreSettings() {
    Map<String, String> settings = new HashMap<>(super.moreSettings());
    settings.put("EXECUTOR_JVM_THREADS", "1");
    return settings;
  }

  @Test
  public void aTaskRunsAndItsJsonResultIsTheDataOfTaskFinished() throws Exception {
    register();
    launchJvm("t1", jvm("Greeting", "null"));
    jvmPool.startNext();

    TaskStatus end = terminal("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals("\"hello t1\"", data(end));
  }

  @Test
  public void aTaskThatThrowsFailsWithTheExceptionAsMessageAndJsonData() throws Exception {
    register();
    launchJvm("t1", jvm("Failing", "null"));
    jvmPool.startNext();

    TaskStatus end = terminal("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FAILED), driver.states("t1"));
    assertEquals("java.lang.IllegalStateException: bad input", end.getMessage());
    assertThat(data(end), containsString("\"java.lang.IllegalStateException\""));
    assertThat(data(end), containsString("disk gone"));
  }

  @Test
  public void anErrorThrownByRunFailsTheTaskAndTheNextTaskRuns() throws Exception {
    register();
    launchJvm("t1", jvm("Failing", "\"error\""));
    jvmPool.startNext();
    assertEquals("java.lang.LinkageError: broken link", terminal("t1").getMessage());
    assertEquals(TASK_FAILED, last("t1").getState());

    launchJvm("t2", jvm("Greeting", "null"));
    jvmPool.startNext();
    assertEquals("\"hello t2\"", data(terminal("t2")));
  }

  @Test
  public void aClassThatIsNotFoundIsAnInvalidTaskWithTheLoadersMessage() throws Exception {
    register();
    launchJvm("t1", jvm("Missing", "null"));

    TaskStatus end = terminal("t1");
    assertEquals(TASK_ERROR, end.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, end.getReason());
    assertThat(end.getMessage(), containsString(FIXTURES + ".Missing"));
    assertEquals(0, jvmPool.queued());
  }

  @Test
  public void aTaskWaitingForAThreadStaysStartingUntilTheFirstEnds() throws Exception {
    register();
    CountDownLatch first = gate("t1");
    launchJvm("t1", jvm("Waits", "\"ignore\""));
    launchJvm("t2", jvm("Greeting", "null"));
    jvmPool.startNext(); // the one thread of the pool: t2 waits for it
    driver.awaitState("t1", TASK_RUNNING, WAIT);
    assertEquals(List.of(TASK_STARTING), driver.states("t2"));
    assertEquals(1, jvmPool.queued());

    first.countDown();
    assertEquals(TASK_FINISHED, terminal("t1").getState());
    assertEquals(List.of(TASK_STARTING), driver.states("t2"));
    jvmPool.startNext();
    assertEquals(TASK_FINISHED, terminal("t2").getState());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t2"));
  }

  @Test
  public void aTaskKilledWhileItWaitsForAThreadIsKilledAndNeverRuns() throws Exception {
    register();
    CountDownLatch first = gate("t1");
    launchJvm("t1", jvm("Waits", "\"ignore\""));
    launchJvm("t2", jvm("Greeting", "null"));
    jvmPool.startNext();
    driver.awaitState("t1", TASK_RUNNING, WAIT);

    executor.killTask(driver, id("t2"));
    assertEquals(TASK_KILLED, terminal("t2").getState());
    jvmPool.startNext().join(WAIT.toMillis()); // the thread t2 waited for: it has nothing to run
    assertEquals(List.of(TASK_STARTING, TASK_KILLED), driver.states("t2"));
    first.countDown();
    assertEquals(TASK_FINISHED, terminal("t1").getState());
  }

  @Test
  public void aTaskGivenAFreeThreadIsRunningAtOnceAndAKillBeforeItsThreadTakesItInterruptsIt()
      throws Exception {
    register();
    launchJvm("t1", jvm("Waits", "\"honour\""));
    driver.awaitState("t1", TASK_RUNNING, WAIT); // handed to the free thread, not yet taken

    executor.killTask(driver, id("t1"));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    jvmPool.startNext(); // the thread given to t1 takes it, interrupted
    TaskStatus end = terminal("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(end.getMessage(), containsString("ended after it was interrupted"));
    assertEquals("waiting\n", Files.readString(sandbox.resolve("tasks/t1/stdout")));
  }

  @Test
  public void aKillWithNoGraceBeforeItsThreadTakesTheTaskEndsItUnrunAndAbandonsNothing()
      throws Exception {
    register();
    String spec = jvm("Waits", "\"ignore\"");
    launchJvm("t1", spec.substring(0, spec.length() - 1) + ", \"kill_grace_period_ms\": 0}");
    driver.awaitState("t1", TASK_RUNNING, WAIT); // handed to the free thread, not yet taken

    executor.killTask(driver, id("t1")); // no grace: KILL at once
    TaskStatus end = terminal("t1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(end.getMessage(), not(containsString("abandoned")));
    jvmPool.startNext().join(WAIT.toMillis()); // the thread given to t1: it has nothing to run
    assertEquals("", Files.readString(sandbox.resolve("tasks/t1/stdout")));

    launchJvm("t2", jvm("Greeting", "null")); // the executor still takes tasks
    jvmPool.startNext();
    assertEquals(TASK_FINISHED, terminal("t2").getState());
    assertFalse(driver.stopped());
  }
}
