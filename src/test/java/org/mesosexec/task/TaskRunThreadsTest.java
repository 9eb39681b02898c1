package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.Signal;

/**
 * What may wait (starting a task's work: spawning it, looking its user up) runs outside the task's
 * lock, on two real workers: events of the task neither wait for it nor hold a worker meanwhile.
 */
public class TaskRunThreadsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeLauncher fake = new FakeLauncher();

  /** Holds the launch of task "slow" until released. */
  private final CountDownLatch slowLaunch = new CountDownLatch(1);

  private PooledTasks tasks;

  @Before
  public void wire() {
    ProcessLauncher launcher =
        request -> {
          if ("slow".equals(request.environment().get("MESOS_TASK_ID"))) {
            try {
              slowLaunch.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return fake.launch(request);
        };
    tasks = new PooledTasks(launcher, 2, tmp.getRoot().toPath());
  }

  @After
  public void stop() throws InterruptedException {
    slowLaunch.countDown();
    tasks.close();
  }

  @Test
  public void aKillWhileTheWorkStartsHoldsNoWorkerAndStopsTheWorkOnceItRuns() throws Exception {
    tasks.supervisor.launch(Tasks.shell("slow", "sleep 30"));
    tasks.await("slow", s -> s.getState() == TaskState.TASK_STARTING);
    tasks.supervisor.kill(Tasks.id("slow"));

    // With one worker starting "slow", the kill took the other and let it go again.
    tasks.supervisor.launch(Tasks.shell("next", "sleep 30"));
    tasks.await("next", s -> s.getState() == TaskState.TASK_RUNNING);
    assertEquals(List.of(TaskState.TASK_STARTING), tasks.states("slow"));
    slowLaunch.countDown();
    TaskStatus end = tasks.await("slow", s -> Statuses.isTerminal(s.getState()));

    assertEquals(TaskState.TASK_KILLED, end.getState());
    assertEquals(
        List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLED),
        tasks.states("slow"));
    FakeLauncher.FakeProcess slow = fake.launched().get(1);
    assertEquals(List.of(Signal.TERM), slow.signals());
    assertTrue(
        end.getMessage(),
        end.getMessage().startsWith("Task killed by killTask: exited on" + " SIGTERM"));
  }
}
