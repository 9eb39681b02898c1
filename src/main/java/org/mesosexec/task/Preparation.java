package org.mesosexec.task;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.output.OutputSpec;
import org.mesosexec.output.Rotation;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;

/**
 * What a task needs before its work can start: its spec and progress setup, its directory and
 * launch request, and the metadata hooks see. Functions of the context and the {@code TaskInfo};
 * {@link TaskRun} calls them under its lock and sends what they imply.
 */
final class Preparation {
  /**
   * The regex of a follower that only rotates: its literal (with NULs, which text output lacks)
   * lets lines be skipped without running a regex, and what matches anyway is not reported.
   */
  private static final com.google.re2j.Pattern NEVER_MATCHES =
      com.google.re2j.Pattern.compile("\\x00rotation only\\x00([0-9]+)()");

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

  /**
   * A follower of the task's progress file, stdout and stderr, if it has a progress regex or a
   * rotated stream; without a regex it rotates and reports nothing.
   */
  static Optional<ProgressTracker> tracker(
      TaskContext ctx,
      String id,
      Preparation.Resolved resolved,
      LaunchRequest request,
      Executor onTask) {
    ProgressSetup progress = resolved.progress();
    OutputSpec output = resolved.spec().output();
    boolean rotating = Rotations.on(ctx.settings().rotation(), output);
    if (progress.regex().isEmpty() && !rotating) {
      return Optional.empty();
    }
    List<Rotation> rotations =
        rotating
            ? Rotations.open(ctx.settings().rotation(), output, ctx.sandbox(), request.directory())
            : List.of();
    ProgressTracker.Sink sink =
        progress.regex().isPresent()
            ? (sequence, p) -> FrameworkMessages.progress(ctx, id, sequence, p)
            : (sequence, p) -> {};
    return Optional.of(
        new ProgressTracker(
            ctx.sandbox(),
            List.of(
                progress.file(),
                request.directory().resolve("stdout"),
                request.directory().resolve("stderr")),
            rotations,
            new ProgressParser(
                progress.regex().orElse(NEVER_MATCHES), ctx.settings().maxMessageLength()),
            ctx.settings().maxBytesReadPerLine(),
            progress.sampleInterval(),
            ctx.scheduler(),
            onTask,
            sink));
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
