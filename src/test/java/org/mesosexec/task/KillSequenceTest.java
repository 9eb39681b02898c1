package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/**
 * The kill sequence: its bookkeeping and choice of signals, then kills as a scheduler sees them
 * through the executor's callbacks.
 */
public class KillSequenceTest extends FakeExecutorFixture {
  private static final long MS = 1_000_000;

  private static KillSequence kill(KillCause cause, Duration limit) {
    return new KillSequence(cause, "", 0, limit);
  }

  @Test
  public void aKillStartsWithTheHooksAndNoSignal() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(KillSequence.State.HOOKS, k.state());
    assertFalse(k.signalling());
    assertEquals(
        "Task killed by killTask: ended by itself while the before-terminate hooks ran,"
            + " after 5 ms",
        k.describe(5 * MS, null));
  }

  @Test
  public void sigtermGoesOutOnceThenSigkillWhenNoGraceIsLeft() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(Optional.of(Signal.TERM), k.next(Duration.ofSeconds(3)));
    assertEquals(Optional.empty(), k.next(Duration.ofSeconds(1)));
    assertEquals(KillSequence.State.SIGTERM_SENT, k.state());
    assertEquals(Optional.of(Signal.KILL), k.next(Duration.ZERO));
    assertEquals(KillSequence.State.SIGKILL_AFTER_GRACE, k.state());
    assertTrue(k.sigkillSent());
    assertEquals(
        "Task killed by killTask: did not exit within the 3000 ms grace period after"
            + " SIGTERM, so SIGKILL was sent; ended after 3001 ms",
        k.describe(3001 * MS, null));
  }

  @Test
  public void noGracePeriodMeansSigkillAtOnce() {
    KillSequence k = kill(KillCause.MAX_COMPLETION_TIME, KillSequence.NO_LIMIT);

    Duration grace = k.graceFrom(0, Optional.of(Duration.ofSeconds(10)));
    assertEquals(Duration.ZERO, grace);
    assertEquals(Optional.of(Signal.KILL), k.next(grace));
    assertEquals(KillSequence.State.SIGKILL_AT_ONCE, k.state());
  }

  @Test
  public void theTasksGraceIsCappedByTheLimitAndATighterLaterKill() {
    KillSequence k = kill(KillCause.SHUTDOWN, Duration.ofSeconds(5));

    assertEquals(TaskRun.DEFAULT_KILL_GRACE, k.graceFrom(0, Optional.empty()));
    assertEquals(Duration.ofSeconds(4), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
    k.tighten(1000 * MS, Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(1), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
    k.tighten(1000 * MS, Duration.ofSeconds(30)); // a further limit changes nothing
    assertEquals(Duration.ofSeconds(1), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
  }

  @Test
  public void aRepeatedKillOnlyEverBringsSigkillCloser() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    k.setDeadline(3000 * MS, () -> {});

    assertEquals(Optional.empty(), k.closerGrace(1000 * MS, Optional.of(Duration.ofSeconds(3))));
    k.tighten(1000 * MS, Duration.ofMillis(500));
    assertEquals(
        Optional.of(Duration.ofMillis(500)),
        k.closerGrace(1000 * MS, Optional.of(Duration.ofSeconds(3))));
    k.next(Duration.ZERO);
    assertEquals(Optional.empty(), k.closerGrace(1000 * MS, Optional.of(Duration.ZERO)));
  }

  @Test
  public void sigkillBecomesDueOnceItsTimeIsSetAfterSigterm() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);
    k.setDeadline(3000 * MS, () -> {}); // no SIGTERM yet: nothing is due
    assertEquals(KillSequence.State.HOOKS, k.state());
    k.next(Duration.ofSeconds(3));

    k.setDeadline(3000 * MS, () -> {});

    assertEquals(KillSequence.State.SIGKILL_DUE, k.state());
    assertEquals("Task killed by killTask: exited on SIGTERM after 5 ms", k.describe(5 * MS, null));
    assertEquals(Optional.of(Signal.KILL), k.next(Duration.ZERO));
    assertEquals(KillSequence.State.SIGKILL_AFTER_GRACE, k.state());
  }

  @Test
  public void leftoversAreCountedAndDescribedAsSuch() {
    KillSequence k = kill(KillCause.LEFTOVERS, KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    k.countProcesses(2);
    k.countProcesses(1);
    k.addProcesses(1);

    assertEquals(
        "3 leftover processes were terminated: exited on SIGTERM after 4 ms",
        k.describeLeftovers(4 * MS));
  }

  @Test
  public void severalProcessesAreNamedInAKillsMessage() {
    KillSequence k =
        new KillSequence(KillCause.HEALTH_CHECK, "3 in a row", 0, KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    k.countProcesses(4);

    assertEquals(
        "Task killed by failing health checks (3 in a row): 4 processes; exited on"
            + " SIGTERM after 12 ms (Command exited with status 1)",
        k.describe(12 * MS, ExitStatus.fromJvm(1)));
  }

  @Test
  public void killTaskSendsKillingThenKilledWhenTheFrameworkHasTheCapability() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    executor.killTask(driver, id("t1"));

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED), driver.states("t1"));
    assertEquals(List.of(Signal.TERM), p.signals());
    assertThat(
        last("t1").getMessage(), containsString("Task killed by killTask: exited on SIGTERM"));
    assertEquals("{\"exit_code\":143,\"signal\":15}", data(last("t1")));
  }

  @Test
  public void killTaskSkipsKillingWithoutTheCapability() {
    register();
    launch("t1", "{\"command\":\"sleep 9\"}");
    executor.killTask(driver, id("t1"));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
  }

  @Test
  public void killEscalatesToSigkillAfterTheDefaultGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(2999));
    assertEquals(List.of(Signal.TERM), p.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertThat(end.getMessage(), containsString("did not exit within the 3000 ms grace period"));
    assertThat(end.getMessage(), containsString("SIGKILL"));
    assertThat(end.getMessage(), containsString("ended after 3000 ms"));
  }

  @Test
  public void specGracePeriodWinsOverKillPolicy() {
    register();
    TaskInfo t =
        task("t1", "{\"command\":\"sleep 9\",\"kill_grace_period_ms\":500}")
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(10_000_000_000L)))
            .build();
    executor.launchTask(driver, t);
    FakeProcess p = launcher.launched().get(0);
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(500));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
  }

  @Test
  public void killPolicyGracePeriodAppliesWhenTheSpecHasNone() {
    register();
    TaskInfo t =
        task("t1", "{\"command\":\"sleep 9\"}")
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(7_000_000_000L)))
            .build();
    executor.launchTask(driver, t);
    FakeProcess p = launcher.launched().get(0);
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));

    clock.advance(Duration.ofMillis(6999));
    assertEquals(List.of(Signal.TERM), p.signals());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
  }

  @Test
  public void repeatedKillNeitherResendsSigtermNorExtendsTheGracePeriod() {
    register();
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\"}");
    p.ignoreSigterm();
    executor.killTask(driver, id("t1"));
    clock.advance(Duration.ofSeconds(2));
    executor.killTask(driver, id("t1"));
    clock.advance(Duration.ofSeconds(1));

    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    assertEquals(1, driver.states("t1").stream().filter(s -> s == TASK_KILLED).count());
  }

  @Test
  public void killOfAnUnknownOrFinishedTaskChangesNothing() {
    register();
    launch("t1", "{\"command\":\"true\"}").exitWith(ExitStatus.fromJvm(0));
    int before = driver.updates().size();

    executor.killTask(driver, id("nope"));
    executor.killTask(driver, id("t1"));

    assertEquals(before, driver.updates().size());
  }

  @Test
  public void maxCompletionTimeFailsTheTaskWithSigkillAndNoKillingState() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launch("t1", "{\"command\":\"sleep 9\",\"max_completion_time_ms\":2000}");

    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of(Signal.KILL), p.signals());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FAILED), driver.states("t1"));
    assertEquals(Reason.REASON_MAX_COMPLETION_TIME_REACHED, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("max completion time of 2000 ms"));
  }
}
