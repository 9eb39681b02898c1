package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/** When to look again for what is left of a task, then what a scheduler sees of the leftovers. */
public class ReaperTest extends FakeExecutorFixture {
  private final Reaper reaper = new Reaper();

  @Test
  public void looksBackOffFromAMillisecondToTheMaximum() {
    assertEquals(Duration.ofMillis(1), reaper.nextDelay());
    assertEquals(Duration.ofMillis(2), reaper.nextDelay());
    for (int i = 0; i < 10; i++) {
      reaper.nextDelay();
    }
    assertEquals(Reaper.MAX_POLL, reaper.nextDelay());
  }

  @Test
  public void sigkillStartsTheBackoffOverAndCancelsThePendingLook() {
    FakeScheduler clock = new FakeScheduler();
    int[] looks = {0};
    reaper.nextDelay();
    reaper.nextDelay();
    reaper.polling(clock.schedule(Duration.ofMillis(4), () -> looks[0]++));

    assertEquals(Duration.ofMillis(1), reaper.restart());
    clock.advance(Duration.ofSeconds(1));

    assertEquals(0, looks[0]);
    assertEquals(Duration.ofMillis(1), reaper.nextDelay());
  }

  @Test
  public void noLookCountsWhileASignalIsOnItsWayAndTheWaitingOneIsDueAfterIt() {
    reaper.signalSending();
    assertFalse(reaper.mayLook());
    assertTrue(reaper.signalSent());
    assertTrue(reaper.mayLook());
  }

  @Test
  public void aSignalThatNoLookWaitedForCallsForNone() {
    reaper.signalSending();
    reaper.signalSending();
    assertFalse(reaper.mayLook());
    assertFalse(reaper.signalSent()); // the other is still on its way
    assertTrue(reaper.signalSent());
    reaper.signalSending();
    assertFalse(reaper.signalSent());
  }

  @Test
  public void leftoversOfATaskThatEndedByItselfAreTerminatedBeforeItsTerminalUpdate() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9 & exit 0\"}");
    p.leaveBehind(2, false);

    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertEquals(
        "Command exited with status 0; 2 leftover processes were terminated: exited on"
            + " SIGTERM after 0 ms",
        last("t1").getMessage());
    assertEquals("{\"exit_code\":0,\"signal\":null}", data(last("t1")));
  }

  @Test
  public void leftoversThatIgnoreSigtermGetSigkillAfterTheGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\", \"kill_grace_period_ms\": 1000}");
    p.leaveBehind(1, true);

    p.exitWith(ExitStatus.fromJvm(3));
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    clock.advance(Duration.ofMillis(1)); // the next look at what is left

    TaskStatus end = last("t1");
    assertEquals(TASK_FAILED, end.getState());
    assertEquals(
        "Command exited with status 3; 1 leftover process was terminated: did not exit"
            + " within the 1000 ms grace period after SIGTERM, so SIGKILL was sent; ended after 1001 ms",
        end.getMessage());
  }

  @Test
  public void aKilledTaskIsReportedOnlyOnceNothingOfItIsLeft() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\"}");
    p.leaveBehind(3, true); // the first process exits on SIGTERM, three others ignore it
    executor.killTask(driver, id("t1"));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1)); // SIGKILL
    clock.advance(Duration.ofMillis(1)); // the next look at what is left

    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertEquals(
        "Task killed by killTask: 4 processes; did not exit within the 3000 ms grace period"
            + " after SIGTERM, so SIGKILL was sent; ended after 3001 ms (Command terminated with signal"
            + " Terminated)",
        end.getMessage());
  }

  @Test
  public void aTaskWhoseProcessesOutliveSigkillIsStillReported() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"x\", \"kill_grace_period_ms\": 100}");
    p.leaveBehind(1, true);
    p.exitWith(ExitStatus.fromJvm(0));
    clock.advance(Duration.ofMillis(100)); // SIGKILL to the leftover
    p.leaveBehind(1, true); // as if stuck in uninterruptible sleep: still listed after SIGKILL

    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    TaskStatus end = last("t1");
    assertEquals(TASK_FINISHED, end.getState());
    assertEquals(
        "Command exited with status 0; leftover processes were sent SIGTERM and SIGKILL,"
            + " but processes [100001] were still present 2000 ms after SIGKILL",
        end.getMessage());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
  }
}
