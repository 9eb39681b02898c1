package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.health.Outcome;
import org.mesosexec.health.Probe;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/**
 * Health checks and checks as a scheduler sees them (DESIGN §5), driven through the executor's
 * callbacks with scripted check attempts and a manual clock.
 */
public class HealthReportTest extends FakeExecutorFixture {
  // ---- health checks and checks ----

  private static final Duration SECOND = Duration.ofSeconds(1);

  /** A COMMAND health check every second from one second after the start. */
  static HealthCheck health(double graceSeconds, int consecutiveFailures) {
    return HealthCheck.newBuilder()
        .setType(HealthCheck.Type.COMMAND)
        .setCommand(CommandInfo.newBuilder().setValue("true"))
        .setDelaySeconds(1)
        .setIntervalSeconds(1)
        .setGracePeriodSeconds(graceSeconds)
        .setConsecutiveFailures(consecutiveFailures)
        .build();
  }

  /** A TCP check of port 9 every second from one second after the start, without a timeout. */
  private static CheckInfo tcpCheck(double delaySeconds, double intervalSeconds) {
    return CheckInfo.newBuilder()
        .setType(CheckInfo.Type.TCP)
        .setTcp(CheckInfo.Tcp.newBuilder().setPort(9))
        .setDelaySeconds(delaySeconds)
        .setIntervalSeconds(intervalSeconds)
        .setTimeoutSeconds(0)
        .build();
  }

  private FakeProcess launchWithHealthCheck(String id, HealthCheck h) {
    return launch(task(id, "{\"command\":\"sleep 9\"}").setHealthCheck(h).build());
  }

