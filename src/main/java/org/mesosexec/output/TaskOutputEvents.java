package org.mesosexec.output;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.progress.OutputLines;

/**
 * One task's output events: each line read, within the task's rate limit, is queued for the shipper
 * without waiting, which makes it an event. Its counts go to {@code executor.log} every {@link
 * #COUNT_INTERVAL} while lines come, and once at its end, after its last event has been written.
 * Holds no lock of its own: guarded by the task's progress tracker, which hands it the lines.
 */
public final class TaskOutputEvents implements OutputLines {
  private static final Logger LOG = LogManager.getLogger(TaskOutputEvents.class);

  /** How often a task's counts are logged while it writes. */
  static final Duration COUNT_INTERVAL = Duration.ofMinutes(1);

  /** Tells the runs of a task id apart: a relaunch must not write to the last run's file. */
  private static final AtomicLong RUNS = new AtomicLong();

  private final String taskId;
  private final EventShipper shipper;
  private final RateLimit rate;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final EventRoute route;
  private final EventCounts counts = new EventCounts();
  private long lastCounts;
  private String logged = "";
  private boolean ended;

  /**
   * @param task what each event carries about the task
   * @param file the task's own events file, open, where the default configuration writes them (see
   *     {@link #openFile}); empty when it could not be made, and then every event is counted as
   *     failed. Closed once the task's last event has been written.
   * @param nanoTime monotonic time: the rate limit and the count interval
   * @param clock each event's timestamp
   */
  public TaskOutputEvents(
      EventTask task,
      Optional<OpenFile> file,
      int ratePerSecond,
      EventShipper shipper,
      LongSupplier nanoTime,
      Clock clock) {
    this.taskId = task.taskId();
    this.shipper = Objects.requireNonNull(shipper);
    this.nanoTime = Objects.requireNonNull(nanoTime);
    this.clock = Objects.requireNonNull(clock);
    this.rate = new RateLimit(ratePerSecond, nanoTime.getAsLong());
    this.lastCounts = nanoTime.getAsLong();
    this.route =
        new EventRoute(
            taskId + "#" + RUNS.incrementAndGet(),
            new EventMaker(task.format(), task.dropKeys(), task.metadata()),
            counts,
            file.map(f -> f.path().toString()),
            released -> {
              if (released) {
                file.ifPresent(OpenFile::close);
              } else {
                LOG.warn("Task {}: Log4j may still hold its events file: it is kept open", taskId);
              }
              LOG.info("Task {} output events at its end: {}", taskId, counts);
            });
  }

  /**
   * Makes a task's events file afresh in its directory under the sandbox, without following a link
   * a task may have put there, and opens it: Log4j then writes to this very file whatever its name
   * comes to point at. Empty, with a warning, when it cannot be made, or cannot be held open
   * (without JNA): Log4j would then open it by name, following whatever link a task put there.
   */
  public static Optional<OpenFile> openFile(String taskId, Path sandbox, Path file) {
    return openFile(taskId, sandbox, file, SandboxFiles.shared());
  }

  static Optional<OpenFile> openFile(String taskId, Path sandbox, Path file, SandboxFiles files) {
    try {
      OpenFile open = files.replace(sandbox, file);
      if (open.path().equals(open.name())) {
        open.close();
        LOG.warn(
            "Task {}: its events file {} cannot be held open without JNA, and a link put in its"
                + " place would be followed: its events are counted as failed",
            taskId,
            file);
        return Optional.empty();
      }
      return Optional.of(open);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Task {}: could not make its events file {} ({}): its events are counted as failed",
          taskId,
          file,
          e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void line(String stream, String text, int part) {
    long sequence = counts.read();
    if (ended) { // its events file may be closed: nothing more may reach it
      counts.stopped();
      return;
    }
    if (!rate.take(nanoTime.getAsLong())) {
      counts.overRate();
      return;
    }
    shipper.offer(new EventBuffer.Line(route, stream, text, part, sequence, clock.instant()));
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
      shipper.end(route);
    }
  }

  /** What this task's events have come to so far. */
  EventCounts counts() {
    return counts;
  }
}
