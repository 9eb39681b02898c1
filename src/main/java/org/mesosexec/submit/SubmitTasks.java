package org.mesosexec.submit;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Resource;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.Value;
import org.mesosexec.client.TaskData;

/**
 * Makes a TASKFILE's tasks fit for a master: each runs on this executor, a {@code TaskInfo.command}
 * (which a master refuses next to an executor) travels as the equivalent task spec in {@code
 * TaskInfo.data}, and a task with no resources gets {@link #DEFAULT_CPUS} and {@link
 * #DEFAULT_MEM_MB}. Stateless.
 */
final class SubmitTasks {
  static final double DEFAULT_CPUS = 0.1;
  static final double DEFAULT_MEM_MB = 32;

  private SubmitTasks() {}

  /**
   * The tasks, ready to launch once an offer gives them an agent.
   *
   * @throws IllegalArgumentException for a task that cannot run on a cluster as it is
   */
  static List<TaskInfo> prepare(List<TaskInfo> tasks, ExecutorInfo executor) {
    List<TaskInfo> out = new ArrayList<>();
    for (TaskInfo task : tasks) {
      TaskInfo.Builder b = task.toBuilder().setExecutor(executor).clearCommand();
      if (task.hasCommand() && task.getData().isEmpty()) {
        b.setData(asSpec(task.getCommand(), task.getTaskId().getValue()).toByteString());
      }
      if (task.getResourcesCount() == 0) {
        b.addResources(scalar("cpus", DEFAULT_CPUS)).addResources(scalar("mem", DEFAULT_MEM_MB));
      }
      out.add(b.build());
    }
    return out;
  }

  /** What the executor would run for {@code command} (DESIGN §4 source 4), as a spec. */
  private static TaskData asSpec(CommandInfo command, String taskId) {
    if (command.getUrisCount() > 0) {
      throw new IllegalArgumentException(
          "task "
              + taskId
              + ": TaskInfo.command.uris cannot be fetched for a task of an executor;"
              + " add them to the executor or fetch them in the command");
    }
    TaskData data;
    if (command.getShell()) {
      data = TaskData.command(command.getValue());
    } else {
      List<String> argv = new ArrayList<>();
      argv.add(command.getValue());
      argv.addAll(
          command
              .getArgumentsList()
              .subList(Math.min(1, command.getArgumentsCount()), command.getArgumentsCount()));
      data = TaskData.argv(argv);
    }
    for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
      data.env(v.getName(), v.getValue());
    }
    if (command.hasUser()) {
      data.user(command.getUser());
    }
    return data;
  }

  static Resource scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }
}
