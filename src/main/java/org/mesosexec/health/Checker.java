package org.mesosexec.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Runs one check of one task on the executor's timer, as Mesos' checkers do: the first attempt
 * {@code delay} after {@link #start}, each next one {@code interval} after the previous one's
 * outcome was handed over, each aborted at its timeout. Owns no thread: timers fire on the
 * scheduler, attempts start on the workers, and every outcome goes to {@code results} on a worker,
 * outside this object's lock.
 */
public final class Checker {
  private static final Logger LOG = LogManager.getLogger(Checker.class);

  private final String name;
  private final Probe probe;
  private final Timing timing;
  private final Prober prober;
  private final Prober.Target target;
  private final Scheduler scheduler;
  private final Executor workers;
  private final Consumer<Outcome> results;

  private boolean started;
  private boolean stopped;

  /** The attempt whose outcome counts; an outcome of any other is stale and dropped. */
  private Prober.Attempt running;

  private Cancellable timer = () -> {};

  /**
   * @param name for logs and messages: "health check", "check"
   * @param workers runs attempts and hands over outcomes; it reports a refusal itself (the task's
   *     {@code TaskThreads} executor), so nothing here is dropped
   * @param results receives each attempt's outcome, in order, on a worker
   */
  public Checker(
      String name,
      Probe probe,
      Timing timing,
      Prober prober,
      Prober.Target target,
      Scheduler scheduler,
      Executor workers,
      Consumer<Outcome> results) {
    this.name = Objects.requireNonNull(name);
    this.probe = Objects.requireNonNull(probe);
    this.timing = Objects.requireNonNull(timing);
    this.prober = Objects.requireNonNull(prober);
    this.target = Objects.requireNonNull(target);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.workers = Objects.requireNonNull(workers);
    this.results = Objects.requireNonNull(results);
  }

  /** Schedules the first attempt after the delay. */
  public synchronized void start() {
    if (!stopped && !started) {
      started = true;
      scheduleNext(timing.delay());
    }
  }

  /**
   * Stops for good: no attempt starts after this, a running one is aborted (a command is killed
   * with its processes), and no outcome is delivered after this returns except one that was already
   * on its way: receivers check their own state.
   */
  public void stop() {
    Prober.Attempt abort;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      timer.cancel();
      abort = running;
      running = null;
    }
    if (abort != null) {
      abortQuietly(abort);
    }
  }

  /** Whether {@link #stop} has been called. */
  public synchronized boolean stopped() {
    return stopped;
  }

  private void scheduleNext(Duration delay) {
    timer = scheduler.schedule(delay, () -> onWorker(this::attempt));
  }

  private void attempt() {
    synchronized (this) {
      if (stopped || running != null) {
        return;
      }
    }
    Prober.Attempt attempt = startAttempt();
    synchronized (this) {
      if (stopped) {
        abortQuietly(attempt);
        return;
      }
      running = attempt;
      timing
          .timeout()
          .ifPresent(
              t -> timer = scheduler.schedule(t, () -> onWorker(() -> timedOut(attempt, t))));
    }
    attempt
        .result()
        .whenComplete((outcome, error) -> onWorker(() -> ended(attempt, outcome, error)));
  }

  private Prober.Attempt startAttempt() {
    try {
      return prober.start(probe, target, timing.timeout());
    } catch (RuntimeException e) {
      LOG.error("The {} could not start", name, e);
      return Prober.Attempt.done(Outcome.noAnswer(probe, "the " + name + " could not start: " + e));
    }
  }

  // The attempt's identity is what counts: an outcome belongs to the attempt still running.
  @SuppressWarnings("ReferenceEquality")
  private void timedOut(Prober.Attempt attempt, Duration timeout) {
    synchronized (this) {
      if (stopped || running != attempt) {
        return;
      }
      running = null;
    }
    abortQuietly(attempt);
    Outcome outcome = Outcome.timedOut(probe, timeout);
    LOG.info("The {} timed out: {}", name, outcome.detail());
    deliver(outcome);
  }

  /** The attempt's result: its outcome, or (a prober's bug) the error it failed with. */
  @SuppressWarnings("ReferenceEquality") // the same attempt, not an equal one (see timedOut)
  private void ended(Prober.Attempt attempt, Outcome result, Throwable error) {
    synchronized (this) {
      if (stopped || running != attempt) {
        return; // timed out or stopped first
      }
      running = null;
      timer.cancel();
    }
    Outcome outcome =
        result != null ? result : Outcome.noAnswer(probe, "the " + name + " failed: " + error);
    LOG.debug("The {} {}: {}", name, outcome.passed() ? "passed" : "failed", outcome.detail());
    deliver(outcome);
  }

  /** Hands the outcome over, then schedules the next attempt: outcomes never overtake. */
  private void deliver(Outcome outcome) {
    try {
      results.accept(outcome);
    } finally {
      synchronized (this) {
        if (!stopped) {
          scheduleNext(timing.interval());
        }
      }
    }
  }

  private void abortQuietly(Prober.Attempt attempt) {
    try {
      attempt.abort().run();
    } catch (RuntimeException e) {
      LOG.warn("Aborting the {} failed", name, e);
    }
  }

  /** {@code workers} never refuse: a task's executor reports a refusal itself (TaskThreads). */
  private void onWorker(Runnable work) {
    workers.execute(work);
  }
}
