package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeScheduler;

/**
 * An {@link Error} (a StackOverflowError, an OutOfMemoryError) thrown while the executor works for
 * a task, on a real worker pool: the task still gets exactly one terminal update, TASK_FAILED with
 * a message, and the executor goes on serving the next task (issue 10, defect 9).
 */
public class TaskRunErrorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher fake = new FakeLauncher();
  private final List<TaskStatus> updates = new ArrayList<>();
  private final ExecutorService workers = Executors.newFixedThreadPool(1);

  /** Task ids whose launch throws; task ids whose signals throw. */
  private final List<String> failLaunch = new ArrayList<>();

  private final List<String> failSignals = new ArrayList<>();
  private TaskSupervisor supervisor;

  @Before
  public void wire() throws Exception {
    ProcessLauncher launcher =
        request -> {
          String id = request.environment().get("MESOS_TASK_ID");
          if (failLaunch.contains(id)) {
            throw new StackOverflowError();
          }
          TaskProcess p = fake.launch(request);
          return failSignals.contains(id) ? new ErrorOnSignal(p) : p;
        };
    supervisor =
        Supervisors.over(
            launcher,
            clock,
            workers,
            tmp.getRoot().toPath(),
            status -> {
              synchronized (updates) {
                updates.add(status);
                updates.notifyAll();
              }
            });
  }

  @After
  public void stop() throws InterruptedException {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  public void errorWhileStartingFailsTheTaskOnceAndTheNextTaskStillRuns() throws Exception {
    failLaunch.add("boom");

    supervisor.launch(task("boom"));
    TaskStatus failed = awaitTerminal("boom");
    supervisor.launch(task("next"));
    awaitState("next", TaskState.TASK_RUNNING);
    fake.launched().get(0).exitWith(ExitStatus.fromJvm(0));

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("StackOverflowError"));
    assertEquals(TaskState.TASK_FINISHED, awaitTerminal("next").getState());
    assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_FAILED), states("boom"));
  }

  @Test
  public void errorWhileKillingFailsTheTaskOnceAndTheNextTaskStillRuns() throws Exception {
    failSignals.add("victim");
    supervisor.launch(task("victim"));
    awaitState("victim", TaskState.TASK_RUNNING);

    supervisor.kill(org.mesosexec.testing.Tasks.id("victim"));
    TaskStatus failed = awaitTerminal("victim");
    supervisor.launch(task("next"));
    awaitState("next", TaskState.TASK_RUNNING);
    fake.launched().get(1).exitWith(ExitStatus.fromJvm(0));

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("Executor error while killing the task"));
    assertEquals(TaskState.TASK_FINISHED, awaitTerminal("next").getState());
    assertEquals(1, states("victim").stream().filter(Statuses::isTerminal).count());
  }

  @Test
  public void anExitTheWorkersRefuseFailsTheTaskOnceInsteadOfRunningOnTheReapersThread()
      throws Exception {
    supervisor.launch(task("orphan"));
    awaitState("orphan", TaskState.TASK_RUNNING);
    workers.shutdown();
    workers.awaitTermination(5, TimeUnit.SECONDS);

    fake.launched().get(0).exitWith(ExitStatus.fromJvm(0));
    TaskStatus failed = awaitTerminal("orphan");

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("workers refused"));
    assertEquals(1, states("orphan").stream().filter(Statuses::isTerminal).count());
  }

  private static org.apache.mesos.Protos.TaskInfo task(String id) {
    return org.mesosexec.testing.Tasks.shell(id, "sleep 30");
  }

  private List<TaskState> states(String id) {
    synchronized (updates) {
      return updates.stream()
          .filter(u -> u.getTaskId().getValue().equals(id))
          .map(TaskStatus::getState)
          .toList();
    }
  }

  private TaskStatus awaitTerminal(String id) throws InterruptedException {
    return await(id, s -> Statuses.isTerminal(s.getState()));
  }

  private TaskStatus awaitState(String id, TaskState state) throws InterruptedException {
    return await(id, s -> s.getState() == state);
  }

  private TaskStatus await(String id, java.util.function.Predicate<TaskStatus> match)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (updates) {
      while (true) {
        Optional<TaskStatus> found =
            updates.stream()
                .filter(u -> u.getTaskId().getValue().equals(id))
                .filter(match)
                .findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no such update for " + id + "; got " + updates);
        }
        updates.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** A task process whose signals throw an Error, as a bug deep in the kill path would. */
  private record ErrorOnSignal(TaskProcess delegate) implements TaskProcess {
    @Override
    public long pid() {
      return delegate.pid();
    }

    @Override
    public CompletionStage<ExitStatus> onExit() {
      return delegate.onExit();
    }

    @Override
    public List<Long> remaining() {
      return delegate.remaining();
    }

    @Override
    public int signalAll(Signal signal) {
      throw new OutOfMemoryError("simulated");
    }

    @Override
    public int signalNewcomers() {
      return 0;
    }
  }
}
