package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.Signal;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;

/**
 * What may wait (starting a task's work: spawning it, looking its user up) runs outside the task's
 * lock, on two real workers: events of the task neither wait for it nor hold a worker meanwhile.
 */
public class TaskRunThreadsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher fake = new FakeLauncher();
  private final List<TaskStatus> updates = new ArrayList<>();
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  /** Holds the launch of task "slow" until released. */
  private final CountDownLatch slowLaunch = new CountDownLatch(1);

  private TaskSupervisor supervisor;

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
    slowLaunch.countDown();
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  public void aKillWhileTheWorkStartsHoldsNoWorkerAndStopsTheWorkOnceItRuns() throws Exception {
    supervisor.launch(Tasks.shell("slow", "sleep 30"));
    await("slow", s -> s.getState() == TaskState.TASK_STARTING);
    supervisor.kill(Tasks.id("slow"));

    // With one worker starting "slow", the kill took the other and let it go again.
    supervisor.launch(Tasks.shell("next", "sleep 30"));
    await("next", s -> s.getState() == TaskState.TASK_RUNNING);
    assertEquals(List.of(TaskState.TASK_STARTING), states("slow"));
    slowLaunch.countDown();
    TaskStatus end = await("slow", s -> Statuses.isTerminal(s.getState()));

    assertEquals(TaskState.TASK_KILLED, end.getState());
    assertEquals(
        List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLED),
        states("slow"));
    FakeLauncher.FakeProcess slow = fake.launched().get(1);
    assertEquals(List.of(Signal.TERM), slow.signals());
    assertTrue(
        end.getMessage(),
        end.getMessage().startsWith("Task killed by killTask: exited on" + " SIGTERM"));
  }

  private List<TaskState> states(String id) {
    synchronized (updates) {
      return updates.stream()
          .filter(u -> u.getTaskId().getValue().equals(id))
          .map(TaskStatus::getState)
          .toList();
    }
  }

  private TaskStatus await(String id, Predicate<TaskStatus> match) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (updates) {
      while (true) {
        for (TaskStatus u : updates) {
          if (u.getTaskId().getValue().equals(id) && match.test(u)) {
            return u;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no such update for " + id + "; got " + updates);
        }
        updates.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }
}
