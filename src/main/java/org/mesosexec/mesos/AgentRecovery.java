package org.mesosexec.mesos;

import java.time.Duration;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.settings.AgentEnvironment;
import org.mesosexec.settings.Durations;
import org.mesosexec.task.TaskSupervisor;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * What the executor does when it loses its agent. With checkpointing ({@code MESOS_CHECKPOINT=1})
 * the tasks keep running and the executor waits up to {@code MESOS_RECOVERY_TIMEOUT} for the agent
 * to come back ({@code reregistered}); without it, losing the agent shuts the tasks down. libmesos'
 * V0 driver applies the same policy itself and calls {@code shutdown}; this covers the drivers that
 * report {@code disconnected} instead.
 */
public final class AgentRecovery {
  private static final Logger LOG = LogManager.getLogger(AgentRecovery.class);

  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Scheduler scheduler;
  private final TaskSupervisor supervisor;
  private final ExecutorShutdown shutdown;
  private Cancellable timer = () -> {};
  private long disconnections;

  /**
   * @param checkpoint whether the framework checkpoints, so that the agent can recover the executor
   * @param recoveryTimeout how long to wait for the agent to come back
   */
  public AgentRecovery(
      boolean checkpoint,
      Duration recoveryTimeout,
      Scheduler scheduler,
      TaskSupervisor supervisor,
      ExecutorShutdown shutdown) {
    this.checkpoint = checkpoint;
    this.recoveryTimeout = Objects.requireNonNull(recoveryTimeout);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.supervisor = Objects.requireNonNull(supervisor);
    this.shutdown = Objects.requireNonNull(shutdown);
  }

  /** The policy the agent's variables ask for ({@link AgentEnvironment}). */
  public AgentRecovery(
      AgentEnvironment agent,
      Scheduler scheduler,
      TaskSupervisor supervisor,
      ExecutorShutdown shutdown) {
    this(agent.checkpoint(), agent.recoveryTimeout(), scheduler, supervisor, shutdown);
  }

  /** The agent is gone. */
  public synchronized void disconnected() {
    if (!checkpoint) {
      LOG.warn("Lost the agent, and the framework does not checkpoint: shutting the tasks down");
      shutdown.begin("agent lost without checkpointing");
      return;
    }
    long seen = ++disconnections;
    LOG.warn(
        "Lost the agent; checkpointing is on, so {} task(s) keep running while the executor"
            + " waits up to {} for the agent to come back",
        supervisor.liveTasks(),
        Durations.human(recoveryTimeout));
    timer.cancel();
    timer = scheduler.schedule(recoveryTimeout, () -> expired(seen));
  }

  /** The agent is back; the executor carries on. */
  public synchronized void reregistered() {
    timer.cancel();
    disconnections++; // a timer already firing must not act
    LOG.info("Re-registered with the agent; {} task(s) running", supervisor.liveTasks());
  }

  private synchronized void expired(long seen) {
    if (seen == disconnections) {
      LOG.warn(
          "The agent did not come back within {}; shutting down", Durations.human(recoveryTimeout));
      shutdown.begin("agent recovery timeout");
    }
  }
}
