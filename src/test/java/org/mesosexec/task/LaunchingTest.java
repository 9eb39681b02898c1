package org.mesosexec.task;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.mesos.Protos.TaskInfo;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.json.Json;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.task.TaskControl.Phase;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * A task's start as the scheduler and the work see it: the updates sent, the phase moves asked of
 * the task, what starts and what is killed; on the fake clock, in a real sandbox directory, with
 * the task's workers running what they get at once and a scripted launcher standing in for the OS.
 */
public class LaunchingTest {
  private static final String SPEC = "{\"command\": \"x\", \"progress\": {\"regex\": \"\"}}";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeTask task = new FakeTask();
  private final Runner runner = new Runner();
  private final EventShipper shipper = Supervisors.events();
  private TaskEvents events;
  private Stopping stopping;

  @After
  public void closeEvents() {
    shipper.close();
  }

  /** Starts the accepted task "t1" with {@code spec} as its data. */
  private Launching start(String spec) {
    task.phase = Phase.ACCEPTED;
    task.started = false;
    Path sandbox = tmp.getRoot().toPath();
    TaskContext ctx = Supervisors.context(runner, clock, Runnable::run, sandbox, u -> {}, shipper);
    events = new TaskEvents(task, ctx);
    stopping = new Stopping(events, new Exiting(task.taskId()));
    TaskInfo info = Tasks.withSpec("t1", Json.parse(spec).getAsJsonObject());
    Launching launching = new Launching(events, info, new Tracking(ctx, "t1"), stopping);
    runner.launching = launching;
    events.step("a test step", launching::start);
    return launching;
  }

  @Test
  public void theTaskGoesFromStartingToRunningItsWorkWhosePidTheHooksSee() {
    Launching launching = start(SPEC);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), task.states());
    assertEquals("pid 7", task.updates.get(1).getMessage());
    assertEquals(List.of("launching", "runs pid 7"), task.asked);
    assertEquals(List.of("/bin/sh", "-c", "x"), runner.requests.get(0).argv());
    assertEquals(OptionalLong.of(7), launching.meta().pid());
    assertEquals(Optional.empty(), launching.spec().orElseThrow().killGracePeriod());
  }

  @Test
  public void anInvalidSpecEndsTheTaskBeforeAnythingStarts() {
    Launching launching = start("{\"command\": \"\"}");

    assertEquals(List.of(TASK_ERROR), task.states());
    assertEquals(List.of(), task.asked);
    assertEquals(List.of(), runner.requests);
    assertEquals(Optional.empty(), launching.health());
  }

  @Test
  public void workThatCannotStartEndsTheTaskWithTheReason() {
    runner.failWith = "no such file";
    start(SPEC);

    assertEquals(List.of(TASK_STARTING, TASK_FAILED), task.states());
    assertEquals(List.of("launching"), task.asked);
    assertEquals(Phase.DONE, task.phase);
  }

  @Test
  public void aKillThatCameWhileTheWorkStartedIsAppliedOnceItRuns() {
    runner.whileStarting =
        launching ->
            events.step(
                "a kill",
                () ->
                    launching.defer(
                        KillCause.KILL_TASK,
                        () -> {
                          task.phase = Phase.KILLING;
                          stopping.begin(KillCause.KILL_TASK, "", KillSequence.NO_LIMIT, true);
                        }));
    start(SPEC);

    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING), task.states());
    assertEquals(List.of(Signal.TERM), task.work.signals);
  }

  @Test
  public void workThatStartedAfterTheTaskEndedIsKilledAndNeverReported() {
    runner.whileStarting = launching -> task.phase = Phase.ENDING;
    start(SPEC);

    assertEquals(List.of(TASK_STARTING), task.states());
    assertEquals(List.of("launching", "runs pid 7"), task.asked);
    assertEquals(List.of(Signal.KILL), task.work.signals);
  }

  /** Starts the task's puppet work, or fails; runs a test's action while the work starts. */
  private final class Runner implements ProcessLauncher {
    final List<LaunchRequest> requests = new ArrayList<>();
    String failWith;
    Consumer<Launching> whileStarting = l -> {};
    Launching launching;

    @Override
    public RunningWork launch(LaunchRequest request) throws LaunchException {
      requests.add(request);
      whileStarting.accept(launching);
      if (failWith != null) {
        throw new LaunchException(failWith);
      }
      return task.work;
    }
  }
}
