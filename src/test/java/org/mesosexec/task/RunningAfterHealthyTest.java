package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.task.HealthReportTest.health;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Test;
import org.mesosexec.testing.FakeExecutorFixture;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.work.ExitStatus;

/**
 * {@code "running_after_healthy": true}: TASK_RUNNING waits for the first healthy health check
 * result, as Aurora's Thermos does; a task that fails its checks first is killed without it.
 */
public class RunningAfterHealthyTest extends FakeExecutorFixture {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final String GATED = "{\"command\": \"serve\", \"running_after_healthy\": true}";

  private FakeProcess launchGated(HealthCheck h) {
    return launch(task("t1", GATED).setHealthCheck(h).build());
  }

  @Test
  public void runningGoesOutWithTheFirstHealthyResultAndNotBefore() {
    register();
    FakeProcess p = launchGated(health(10, 3));
    assertEquals("the process runs, the scheduler waits", 1, launcher.launched().size());
    assertEquals(List.of(TASK_STARTING), driver.states("t1"));

    nextCheck(false); // within the grace period
    assertEquals(List.of(TASK_STARTING), driver.states("t1"));
    nextCheck(true);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    TaskStatus running = last("t1");
    assertTrue(running.getHealthy());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, running.getReason());
    assertEquals(
        "pid " + p.pid().getAsLong() + "; Health check passed: exit 0", running.getMessage());

    nextCheck(false); // after it, health is reported as usual
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING), driver.states("t1"));
    assertFalse(last("t1").getHealthy());
  }

  @Test
  public void failuresAfterTheGracePeriodAreNotSentBeforeRunning() {
    register();
    launchGated(health(0, 3));

    nextCheck(false);
    nextCheck(false);
    assertEquals(List.of(TASK_STARTING), driver.states("t1"));
    nextCheck(true);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertTrue(last("t1").getHealthy());
  }

  @Test
  public void aTaskWhoseChecksFailFirstIsKilledWithoutEverRunning() {
    register();
    FakeProcess p = launchGated(health(0, 2));

    nextCheck(false);
    nextCheck(false);
    p.exitWith(ExitStatus.fromJvm(128 + 15));

    assertEquals(List.of(TASK_STARTING, TASK_KILLED), driver.states("t1"));
    assertFalse(last("t1").getHealthy());
    assertThat(last("t1").getMessage(), containsString("failing health checks (2 in a row"));
  }

  @Test
  public void theKillSaysKillingOnlyToAFrameworkThatAsked() {
    register(FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    FakeProcess p = launchGated(health(0, 1));

    nextCheck(false);
    p.exitWith(ExitStatus.fromJvm(128 + 15));

    assertEquals(List.of(TASK_STARTING, TASK_KILLING, TASK_KILLED), driver.states("t1"));
  }

  @Test
  public void progressWaitsForRunning() throws Exception {
    register();
    FakeProcess p = launchGated(health(10, 3));
    Files.writeString(
        sandbox.resolve("tasks/t1/stdout"), "progress: 50 half\n", StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(900));
    assertEquals("only the directory", 1, driver.messages().size());

    nextCheck(true);
    clock.advance(SECOND);
    p.exitWith(ExitStatus.fromJvm(0));

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), driver.states("t1"));
    assertThat(driver.messages().get(1), containsString("\"progress-percent\":50"));
  }

  @Test
  public void checkResultsWaitForRunningAndRideOnIt() {
    register();
    launch(
        task("t1", GATED)
            .setHealthCheck(health(10, 3))
            .setCheck(
                CheckInfo.newBuilder()
                    .setType(CheckInfo.Type.TCP)
                    .setTcp(CheckInfo.Tcp.newBuilder().setPort(9))
                    .setDelaySeconds(0.5)
                    .setIntervalSeconds(10)
                    .setTimeoutSeconds(0))
            .build());
    clock.advance(Duration.ofMillis(500));
    prober.pass("connected");
    assertEquals(List.of(TASK_STARTING), driver.states("t1"));

    nextCheck(true);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
    assertTrue(last("t1").getCheckStatus().getTcp().getSucceeded());
  }

  @Test
  public void withoutTheOptionRunningGoesOutAtOnce() {
    register();
    launch(task("t1", "{\"command\": \"serve\"}").setHealthCheck(health(10, 3)).build());

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), driver.states("t1"));
  }
}
