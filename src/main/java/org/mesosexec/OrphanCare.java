package org.mesosexec;

import java.time.Duration;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Scheduler;

/**
 * Looks after the processes that the tasks left with the executor and that belong to none of them
 * (an orphan that dropped or forged its marker): while the executor runs, those that exited are
 * reaped every second, so that none lingers as a zombie; when it ends, the rest are killed, so that
 * nothing a task started outlives the executor. Thread-safe.
 */
final class OrphanCare {
  private static final Logger LOG = LogManager.getLogger(OrphanCare.class);

  /** How often adopted orphans that exited are reaped. */
  static final Duration REAP_INTERVAL = Duration.ofSeconds(1);

  /** How long the exit goes on killing adopted processes that keep forking or will not die. */
  static final Duration ADOPTED_KILL_BOUND = Duration.ofMillis(500);

  private final ExecutorParts.Orphans orphans;
  private final Scheduler scheduler;
  private volatile boolean finished;

  OrphanCare(ExecutorParts.Orphans orphans, Scheduler scheduler) {
    this.orphans = Objects.requireNonNull(orphans);
    this.scheduler = Objects.requireNonNull(scheduler);
  }

  /** Starts reaping on the timer, if orphans come to the executor at all (it is a subreaper). */
  void start() {
    if (orphans.subreaper()) {
      reapEvery(REAP_INTERVAL);
    }
  }

  private void reapEvery(Duration interval) {
    scheduler.schedule(
        interval,
        () -> {
          if (finished) {
            return;
          }
          try {
            orphans.reapOrphans();
          } catch (RuntimeException e) {
            LOG.warn("Reaping orphaned processes failed", e);
          }
          reapEvery(interval);
        });
  }

  /** Kills every adopted process, for at most {@link #ADOPTED_KILL_BOUND}; a failure is logged. */
  void killAdopted() {
    try {
      orphans.killAdopted(ADOPTED_KILL_BOUND);
    } catch (RuntimeException e) {
      LOG.warn("Killing the processes the tasks left behind failed", e);
    }
  }

  /** The executor ends: the timer stops, the exited orphans are reaped and the rest killed. */
  void finish() {
    finished = true;
    orphans.reapOrphans();
    killAdopted();
  }
}
