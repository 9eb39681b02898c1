package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.Statuses;

/**
 * An {@link ExecutorDriver} that stamps every status update with {@link System#nanoTime()} the
 * moment it arrives, per task id and state (the first arrival of a state counts), and lets the
 * benchmark wait for one; {@code stop()} is stamped the same way, and every framework message is
 * kept with its arrival time. Safe from any thread, as the real driver is.
 */
final class TimingDriver implements ExecutorDriver {
  /** One update and when it arrived. */
  record Arrival(long nanos, TaskStatus status) {}

  /** One framework message and when it arrived. */
  record Message(long nanos, byte[] data) {}

  private final Map<String, Map<TaskState, Arrival>> arrivals = new HashMap<>();
  /** When {@link #stop()} was first called; -1 until then. Guarded by this. */
  private long stopNanos = -1;
  /** Every framework message, in order of arrival. Guarded by this. */
  private final List<Message> frameworkMessages = new ArrayList<>();

  @Override
  public Status sendStatusUpdate(TaskStatus status) {
    long now = System.nanoTime(); // before the lock: waiting for it is not the executor's time
    synchronized (this) {
      arrivals.computeIfAbsent(status.getTaskId().getValue(), k -> new EnumMap<>(TaskState.class))
          .putIfAbsent(status.getState(), new Arrival(now, status));
      notifyAll();
    }
    return Status.DRIVER_RUNNING;
  }

  /**
   * Waits for {@code state} of task {@code id} and returns its arrival.
   *
   * @throws IllegalStateException when the task ends in another state or the wait times out
   */
  synchronized Arrival await(String id, TaskState state, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<TaskState, Arrival> seen = arrivals.getOrDefault(id, Map.of());
      Arrival hit = seen.get(state);
      if (hit != null) {
        return hit;
      }
      if (seen.keySet().stream().anyMatch(Statuses::isTerminal)) {
        throw new IllegalStateException("task " + id + " ended without " + state + ": " + seen);
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no " + state + " for task " + id + " within " + timeout
            + "; seen " + seen.keySet());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Waits for {@code state} of every task in {@code ids}; returns the latest arrival time. */
  long awaitAll(Collection<String> ids, TaskState state, Duration timeout)
      throws InterruptedException {
    long latest = Long.MIN_VALUE;
    for (String id : ids) {
      latest = Math.max(latest, await(id, state, timeout).nanos());
    }
    return latest;
  }

  /** Waits until every task in {@code ids} has sent its terminal update. */
  synchronized void awaitTerminal(Collection<String> ids, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    for (String id : ids) {
      while (!arrivals.getOrDefault(id, Map.of()).keySet().stream().anyMatch(Statuses::isTerminal)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("task " + id + " not ended within " + timeout);
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The terminal update of task {@code id}, or null when it has sent none. */
  synchronized Arrival terminal(String id) {
    return arrivals.getOrDefault(id, Map.of()).entrySet().stream()
        .filter(e -> Statuses.isTerminal(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Waits until {@link #stop()} has been called and returns when it first was. */
  synchronized long awaitStop(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (stopNanos < 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("driver.stop() not called within " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return stopNanos;
  }

  @Override
  public Status sendFrameworkMessage(byte[] data) {
    long now = System.nanoTime();
    synchronized (this) {
      frameworkMessages.add(new Message(now, data.clone()));
    }
    return Status.DRIVER_RUNNING;
  }

  /** The framework messages sent so far, in order. */
  synchronized List<Message> frameworkMessages() {
    return List.copyOf(frameworkMessages);
  }

  @Override
  public Status start() {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status stop() {
    long now = System.nanoTime();
    synchronized (this) {
      if (stopNanos < 0) {
        stopNanos = now;
      }
      notifyAll();
    }
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status abort() {
    return Status.DRIVER_ABORTED;
  }

  @Override
  public Status join() {
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status run() {
    return Status.DRIVER_STOPPED;
  }
}
