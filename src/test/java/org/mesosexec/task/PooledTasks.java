package org.mesosexec.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.output.EventShipper;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.testing.FakeScheduler;

/**
 * A task supervisor on a real pool of workers, over the test's launcher and a manual clock, and the
 * updates it sent, which a test waits for. Closing it stops the workers and the events' shipper.
 */
final class PooledTasks implements AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  final ExecutorService workers;
  final TaskSupervisor supervisor;
  private final EventShipper events = Supervisors.events();
  private final List<TaskStatus> updates = new ArrayList<>();

  PooledTasks(ProcessLauncher launcher, int workers, Path sandbox) {
    this.workers = Executors.newFixedThreadPool(workers);
    this.supervisor =
        Supervisors.over(
            launcher,
            new FakeScheduler(),
            this.workers,
            sandbox,
            status -> {
              synchronized (updates) {
                updates.add(status);
                updates.notifyAll();
              }
            },
            events);
  }

  /** The states task {@code id} has reported so far, in order. */
  List<TaskState> states(String id) {
    synchronized (updates) {
      return updates.stream()
          .filter(u -> u.getTaskId().getValue().equals(id))
          .map(TaskStatus::getState)
          .toList();
    }
  }

  TaskStatus awaitTerminal(String id) throws InterruptedException {
    return await(id, s -> Statuses.isTerminal(s.getState()));
  }

  TaskStatus awaitState(String id, TaskState state) throws InterruptedException {
    return await(id, s -> s.getState() == state);
  }

  /** The first update of task {@code id} that matches, once it has come; fails after a while. */
  TaskStatus await(String id, Predicate<TaskStatus> match) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
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

  @Override
  public void close() throws InterruptedException {
    try {
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } finally {
      events.close();
    }
  }
}
