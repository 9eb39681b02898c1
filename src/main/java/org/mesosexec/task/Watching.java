package org.mesosexec.task;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.HookFailure;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.work.RunningWork;

/**
 * What follows a task's work once it runs: TASK_RUNNING with its pid, then its progress tracking,
 * its health check and check, its max-completion-time deadline and the hook-up of its exit; and
 * what their outcomes lead to (an update, the after-healthy hooks, a kill). Holds no lock: guarded
 * by the task's lock, every method is called with {@link TaskRun}'s lock held.
 */
final class Watching {
  private static final Logger LOG = LogManager.getLogger(Watching.class);

  private final TaskControl task;
  private final TaskEvents events;
  private final TaskContext ctx;

  /**
   * @param events the events of the task, through which it is reached under its lock
   */
  Watching(TaskEvents events) {
    this.events = events;
    this.task = events.task();
    this.ctx = events.context();
  }

  /**
   * The task's work runs, started with {@code request}: the scheduler hears of it first, then its
   * progress ({@code tracking}) and its checks ({@code health}) begin.
   */
  void started(
      Preparation.Resolved resolved,
      LaunchRequest request,
      HealthReport health,
      Tracking tracking) {
    RunningWork work = task.work();
    String id = task.taskId().getValue();
    String pid = work.pid().isPresent() ? "pid " + work.pid().getAsLong() : "";
    Optional<TaskStatus.Builder> running =
        health.running(Statuses.of(task.taskId(), TaskState.TASK_RUNNING, pid));
    // TASK_RUNNING first: nothing below is needed before it, and the launch is timed to it.
    running.ifPresent(task::send);
    LOG.info("Task {} started as {}: {}", id, pid, resolved.spec().work());
    Optional<ProgressTracker> tracker =
        OutputFollowing.tracker(
            ctx, task.meta(), resolved, request, events.onTask("progress tracking"));
    if (running.isPresent()) {
      tracking.started(tracker); // after TASK_RUNNING: no progress may come before it
    } else {
      LOG.info("Task {}: TASK_RUNNING waits for its first healthy health check result", id);
      tracking.held(tracker);
    }
    checks(resolved.spec(), request, health, tracking);
    resolved
        .spec()
        .maxCompletionTime()
        .ifPresent(max -> tracking.deadline(events.after(max, this::maxCompletionTime)));
    work.ended().whenComplete((status, err) -> events.onWorker(() -> task.exited(status)));
  }

  private void checks(
      TaskSpec spec, LaunchRequest request, HealthReport health, Tracking tracking) {
    health.start(
        spec,
        request,
        ctx.prober(),
        ctx.scheduler(),
        events.onTask("a check"),
        o ->
            events.step(
                "reporting a health check result",
                () -> report(() -> health.health(o, ctx.scheduler().nanoTime()), tracking)),
        o ->
            events.step("reporting a check result", () -> report(() -> health.check(o), tracking)));
  }

  private void maxCompletionTime() {
    events.step("killing the task", () -> task.kill(KillCause.MAX_COMPLETION_TIME, ""));
  }

  /** Applies what a health check or check outcome led to: the one place such results go out. */
  private void report(Supplier<Optional<HealthReport.Step>> outcome, Tracking tracking) {
    if (!task.running()) {
      return; // nothing is reported once the task is being killed or has exited
    }
    outcome
        .get()
        .ifPresent(
            step -> {
              step.update().ifPresent(task::send);
              if (step.firstHealthy()) {
                tracking.release(); // a TASK_RUNNING held back for health has just gone out
              }
              if (step.firstHealthy() && !ctx.hooks().isEmpty()) {
                afterHealthy();
              }
              step.kill().ifPresent(why -> task.kill(KillCause.HEALTH_CHECK, why));
            });
  }

  /** The task's first healthy check runs the after-healthy hooks; one that fails kills it. */
  private void afterHealthy() {
    String id = task.taskId().getValue();
    ctx.hooks()
        .afterHealthy(task.meta())
        .whenComplete(
            (x, error) -> {
              if (error != null) {
                String why = HookFailure.messageOf(error);
                LOG.warn("Task {}: {}; killing it", id, why);
                events.onWorker(() -> task.kill(KillCause.HOOK_FAILURE, why));
              }
            });
  }
}
