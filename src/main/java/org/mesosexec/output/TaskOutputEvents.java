package org.mesosexec.output;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.progress.OutputLines;

/**
 * One task's output events: each line read becomes an event, within the task's rate limit, queued
 * for the shipper without waiting. Its counts go to {@code executor.log} every {@link
 * #COUNT_INTERVAL} while lines come, and once at its end. Holds no lock of its own: guarded by the
 * task's progress tracker, which hands it the lines.
 */
public final class TaskOutputEvents implements OutputLines {
  private static final Logger LOG = LogManager.getLogger(TaskOutputEvents.class);

  /** How often a task's counts are logged while it writes. */
  static final Duration COUNT_INTERVAL = Duration.ofMinutes(1);

  /** Tells the runs of a task id apart: a relaunch must not write to the last run's file. */
  private static final AtomicLong RUNS = new AtomicLong();

  private final String taskId;
  private final EventMaker maker;
  private final EventShipper shipper;
  private final RateLimit rate;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final String route;
  private final String file;
  private final EventCounts counts = new EventCounts();
  private long lastCounts;
  private String logged = "";
  private boolean ended;

  /**
   * @param task what each event carries about the task
   * @param file the task's own events file, where the default configuration writes them
   * @param nanoTime monotonic time: the rate limit and the count interval
   * @param clock each event's timestamp
   */
  public TaskOutputEvents(
      EventTask task,
      Path file,
      int ratePerSecond,
      EventShipper shipper,
      LongSupplier nanoTime,
      Clock clock) {
    this.taskId = task.taskId();
    this.maker = new EventMaker(task.format(), task.dropKeys(), task.metadata());
    this.shipper = Objects.requireNonNull(shipper);
    this.nanoTime = Objects.requireNonNull(nanoTime);
    this.clock = Objects.requireNonNull(clock);
    this.rate = new RateLimit(ratePerSecond, nanoTime.getAsLong());
    this.lastCounts = nanoTime.getAsLong();
    this.route = taskId + "#" + RUNS.incrementAndGet();
    this.file = file.toString();
  }

  @Override
  public void line(String stream, String text, int part) {
    counts.read();
    if (!rate.take(nanoTime.getAsLong())) {
      counts.overRate();
      return;
    }
    shipper.offer(maker.event(stream, text, part, clock.instant()), counts, route, file);
  }

  @Override
  public void polled() {
    long now = nanoTime.getAsLong();
    if (now - lastCounts >= COUNT_INTERVAL.toNanos()) {
      lastCounts = now;
      String summary = counts.toString();
      if (!summary.equals(logged)) {
        logged = summary;
        LOG.info("Task {} output events so far: {}", taskId, summary);
      }
    }
  }

  @Override
  public void ended() {
    if (!ended) {
      ended = true;
      LOG.info("Task {} output events at its end: {}", taskId, counts);
    }
  }

  /** What this task's events have come to so far. */
  EventCounts counts() {
    return counts;
  }
}
