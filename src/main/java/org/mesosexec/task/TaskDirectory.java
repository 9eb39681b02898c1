package org.mesosexec.task;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;

/**
 * Lays out a task's directory ({@code tasks/<task-id>/} with {@code stdout} and {@code stderr}, as
 * Mesos' default executor does) and the launch request that runs the task in it.
 */
final class TaskDirectory {
  private static final Logger LOG = LogManager.getLogger(TaskDirectory.class);

  private TaskDirectory() {}

  /**
   * Whether a task id can name a directory: Mesos' own rule for ids, plus no leading dot and at
   * most 255 bytes (a file name).
   */
  static void checkId(String taskId) {
    FieldLimits.taskId(taskId);
  }

  /** The task's directory: {@code tasks/<task-id>/} in the sandbox. */
  static Path of(TaskContext ctx, String taskId) {
    return ctx.sandbox().resolve("tasks").resolve(taskId);
  }

  /**
   * Makes a spare directory for a later task ({@link SandboxFiles#prepareSpare}), once a task's
   * work has started; a failure only means that the next task makes its own. Never throws.
   */
  static void prepareSpare(TaskContext ctx) {
    try {
      SandboxFiles.shared().prepareSpare(ctx.sandbox());
    } catch (IOException | RuntimeException e) {
      LOG.debug("No spare task directory made: {}", e.toString());
    }
  }

  /**
   * A fresh task directory and the request that runs the task in it. The request's {@code stdout}
   * and {@code stderr} are {@code files}' descriptor paths: close {@code files} once the process
   * has been started with them (or will not be).
   */
  record Prepared(LaunchRequest request, TaskFiles files) {}

  /**
   * Makes the directory afresh, with new {@code stdout} and {@code stderr} owned by the task's
   * user, without following any link (DESIGN §10), and returns the request that runs {@code spec}
   * in it.
   *
   * @throws LaunchException when the directory cannot be made or handed to the task's user
   */
  static Prepared prepare(TaskContext ctx, String taskId, TaskSpec spec, boolean chown)
      throws LaunchException {
    Path dir = of(ctx, taskId);
    TaskFiles files;
    try {
      Optional<UserPrincipal> owner = Optional.empty();
      if (chown && spec.user().isPresent()) {
        owner =
            Optional.of(
                dir.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(spec.user().get()));
      }
      files = SandboxFiles.shared().makeTaskDirectory(ctx.sandbox(), taskId, owner);
    } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
      throw new LaunchException("Cannot run as user '" + spec.user().get() + "': no such user");
    } catch (IOException e) {
      throw new LaunchException("Cannot prepare task directory " + dir + ": " + e);
    }
    return new Prepared(
        new LaunchRequest(
            argv(spec.work()),
            environment(ctx, taskId, dir, spec),
            dir,
            files.stdout().path(),
            files.stderr().path(),
            spec.user()),
        files);
  }

  /**
   * The argv of the work's launch request. A JVM task's runner builds its own command line (a child
   * JVM) or runs none (a thread), so its request carries only what names the task in logs.
   */
  private static List<String> argv(Work work) {
    if (work instanceof Work.Command command) {
      return command.argv();
    }
    return List.of(work.toString());
  }

  /**
   * {@code request} with {@code extra} variables (from before-start hooks) added to its
   * environment; they cannot replace what Mesos tasks expect ({@code MESOS_SANDBOX}, {@code
   * MESOS_TASK_ID}).
   */
  static LaunchRequest withVariables(LaunchRequest request, Map<String, String> extra) {
    if (extra.isEmpty()) {
      return request;
    }
    Map<String, String> env = new HashMap<>(request.environment());
    env.putAll(extra);
    for (String fixed : new String[] {"MESOS_SANDBOX", "MESOS_TASK_ID"}) {
      env.put(fixed, request.environment().get(fixed));
    }
    return new LaunchRequest(
        request.argv(),
        env,
        request.directory(),
        request.stdout(),
        request.stderr(),
        request.user());
  }

  /** The executor's environment, then the task's own variables, then what Mesos tasks expect. */
  private static Map<String, String> environment(
      TaskContext ctx, String taskId, Path dir, TaskSpec spec) {
    Map<String, String> env = new HashMap<>(ctx.baseEnvironment());
    env.putAll(spec.env());
    env.put("MESOS_SANDBOX", dir.toString());
    env.put("MESOS_TASK_ID", taskId);
    Optional<String> user = spec.user();
    user.ifPresent(
        u -> {
          env.put("USER", u);
          env.put("LOGNAME", u);
        });
    return env;
  }
}
