package org.mesosexec.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.Statuses;

/**
 * An {@link ExecutorDriver} that records every status update and framework message, for tests
 * that drive the executor's callbacks themselves.
 */
public final class RecordingDriver implements ExecutorDriver {
  private final List<TaskStatus> updates = new ArrayList<>();
  private final List<byte[]> messages = new ArrayList<>();
  private final List<Consumer<TaskStatus>> listeners = new CopyOnWriteArrayList<>();
  private boolean stopped;

  /**
   * Runs {@code listener} for every update from now on, on the executor's thread, the moment the
   * executor sends it and before it is recorded (so before any {@code await} returns it): a test
   * can look at the world exactly as it was when the update went out.
   */
  public void onUpdate(Consumer<TaskStatus> listener) {
    listeners.add(listener);
  }

  @Override
  public Status start() {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public synchronized Status stop() {
    stopped = true;
    notifyAll();
    return Status.DRIVER_STOPPED;
  }

  @Override
  public synchronized Status abort() {
    stopped = true;
    notifyAll();
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

  @Override
  public Status sendStatusUpdate(TaskStatus status) {
    for (Consumer<TaskStatus> listener : listeners) {
      listener.accept(status);
    }
    synchronized (this) {
      updates.add(status);
      notifyAll();
    }
    return Status.DRIVER_RUNNING;
  }

  @Override
  public synchronized Status sendFrameworkMessage(byte[] data) {
    messages.add(data.clone());
    notifyAll();
    return Status.DRIVER_RUNNING;
  }

  /** Every update so far, in the order sent. */
  public synchronized List<TaskStatus> updates() {
    return List.copyOf(updates);
  }

  /** The updates of one task, in order. */
  public synchronized List<TaskStatus> updates(String taskId) {
    return updates.stream().filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  /** The states one task went through, in order. */
  public List<TaskState> states(String taskId) {
    return updates(taskId).stream().map(TaskStatus::getState).toList();
  }

  /** Framework messages as UTF-8 text. */
  public synchronized List<String> messages() {
    return messages.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList();
  }

  public synchronized boolean stopped() {
    return stopped;
  }

  /** Waits for the task's terminal update and returns it. */
  public TaskStatus awaitTerminal(String taskId, Duration timeout) throws InterruptedException {
    return await(s -> s.getTaskId().getValue().equals(taskId) && Statuses.isTerminal(s.getState()),
        timeout, "a terminal update for task " + taskId);
  }

  /** Waits for an update of the task in {@code state} and returns it. */
  public TaskStatus awaitState(String taskId, TaskState state, Duration timeout)
      throws InterruptedException {
    return await(s -> s.getTaskId().getValue().equals(taskId) && s.getState() == state, timeout,
        state + " for task " + taskId);
  }

  /** Waits until the executor has stopped the driver. */
  public synchronized void awaitStopped(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!stopped) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("driver not stopped within " + timeout + "; updates: " + updates);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private synchronized TaskStatus await(Predicate<TaskStatus> match, Duration timeout, String what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (TaskStatus s : updates) {
        if (match.test(s)) {
          return s;
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + timeout + "; updates: " + updates);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
