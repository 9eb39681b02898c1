package org.mesosexec.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.mesosexec.time.Scheduler;

/**
 * Kills the tasks of a shutdown within one budget, counted from the shutdown's start however long
 * the kills wait for a worker, and ends any task still there once the budget and a short slack are
 * over: a process that survives SIGKILL is reported as killed anyway. Holds no state between
 * shutdowns; thread-safe.
 */
final class TaskShutdown {
  /**
   * How long SIGKILL'd processes get to vanish before they are reported anyway; well inside the
   * margin that the shutdown keeps back from the agent's grace period.
   */
  static final Duration REAP_SLACK = Duration.ofMillis(500);

  /** Shutdown kills queued for the workers at a time; the other workers serve exits. */
  static final int KILL_LANES = 2;

  private final Scheduler scheduler;
  private final TaskThreads threads;

  TaskShutdown(Scheduler scheduler, TaskThreads threads) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.threads = Objects.requireNonNull(threads);
  }

  /**
   * Kills every run, none with a grace period longer than {@code budget}, and completes once each
   * has sent its terminal update.
   */
  CompletableFuture<Void> killAll(List<TaskRun> runs, Duration budget, boolean taskKillingState) {
    long deadline = scheduler.nanoTime() + budget.toNanos();
    Queue<TaskRun> toKill = new ConcurrentLinkedQueue<>(runs);
    for (int lane = 0; lane < KILL_LANES; lane++) {
      killNext(toKill, deadline, taskKillingState);
    }
    Duration end = budget.plus(REAP_SLACK);
    scheduler.schedule(
        end,
        () ->
            runs.forEach(
                run ->
                    execute(
                        run,
                        "the end of the shutdown",
                        () ->
                            run.abandon(
                                "a process of it was still running "
                                    + end.toMillis()
                                    + " ms after the shutdown began"))));
    return CompletableFuture.allOf(
        runs.stream().map(TaskRun::terminated).toArray(CompletableFuture[]::new));
  }

  /**
   * Kills the next task on a worker, after handing on to the one after it: so only {@link
   * #KILL_LANES} kills wait in the workers' queue at any time, however many tasks there are, and
   * the exits they cause are not queued behind all the others.
   */
  private void killNext(Queue<TaskRun> toKill, long deadline, boolean taskKillingState) {
    TaskRun run = toKill.poll();
    if (run == null) {
      return;
    }
    execute(
        run,
        "a shutdown kill",
        () -> {
          killNext(toKill, deadline, taskKillingState);
          long leftNanos = Math.max(0, deadline - scheduler.nanoTime());
          run.kill(
              KillCause.SHUTDOWN, Duration.ofMillis(Math.round(leftNanos / 1e6)), taskKillingState);
        });
  }

  private void execute(TaskRun run, String what, Runnable work) {
    threads.run(run.id(), what, work, run::refused);
  }
}
