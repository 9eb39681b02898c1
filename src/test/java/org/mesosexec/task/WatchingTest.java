package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.TaskInfo;
import org.junit.After;
import org.junit.Test;
import org.mesosexec.hooks.HookFailure;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.json.Json;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;

/**
 * What follows a task's work once it runs, as the scheduler sees it: TASK_RUNNING, its health, and
 * the kills its health, its hooks and its deadline call for; on the fake clock, with scripted check
 * attempts and the task's workers running what they get at once.
 */
public class WatchingTest {
  private static final Path DIR = Path.of("/sandbox/tasks/t1");
  private static final LaunchRequest REQUEST =
      new LaunchRequest(
          List.of("/bin/true"),
          Map.of(),
          DIR,
          DIR.resolve("stdout"),
          DIR.resolve("stderr"),
          Optional.empty());

  /** A health check every second from a second after the start; one failure kills. */
  private static final HealthCheck HEALTH =
      HealthCheck.newBuilder()
          .setType(HealthCheck.Type.COMMAND)
          .setCommand(CommandInfo.newBuilder().setValue("true"))
          .setDelaySeconds(1)
          .setIntervalSeconds(1)
          .setGracePeriodSeconds(0)
          .setConsecutiveFailures(1)
          .build();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeProber prober = new FakeProber();
  private final FakeTask task = new FakeTask();
  private final ScriptedHooks hooks = new ScriptedHooks();
  private final EventShipper shipper = Supervisors.events();

  @After
  public void closeEvents() {
    shipper.close();
  }

  /** The work of a task with {@code spec} (progress tracking off) starts, with {@code hooks}. */
  private void start(String spec, Hooks hooks) {
    TaskInfo info =
        Tasks.base("t1")
            .setData(Tasks.specBytes(Json.parse(spec).getAsJsonObject()))
            .setHealthCheck(HEALTH)
            .build();
    TaskSpec resolved = new TaskSources(List.of()).resolve(info);
    TaskContext ctx = Supervisors.context(clock, Runnable::run, hooks, prober, shipper);
    TaskEvents events = new TaskEvents(task, ctx);
    ProgressSetup noProgress =
        new ProgressSetup(Optional.empty(), Duration.ofSeconds(1), DIR.resolve("progress"), "P");
    Watching watching = new Watching(events);
    events.step(
        "starting",
        () ->
            watching.started(
                new Preparation.Resolved(resolved, noProgress),
                REQUEST,
                new HealthReport(task.taskId(), resolved),
                new Tracking(ctx, "t1")));
  }

  private void start() {
    start("{\"command\": \"x\", \"progress\": {\"regex\": \"\"}}", Hooks.none());
  }

  @Test
  public void theSchedulerHearsOfTheRunningWorkWithItsPid() {
    start();

    assertEquals(List.of(TASK_RUNNING), task.states());
    assertEquals("pid 7", task.updates.get(0).getMessage());
    assertEquals(List.of(), task.asked);
  }

  @Test
  public void aFailingHealthCheckIsReportedAndKillsTheTaskForItsHealth() {
    start();
    clock.advance(Duration.ofSeconds(1));
    prober.fail("exit 1");

    assertEquals(List.of(TASK_RUNNING, TASK_RUNNING), task.states());
    assertFalse(task.updates.get(1).getHealthy());
    assertEquals(List.of("kill HEALTH_CHECK: 1 in a row; last: exit 1"), task.asked);
  }

  @Test
  public void noCheckResultIsReportedOnceTheWorkNoLongerRuns() {
    start();
    task.running = false; // killed, or exited
    clock.advance(Duration.ofSeconds(1));
    prober.fail("exit 1");

    assertEquals(List.of(TASK_RUNNING), task.states());
    assertEquals(List.of(), task.asked);
  }

  @Test
  public void theFirstHealthyCheckRunsTheAfterHealthyHooksAndOneThatFailsKillsTheTask() {
    start("{\"command\": \"x\", \"progress\": {\"regex\": \"\"}}", hooks);
    clock.advance(Duration.ofSeconds(1));
    prober.pass("exit 0");
    assertEquals(List.of("after-healthy"), hooks.runs);

    hooks.afterHealthy.completeExceptionally(new HookFailure("hook ticket failed: exit 2"));
    assertEquals(List.of("kill HOOK_FAILURE: hook ticket failed: exit 2"), task.asked);

    clock.advance(Duration.ofSeconds(1));
    prober.fail("exit 1");
    clock.advance(Duration.ofSeconds(1));
    prober.pass("exit 0");
    assertEquals("healthy again is not healthy first", List.of("after-healthy"), hooks.runs);
  }

  @Test
  public void theMaxCompletionTimeKillsTheTask() {
    start(
        "{\"command\": \"x\", \"progress\": {\"regex\": \"\"}, \"max_completion_time_ms\": 5000}",
        Hooks.none());

    clock.advance(Duration.ofMillis(4999));
    assertEquals(List.of(), task.asked);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("kill MAX_COMPLETION_TIME"), task.asked);
  }

  @Test
  public void theExitOfTheWorkReachesTheTask() {
    start();

    task.work.exit.complete(ExitStatus.fromJvm(3));

    assertEquals(List.of("exited: Command exited with status 3"), task.asked);
  }
}
