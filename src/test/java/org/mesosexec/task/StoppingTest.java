package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.TaskState;
import org.junit.After;
import org.junit.Test;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.json.Json;
import org.mesosexec.output.EventShipper;
import org.mesosexec.task.TaskControl.Phase;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/**
 * A running task's kill as the scheduler and the work see it: the updates sent, the signals the
 * work gets and when, on the fake clock, with the task's workers running what they get at once.
 */
public class StoppingTest {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration MS = Duration.ofMillis(1);

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeTask task = new FakeTask();
  private final Exiting exiting = new Exiting(task.taskId());
  private final ScriptedHooks hooks = new ScriptedHooks();
  private final EventShipper shipper = Supervisors.events();
  private TaskEvents events;
  private Stopping stopping;

  @After
  public void closeEvents() {
    shipper.close();
  }

  /** The task's work runs, with {@code hooks} and the task's own grace period. */
  private void running(Hooks hooks) {
    TaskContext ctx = Supervisors.context(clock, Runnable::run, hooks, new FakeProber(), shipper);
    events = new TaskEvents(task, ctx);
    stopping = new Stopping(events, exiting);
    step(() -> stopping.running(Optional.of(GRACE)));
  }

  /** Runs {@code body} as TaskRun runs its steps: under the task's lock, what waits after it. */
  private void step(Runnable body) {
    events.step("a test step", body);
  }

  /** The first kill, as TaskRun begins it: the task is killing from now on. */
  private void kill(KillCause cause, Duration limit, boolean killingState) {
    step(
        () -> {
          task.phase = Phase.KILLING;
          stopping.begin(cause, "", limit, killingState);
        });
  }

  @Test
  public void aKillSendsTaskKillingThenSigtermThenSigkillOnceTheGracePeriodIsOver() {
    running(Hooks.none());
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, true);

