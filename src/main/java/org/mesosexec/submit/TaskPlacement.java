package org.mesosexec.submit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Offer;
import org.apache.mesos.Protos.Resource;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskInfo;

/**
 * Which of the submit mode's tasks wait for an offer, and which offer takes which: in order, each
 * with its own resources and, on an agent where this executor does not run yet, the executor's too.
 * Guarded by its {@link SubmitScheduler}.
 */
final class TaskPlacement {
  private final ExecutorInfo executor;
  private final Map<String, TaskInfo> pending = new LinkedHashMap<>();
  private final Set<SlaveID> agentsWithExecutor = new HashSet<>();

  /**
   * @param tasks waiting to be launched, in order
   * @param executor the executor every task names
   */
  TaskPlacement(List<TaskInfo> tasks, ExecutorInfo executor) {
    this.executor = executor;
    tasks.forEach(t -> pending.put(t.getTaskId().getValue(), t));
  }

  /** The pending tasks that fit in {@code offer}, which stop waiting, bound to its agent. */
  List<TaskInfo> place(Offer offer) {
    OfferFit fit = new OfferFit(offer);
    List<TaskInfo> launch = new ArrayList<>();
    for (TaskInfo task : List.copyOf(pending.values())) {
      boolean newExecutor = !agentsWithExecutor.contains(offer.getSlaveId());
      List<Resource> needed = new ArrayList<>(task.getResourcesList());
      if (newExecutor) {
        needed.addAll(executor.getResourcesList());
      }
      if (fit.take(needed)) {
        agentsWithExecutor.add(offer.getSlaveId());
        pending.remove(task.getTaskId().getValue());
        launch.add(task.toBuilder().setSlaveId(offer.getSlaveId()).build());
      }
    }
    return launch;
  }

  /** Whether every task has been placed (or dropped). */
  boolean allPlaced() {
    return pending.isEmpty();
  }

  /** Drops a task that still waits for an offer; false when it does not (any more). */
  boolean drop(String taskId) {
    return pending.remove(taskId) != null;
  }

  /** The executor on {@code agent} ended: a task placed there next needs its resources again. */
  void executorLost(SlaveID agent) {
    agentsWithExecutor.remove(agent);
  }
}
