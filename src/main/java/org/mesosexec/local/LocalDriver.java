package org.mesosexec.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.task.Statuses;

/**
 * An in-process {@link ExecutorDriver} that plays the agent for the local mode. Like libmesos it
 * calls the executor one callback at a time on one thread, aborts if a callback throws, refuses
 * TASK_STAGING, and stamps updates with timestamp, uuid and agent id. It stops by itself once every
 * launched task has sent its terminal update.
 *
 * <p>It can also play an agent restart, as libmesos' V0 driver sees one: with checkpointing, the
 * executor hears nothing while the agent is away, its status updates wait and are delivered once
 * the agent is back ({@code reregistered}), and framework messages sent meanwhile are lost; without
 * checkpointing, the driver calls {@code shutdown} at once.
 */
public final class LocalDriver implements ExecutorDriver {
  private static final Logger LOG = LogManager.getLogger(LocalDriver.class);

  private final Executor executor;
  private final LocalScript script;
  private final JsonLines out;
  private final LocalCallbacks callbacks = new LocalCallbacks(this::isRunning, this::abort);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<TaskStatus> terminals = new ArrayList<>();
  private final AgentAbsence absence;
  private Status status = Status.DRIVER_NOT_STARTED;

  public LocalDriver(Executor executor, LocalScript script, JsonLines out) {
    this.executor = Objects.requireNonNull(executor);
    this.script = Objects.requireNonNull(script);
    this.out = Objects.requireNonNull(out);
    this.absence = new AgentAbsence(script.framework().getCheckpoint());
  }

  @Override
  public synchronized Status start() {
    if (status != Status.DRIVER_NOT_STARTED) {
      return status;
    }
    status = Status.DRIVER_RUNNING;
    callbacks.now(
        "registered",
        () -> executor.registered(this, script.executorInfo(), script.framework(), script.agent()));
    for (TaskInfo task : script.tasks()) {
      callbacks.now("launchTask", () -> executor.launchTask(this, task));
    }
    LocalTimeline.of(script, executor, this, this::agentGoes, this::agentBack)
        .forEach(e -> callbacks.later(e.after(), e.name(), e.call()));
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
      LOG.error(
          "Executor sent TASK_STAGING for task {}; aborting as the agent would",
          update.getTaskId().getValue());
      return finish(Status.DRIVER_ABORTED);
    }
    TaskStatus stamped = AgentStamp.of(update, script.agent().getId());
    if (!absence.holds(stamped)) {
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
    if (!absence.loses(data) && status == Status.DRIVER_RUNNING) {
      out.message(data);
    }
    return status;
  }

  /** The agent goes away (on the callback thread): without checkpointing, that ends the tasks. */
  private void agentGoes() {
    synchronized (this) {
      absence.begin();
      out.disconnected();
    }
    if (script.framework().getCheckpoint()) {
      LOG.info("The agent went away; the framework checkpoints, so the executor carries on");
    } else {
      LOG.info(
          "The agent went away and the framework does not checkpoint: shutdown, as libmesos"
              + " does");
      executor.shutdown(this);
    }
  }

  /** The agent is back: the executor re-registers and the updates that waited are delivered. */
  private void agentBack() {
    List<TaskStatus> replay;
    synchronized (this) {
      replay = absence.end();
      out.reregistered();
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
      callbacks.stop();
      stopped.countDown();
      return end;
    }
    return status;
  }

  private synchronized boolean isRunning() {
    return status == Status.DRIVER_RUNNING;
  }
}
