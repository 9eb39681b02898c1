package org.mesosexec.progress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.time.Backoff;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Tracks one task's progress: follows its progress file and its stdout and stderr, parses each
 * line, and reports through one throttle and one sequence: at most one report per sample interval,
 * and the newest one held back is always sent when its interval ends (never dropped). Files are
 * polled on the executor's timer and worker pool, no thread of its own; a poll that finds nothing
 * waits longer before the next, up to {@link #MAX_POLL}.
 */
public final class ProgressTracker {
  private static final Logger LOG = LogManager.getLogger(ProgressTracker.class);
  static final Duration MIN_POLL = Duration.ofMillis(100);
  static final Duration MAX_POLL = Duration.ofMillis(500);

  /** Bytes read from one file in one poll, so that a flood cannot hold a worker. */
  static final long POLL_BUDGET = 4L * 1024 * 1024;

  /** Where reports go: the framework message of DESIGN §6. */
  @FunctionalInterface
  public interface Sink {
    void progress(long sequence, Progress progress);
  }

  /** How many lines that may report progress are kept per look; only the newest counts. */
  private static final int BATCH = 64;

  /**
   * Regex steps (see {@link ProgressParser#cost}) spent per look, plus one line: well under a
   * second of a slow core at worst, so that a look, which holds this tracker's lock (and, at the
   * task's end, the task's), stays short whatever the regex. The default regex on 64 lines of 1,500
   * characters stays within it; older lines past it are the ones a newer report would supersede.
   */
  static final long WORK_PER_LOOK = 1L << 22;

  private final List<FileTail> tails = new ArrayList<>();
  private final ArrayDeque<String> batch = new ArrayDeque<>();
  private final ProgressParser parser;
  private final Scheduler scheduler;
  private final Executor workers;
  private final ProgressReports reports;

  private boolean closed;
  private Backoff pollDelays = new Backoff(MIN_POLL, MAX_POLL);
  private Cancellable pollTimer = () -> {};

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
    this.parser = Objects.requireNonNull(parser);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.workers = Objects.requireNonNull(workers);
    this.reports = new ProgressReports(sampleInterval, scheduler, workers, sink);
    Optional<byte[]> literal = LiteralLines.requiredLiteral(parser.regex());
    for (Path file : new LinkedHashSet<>(files)) {
      Lines lines =
          literal.isPresent()
              ? new LiteralLines(maxBytesPerLine, literal.get(), this::line)
              : new LineReader(maxBytesPerLine, this::line);
      tails.add(new FileTail(file, root, lines));
    }
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
      pollDelays = new Backoff(MIN_POLL, MAX_POLL); // data again: back off from the start
    }
    schedulePoll(read >= POLL_BUDGET ? Duration.ZERO : pollDelays.next()); // ZERO: more waits
  }

  /** Reads what every file has gained; returns the most read from one file. */
  synchronized long poll(long budget) {
    long most = 0;
    for (FileTail tail : tails) {
      try {
        most = Math.max(most, tail.poll(budget));
      } catch (IOException e) {
        LOG.debug("Reading {} for progress: {}", tail.path(), e.toString());
      }
    }
    settle();
    return most;
  }

  private void line(String line) {
    if (batch.size() == BATCH) {
      batch.removeFirst();
    }
    batch.addLast(line);
  }

  /**
   * Reports the newest progress among the lines read since the last call. Only that one matters: a
   * newer report supersedes an older one the throttle would hold back, so the older lines are never
   * parsed (a task that writes progress at full speed costs little).
   */
  private void settle() {
    Optional<Progress> newest = Optional.empty();
    long work = 0;
    while (newest.isEmpty() && !batch.isEmpty() && work < WORK_PER_LOOK) {
      String line = batch.removeLast();
      work += parser.cost(line);
      newest = parser.parse(line);
    }
    batch.clear();
    newest.ifPresent(reports::report);
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
      for (FileTail tail : tails) {
        tail.lines().flush(); // the task's last line, unfinished: only at the true end
      }
      settle();
    }
    reports.sendLast();
    close();
  }

  /** Lets the files go without a last report (the task never ran, or the executor stops). */
  public synchronized void close() {
    closed = true;
    pollTimer.cancel();
    reports.close();
    for (FileTail tail : tails) {
      try {
        tail.close();
      } catch (IOException e) {
        LOG.debug("Closing {}: {}", tail.path(), e.toString());
      }
    }
  }
}
