package org.mesosexec.mesos;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;
import org.mockito.Mockito;

/**
 * What the executor does as a whole, driven through the {@link org.apache.mesos.Executor} callbacks
 * with puppet processes and a manual clock: duplicate ids, shutdown, the idle timer, a lost agent,
 * callbacks that must never throw.
 */
public class MesosExecutorTest extends FakeExecutorFixture {
  @Test
  public void duplicateTaskIdIsRefusedAndTheOriginalCarriesOn() {
    register();
    FakeProcess first = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.launchTask(driver, task("t1", "{\"command\":\"echo again\"}").build());

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_ERROR), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("already launched"));
    assertEquals(1, launcher.launched().size());
    first.exitWith(ExitStatus.fromJvm(0));
    assertEquals(TASK_FINISHED, last("t1").getState());
  }

  @Test
  public void shutdownKillsEveryTaskWithinTheBudgetThenStopsTheDriver() {
    register();
    FakeProcess polite = launch("a", "{\"command\":\"sleep 9\"}");
    FakeProcess stubborn = launch("b", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":60000}");
    stubborn.ignoreSigterm();

    executor.shutdown(driver);
    assertEquals(TASK_KILLED, last("a").getState());
    assertEquals(List.of(Signal.TERM), polite.signals());
    // Budget: 5 s grace period less the 1 s stop delay and the 1 s margin.
    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(Signal.TERM), stubborn.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), stubborn.signals());
    assertEquals(TASK_KILLED, last("b").getState());
    assertThat(last("b").getMessage(), containsString("executor shutdown"));

    assertFalse("updates get a moment to leave before stop", driver.stopped());
    clock.advance(STOP_DELAY);
    assertTrue(driver.stopped());
  }

  @Test
  public void theShutdownBudgetCountsFromTheShutdownEvenWhenKillsWaitForAWorker() {
    register();
    FakeProcess stubborn = launch("b", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":60000}");
    stubborn.ignoreSigterm();

    holdWork = true;
    executor.shutdown(driver);
    clock.advance(Duration.ofSeconds(1)); // the workers are busy elsewhere for a second
    holdWork = false;
    while (!pendingWork.isEmpty()) {
      pendingWork.poll().run();
    }
    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(Signal.TERM), stubborn.signals());
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(Signal.TERM, Signal.KILL), stubborn.signals());
    assertThat(last("b").getMessage(), containsString("within the 2000 ms grace period"));
  }

  @Test
  public void processThatSurvivesSigkillIsStillReportedBeforeTheExecutorStops() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}").ignoreAllSignals();

    executor.shutdown(driver);
    clock.advance(Duration.ofMillis(3499));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(TASK_KILLED, last("t1").getState());
    assertEquals(
        "Task killed by executor shutdown (SIGKILL sent); but a process of it was still"
            + " running 3500 ms after the shutdown began",
        last("t1").getMessage());
    clock.advance(STOP_DELAY);
    assertTrue(driver.stopped());
  }

  @Test
  public void tasksLaunchedDuringShutdownAreRefused() {
    register();
    executor.shutdown(driver);
    executor.launchTask(driver, task("late", "{\"command\":\"true\"}").build());

    assertEquals(List.of(TASK_FAILED), driver.states("late"));
    assertEquals(Reason.REASON_EXECUTOR_TERMINATED, last("late").getReason());
  }

  @Test
  public void idleExecutorStopsItselfOnlyAfterItHasRunATask() {
    register();
    clock.advance(IDLE.multipliedBy(3));
    assertFalse(driver.stopped());

    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.minusMillis(1));
    assertFalse(driver.stopped());
    clock.advance(Duration.ofMillis(1).plus(STOP_DELAY));
    assertTrue(driver.stopped());
  }

  @Test
  public void aNewTaskResetsTheIdleTimer() {
    register();
    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.minusSeconds(1));
    FakeProcess second = launch("t2", "{\"command\":\"sleep 9\"}");
    clock.advance(IDLE.multipliedBy(2));
    assertFalse(driver.stopped());

    second.exitWith(ExitStatus.fromJvm(0));
    clock.advance(IDLE.plus(STOP_DELAY));
    assertTrue(driver.stopped());
  }

  @Test
  public void callbacksNeverThrowEvenWhenTheDriverDoes() {
    ExecutorDriver broken = Mockito.mock(ExecutorDriver.class);
    Mockito.when(broken.sendStatusUpdate(Mockito.any())).thenThrow(new IllegalStateException("x"));
    executor.registered(
        broken,
        ExecutorInfo.getDefaultInstance(),
        FrameworkInfo.getDefaultInstance(),
        SlaveInfo.getDefaultInstance());
    executor.launchTask(broken, task("t1", "{\"command\":\"true\"}").build());
    executor.killTask(broken, id("t1"));
    executor.frameworkMessage(broken, new byte[] {(byte) 0xff, 0, 1});
    executor.error(broken, "boom");

    // Each update was attempted, and the task was still started despite the failing sends.
    Mockito.verify(broken, Mockito.atLeast(2)).sendStatusUpdate(Mockito.any());
    assertEquals(1, launcher.launched().size());
  }

  @Test
  public void frameworkMessagesAreLoggedAndChangeNothing() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.frameworkMessage(driver, "{\"type\":\"kill\"}".getBytes(StandardCharsets.UTF_8));
    executor.frameworkMessage(driver, new byte[] {(byte) 0xc3, 0x28});

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertTrue(p.signals().isEmpty());
  }

  @Test
  public void withCheckpointingTasksOutliveALostAgentThatComesBack() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);
    clock.advance(Duration.ofMinutes(10));
    executor.reregistered(
        driver,
        SlaveInfo.newBuilder()
            .setHostname("agent")
            .setId(SlaveID.newBuilder().setValue("a1"))
            .build());
    clock.advance(Duration.ofMinutes(10)); // past the recovery timeout of the first disconnection

    assertEquals(List.of(), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertFalse(driver.stopped());
  }

  @Test
  public void withCheckpointingAnAgentThatStaysAwayPastTheRecoveryTimeoutEndsTheTasks() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);
    clock.advance(RECOVERY_TIMEOUT.minusMillis(1));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("executor shutdown"));
  }

  @Test
  public void withoutCheckpointingLosingTheAgentShutsTheTasksDown() throws Exception {
    checkpoint = false;
    wire();
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");

    executor.disconnected(driver);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("executor shutdown"));
  }
}
