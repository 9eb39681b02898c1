package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.output.EventShipper;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.Signal;

/**
 * The kills of a shutdown: a few at a time in the workers' queue, one budget counted from the
 * shutdown's start, and a terminal update for every task once the budget and the slack are over.
 */
public class TaskShutdownTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher launcher = new FakeLauncher();
  private final List<TaskStatus> updates = new CopyOnWriteArrayList<>();
  private final EventShipper shipper = Supervisors.events();

  /** Work handed to the workers waits here until a test runs it. */
  private final Deque<Runnable> queued = new ArrayDeque<>();

  private TaskContext ctx;
  private TaskShutdown shutdown;

  @Before
  public void wire() {
    Executor workers = queued::add;
    ctx =
        Supervisors.context(
            launcher, clock, workers, tmp.getRoot().toPath(), updates::add, shipper);
    shutdown = new TaskShutdown(clock, ctx.threads());
  }

  @After
  public void closeEvents() {
    shipper.close();
  }

  @Test
  public void onlyTwoKillsWaitForTheWorkersAtATime() {
    List<TaskRun> runs = running("a", "b", "c", "d", "e");

    CompletableFuture<Void> all = shutdown.killAll(runs, Duration.ofSeconds(3), false);

    assertEquals(TaskShutdown.KILL_LANES, queued.size());
    queued.poll().run(); // kills "a", after queueing the kill of "c"
    assertEquals(List.of(Signal.TERM), launcher.launched().get(0).signals());
    assertEquals(List.of(), launcher.launched().get(2).signals());
    drain();

    for (FakeProcess p : launcher.launched()) {
      assertEquals(List.of(Signal.TERM), p.signals());
    }
    assertTrue(all.isDone());
    for (String id : List.of("a", "b", "c", "d", "e")) {
      assertEquals(TaskState.TASK_KILLED, last(id).getState());
    }
  }

  @Test
  public void theBudgetCountsFromTheShutdownNotFromWhenTheKillRuns() {
    List<TaskRun> runs = running("stubborn");
    launcher.launched().get(0).ignoreSigterm();

    shutdown.killAll(runs, Duration.ofSeconds(3), false);
    clock.advance(Duration.ofSeconds(1)); // the workers are busy elsewhere for a second
    drain();
    clock.advance(Duration.ofMillis(1999));
    drain();
    assertEquals(List.of(Signal.TERM), launcher.launched().get(0).signals());
    clock.advance(Duration.ofMillis(1));
    drain();

    assertEquals(List.of(Signal.TERM, Signal.KILL), launcher.launched().get(0).signals());
    assertEquals(TaskState.TASK_KILLED, last("stubborn").getState());
  }

  @Test
  public void aTaskThatOutlivesTheBudgetAndTheSlackIsReportedKilledAnyway() {
    List<TaskRun> runs = running("stuck");
    launcher.launched().get(0).ignoreAllSignals();

    CompletableFuture<Void> all = shutdown.killAll(runs, Duration.ofSeconds(2), false);
    drain();
    clock.advance(Duration.ofMillis(2499));
    drain();
    assertFalse(all.isDone());
    clock.advance(Duration.ofMillis(1));
    drain();

    assertTrue(all.isDone());
    assertEquals(TaskState.TASK_KILLED, last("stuck").getState());
    assertEquals(
        "Task killed by executor shutdown (SIGKILL sent); but a process of it was still"
            + " running 2500 ms after the shutdown began",
        last("stuck").getMessage());
  }

  /** Runs started and reported TASK_RUNNING, one per id. */
  private List<TaskRun> running(String... ids) {
    List<TaskRun> runs = new ArrayList<>();
    for (String id : ids) {
      TaskRun run = new TaskRun(Tasks.shell(id, "sleep 9"), ctx, ended -> {});
      run.start(false);
      drain();
      assertEquals(TaskState.TASK_RUNNING, last(id).getState());
      runs.add(run);
    }
    return runs;
  }

  private void drain() {
    while (!queued.isEmpty()) {
      queued.poll().run();
    }
  }

  private TaskStatus last(String id) {
    TaskStatus found = null;
    for (TaskStatus u : updates) {
      if (u.getTaskId().getValue().equals(id)) {
        found = u;
      }
    }
    return found;
  }
}
