package org.mesosexec.local;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.Statuses;
import org.mesosexec.time.Threads;

/**
 * An in-process {@link ExecutorDriver} that plays the agent for the local mode. Like libmesos it
 * calls the executor one callback at a time on one thread, aborts if a callback throws, refuses
 * TASK_STAGING, and stamps updates with timestamp, uuid and agent id. It stops by itself once
 * every launched task has sent its terminal update.
 *
 * <p>It can also play an agent restart, as libmesos' V0 driver sees one: with checkpointing, the
 * executor hears nothing while the agent is away, its status updates wait and are delivered once
 * the agent is back ({@code reregistered}), and framework messages sent meanwhile are lost;
 * without checkpointing, the driver calls {@code shutdown} at once.
 */
public final class LocalDriver implements ExecutorDriver {
  private static final Logger LOG = LogManager.getLogger(LocalDriver.class);

  private final Executor executor;
  private final LocalScript script;
  private final JsonLines out;
  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(Threads.named("local-driver-callback"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Threads.named("local-driver-timer"));
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<TaskStatus> terminals = new ArrayList<>();
  private final List<TaskStatus> waiting = new ArrayList<>();
  private boolean agentAway;
  private Status status = Status.DRIVER_NOT_STARTED;

  /**
   * The events of one local run.
   *
   * @param executorInfo what {@code registered} reports
   * @param framework the simulated framework, with its capabilities
   * @param agent the simulated agent
   * @param tasks the tasks to launch, in order
   * @param options the timed kills, messages and shutdown
   */
  public record LocalScript(ExecutorInfo executorInfo, FrameworkInfo framework, SlaveInfo agent,
      List<TaskInfo> tasks, LocalOptions options) {}

  public LocalDriver(Executor executor, LocalScript script, JsonLines out) {
    this.executor = Objects.requireNonNull(executor);
    this.script = Objects.requireNonNull(script);
    this.out = Objects.requireNonNull(out);
  }

  @Override
  public synchronized Status start() {
    if (status != Status.DRIVER_NOT_STARTED) {
      return status;
    }
    status = Status.DRIVER_RUNNING;
    callback("registered", () -> executor.registered(this, script.executorInfo(),
        script.framework(), script.agent()));
    for (TaskInfo task : script.tasks()) {
      callback("launchTask", () -> executor.launchTask(this, task));
    }
    LocalOptions o = script.options();
    o.kills().forEach(k -> later(k.after().toNanos(), "killTask",
        () -> executor.killTask(this, TaskID.newBuilder().setValue(k.value()).build())));
    o.messages().forEach(m -> later(m.after().toNanos(), "frameworkMessage",
        () -> executor.frameworkMessage(this, m.value().getBytes(StandardCharsets.UTF_8))));
    o.shutdownAfter().ifPresent(s -> later(s.toNanos(), "shutdown", () -> executor.shutdown(this)));
    o.agentRestart().ifPresent(at -> {
      later(at.toNanos(), "agent restart", this::agentGoes);
      if (script.framework().getCheckpoint()) {
        later(at.plus(LocalOptions.AGENT_DOWNTIME).toNanos(), "reregistered", this::agentBack);
      }
    });
    return status;
  }

  @Override
  public Status stop() {
    return finish(Status.DRIVER_STOPPED);
  }

  @Override
  public Status abort() {
    return finish(Status.DRIVER_ABORTED);
  }

  @Override
  public Status join() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      return status;
    }
  }

  @Override
  public Status run() {
    Status s = start();
    return s == Status.DRIVER_RUNNING ? join() : s;
  }

  @Override
  public synchronized Status sendStatusUpdate(TaskStatus update) {
    if (status != Status.DRIVER_RUNNING) {
      return status;
    }
    if (update.getState() == TaskState.TASK_STAGING) {
      LOG.error("Executor sent TASK_STAGING for task {}; aborting as the agent would",
          update.getTaskId().getValue());
      return finish(Status.DRIVER_ABORTED);
    }
    TaskStatus stamped = update.toBuilder()
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(ByteString.copyFrom(uuid()))
        .setSlaveId(script.agent().getId())
        .build();
    if (agentAway && script.framework().getCheckpoint()) {
      LOG.info("The agent is away: {} for task {} waits for it", update.getState(),
          update.getTaskId().getValue());
      waiting.add(stamped);
    } else {
      deliver(stamped);
    }
    return Status.DRIVER_RUNNING; // this update was accepted
  }

  private synchronized void deliver(TaskStatus stamped) {
    if (status != Status.DRIVER_RUNNING) {
      return;
    }
    out.status(stamped);
    if (Statuses.isTerminal(stamped.getState())) {
      terminals.add(stamped);
      if (terminals.size() >= script.tasks().size()) {
        LOG.info("Every task has sent its terminal update; the local driver stops");
        finish(Status.DRIVER_STOPPED);
      }
    }
  }

  @Override
  public synchronized Status sendFrameworkMessage(byte[] data) {
    if (agentAway && script.framework().getCheckpoint()) {
      LOG.warn("The agent is away: a framework message of {} bytes is lost, as with a real agent",
          data.length);
    } else if (status == Status.DRIVER_RUNNING) {
      out.message(data);
    }
    return status;
  }

  /** The agent goes away (on the callback thread): without checkpointing, that ends the tasks. */
  private void agentGoes() {
    synchronized (this) {
      agentAway = true;
      out.disconnected();
    }
    if (script.framework().getCheckpoint()) {
      LOG.info("The agent went away; the framework checkpoints, so the executor carries on");
    } else {
      LOG.info("The agent went away and the framework does not checkpoint: shutdown, as libmesos"
          + " does");
      executor.shutdown(this);
    }
  }

  /** The agent is back: the executor re-registers and the updates that waited are delivered. */
  private void agentBack() {
    List<TaskStatus> replay;
    synchronized (this) {
      agentAway = false;
      out.reregistered();
      replay = List.copyOf(waiting);
      waiting.clear();
    }
    executor.reregistered(this, script.agent());
    replay.forEach(this::deliver);
  }

  /** The terminal updates received so far, in order. */
  public synchronized List<TaskStatus> terminalUpdates() {
    return List.copyOf(terminals);
  }

  private synchronized Status finish(Status end) {
    if (status == Status.DRIVER_RUNNING) {
      status = end;
      timers.shutdownNow();
      callbacks.shutdown();
      stopped.countDown();
      return end;
    }
    return status;
  }

  private void later(long nanos, String name, Runnable call) {
    timers.schedule(() -> callback(name, call), nanos, TimeUnit.NANOSECONDS);
  }

  /** Queues a callback; like libmesos, a callback that throws aborts the driver. */
  private void callback(String name, Runnable call) {
    try {
      callbacks.execute(() -> {
        if (!isRunning()) {
          return;
        }
        try {
          call.run();
        } catch (Throwable t) {
          LOG.error("Executor callback {} threw; the driver aborts, as libmesos does", name, t);
          abort();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException stoppedAlready) {
      LOG.debug("Callback {} dropped: the driver has stopped", name);
    }
  }

  private synchronized boolean isRunning() {
    return status == Status.DRIVER_RUNNING;
  }

  private static byte[] uuid() {
    UUID u = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }
}
