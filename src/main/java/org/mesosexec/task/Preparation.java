package org.mesosexec.task;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;

/**
 * What a task needs before its work can start: its spec and progress setup, its directory and
 * launch request, and the metadata hooks see. Functions of the context and the {@code TaskInfo};
 * {@link TaskRun} calls them under its lock and sends what they imply.
 */
final class Preparation {
  private Preparation() {}

  /** The spec and where its progress comes from. */
  record Resolved(TaskSpec spec, ProgressSetup progress) {}

  /**
   * The task's directory, ready.
   *
   * @param request runs the work there; before-start hooks may still add variables
   * @param outputs the task's stdout and stderr, open until its work has started (or will not)
   */
  record Ready(LaunchRequest request, TaskFiles outputs, TaskMetadata meta) {}

  /**
   * @throws InvalidTaskException saying what is wrong with the task
   */
  static Resolved resolve(TaskContext ctx, TaskInfo info) {
    String id = info.getTaskId().getValue();
    TaskDirectory.checkId(id);
    TaskSpec spec = ctx.sources().resolve(info);
    Map<String, String> env = new HashMap<>(ctx.baseEnvironment());
    env.putAll(spec.env());
    try {
      return new Resolved(
          spec,
          ProgressSetup.resolve(
              ctx.settings(), spec, env, TaskDirectory.of(ctx, id), ctx.sandbox()));
    } catch (InvalidTaskException e) {
      throw e.reportedAs(spec.refusedAs());
    }
  }

  /** The task's labels, in order; a repeated key keeps its last value. */
  static Map<String, String> labels(TaskInfo info) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Label l : info.getLabels().getLabelsList()) {
      labels.put(l.getKey(), l.getValue());
    }
    return labels;
  }

  /**
   * @throws LaunchException when the work cannot run as its user or the directory fails
   */
  static Ready directory(TaskContext ctx, WorkRunner runner, TaskInfo info, Resolved resolved)
      throws LaunchException {
    // Before the directory is handed to the user: no lookup for a user it cannot switch to.
    runner.checkUser(resolved.spec().user());
    String id = info.getTaskId().getValue();
    TaskDirectory.Prepared prepared = TaskDirectory.prepare(ctx, id, resolved.spec(), true);
    LaunchRequest request =
        TaskDirectory.withVariables(
            prepared.request(),
            Map.of(resolved.progress().variable(), resolved.progress().file().toString()));
    return new Ready(request, prepared.files(), metadata(ctx, info, request.directory()));
  }

  private static TaskMetadata metadata(TaskContext ctx, TaskInfo info, Path directory) {
    Map<String, String> env = ctx.baseEnvironment();
    String executorId =
        info.getExecutor().hasExecutorId()
            ? info.getExecutor().getExecutorId().getValue()
            : env.getOrDefault("MESOS_EXECUTOR_ID", "");
    String frameworkId =
        info.getExecutor().hasFrameworkId()
            ? info.getExecutor().getFrameworkId().getValue()
            : env.getOrDefault("MESOS_FRAMEWORK_ID", "");
    String agentId =
        info.hasSlaveId() ? info.getSlaveId().getValue() : env.getOrDefault("MESOS_SLAVE_ID", "");
    return new TaskMetadata(
        info.getTaskId().getValue(),
        info.getName(),
        executorId,
        frameworkId,
        agentId,
        labels(info),
        directory,
        OptionalLong.empty());
  }
}