    assertEquals(List.of(TASK_KILLING), task.states());
    assertEquals(List.of(Signal.TERM), task.work.signals);
    clock.advance(GRACE.minus(MS));
    assertEquals(List.of(Signal.TERM), task.work.signals);
    clock.advance(MS);
    assertEquals(List.of(Signal.TERM, Signal.KILL), task.work.signals);
  }

  @Test
  public void aFrameworkThatDoesNotKnowTaskKillingIsNotSentIt() {
    running(Hooks.none());
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, false);

    assertEquals(List.<TaskState>of(), task.states());
    assertEquals(List.of(Signal.TERM), task.work.signals);
  }

  @Test
  public void theGracePeriodCountsFromWhenSigtermHasGoneOut() {
    running(Hooks.none());
    task.work.onStop =
        s -> {
          if (s == Signal.TERM) {
            clock.advance(Duration.ofMillis(500)); // freezing the process tree takes a while
          }
        };
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, false);

    clock.advance(GRACE.minus(MS));
    assertEquals(List.of(Signal.TERM), task.work.signals);
    clock.advance(MS);
    assertEquals(List.of(Signal.TERM, Signal.KILL), task.work.signals);
  }

  @Test
  public void aRepeatedKillCanOnlyBringSigkillCloser() {
    running(Hooks.none());
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, false);
    clock.advance(Duration.ofSeconds(1));

    step(() -> stopping.again(KillSequence.NO_LIMIT));
    step(() -> stopping.again(Duration.ofMillis(500)));
    clock.advance(Duration.ofMillis(499));
    assertEquals(List.of(Signal.TERM), task.work.signals);
    clock.advance(MS);
    assertEquals(List.of(Signal.TERM, Signal.KILL), task.work.signals);
  }

  @Test
  public void theBeforeTerminateHooksRunFirstWithinHalfTheLimitAndTheSignalsWaitForThem() {
    running(hooks);
    kill(KillCause.SHUTDOWN, Duration.ofSeconds(10), true);

    assertEquals(List.of("before-terminate within 5000 ms"), hooks.runs);
    assertEquals(List.of(TASK_KILLING), task.states());
    assertEquals(List.of(), task.work.signals);
    hooks.beforeTerminate.complete(null);
    assertEquals(List.of(Signal.TERM), task.work.signals);
  }

  @Test
  public void hooksThatRunPastTheirTimeoutDoNotHoldTheSignalsBack() {
    running(hooks);
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, false);

    clock.advance(ScriptedHooks.TIMEOUT.plus(Killing.HOOK_SLACK).minus(MS));
    assertEquals(List.of(), task.work.signals);
    clock.advance(MS);
    assertEquals(List.of(Signal.TERM), task.work.signals);
    hooks.beforeTerminate.complete(null); // late: changes nothing
    assertEquals(List.of(Signal.TERM), task.work.signals);
  }

  @Test
  public void leftoversGetTheSignalsWithoutHooksNorTaskKilling() {
    running(hooks);
    step(
        () -> {
          task.phase = Phase.KILLING;
          stopping.leftovers();
        });

    assertEquals(List.of(), hooks.runs);
    assertEquals(List.<TaskState>of(), task.states());
    assertEquals(List.of(Signal.TERM), task.work.signals);
  }

  @Test
  public void whatOutlivesSigkillIsReportedAnywayOnceTheReapLimitIsOver() {
    running(Hooks.none());
    kill(KillCause.MAX_COMPLETION_TIME, KillSequence.NO_LIMIT, false); // no grace: SIGKILL

    assertEquals(List.of(Signal.KILL), task.work.signals);
    clock.advance(Stopping.KILL_REAP_LIMIT.minus(MS));
    assertEquals(List.of(), task.asked);
    clock.advance(MS);
    assertEquals(
        List.of("abandon: processes [7] were still present 2000 ms after SIGKILL"), task.asked);
  }

  @Test
  public void onceTheWorkHasExitedSigkillIsFollowedByALookSoon() {
    running(Hooks.none());
    step(() -> exiting.exited(ExitStatus.fromJvm(0), true, task.work));

    kill(KillCause.MAX_COMPLETION_TIME, KillSequence.NO_LIMIT, false);

    assertEquals(List.of("look again in 1 ms"), task.asked);
  }

  @Test
  public void aLookThatWaitedForASignalIsTakenOnceItHasGoneOut() {
    running(Hooks.none());
    TaskSpec spec =
        new TaskSources(List.of())
            .resolve(Tasks.withSpec("t1", Json.parse("{\"command\":\"x\"}").getAsJsonObject()));
    step(
        () -> {
          exiting.exited(ExitStatus.fromJvm(0), false, task.work);
          stopping.killAll();
          assertEquals(
              Exiting.Look.NOTHING, exiting.look(false, null, task.work, spec, clock.nanoTime()));
          assertEquals(List.of(), task.asked);
        });

    assertEquals(List.of("look"), task.asked);
  }

  @Test
  public void aSignalThatFailsByABugFailsTheTaskUnlessItHasEnded() {
    running(Hooks.none());
    task.work.onStop =
        s -> {
          throw new IllegalStateException("no such process group");
        };
    step(() -> stopping.killAll());
    assertEquals(
        List.of("failed killing the task: java.lang.IllegalStateException: no such process group"),
        task.asked);

    task.phase = Phase.ENDING;
    step(() -> stopping.killAll());
    assertEquals(1, task.asked.size());
  }

  @Test
  public void nothingIsSignalledBeforeTheWorkHasStarted() {
    running(Hooks.none());
    task.started = false;

    step(() -> stopping.killAll());

    assertEquals(List.of(), task.work.signals);
    assertEquals(List.of(), task.asked);
  }

  @Test
  public void onceTheTaskEndsNoSigkillIsDue() {
    running(Hooks.none());
    kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT, false);

    step(() -> stopping.cancel());
    clock.advance(GRACE);

    assertEquals(List.of(Signal.TERM), task.work.signals);
  }
}
