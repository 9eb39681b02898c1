package org.mesosexec.task;

import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.HookFailure;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.RunningWork;

/**
 * What each event of a task's start leads to (its directory prepared, its before-start hooks done,
 * its work started or not), as a {@link Step} that {@link Launching} applies in one place. Holds no
 * state and no lock; {@link #directory} runs under the task's lock, {@link #start} outside it.
 */
final class Starting {
  private static final Logger LOG = LogManager.getLogger(Starting.class);

  private Starting() {}

  /** What a start event leads to. */
  sealed interface Step permits End, Hooks, Launch, Running, Nothing {}

  /** The task ends with this terminal update: its work could not start. */
  record End(TaskStatus.Builder update) implements Step {
    End {
      Objects.requireNonNull(update);
    }
  }

  /** The before-start hooks run first; they may add variables to the work's environment. */
  record Hooks(Preparation.Ready ready) implements Step {
    Hooks {
      Objects.requireNonNull(ready);
    }
  }

  /** The work starts, outside the lock, with this request. */
  record Launch(Preparation.Ready ready, LaunchRequest request) implements Step {
    Launch {
      Objects.requireNonNull(ready);
      Objects.requireNonNull(request);
    }
  }

  /** The work runs. */
  record Running(RunningWork work, LaunchRequest request) implements Step {
    Running {
      Objects.requireNonNull(work);
      Objects.requireNonNull(request);
    }
  }

  /** Nothing more: the task ended meanwhile. */
  record Nothing() implements Step {}

  /**
   * Prepares the task's directory, once its spec has resolved and TASK_STARTING has gone out, and
   * tells the scheduler where it is.
   */
  static Step directory(
      TaskContext ctx, WorkRunner runner, TaskInfo info, Preparation.Resolved resolved) {
    Preparation.Ready ready;
    try {
      ready = Preparation.directory(ctx, runner, info, resolved);
    } catch (LaunchException e) {
      return new End(Endings.launchFailed(info.getTaskId(), e.getMessage()));
    }
    FrameworkMessages.directory(ctx, info.getTaskId().getValue());
    return ctx.hooks().isEmpty()
        ? new Launch(ready, TaskDirectory.withVariables(ready.request(), Map.of()))
        : new Hooks(ready);
  }

  /**
   * The before-start hooks are done: the work starts with the variables they gave, unless one
   * failed or the task ended meanwhile; the task's outputs are closed if it will not start.
   *
   * @param accepted whether the task is still waiting to start
   * @param error why a hook failed, or null
   */
  static Step hooksDone(
      TaskInfo info,
      Preparation.Ready ready,
      boolean accepted,
      Map<String, String> env,
      Throwable error) {
    if (!accepted || error != null) {
      ready.outputs().close();
    }
    if (!accepted) {
      LOG.info(
          "Task {} ended while its before-start hooks ran; not starting it",
          info.getTaskId().getValue());
      return new Nothing();
    }
    if (error != null) {
      return new End(Endings.launchFailed(info.getTaskId(), HookFailure.messageOf(error)));
    }
    return new Launch(ready, TaskDirectory.withVariables(ready.request(), env));
  }

  /**
   * Starts the work; may take a while (spawning it, looking its user up), so never under the task's
   * lock. A bug (a RuntimeException or an Error) is thrown for the caller to report.
   */
  static Step start(WorkRunner runner, TaskInfo info, LaunchRequest request) {
    try {
      return new Running(runner.start(request), request);
    } catch (LaunchException e) {
      return new End(Endings.launchFailed(info.getTaskId(), e.getMessage()));
    } catch (InvalidTaskException e) {
      return new End(Endings.invalid(info.getTaskId(), e)); // a JVM task that cannot be loaded
    }
  }
}
