package org.mesosexec.submit;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Filters;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.MasterInfo;
import org.apache.mesos.Protos.Offer;
import org.apache.mesos.Protos.OfferID;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.mesosexec.local.JsonLines;
import org.mesosexec.local.LocalOptions.Timed;
import org.mesosexec.local.LocalRun;
import org.mesosexec.task.Statuses;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * The submit mode's framework: launches the TASKFILE's tasks on this executor as offers fit them,
 * declines the rest, kills tasks at their {@code --kill} times, prints every update and framework
 * message as the local mode's JSON lines, and once every task is terminal prints the exit line and
 * tears the framework down ({@code stop(false)}). Callbacks come one at a time from the driver;
 * timers and the signal hook come from other threads, so all state is guarded by this object.
 */
public final class SubmitScheduler implements Scheduler {
  private static final Logger LOG = LogManager.getLogger(SubmitScheduler.class);

  /** Offers this framework cannot use stay away this long, so that others get them. */
  private static final Filters DECLINE = Filters.newBuilder().setRefuseSeconds(5).build();

  private final List<TaskInfo> tasks;
  private final ExecutorInfo executor;
  private final List<Timed<String>> kills;
  private final JsonLines out;
  private final org.mesosexec.time.Scheduler timers;
  private final TaskPlacement placement;
  private final Set<String> ended = new HashSet<>();
  private final List<TaskStatus> terminals = new ArrayList<>();
  private final List<Cancellable> timed = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private SchedulerDriver driver;
  private boolean registeredOnce;
  private int exitCode = -1;

  /**
   * @param tasks ready to launch ({@link SubmitTasks#prepare}), in order
   * @param executor the executor every task names
   * @param kills when to kill which task, counted from the first registration
   */
  public SubmitScheduler(
      List<TaskInfo> tasks,
      ExecutorInfo executor,
      List<Timed<String>> kills,
      JsonLines out,
      org.mesosexec.time.Scheduler timers) {
    this.tasks = List.copyOf(tasks);
    this.executor = executor;
    this.kills = List.copyOf(kills);
    this.out = out;
    this.timers = timers;
    this.placement = new TaskPlacement(tasks, executor);
  }

  @Override
  public synchronized void registered(SchedulerDriver d, FrameworkID id, MasterInfo master) {
    driver = d;
    JsonObject fields = new JsonObject();
    fields.addProperty("framework_id", id.getValue());
    fields.addProperty("master", master.getHostname() + ":" + master.getPort());
    fields.addProperty("executor_id", executor.getExecutorId().getValue());
    out.registered(fields);
    if (!registeredOnce) {
      registeredOnce = true;
      for (Timed<String> k : kills) {
        timed.add(timers.schedule(k.after(), () -> kill(k.value())));
      }
    }
  }

  @Override
  public synchronized void reregistered(SchedulerDriver d, MasterInfo master) {
    driver = d;
    out.reregistered();
  }

  @Override
  public synchronized void disconnected(SchedulerDriver d) {
    out.disconnected();
  }

  @Override
  public synchronized void resourceOffers(SchedulerDriver d, List<Offer> offers) {
    for (Offer offer : offers) {
      List<TaskInfo> launch = placement.place(offer);
      if (launch.isEmpty()) {
        d.declineOffer(offer.getId(), DECLINE);
      } else {
        LOG.info("Launching {} task(s) on agent {}", launch.size(), offer.getHostname());
        d.launchTasks(List.of(offer.getId()), launch);
      }
    }
    if (placement.allPlaced()) {
      d.suppressOffers();
    }
  }

  @Override
  public void offerRescinded(SchedulerDriver d, OfferID offerId) {
    LOG.info("Offer {} rescinded", offerId.getValue());
  }

  @Override
  public synchronized void statusUpdate(SchedulerDriver d, TaskStatus status) {
    out.status(status);
    String id = status.getTaskId().getValue();
    if (Statuses.isTerminal(status.getState()) && ended.add(id)) {
      terminals.add(status);
      if (terminals.size() == tasks.size()) {
        finish();
      }
    }
  }

  @Override
  public synchronized void frameworkMessage(
      SchedulerDriver d, ExecutorID executorId, SlaveID agentId, byte[] data) {
    out.message(data);
  }

  @Override
  public void slaveLost(SchedulerDriver d, SlaveID agentId) {
    LOG.warn("Agent {} lost", agentId.getValue());
  }

  @Override
  public synchronized void executorLost(
      SchedulerDriver d, ExecutorID executorId, SlaveID agentId, int status) {
    LOG.info(
        "Executor {} on agent {} ended ({})", executorId.getValue(), agentId.getValue(), status);
    placement.executorLost(agentId);
  }

  @Override
  public synchronized void error(SchedulerDriver d, String message) {
    LOG.error("The framework failed: {}", message);
    System.err.println("run-executor.sh --submit: " + message);
    finish();
  }

  /**
   * Kills a task: a launched one through the master; one not launched yet is dropped, and ends
   * {@code TASK_KILLED} here, as it never reached an executor.
   */
  synchronized void kill(String taskId) {
    if (driver == null || exitCode >= 0 || ended.contains(taskId)) {
      return;
    }
    if (placement.drop(taskId)) {
      statusUpdate(
          driver,
          TaskStatus.newBuilder()
              .setTaskId(TaskID.newBuilder().setValue(taskId))
              .setState(TaskState.TASK_KILLED)
              .setMessage("Killed before an offer launched it")
              .build());
    } else {
      driver.killTask(TaskID.newBuilder().setValue(taskId).build());
    }
  }

  /**
   * After SIGINT or SIGTERM: kills every task that has not ended and waits up to {@code budget} for
   * their terminal updates, then ends the run as it would have ended; returns the exit status.
   */
  public int interrupt(Duration budget) {
    synchronized (this) {
      tasks.forEach(t -> kill(t.getTaskId().getValue()));
    }
    try {
      done.await(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      finish();
      return exitCode;
    }
  }

  /** The exit status once the run has ended (the local mode's rule), else -1. */
  public synchronized int exitCode() {
    return exitCode;
  }

  /** Prints the exit line and tears the framework down, once. */
  private void finish() {
    if (exitCode >= 0) {
      return;
    }
    exitCode = LocalRun.exitCode(tasks.size(), terminals);
    timed.forEach(Cancellable::cancel);
    out.exit(exitCode);
    if (driver != null) {
      driver.stop(false);
    }
    done.countDown();
  }
}