  @Test
  public void healthIsReportedOnTheFirstPassAndOnEveryChangeAfter() {
    register();
    launchWithHealthCheck("t1", health(0, 3));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertFalse(driver.updates("t1").get(1).hasHealthy());

    clock.advance(Duration.ofMillis(999));
    assertEquals("no attempt before the delay", 0, prober.started().size());
    nextCheck(true);
    assertEquals(
        new Probe.Command(List.of("/bin/sh", "-c", "true"), Map.of(), Optional.empty()),
        prober.started().get(0).probe);
    assertEquals(3, driver.updates("t1").size());
    TaskStatus healthy = last("t1");
    assertEquals(TASK_RUNNING, healthy.getState());
    assertTrue(healthy.hasHealthy());
    assertTrue(healthy.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy.getReason());
    assertThat(healthy.getMessage(), startsWith("Health check passed"));

    nextCheck(true);
    assertEquals("a second pass changes nothing", 3, driver.updates("t1").size());

    nextCheck(false);
    assertEquals(4, driver.updates("t1").size());
    TaskStatus unhealthy = last("t1");
    assertEquals(TASK_RUNNING, unhealthy.getState());
    assertTrue(unhealthy.hasHealthy());
    assertFalse(unhealthy.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, unhealthy.getReason());
    assertThat(unhealthy.getMessage(), containsString("failed once"));

    nextCheck(true);
    assertEquals(5, driver.updates("t1").size());
    assertTrue(last("t1").getHealthy());
    assertThat(last("t1").getMessage(), startsWith("Health check passed"));
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING),
        driver.states("t1"));
  }

  @Test
  public void consecutiveHealthCheckFailuresKillTheTask() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launchWithHealthCheck("t1", health(0, 3));
    p.ignoreSigterm(); // stays in TASK_KILLING until the test ends it

    nextCheck(false);
    nextCheck(false);
    assertEquals(List.of(), p.signals());
    nextCheck(false);

    List<TaskStatus> updates = driver.updates("t1");
    assertEquals(
        List.of(
            TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING),
        driver.states("t1"));
    assertThat(updates.get(2).getMessage(), containsString("failed once"));
    assertThat(updates.get(3).getMessage(), containsString("failed 2 times in a row"));
    assertThat(updates.get(4).getMessage(), containsString("failed 3 times in a row"));
    for (TaskStatus s : updates.subList(2, 5)) {
      assertFalse(s.getHealthy());
      assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, s.getReason());
    }
    TaskStatus killing = updates.get(5);
    assertTrue("TASK_KILLING says why: the task is unhealthy", killing.hasHealthy());
    assertFalse(killing.getHealthy());
    assertEquals(List.of(Signal.TERM), p.signals());

    int attempts = prober.started().size();
    clock.advance(Duration.ofMillis(2500)); // within the 3 s grace period
    assertEquals("no attempt once the kill began", attempts, prober.started().size());
    assertEquals(6, driver.updates("t1").size());
    p.exitWith(ExitStatus.fromJvm(128 + 15));

    TaskStatus end = last("t1");
    assertEquals(TASK_KILLED, end.getState());
    assertTrue(end.hasHealthy());
    assertFalse(end.getHealthy());
    assertThat(end.getMessage(), containsString("failing health checks"));
    assertEquals(7, driver.updates("t1").size());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(attempts, prober.started().size());
    assertEquals(7, driver.updates("t1").size());
  }

  @Test
  public void aHealthCheckKillWithoutTheKillingCapabilityGoesStraightToKilled() {
    register();
    FakeProcess p = launchWithHealthCheck("t1", health(0, 1));

    nextCheck(false);

    assertEquals(List.of(Signal.TERM), p.signals());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertThat(driver.updates("t1").get(2).getMessage(), containsString("the task is killed"));
    assertFalse(last("t1").getHealthy());
    assertThat(last("t1").getMessage(), containsString("failing health checks"));
    assertEquals("{\"exit_code\":143,\"signal\":15}", data(last("t1")));
  }

  @Test
  public void aHealthCheckKillAbortsTheChecksRunningAttempt() {
    register();
    TaskInfo t =
        task("t1", "{\"command\":\"sleep 9\"}")
            .setHealthCheck(health(0, 1))
            .setCheck(tcpCheck(0.5, 10))
            .build();
    FakeProcess p = launch(t);
    p.ignoreSigterm();
    clock.advance(Duration.ofMillis(500));
    FakeProber.Started check = prober.pending();
    assertEquals(new Probe.Tcp(9, false), check.probe);

    clock.advance(Duration.ofMillis(500));
    prober.fail("exit 1"); // the newest attempt: the health check's

    assertTrue(check.aborted());
    attemptResults
        .get(0)
        .complete(
            new Outcome(
                true,
                "connected",
                CheckStatusInfo.newBuilder()
                    .setType(CheckInfo.Type.TCP)
                    .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(true))
                    .build()));
    clock.advance(Duration.ofSeconds(3)); // the grace period ends: SIGKILL
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLED), driver.states("t1"));
    assertFalse(
        "the aborted check's late result is not reported",
        last("t1").getCheckStatus().getTcp().hasSucceeded());
  }

  @Test
  public void failuresWithinTheGracePeriodAreNotReported() {
    register();
    launchWithHealthCheck("t1", health(10, 3));

    for (int i = 1; i <= 10; i++) { // the last one exactly at the end of the grace period
      nextCheck(false);
    }
    assertEquals(10, prober.started().size());
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));

    nextCheck(false);
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING), driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("failed once"));
  }

  @Test
  public void killTaskStopsHealthChecking() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launchWithHealthCheck("t1", health(0, 3));
    p.ignoreSigterm();
    nextCheck(true);
    clock.advance(SECOND); // an attempt is running
    FakeProber.Started running = prober.pending();

    executor.killTask(driver, id("t1"));

    assertTrue(running.aborted());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING), driver.states("t1"));
    attemptResults
        .get(attemptResults.size() - 1)
        .complete(
            new Outcome(
                false,
                "exit 1",
                CheckStatusInfo.newBuilder()
                    .setType(CheckInfo.Type.COMMAND)
                    .setCommand(CheckStatusInfo.Command.newBuilder().setExitCode(1))
                    .build()));
    assertEquals("a result after the kill is not reported", 4, driver.updates("t1").size());
    clock.advance(Duration.ofSeconds(3)); // SIGKILL ends the task
    assertEquals(List.of(Signal.TERM, Signal.KILL), p.signals());
    int attempts = prober.started().size();
    clock.advance(Duration.ofMinutes(1));

    assertEquals(attempts, prober.started().size());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        driver.states("t1"));
    assertThat(last("t1").getMessage(), containsString("killTask"));
  }

  @Test
  public void checkResultsAreReportedWhenTheyChange() {
    register();
    FakeProcess p =
        launch(task("t1", "{\"command\":\"sleep 9\"}").setCheck(tcpCheck(1, 1)).build());

    for (TaskStatus s : driver.updates("t1")) {
      assertTrue(s.getState() + " carries the check's status", s.hasCheckStatus());
      assertEquals(CheckInfo.Type.TCP, s.getCheckStatus().getType());
      assertTrue(s.getCheckStatus().hasTcp());
      assertFalse("no result yet", s.getCheckStatus().getTcp().hasSucceeded());
    }
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));

    nextCheck(true);
    assertEquals(3, driver.updates("t1").size());
    TaskStatus changed = last("t1");
    assertEquals(TASK_RUNNING, changed.getState());
    assertEquals(Reason.REASON_TASK_CHECK_STATUS_UPDATED, changed.getReason());
    assertTrue(changed.getCheckStatus().getTcp().getSucceeded());
    assertFalse("a check says nothing of health", changed.hasHealthy());

    nextCheck(true);
    assertEquals("the same result again is not sent", 3, driver.updates("t1").size());

    nextCheck(false);
    assertEquals(4, driver.updates("t1").size());
    assertEquals(Reason.REASON_TASK_CHECK_STATUS_UPDATED, last("t1").getReason());
    assertTrue(last("t1").getCheckStatus().getTcp().hasSucceeded());
    assertFalse(last("t1").getCheckStatus().getTcp().getSucceeded());

    p.exitWith(ExitStatus.fromJvm(0));
    TaskStatus end = last("t1");
    assertEquals(TASK_FINISHED, end.getState());
    assertEquals(CheckInfo.Type.TCP, end.getCheckStatus().getType());
    assertTrue(end.getCheckStatus().getTcp().hasSucceeded());
    assertFalse(end.getCheckStatus().getTcp().getSucceeded());
  }

  @Test
  public void anInvalidHealthCheckIsATaskErrorNamingTheField() {
    register();
    TaskInfo t =
        task("t1", "{\"command\":\"sleep 9\"}")
            .setHealthCheck(
                HealthCheck.newBuilder()
                    .setType(HealthCheck.Type.HTTP)
                    .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(0)))
            .build();

    executor.launchTask(driver, t);

    assertEquals(List.of(TASK_ERROR), driver.states("t1"));
    assertEquals(Reason.REASON_TASK_INVALID, last("t1").getReason());
    assertThat(last("t1").getMessage(), containsString("TaskInfo.health_check.http.port"));
    assertTrue(launcher.launched().isEmpty());
  }

  @Test
  public void theSpecsHealthCheckWinsOverTheTaskInfos() {
    register();
    launch(
        task(
                "t1",
                "{\"command\":\"sleep 9\",\"health_check\":{\"type\":\"TCP\","
                    + "\"tcp\":{\"port\":8080},\"delay_seconds\":2,\"grace_period_seconds\":0}}")
            .setHealthCheck(health(0, 3))
            .build());

    clock.advance(Duration.ofMillis(1999));
    assertEquals(0, prober.started().size());
    clock.advance(Duration.ofMillis(1));

    assertEquals(new Probe.Tcp(8080, false), prober.pending().probe);
    prober.fail("refused");
    assertThat(last("t1").getMessage(), containsString("Health check failed once: refused"));
  }
}
