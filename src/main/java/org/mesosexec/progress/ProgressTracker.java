package org.mesosexec.progress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.output.Rotation;
import org.mesosexec.time.Backoff;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Tracks one task's progress: follows its progress file and its stdout and stderr, parses each
 * line, and reports through one throttle and one sequence: at most one report per sample interval,
 * and the newest one held back is always sent when its interval ends (never dropped). Files are
 * polled on the executor's timer and worker pool, no thread of its own; a poll that finds nothing
 * waits longer before the next, up to {@link #MAX_POLL}. One lock, the tracker's, guards the files
 * ({@link ProgressSources}) and the reports ({@link ProgressReports}): a held-back report is sent
 * under it too.
 */
public final class ProgressTracker {
  private static final Logger LOG = LogManager.getLogger(ProgressTracker.class);
  static final Duration MIN_POLL = Duration.ofMillis(100);
  static final Duration MAX_POLL = Duration.ofMillis(500);

  /**
   * Polls of a rotated stream: its size is checked on every poll, so the cap can be passed by at
   * most what the task writes between two polls.
   */
  static final Duration MIN_ROTATION_POLL = Duration.ofMillis(10);

  static final Duration MAX_ROTATION_POLL = Duration.ofMillis(20);

  /**
   * Looks in a row at once, without a delay, while a rotated stream grows so fast that it may pass
   * its cap before the next regular look; then one regular delay. A look that rotates the stream
   * starts the count again: a writer that needs a rotation every few looks is looked at without a
   * pause while it writes (see {@link Urgency}). Each look is a new hand-off to the workers, behind
   * what other tasks queued, and reads at most {@link #POLL_BUDGET} a file (a rotated one for a
   * bounded time), so a fast writer takes a worker's turns, never a worker.
   */
  static final int QUICK_LOOKS = 64;

  /** Bytes read from one file in one poll, so that a flood cannot hold a worker. */
  static final long POLL_BUDGET = 4L * 1024 * 1024;

  /** Where reports go: the framework message of DESIGN §6. */
  @FunctionalInterface
  public interface Sink {
    void progress(long sequence, Progress progress);
  }

  private final ProgressSources sources;
  private final Optional<ProgressParser> parser;
  private final Scheduler scheduler;
  private final Executor workers;
  private final ProgressReports reports;

  private final Duration minPoll;
  private final Duration maxPoll;
  private boolean closed;
  private Backoff pollDelays;
  private Cancellable pollTimer = () -> {};
  private int quickLooks;

  /**
   * @param root the directory every file must really be in (the sandbox)
   * @param files the files to follow (the progress file, stdout, stderr; a file named twice is
   *     followed once)
   * @param workers runs the reads; it reports a refusal itself (the task's {@code TaskThreads}
   *     executor), so no read is dropped here
   */
  public ProgressTracker(
      Path root,
      List<Path> files,
      ProgressParser parser,
      int maxBytesPerLine,
      Duration sampleInterval,
      Scheduler scheduler,
      Executor workers,
      Sink sink) {
    this(root, files, List.of(), parser, maxBytesPerLine, sampleInterval, scheduler, workers, sink);
  }

  /**
   * A tracker that also rotates streams it follows: see {@link Rotation}. Their files are polled
   * more often, and the rotations are closed with the tracker.
   */
  public ProgressTracker(
      Path root,
      List<Path> files,
      List<Rotation> rotations,
      ProgressParser parser,
      int maxBytesPerLine,
      Duration sampleInterval,
      Scheduler scheduler,
      Executor workers,
      Sink sink) {
    this(
        new ProgressSources(root, files, rotations, parser, maxBytesPerLine),
        Optional.of(parser),
        !rotations.isEmpty(),
        sampleInterval,
        scheduler,
        workers,
        sink);
  }

  /**
   * What a task's output is followed for: its progress, if {@code parser} is given (read from
   * {@code files}), its events, if {@code output} is given (every line of {@code streams}), and its
   * rotations. The files are read once for all.
   *
   * @param root the directory every file must really be in (the sandbox)
   * @param streams the task's stdout and stderr, by their stream names
   */
  public record Followed(
      Path root,
      List<Path> files,
      List<Rotation> rotations,
      Optional<ProgressParser> parser,
      Map<Path, String> streams,
      Optional<OutputLines> output,
      int maxBytesPerLine) {}

  /**
   * A tracker of what {@code followed} names.
   *
   * @param workers as for the other constructors
   */
  public ProgressTracker(
      Followed followed,
      Duration sampleInterval,
      Scheduler scheduler,
      Executor workers,
      Sink sink) {
    this(
        new ProgressSources(
            followed.root(),
            followed.files(),
            followed.rotations(),
            followed.parser(),
            followed.maxBytesPerLine(),
            followed.streams(),
            followed.output()),
        followed.parser(),
        !followed.rotations().isEmpty(),
        sampleInterval,
        scheduler,
        workers,
        sink);
  }

  private ProgressTracker(
      ProgressSources sources,
      Optional<ProgressParser> parser,
      boolean rotating,
      Duration sampleInterval,
      Scheduler scheduler,
      Executor workers,
      Sink sink) {
    this.sources = sources;
    this.parser = parser;
    this.minPoll = rotating ? MIN_ROTATION_POLL : MIN_POLL;
    this.maxPoll = rotating ? MAX_ROTATION_POLL : MAX_POLL;
    this.pollDelays = new Backoff(minPoll, maxPoll);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.workers = Objects.requireNonNull(workers);
    this.reports = new ProgressReports(sampleInterval, scheduler, this::underLock, sink);
  }

  /** Runs {@code work} on a worker, under this tracker's lock: how a held-back report is sent. */
  private void underLock(Runnable work) {
    workers.execute(
        () -> {
          synchronized (this) {
            work.run();
          }
        });
  }

  /** Starts polling. */
  public synchronized void start() {
    pollDelays.next(); // the first look is now, and counts as the first delay
    schedulePoll(Duration.ZERO);
  }

  private void schedulePoll(Duration delay) {
    // {@code workers} never refuse: a task's executor reports a refusal itself (TaskThreads).
    pollTimer = scheduler.schedule(delay, () -> workers.execute(this::pollAndReschedule));
  }

  private synchronized void pollAndReschedule() {
    if (closed || reports.stopped()) {
      return;
    }
    long read = poll(POLL_BUDGET);
    if (read > 0) {
      pollDelays = new Backoff(minPoll, maxPoll); // data again: back off from the start
    }
    quickLooks =
        switch (sources.urgency()) {
          case REGULAR -> 0;
          case SOON -> quickLooks < QUICK_LOOKS ? quickLooks + 1 : 0;
          case ROTATED -> 1;
        };
    // ZERO: more waits, or a rotated stream nears its cap
    schedulePoll(read >= POLL_BUDGET || quickLooks > 0 ? Duration.ZERO : pollDelays.next());
  }

  /** Reads what every file has gained; returns the most read from one file. */
  synchronized long poll(long budget) {
    long most = sources.read(budget, scheduler.nanoTime());
    sources.newest().ifPresent(reports::report);
    return most;
  }

  /**
   * Progress the task reported itself (a JVM task's {@code TaskContext.progress}): through the same
   * throttle and sequence as the progress parsed from its files; kept for the last report once the
   * task has ended, dropped once it is done.
   */
  public synchronized void report(int percent, String message) {
    if (!closed) {
      parser.ifPresent(p -> reports.report(p.reported(percent, message)));
    }
  }

  /**
   * Stops regular reports (the task has ended): what the files still hold, and the report the
   * throttle holds back, wait for {@link #finish}. Waits for a poll under way.
   */
  public synchronized void stopReporting() {
    reports.stop();
    pollTimer.cancel();
  }

  /**
   * Stops following the task: reads what is left of its files, for at most {@code bound}, and sends
   * the newest progress not yet sent, if any: the last match of what was left, else the one the
   * throttle was holding back. Call once the task's processes are gone.
   */
  public synchronized void finish(Duration bound) {
    if (closed) {
      return;
    }
    stopReporting();
    long until = scheduler.nanoTime() + bound.toNanos();
    long total = 0;
    long read;
    do {
      read = poll(POLL_BUDGET);
      total += read;
    } while (read > 0 && scheduler.nanoTime() < until);
    if (read > 0) {
      LOG.warn(
          "Stopped reading the task's output for progress after {} bytes and {}: more was"
              + " left",
          total,
          bound);
    } else {
      sources.readLastLines(); // the task's last line, unfinished: only at the true end
      sources.newest().ifPresent(reports::report);
    }
    reports.sendLast();
    close();
  }

  /** Lets the files go without a last report (the task never ran, or the executor stops). */
  public synchronized void close() {
    closed = true;
    pollTimer.cancel();
    reports.close();
    sources.close();
  }
}
