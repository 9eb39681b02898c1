package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * An {@link Error} (a StackOverflowError, an OutOfMemoryError) thrown while the executor works for
 * a task, on a real worker pool: the task still gets exactly one terminal update, TASK_FAILED with
 * a message, and the executor goes on serving the next task (issue 10, defect 9).
 */
public class TaskRunErrorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeLauncher fake = new FakeLauncher();

  /** Task ids whose launch throws; task ids whose signals throw. */
  private final List<String> failLaunch = new ArrayList<>();

  private final List<String> failSignals = new ArrayList<>();
  private PooledTasks tasks;

  @Before
  public void wire() throws Exception {
    ProcessLauncher launcher =
        request -> {
          String id = request.environment().get("MESOS_TASK_ID");
          if (failLaunch.contains(id)) {
            throw new StackOverflowError();
          }
          RunningWork p = fake.launch(request);
          return failSignals.contains(id) ? new ErrorOnSignal(p) : p;
        };
    tasks = new PooledTasks(launcher, 1, tmp.getRoot().toPath());
  }

  @After
  public void stop() throws InterruptedException {
    tasks.close();
  }

  @Test
  public void errorWhileStartingFailsTheTaskOnceAndTheNextTaskStillRuns() throws Exception {
    failLaunch.add("boom");

    tasks.supervisor.launch(task("boom"));
    TaskStatus failed = tasks.awaitTerminal("boom");
    tasks.supervisor.launch(task("next"));
    tasks.awaitState("next", TaskState.TASK_RUNNING);
    fake.launched().get(0).exitWith(ExitStatus.fromJvm(0));

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("StackOverflowError"));
    assertEquals(TaskState.TASK_FINISHED, tasks.awaitTerminal("next").getState());
    assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_FAILED), tasks.states("boom"));
  }

  @Test
  public void errorWhileKillingFailsTheTaskOnceAndTheNextTaskStillRuns() throws Exception {
    failSignals.add("victim");
    tasks.supervisor.launch(task("victim"));
    tasks.awaitState("victim", TaskState.TASK_RUNNING);

    tasks.supervisor.kill(org.mesosexec.testing.Tasks.id("victim"));
    TaskStatus failed = tasks.awaitTerminal("victim");
    tasks.supervisor.launch(task("next"));
    tasks.awaitState("next", TaskState.TASK_RUNNING);
    fake.launched().get(1).exitWith(ExitStatus.fromJvm(0));

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("Executor error while killing the task"));
    assertEquals(TaskState.TASK_FINISHED, tasks.awaitTerminal("next").getState());
    assertEquals(1, tasks.states("victim").stream().filter(Statuses::isTerminal).count());
  }

  @Test
  public void anExitTheWorkersRefuseFailsTheTaskOnceInsteadOfRunningOnTheReapersThread()
      throws Exception {
    tasks.supervisor.launch(task("orphan"));
    tasks.awaitState("orphan", TaskState.TASK_RUNNING);
    tasks.workers.shutdown();
    tasks.workers.awaitTermination(5, TimeUnit.SECONDS);

    fake.launched().get(0).exitWith(ExitStatus.fromJvm(0));
    TaskStatus failed = tasks.awaitTerminal("orphan");

    assertEquals(TaskState.TASK_FAILED, failed.getState());
    assertThat(failed.getMessage(), containsString("workers refused"));
    assertEquals(1, tasks.states("orphan").stream().filter(Statuses::isTerminal).count());
  }

  private static org.apache.mesos.Protos.TaskInfo task(String id) {
    return org.mesosexec.testing.Tasks.shell(id, "sleep 30");
  }

  /** A task process whose signals throw an Error, as a bug deep in the kill path would. */
  private record ErrorOnSignal(RunningWork delegate) implements RunningWork {
    @Override
    public OptionalLong pid() {
      return delegate.pid();
    }

    @Override
    public CompletionStage<ExitStatus> ended() {
      return delegate.ended();
    }

    @Override
    public List<Long> remaining() {
      return delegate.remaining();
    }

    @Override
    public int stop(Signal signal) {
      throw new OutOfMemoryError("simulated");
    }

    @Override
    public int stopNewcomers() {
      return 0;
    }
  }
}
