package org.mesosexec.mesos;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.logging.LogContext;
import org.mesosexec.task.Statuses;
import org.mesosexec.task.TaskSupervisor;

/**
 * The driver's callbacks: log, hand off to the {@link TaskSupervisor}, return. The driver calls
 * them one at a time on its own thread and aborts if one throws, so each catches everything and
 * none waits for a task.
 */
public final class MesosExecutor implements Executor {
  private static final Logger LOG = LogManager.getLogger(MesosExecutor.class);

  private final TaskSupervisor supervisor;
  private final DriverSink sink;
  private final ExecutorShutdown shutdown;
  private final AgentRecovery recovery;

  public MesosExecutor(ExecutorCore core, ExecutorShutdown shutdown, AgentRecovery recovery) {
    this.supervisor = core.tasks();
    this.sink = core.sink();
    this.shutdown = Objects.requireNonNull(shutdown);
    this.recovery = Objects.requireNonNull(recovery);
  }

  @Override
  public void registered(
      ExecutorDriver driver, ExecutorInfo executor, FrameworkInfo framework, SlaveInfo agent) {
    sink.attach(driver);
    LogContext.identify(executor.getExecutorId().getValue(), framework.getId().getValue());
    guarded(
        "registered",
        "",
        () -> {
          if (executor.hasExecutorId()) {
            sink.setExecutorId(executor.getExecutorId());
          }
          boolean killing =
              framework.getCapabilitiesList().stream()
                  .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
          supervisor.setTaskKillingState(killing);
          LOG.info(
              "Registered on agent {} ({}) for framework {} '{}'; TASK_KILLING_STATE: {}",
              agent.getId().getValue(),
              agent.getHostname(),
              framework.getId().getValue(),
              framework.getName(),
              killing);
        });
  }

  @Override
  public void reregistered(ExecutorDriver driver, SlaveInfo agent) {
    sink.attach(driver);
    guarded(
        "reregistered",
        "",
        () -> {
          LOG.info(
              "Re-registered with agent {} ({})", agent.getId().getValue(), agent.getHostname());
          recovery.reregistered();
        });
  }

  @Override
  public void disconnected(ExecutorDriver driver) {
    guarded("disconnected", "", recovery::disconnected);
  }

  @Override
  public void launchTask(ExecutorDriver driver, TaskInfo task) {
    sink.attach(driver);
    String id = task.getTaskId().getValue();
    boolean accepted =
        guarded(
            "launchTask",
            id,
            () -> {
              LOG.info(
                  "launchTask {} '{}' ({} bytes of data)",
                  id,
                  task.getName(),
                  task.getData().size());
              supervisor.launch(task);
            });
    if (!accepted) {
      failQuietly(task.getTaskId(), "Executor error while accepting the task");
    }
  }

  @Override
  public void killTask(ExecutorDriver driver, TaskID taskId) {
    sink.attach(driver);
    guarded(
        "killTask",
        taskId.getValue(),
        () -> {
          LOG.info("killTask {}", taskId.getValue());
          supervisor.kill(taskId);
        });
  }

  @Override
  public void frameworkMessage(ExecutorDriver driver, byte[] data) {
    sink.attach(driver);
    guarded(
        "frameworkMessage",
        "",
        () -> {
          String preview = new String(data, 0, Math.min(data.length, 256), StandardCharsets.UTF_8);
          LOG.info(
              "Framework message ({} bytes) ignored: this executor takes no messages yet: {}",
              data.length,
              preview.replaceAll("\\p{Cntrl}", "?"));
        });
  }

  @Override
  public void shutdown(ExecutorDriver driver) {
    sink.attach(driver);
    guarded(
        "shutdown",
        "",
        () -> {
          LOG.info("shutdown requested by the agent");
          shutdown.begin("the agent asked");
        });
  }

  @Override
  public void error(ExecutorDriver driver, String message) {
    guarded(
        "error",
        "",
        () -> {
          LOG.error("Driver error: {}; the driver is aborted, shutting the tasks down", message);
          shutdown.begin("driver error: " + message);
        });
  }

  /**
   * Runs a callback's body with the ids in the log context. A callback that throws would abort the
   * driver, so nothing escapes; returns whether the body completed.
   */
  private static boolean guarded(String callback, String taskId, Runnable body) {
    try (CloseableThreadContext.Instance ignored = LogContext.of(taskId)) {
      body.run();
      return true;
    } catch (Throwable t) {
      LOG.error("Callback {} failed", callback, t);
      return false;
    }
  }

  private void failQuietly(TaskID id, String message) {
    try {
      sink.send(
          Statuses.of(id, TaskState.TASK_FAILED, message)
              .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED)
              .build());
    } catch (Throwable t) {
      LOG.error("Could not report the failure of task {}", id.getValue(), t);
    }
  }
}
