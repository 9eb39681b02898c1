package org.mesosexec.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.Statuses;

/**
 * An {@link ExecutorDriver} that records every status update and framework message, each stamped
 * with {@link System#nanoTime()} the moment it arrives, and when {@code stop()} was first called:
 * for tests that drive the executor's callbacks themselves, and for the benchmarks that time them.
 * Safe from any thread, as the real driver is.
 */
public final class RecordingDriver implements ExecutorDriver {
  /** One update and when it arrived. */
  public record Arrival(long nanos, TaskStatus status) {}

  /** One framework message and when it arrived. */
  @SuppressWarnings("ArrayRecordComponent") // a private copy of the bytes, never compared
  public record Message(long nanos, byte[] data) {}

  private final List<Arrival> updates = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final List<Consumer<TaskStatus>> listeners = new CopyOnWriteArrayList<>();
  private boolean stopped;

  /** How many times {@link #clear()} has run: a wait then looks again from the first update. */
  private int clears;

  /** When {@link #stop()} was first called; -1 until then. */
  private long stopNanos = -1;

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
  public Status stop() {
    long now = System.nanoTime(); // before the lock: waiting for it is not the executor's time
    synchronized (this) {
      stopped = true;
      if (stopNanos < 0) {
        stopNanos = now;
      }
      notifyAll();
    }
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
    long now = System.nanoTime();
    for (Consumer<TaskStatus> listener : listeners) {
      listener.accept(status);
    }
    synchronized (this) {
      updates.add(new Arrival(now, status));
      notifyAll();
    }
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status sendFrameworkMessage(byte[] data) {
    long now = System.nanoTime();
    synchronized (this) {
      messages.add(new Message(now, data.clone()));
      notifyAll();
    }
    return Status.DRIVER_RUNNING;
  }

  /**
   * Forgets the updates and messages so far, so that a long benchmark measures the executor's
   * memory, not the recording's; awaits afterwards see only what arrives from now on.
   */
  public synchronized void clear() {
    clears++;
    updates.clear();
    messages.clear();
  }

  /** Every update so far, in the order sent. */
  public synchronized List<TaskStatus> updates() {
    return updates.stream().map(Arrival::status).toList();
  }

  /** The updates of one task, in order. */
  public synchronized List<TaskStatus> updates(String taskId) {
    return updates().stream().filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  /** The states one task went through, in order. */
  public List<TaskState> states(String taskId) {
    return updates(taskId).stream().map(TaskStatus::getState).toList();
  }

  /** Framework messages as UTF-8 text. */
  public synchronized List<String> messages() {
    return messages.stream().map(m -> new String(m.data(), StandardCharsets.UTF_8)).toList();
  }

  /** Framework messages with their arrival times, in order. */
  public synchronized List<Message> timedMessages() {
    return List.copyOf(messages);
  }

  /**
   * The updates that arrived after {@code stop()} was first called: a real driver drops them, so a
   * test that has seen the driver stop asserts this is empty to prove the executor sent nothing
   * more.
   */
  public synchronized List<TaskStatus> updatesAfterStop() {
    return updates.stream()
        .filter(a -> stopNanos >= 0 && a.nanos() > stopNanos)
        .map(Arrival::status)
        .toList();
  }

  public synchronized boolean stopped() {
    return stopped;
  }

  /** Waits for the task's terminal update and returns it. */
  public TaskStatus awaitTerminal(String taskId, Duration timeout) throws InterruptedException {
    return await(
            s -> s.getTaskId().getValue().equals(taskId) && Statuses.isTerminal(s.getState()),
            timeout,
            "a terminal update for task " + taskId)
        .status();
  }

  /** Waits for an update of the task in {@code state} and returns it. */
  public TaskStatus awaitState(String taskId, TaskState state, Duration timeout)
      throws InterruptedException {
    return await(
            s -> s.getTaskId().getValue().equals(taskId) && s.getState() == state,
            timeout,
            state + " for task " + taskId)
        .status();
  }

  /**
   * Waits for the first update of the task in {@code state} and returns it with its arrival time;
   * fails at once if the task has ended without it.
   */
  public Arrival awaitArrival(String taskId, TaskState state, Duration timeout)
      throws InterruptedException {
    return await(
        s -> s.getTaskId().getValue().equals(taskId) && s.getState() == state,
        timeout,
        state + " for task " + taskId,
        s -> s.getTaskId().getValue().equals(taskId) && Statuses.isTerminal(s.getState()),
        () -> "task " + taskId + " ended without " + state + ": " + states(taskId));
  }

  /** Waits for {@code state} of every task in {@code ids}; returns the latest arrival time. */
  public long awaitAllArrivals(Collection<String> ids, TaskState state, Duration timeout)
      throws InterruptedException {
    long latest = Long.MIN_VALUE;
    for (String id : ids) {
      latest = Math.max(latest, awaitArrival(id, state, timeout).nanos());
    }
    return latest;
  }

  /**
   * Waits until every task in {@code ids} has sent its terminal update, all within {@code timeout}.
   */
  public void awaitAllTerminal(Collection<String> ids, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    for (String id : ids) {
      awaitTerminal(id, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
  }

  /** The terminal update of the task with its arrival time, or null when it has sent none. */
  public synchronized Arrival terminalArrival(String taskId) {
    return updates.stream()
        .filter(
            a ->
                a.status().getTaskId().getValue().equals(taskId)
                    && Statuses.isTerminal(a.status().getState()))
        .findFirst()
        .orElse(null);
  }

  /** Waits until the executor has stopped (or aborted) the driver. */
  public synchronized void awaitStopped(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!stopped) {
      waitUntil(end, "driver not stopped within " + timeout);
    }
  }

  /** Waits until {@code stop()} has been called and returns when it first was. */
  public synchronized long awaitStopNanos(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (stopNanos < 0) {
      waitUntil(end, "driver.stop() not called within " + timeout);
    }
    return stopNanos;
  }

  // Every caller loops on its own condition around this wait.
  @SuppressWarnings("WaitNotInLoop")
  private void waitUntil(long end, String failure) throws InterruptedException {
    long left = end - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError(failure + "; updates: " + updates());
    }
    wait(Math.max(1, left / 1_000_000));
  }

  private Arrival await(Predicate<TaskStatus> match, Duration timeout, String what)
      throws InterruptedException {
    return await(match, timeout, what, s -> false, () -> "");
  }

  /**
   * Waits for the first update that matches; fails early, saying {@code why}, once an update that
   * {@code hopeless} accepts shows none can come. Each wake looks only at the updates that arrived
   * since the last look: a scan of every update so far, under the lock the executor's sends take,
   * would hold up the executor it measures as the list grows.
   */
  private synchronized Arrival await(
      Predicate<TaskStatus> match,
      Duration timeout,
      String what,
      Predicate<TaskStatus> hopeless,
      Supplier<String> why)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    int cleared = clears;
    while (true) {
      if (cleared != clears) {
        seen = 0;
        cleared = clears;
      }
      boolean ended = false;
      for (; seen < updates.size(); seen++) {
        Arrival a = updates.get(seen);
        if (match.test(a.status())) {
          return a;
        }
        ended |= hopeless.test(a.status());
      }
      if (ended) {
        throw new AssertionError(why.get());
      }
      waitUntil(end, "no " + what + " within " + timeout);
    }
  }
}
