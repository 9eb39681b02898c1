package org.mesosexec.task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.health.Checker;
import org.mesosexec.health.HealthCounter;
import org.mesosexec.health.HealthEvent;
import org.mesosexec.health.Outcome;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.health.Prober;
import org.mesosexec.hooks.HookFailure;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.Durations;
import org.mesosexec.text.Quote;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * One task's lifecycle: ACCEPTED (before-start hooks), RUNNING, KILLING (before-terminate hooks,
 * SIGTERM, grace, SIGKILL; or the cleanup of what a task left behind when it ended on its own),
 * then DONE with exactly one terminal update, sent only once no process of the task is left.
 * Every transition holds this object's lock, so events from the worker pool, the timer, the hooks
 * and the process reaper can arrive in any order. Methods never run on the driver's thread.
 */
final class TaskRun {
  private static final Logger LOG = LogManager.getLogger(TaskRun.class);
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);
  /** How long processes get to vanish after SIGKILL before the task is reported anyway. */
  static final Duration KILL_REAP_LIMIT = Duration.ofSeconds(2);
  private static final Duration FIRST_POLL = Duration.ofMillis(1);
  private static final Duration MAX_POLL = Duration.ofMillis(200);
  private static final Duration NO_LIMIT = Duration.ofDays(3650);
  /** Lets a hook that hits its own timeout be reported as such before the signals go out. */
  private static final Duration HOOK_SLACK = Duration.ofMillis(100);

  private enum Phase {
    ACCEPTED,
    RUNNING,
    KILLING,
    DONE
  }

  private final TaskInfo info;
  private final TaskContext ctx;
  private final Consumer<TaskRun> onTerminal;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private Phase phase = Phase.ACCEPTED;
  private boolean taskKillingState;
  private TaskSpec spec;
  private TaskMetadata meta;
  private TaskProcess process;
  private ProgressSetup progress;
  /** The task's stdout and stderr, open from its directory's making until its process starts. */
  private TaskFiles outputs;
  private ProgressTracker tracker;
  private ExitStatus exit;
  private KillBookkeeping kill;
  private boolean healthySeen;
  private Checker healthChecker;
  private HealthCounter healthCounter;
  private Checker checker;
  /** The latest check result, on every update once the spec is known; null without a check. */
  private CheckStatusInfo checkStatus;
  /** The latest health reported, carried on check updates; null before the first. */
  private Boolean lastHealthy;
  private boolean killedByHealthCheck;
  private Cancellable deadline = () -> {};
  private Cancellable poll;
  private Duration pollDelay = FIRST_POLL;

  TaskRun(TaskInfo info, TaskContext ctx, Consumer<TaskRun> onTerminal) {
    this.info = Objects.requireNonNull(info);
    this.ctx = Objects.requireNonNull(ctx);
    this.onTerminal = Objects.requireNonNull(onTerminal);
  }

  String id() {
    return info.getTaskId().getValue();
  }

  /** Completes once the terminal update has been sent. */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Resolves the spec, runs the before-start hooks and starts the process; called once. */
  synchronized void start(boolean taskKillingState) {
    this.taskKillingState = taskKillingState;
    if (phase != Phase.ACCEPTED) {
      return; // killed before it could start
    }
    guard("starting the task", () -> resolve());
  }

  private void resolve() {
    try {
      TaskDirectory.checkId(id());
      spec = ctx.sources().resolve(info);
      Map<String, String> env = new HashMap<>(ctx.baseEnvironment());
      env.putAll(spec.env());
      progress = ProgressSetup.resolve(ctx.settings(), spec, env, TaskDirectory.of(ctx, id()),
          ctx.sandbox());
    } catch (InvalidTaskException e) {
      terminal(Statuses.of(info.getTaskId(), TaskState.TASK_ERROR, e.getMessage())
          .setReason(TaskStatus.Reason.REASON_TASK_INVALID));
      return;
    }
    spec.check().ifPresent(c -> checkStatus = Outcome.noResult(c.probe()));
    send(Statuses.of(info.getTaskId(), TaskState.TASK_STARTING));
    LaunchRequest request;
    try {
      // Before the directory is handed to the user: no lookup for a user it cannot switch to.
      ctx.launcher().checkUser(spec.user());
      TaskDirectory.Prepared prepared = TaskDirectory.prepare(ctx, id(), spec, true);
      outputs = prepared.files();
      request = TaskDirectory.withVariables(prepared.request(),
          Map.of(progress.variable(), progress.file().toString()));
    } catch (LaunchException e) {
      launchFailed(e.getMessage());
      return;
    }
    FrameworkMessages.directory(ctx, id());
    meta = metadata(request.directory());
    if (ctx.hooks().isEmpty()) {
      launch(request, Map.of());
      return;
    }
    ctx.hooks().beforeStart(meta).whenComplete((env, error) -> onWorker(() -> {
      synchronized (this) {
        if (phase != Phase.ACCEPTED) {
          outputs.close();
          LOG.info("Task {} ended while its before-start hooks ran; not starting it", id());
        } else if (error != null) {
          outputs.close();
          launchFailed(HookFailure.messageOf(error));
        } else {
          guard("starting the task", () -> launch(request, env));
        }
      }
    }));
  }

  private void launch(LaunchRequest prepared, Map<String, String> hookEnv) {
    LaunchRequest request = TaskDirectory.withVariables(prepared, hookEnv);
    try {
      process = ctx.launcher().launch(request);
    } catch (LaunchException e) {
      launchFailed(e.getMessage());
      return;
    } finally {
      outputs.close(); // the process has its own descriptors now
    }
    phase = Phase.RUNNING;
    meta = meta.withPid(process.pid());
    progress.regex().ifPresent(regex -> {
      tracker = new ProgressTracker(ctx.sandbox(),
          List.of(progress.file(), request.directory().resolve("stdout"),
              request.directory().resolve("stderr")),
          new ProgressParser(regex, ctx.settings().maxMessageLength()),
          ctx.settings().maxBytesReadPerLine(), progress.sampleInterval(), ctx.scheduler(),
          ctx.threads().forTask(id(), "progress tracking", this::refused),
          (sequence, p) -> FrameworkMessages.progress(ctx, id(), sequence, p));
    });
    LOG.info("Task {} started as pid {}: {}", id(), process.pid(), spec.work());
    send(Statuses.of(info.getTaskId(), TaskState.TASK_RUNNING, "pid " + process.pid()));
    if (tracker != null) {
      tracker.start(); // after TASK_RUNNING: no progress may come before it
    }
    startChecks(request);
    spec.maxCompletionTime()
        .ifPresent(max -> deadline = ctx.scheduler().schedule(max, () -> onWorker(
            () -> kill(KillCause.MAX_COMPLETION_TIME, NO_LIMIT, taskKillingState))));
    process.onExit().whenComplete((status, err) -> onWorker(() -> exited(status)));
  }

  /**
   * Starts the task's health check and check on the executor's timer; commands run in the task's
   * directory and environment, their output kept in {@code health_check.log} and {@code
   * check.log} there.
   */
  private void startChecks(LaunchRequest request) {
    java.util.concurrent.Executor onTask = ctx.threads().forTask(id(), "a check", this::refused);
    spec.healthCheck().ifPresent(plan -> {
      healthCounter = new HealthCounter(plan.policy(), ctx.scheduler().nanoTime());
      healthChecker = new Checker("health check", plan.check().probe(), plan.check().timing(),
          ctx.prober(), target(request, "health_check.log"), ctx.scheduler(), onTask,
          outcome -> guard("reporting a health check result", () -> healthResult(outcome)));
      healthChecker.start();
    });
    spec.check().ifPresent(plan -> {
      checker = new Checker("check", plan.probe(), plan.timing(), ctx.prober(),
          target(request, "check.log"), ctx.scheduler(), onTask,
          outcome -> guard("reporting a check result", () -> checkResult(outcome)));
      checker.start();
    });
  }

  private Prober.Target target(LaunchRequest request, String output) {
    return new Prober.Target(request.directory(), request.environment(), request.user(),
        request.directory().resolve(output));
  }

  /** A health check outcome: reported while the task runs and is not being killed. */
  private synchronized void healthResult(Outcome outcome) {
    if (phase != Phase.RUNNING || exit != null || healthChecker.stopped()) {
      return;
    }
    HealthEvent event = healthCounter.record(outcome, ctx.scheduler().nanoTime()).orElse(null);
    if (event == null) {
      LOG.debug("Task {}: health check {} ({}), nothing to report", id(),
          outcome.passed() ? "passed" : "failed within the grace period", outcome.detail());
      return;
    }
    LOG.info("Task {}: {}", id(), event.message());
    lastHealthy = event.healthy();
    send(Statuses.of(info.getTaskId(), TaskState.TASK_RUNNING, event.message())
        .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
        .setHealthy(event.healthy()));
    if (event.healthy()) {
      healthy();
    }
    if (event.killTask()) {
      killedByHealthCheck = true;
      kill(KillCause.HEALTH_CHECK, event.consecutiveFailures() + " in a row; last: "
          + event.detail(), NO_LIMIT, taskKillingState);
    }
  }

  /** A check outcome: reported when the result differs from the one last sent. */
  private synchronized void checkResult(Outcome outcome) {
    if (phase != Phase.RUNNING || exit != null || checker.stopped()
        || outcome.status().equals(checkStatus)) {
      return;
    }
    checkStatus = outcome.status();
    LOG.info("Task {}: check result changed: {}", id(), outcome.detail());
    TaskStatus.Builder update = Statuses.of(info.getTaskId(), TaskState.TASK_RUNNING,
            "Check result changed: " + outcome.detail())
        .setReason(TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED);
    if (lastHealthy != null) {
      update.setHealthy(lastHealthy);
    }
    send(update);
  }

  /** No health or check update once the task is being killed or has ended. */
  private void stopChecks() {
    if (healthChecker != null) {
      healthChecker.stop();
    }
    if (checker != null) {
      checker.stop();
    }
  }

  private void launchFailed(String message) {
    terminal(Statuses.of(info.getTaskId(), TaskState.TASK_FAILED, message)
        .setReason(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED));
  }

  /**
   * Kills the task: before-terminate hooks, then SIGTERM to every process of it, SIGKILL once
   * its grace period has passed. {@code limit} caps the grace (and the hooks) from now on; a
   * repeated kill can only bring the SIGKILL closer.
   */
  synchronized void kill(KillCause cause, Duration limit, boolean taskKillingState) {
    guard("killing the task", () -> kill(cause, "", limit, taskKillingState));
  }

  private void kill(KillCause cause, String why, Duration limit, boolean taskKillingState) {
    long now = ctx.scheduler().nanoTime();
    switch (phase) {
      case DONE -> LOG.info("Kill of task {} ignored: it has already ended", id());
      case ACCEPTED -> terminal(Statuses.of(info.getTaskId(), TaskState.TASK_KILLED,
          "Task killed by " + cause.label() + " before it started"));
      case RUNNING -> {
        phase = Phase.KILLING;
        stopChecks();
        kill = new KillBookkeeping(cause, why, now, saturatedAdd(now, limit));
        LOG.info("Killing task {} ({}{})", id(), cause.label(), why.isEmpty() ? "" : ": " + why);
        if (taskKillingState && cause != KillCause.MAX_COMPLETION_TIME) {
          send(Statuses.of(info.getTaskId(), TaskState.TASK_KILLING));
        }
        if (ctx.hooks().isEmpty()) {
          beginSignals(now);
        } else {
          Duration bound = limit.dividedBy(2);
          ctx.hooks().beforeTerminate(meta, bound)
              .whenComplete((x, e) -> onWorker(this::hooksDone));
          Duration timeout = ctx.hooks().timeout();
          signalsNoLaterThan((bound.compareTo(timeout) < 0 ? bound : timeout).plus(HOOK_SLACK));
        }
      }
      case KILLING -> {
        kill.tighten(saturatedAdd(now, limit));
        if (!kill.signalling()) {
          signalsNoLaterThan(limit.dividedBy(2)); // a shutdown does not wait for a kill's hooks
        }
        if (kill.signalling() && !kill.sigkillSent()) {
          Duration effective = kill.graceFrom(now, ownGrace(kill.cause()));
          if (effective.compareTo(kill.remainingGrace(now)) < 0) {
            LOG.info("Repeated kill of task {} shortens its grace period to {}", id(), effective);
            escalateAfter(effective);
          }
        }
      }
    }
  }

  /**
   * Starts the signals after {@code delay} if the before-terminate hooks have not finished by then
   * (each hook is bounded, but a kill must not wait for several in a row, nor past a shutdown).
   */
  private void signalsNoLaterThan(Duration delay) {
    ctx.scheduler().schedule(delay, () -> onWorker(this::hooksDone));
  }

  private synchronized void hooksDone() {
    if (phase == Phase.KILLING && !kill.signalling()) {
      guard("killing the task", () -> beginSignals(ctx.scheduler().nanoTime()));
    }
  }

  /** SIGTERM now, SIGKILL after the grace period, which the kill's limit counts from {@code now}. */
  private void beginSignals(long now) {
    kill.startSignalling();
    Duration grace = kill.graceFrom(now, ownGrace(kill.cause()));
    LOG.info("Task {}: SIGTERM, then SIGKILL after {}", id(), grace);
    escalateAfter(grace);
  }

  /** The task's own grace period for this kind of kill. */
  private Duration ownGrace(KillCause cause) {
    if (cause == KillCause.MAX_COMPLETION_TIME) {
      return Duration.ZERO;
    }
    return spec.killGracePeriod().orElse(DEFAULT_KILL_GRACE);
  }

  private void escalateAfter(Duration grace) {
    kill.escalation().cancel();
    if (grace.isZero() || grace.isNegative()) {
      sigkill();
      return;
    }
    if (!kill.sigtermSent()) {
      kill.markSigterm(grace); // before the signal: the exit it causes may be reported at once
      kill.countProcesses(process.signalAll(Signal.TERM));
    }
    kill.setDeadline(ctx.scheduler().nanoTime() + grace.toNanos(),
        ctx.scheduler().schedule(grace, () -> onWorker(this::escalate)));
  }

  /** SIGKILL at the end of the grace period, to whatever of the task is left. */
  private synchronized void escalate() {
    if (phase == Phase.KILLING && !kill.sigkillSent()) {
      LOG.info("Grace period of task {} is over; SIGKILL to what is left of it", id());
      sigkill();
    }
  }

  private void sigkill() {
    kill.markSigkill(ctx.scheduler().nanoTime());
    kill.countProcesses(process.signalAll(Signal.KILL));
    ctx.scheduler().schedule(KILL_REAP_LIMIT, () -> onWorker(() -> abandon(
        "processes " + process.remaining() + " were still present " + Durations.human(
            KILL_REAP_LIMIT) + " after SIGKILL")));
    pollSoon();
  }

  private synchronized void exited(ExitStatus status) {
    if (phase == Phase.DONE) {
      return;
    }
    exit = status;
    stopChecks();
    LOG.info("Task {} process {} ended: {}", id(), process.pid(), status.describe());
    if (kill == null) {
      List<Long> left = process.remaining();
      if (!left.isEmpty()) {
        long now = ctx.scheduler().nanoTime();
        LOG.info("Task {} left processes {} behind; terminating them", id(), left);
        phase = Phase.KILLING;
        kill = new KillBookkeeping(KillCause.LEFTOVERS, "", now, saturatedAdd(now, NO_LIMIT));
        beginSignals(now);
      }
    }
    checkGone();
  }

  /** Ends the task once its first process has exited and nothing else of it is left. */
  private synchronized void checkGone() {
    poll = null;
    if (phase == Phase.DONE || exit == null) {
      return;
    }
    if (kill != null && (kill.sigtermSent() || kill.sigkillSent())) {
      kill.addProcesses(process.signalNewcomers());
    }
    List<Long> left = kill == null ? List.of() : process.remaining();
    if (left.isEmpty()) {
      finish();
    } else {
      schedulePoll(pollDelay);
      Duration next = pollDelay.multipliedBy(2);
      pollDelay = next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
    }
  }

  private void pollSoon() {
    pollDelay = FIRST_POLL;
    if (exit != null) {
      if (poll != null) {
        poll.cancel();
      }
      schedulePoll(FIRST_POLL);
    }
  }

  private void schedulePoll(Duration delay) {
    poll = ctx.scheduler().schedule(delay, () -> onWorker(this::checkGone));
  }

  private void finish() {
    long now = ctx.scheduler().nanoTime();
    TaskStatus.Builder update;
    TaskState ended = endedByItself(exit);
    if (kill == null) {
      update = Statuses.of(info.getTaskId(), ended, exit.describe());
    } else if (kill.cause() == KillCause.LEFTOVERS) {
      update = Statuses.of(info.getTaskId(), ended,
          exit.describe() + "; " + kill.describeLeftovers(now));
    } else if (kill.cause() == KillCause.MAX_COMPLETION_TIME) {
      update = Statuses.of(info.getTaskId(), TaskState.TASK_FAILED,
              "Task exceeded its max completion time of "
                  + Durations.human(spec.maxCompletionTime().orElseThrow())
                  + "; " + exit.describe())
          .setReason(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED);
    } else {
      update = Statuses.of(info.getTaskId(), TaskState.TASK_KILLED, kill.describe(now, exit));
    }
    stopProgress();
    FrameworkMessages.exitCode(ctx, id(), exit.exitCode());
    finishProgress();
    terminal(update.setData(Statuses.utf8(exit.toJson())));
  }

  /** No progress message may go out between here and the final one (after the exit code). */
  private void stopProgress() {
    if (tracker != null) {
      tracker.stopReporting();
    }
  }

  /** Reads the rest of the task's output, bounded by its grace period; sends its last progress. */
  private void finishProgress() {
    if (tracker != null) {
      tracker.finish(spec.killGracePeriod().orElse(DEFAULT_KILL_GRACE));
    }
  }

  /** The state of a task that ended without being killed: finished on exit 0, else failed. */
  private static TaskState endedByItself(ExitStatus exit) {
    boolean ok = exit.exitCode() == 0 && exit.signal().isEmpty();
    return ok ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
  }

  /**
   * Sends a terminal update for a task whose processes outlived every signal (for example stuck
   * in uninterruptible I/O), so that the scheduler still hears of it before the executor goes.
   */
  synchronized void abandon(String why) {
    guard("reporting the task as ended", () -> abandonNow(why));
  }

  private void abandonNow(String why) {
    if (phase == Phase.DONE) {
      return;
    }
    LOG.warn("Task {} is still present after SIGKILL; reporting it as ended: {}", id(), why);
    if (process != null) {
      process.signalAll(Signal.KILL); // whatever happened before, nothing of it may stay
    }
    TaskStatus.Builder update;
    if (kill != null && kill.cause() == KillCause.LEFTOVERS) {
      update = Statuses.of(info.getTaskId(), endedByItself(exit), exit.describe() + "; leftover processes were sent SIGTERM and SIGKILL, but " + why);
    } else {
      String what = kill == null ? "Task killed" : "Task killed by " + kill.cause().label()
          + (kill.sigkillSent() ? " (SIGKILL sent)" : "");
      update = Statuses.of(info.getTaskId(), TaskState.TASK_KILLED, what + "; but " + why);
    }
    stopProgress();
    if (exit != null) {
      FrameworkMessages.exitCode(ctx, id(), exit.exitCode());
      update.setData(Statuses.utf8(exit.toJson()));
    }
    finishProgress();
    terminal(update);
  }

  /**
   * The task's first healthy check: runs the after-healthy hooks once, and kills the task if one
   * fails.
   */
  private synchronized void healthy() {
    if (healthySeen || phase != Phase.RUNNING || ctx.hooks().isEmpty()) {
      healthySeen = true;
      return;
    }
    healthySeen = true;
    ctx.hooks().afterHealthy(meta).whenComplete((x, error) -> {
      if (error != null) {
        String why = HookFailure.messageOf(error);
        LOG.warn("Task {}: {}; killing it", id(), why);
        onWorker(() -> {
          synchronized (this) {
            kill(KillCause.HOOK_FAILURE, why, NO_LIMIT, taskKillingState);
          }
        });
      }
    });
  }

  private void terminal(TaskStatus.Builder update) {
    phase = Phase.DONE;
    stopChecks();
    if (tracker != null) {
      tracker.close();
    }
    deadline.cancel();
    if (poll != null) {
      poll.cancel();
    }
    if (kill != null) {
      kill.escalation().cancel();
    }
    // Counted as ended before the update goes out: a driver that stops on the last terminal
    // update must not find this task still live.
    onTerminal.accept(this);
    send(update);
    terminated.complete(null);
  }

  /**
   * Sends {@code update} with the latest check result, as every update after a check is known
   * carries; one caused by failing health checks is marked unhealthy.
   */
  private void send(TaskStatus.Builder update) {
    if (checkStatus != null && !update.hasCheckStatus()) {
      update.setCheckStatus(checkStatus);
    }
    if (killedByHealthCheck) {
      update.setHealthy(false);
    }
    try {
      ctx.sink().send(update.build());
    } catch (RuntimeException e) {
      LOG.error("Sending {} for task {} failed", update.getState(), id(), e);
    }
  }

  /**
   * A bug must not cost the task its terminal update, nor leave its processes behind; nor may an
   * Error (a StackOverflowError from deep input, an OutOfMemoryError), which would otherwise end
   * the worker thread silently and leave the task without an update forever.
   */
  private void guard(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      failed(what, e);
    }
  }

  private synchronized void failed(String what, Throwable e) {
    LOG.error("{} for task {} failed unexpectedly", what, id(), e);
    try {
      if (process != null) {
        process.signalAll(Signal.KILL);
      }
    } catch (RuntimeException | Error again) {
      LOG.error("Killing what is left of task {} failed too", id(), again);
    }
    if (phase != Phase.DONE) {
      terminal(Statuses.of(info.getTaskId(), TaskState.TASK_FAILED,
          "Executor error while " + what + ": " + Quote.cut(e.toString())));
    }
  }

  private TaskMetadata metadata(Path directory) {
    Map<String, String> env = ctx.baseEnvironment();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Label l : info.getLabels().getLabelsList()) {
      labels.put(l.getKey(), l.getValue());
    }
    String executorId = info.getExecutor().hasExecutorId()
        ? info.getExecutor().getExecutorId().getValue() : env.getOrDefault("MESOS_EXECUTOR_ID", "");
    String frameworkId = info.getExecutor().hasFrameworkId()
        ? info.getExecutor().getFrameworkId().getValue() : env.getOrDefault("MESOS_FRAMEWORK_ID", "");
    String agentId = info.hasSlaveId() ? info.getSlaveId().getValue()
        : env.getOrDefault("MESOS_SLAVE_ID", "");
    return new TaskMetadata(id(), info.getName(), executorId, frameworkId, agentId,
        labels, directory, OptionalLong.empty());
  }

  private static long saturatedAdd(long nanos, Duration d) {
    long add = d.compareTo(NO_LIMIT) >= 0 ? Long.MAX_VALUE / 4 : d.toNanos();
    return nanos + add;
  }

  /** Runs on a worker; if the workers refuse, the task fails at once: an exit must never be lost. */
  private void onWorker(Runnable work) {
    ctx.threads().run(id(), "an event of the task",
        () -> guard("handling an event of the task", work), this::refused);
  }

  /** The workers refused work of this task: it cannot be supervised, so it ends now. */
  synchronized void refused() {
    if (phase != Phase.DONE) {
      failed("handing work to the executor's workers",
          new java.util.concurrent.RejectedExecutionException("the executor's workers refused it"));
    }
  }
}
