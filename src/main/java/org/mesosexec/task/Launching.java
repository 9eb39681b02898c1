package org.mesosexec.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Sets a task's work going: its spec (kept for the task, with the {@link HealthReport} its updates
 * carry from TASK_STARTING on), its directory, its before-start hooks, the start of the work once
 * the lock is released, then what follows once it runs ({@link Watching}, the grace of its kills,
 * and the kills that came while it started, in order). Applies in one place the steps {@link
 * Starting} decides, and moves the task's phase only through {@link TaskControl#launching} and
 * {@link TaskControl#runs}. Holds no lock: guarded by the task's lock, every method is called with
 * {@link TaskRun}'s lock held.
 */
final class Launching {
  private static final Logger LOG = LogManager.getLogger(Launching.class);
  private static final String WHAT = "starting the task";

  private final TaskControl task;
  private final TaskEvents events;
  private final TaskInfo info;
  private WorkRunner runner;
  private final Tracking tracking;
  private final Stopping stopping;

  /** Kills that came while the work was starting, applied once it runs. */
  private final List<Runnable> deferred = new ArrayList<>();

  /** The first of them, which a task stopped before its work ran is reported with. */
  private KillCause deferredCause;

  /** Work started but waiting to run (a JVM task waiting for a thread); null otherwise. */
  private RunningWork waiting;

  private Preparation.Resolved resolved;
  private HealthReport health;
  private TaskMetadata meta;

  /**
   * @param events the events of the task, through which it is reached under its lock
   * @param tracking the task's progress, started once its work runs
   * @param stopping the task's kill path, told the task's grace once its work runs
   */
  Launching(TaskEvents events, TaskInfo info, Tracking tracking, Stopping stopping) {
    this.events = events;
    this.task = events.task();
    this.info = Objects.requireNonNull(info);
    this.tracking = Objects.requireNonNull(tracking);
    this.stopping = Objects.requireNonNull(stopping);
  }

  /** What hooks see of the task; null until its directory is prepared. */
  TaskMetadata meta() {
    return meta;
  }

  /** The task's spec, once it has resolved. */
  Optional<TaskSpec> spec() {
    return Optional.ofNullable(resolved).map(Preparation.Resolved::spec);
  }

  /** What the task's updates say of its health and check, once its spec has resolved. */
  Optional<HealthReport> health() {
    return Optional.ofNullable(health);
  }

  /**
   * Resolves the task's spec and, once TASK_STARTING has gone out, prepares its directory; then its
   * work starts. An invalid spec ends the task at once.
   */
  void start() {
    try {
      resolved = Preparation.resolve(events.context(), info);
    } catch (InvalidTaskException e) {
      task.notStarted(Endings.invalid(info.getTaskId(), e));
      return;
    }
    // Picked here, where the spec is known: which kind of work runs is a property of the spec.
    runner = Runners.of(events.context(), info.getTaskId().getValue(), resolved.spec().work());
    health = new HealthReport(info.getTaskId(), resolved.spec());
    task.send(Statuses.of(info.getTaskId(), TaskState.TASK_STARTING));
    apply(Starting.directory(events.context(), runner, info, resolved));
  }

  /**
   * A kill came while the work was starting: it is applied once the work runs. Work still waiting
   * to run is stopped at once, and the task then ends without having run.
   */
  void defer(KillCause cause, Runnable kill) {
    deferred.add(kill);
    if (deferredCause == null) {
      deferredCause = cause;
    }
    if (waiting != null) {
      RunningWork queued = waiting;
      events.later(() -> queued.stop(Signal.TERM));
    }
  }

  /** Applies what a start event led to: the one place the task's work is set going. */
  private void apply(Starting.Step step) {
    if (step instanceof Starting.End end) {
      task.notStarted(end.update());
    } else if (step instanceof Starting.Hooks hooks) {
      meta = hooks.ready().meta();
      events
          .context()
          .hooks()
          .beforeStart(meta)
          .whenComplete((env, error) -> events.onWorker(() -> hooksDone(hooks, env, error)));
    } else if (step instanceof Starting.Launch launch) {
      meta = launch.ready().meta();
      task.launching();
      startWork(launch);
    } else if (step instanceof Starting.Running run) {
      whenBegun(run.work(), run.request());
    }
  }

  /** The task runs once its work does: a JVM task may wait for a thread, TASK_STARTING. */
  private void whenBegun(RunningWork work, LaunchRequest request) {
    CompletableFuture<Boolean> begun = work.begun().toCompletableFuture();
    if (begun.isDone()) {
      begun(work, request, begun.join());
      return;
    }
    waiting = work;
    if (deferredCause != null) {
      events.later(() -> work.stop(Signal.TERM));
    }
    begun.whenComplete((ran, e) -> events.onWorker(() -> begun(work, request, e == null && ran)));
  }

  private void begun(RunningWork work, LaunchRequest request, boolean ran) {
    waiting = null;
    if (ran) {
      running(work, request);
    } else {
      KillCause cause = deferredCause == null ? KillCause.KILL_TASK : deferredCause;
      task.notStarted(Endings.killedBeforeStart(info.getTaskId(), cause));
    }
  }

  private void hooksDone(Starting.Hooks hooks, Map<String, String> env, Throwable error) {
    events.step(
        WHAT,
        () -> {
          boolean accepted = task.phase() == TaskControl.Phase.ACCEPTED;
          apply(Starting.hooksDone(info, hooks.ready(), accepted, env, error));
        });
  }

  /** Starts the work outside the lock: spawning it or looking its user up may take a while. */
  private void startWork(Starting.Launch launch) {
    events.outside(
        WHAT,
        () -> {
          try {
            return Starting.start(runner, info, launch.request());
          } finally {
            launch.ready().outputs().close(); // the work has its own descriptors now
          }
        },
        this::apply,
        e -> task.failed(WHAT, e));
    // Once the work runs and TASK_RUNNING is out: the next task's directory, made ahead.
    events.later(() -> TaskDirectory.prepareSpare(events.context()));
  }

  private void running(RunningWork work, LaunchRequest request) {
    if (!task.runs(work)) {
      LOG.info("Task {} ended while its work started; stopping it", info.getTaskId().getValue());
      stopping.killAll();
      return;
    }
    work.pid().ifPresent(p -> meta = meta.withPid(p));
    tracking.onStarted(tracker -> JvmThreads.progressTo(work, tracker));
    new Watching(events).started(resolved, request, health, tracking);
    stopping.running(resolved.spec().killGracePeriod());
    deferred.forEach(Runnable::run);
    deferred.clear();
  }
}
