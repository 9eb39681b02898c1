package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;
import org.mesosexec.output.RotationLimits;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.time.Scheduler;

/**
 * One task's progress reports as the scheduler receives them (DESIGN §6): one sequence and one
 * throttle for the progress file, stdout and stderr; at most one report per sample interval; the
 * newest report held back is sent when its interval ends; after the task, only the newest unsent
 * match. Time is a {@link FakeScheduler}, work runs on the calling thread, so every timing is exact
 * to the millisecond.
 */
public class ProgressTrackerTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final long BUDGET = ProgressTracker.POLL_BUDGET;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final List<Sent> sent = new ArrayList<>();
  private Path progressFile;
  private Path stdout;
  private Path stderr;

  /** One progress framework message: what it said and when (ms of fake time) it went out. */
  private record Sent(long sequence, int percent, String message, long atMillis) {
    @Override
    public String toString() {
      return "#" + sequence + " " + percent + "% '" + message + "' at " + atMillis + "ms";
    }
  }

  private static Sent sent(long sequence, int percent, String message, long atMillis) {
    return new Sent(sequence, percent, message, atMillis);
  }

  @Before
  public void files() throws IOException {
    progressFile = tmp.getRoot().toPath().resolve("progress.log");
    stdout = tmp.newFile("stdout").toPath();
    stderr = tmp.newFile("stderr").toPath();
  }

  private ProgressTracker tracker(Duration interval, Path... files) {
    return tracker(interval, Runnable::run, files);
  }

  private ProgressTracker tracker(Duration interval, Executor workers, Path... files) {
    return new ProgressTracker(
        Path.of("/"),
        List.of(files),
        new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512),
        4096,
        interval,
        clock,
        workers,
        (sequence, p) ->
            sent.add(new Sent(sequence, p.percent(), p.message(), clock.nanoTime() / 1_000_000)));
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Moves the fake clock to {@code millis} since the start, running the timers due. */
  private void at(long millis) {
    clock.advance(Duration.ofNanos(millis * 1_000_000 - clock.nanoTime()));
  }

  /** The task writes {@code text} at {@code millis} and the tracker reads it right then. */
  private void writeAndRead(ProgressTracker t, long millis, Path file, String text)
      throws IOException {
    at(millis);
    append(file, text);
    t.poll(BUDGET);
  }

  @Test
  public void theFirstProgressIsSentAtOnce() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);

    writeAndRead(t, 0, stdout, "starting up\nprogress: 10 loading\n");

    assertEquals(List.of(sent(1, 10, "loading", 0)), sent);
  }

  @Test
  public void oneLookParsesNewestFirstWithinItsWorkBudget() throws Exception {
    ProgressTracker shortLines = tracker(SECOND, stdout);
    writeAndRead(shortLines, 0, stdout, "progress: 30 older\n" + "progress: none\n".repeat(40));
    assertEquals(List.of(sent(1, 30, "older", 0)), sent);

    // 40 lines of 4,000 characters cost more than one look may spend: the older line is not
    // reached, and the look ends in bounded time whatever the regex.
    Path other = tmp.newFile("long").toPath();
    ProgressTracker longLines = tracker(SECOND, other);
    writeAndRead(
        longLines,
        0,
        other,
        "progress: 60 older\n" + ("progress: none " + "x".repeat(4000) + "\n").repeat(40));
    assertEquals(List.of(sent(1, 30, "older", 0)), sent);
  }

  @Test
  public void progressWithinTheIntervalIsHeldUntilTheIntervalEnds() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");

    at(999);
    assertEquals(List.of(sent(1, 10, "a", 0)), sent);

    at(1000);
    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 1000)), sent);
  }

  @Test
  public void onlyTheNewestHeldBackProgressIsSent() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");
    writeAndRead(t, 600, stdout, "progress: 30 c\nprogress: 40 d\n");

    at(5000);

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 40, "d", 1000)), sent);
  }

  @Test
  public void theNextIntervalCountsFromTheHeldBackSend() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");
    writeAndRead(t, 1200, stdout, "progress: 30 c\n");

    at(1999);
    assertEquals(2, sent.size());
    at(2000);

    assertEquals(
        List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 1000), sent(3, 30, "c", 2000)), sent);
  }

  @Test
  public void progressAfterAQuietIntervalIsSentAtOnce() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 2500, stdout, "progress: 20 b\n");
    writeAndRead(t, 3499, stdout, "progress: 30 c\n");

    at(10_000);

    assertEquals(
        List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 2500), sent(3, 30, "c", 3500)), sent);
  }

  @Test
  public void aBurstReadInOneLookReportsOnlyItsNewest() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);

    writeAndRead(
        t,
        0,
        stdout,
        "progress: 1 a\nprogress: 2 b\nprogress: 3 c\nprogress: 4 d\nprogress: 5 e\n");
    at(3000);

    assertEquals(
        "the older lines are superseded before any could be sent",
        List.of(sent(1, 5, "e", 0)),
        sent);
  }

  @Test
  public void aChattyTaskGetsAtMostOneReportPerIntervalAndItsLastIsNeverDropped() throws Exception {
    ProgressTracker t = tracker(Duration.ofMillis(250), stdout);

    for (int ms = 0; ms <= 10_000; ms += 7) {
      writeAndRead(t, ms, stdout, "progress: " + (ms / 100) + " at " + ms + "\n");
    }
    at(20_000);

    for (int i = 1; i < sent.size(); i++) {
      Sent previous = sent.get(i - 1);
      Sent next = sent.get(i);
      assertEquals("sequence " + sent, previous.sequence() + 1, next.sequence());
      assertTrue(
          "250 ms apart: " + previous + " then " + next,
          next.atMillis() - previous.atMillis() >= 250);
    }
    assertEquals(1, sent.get(0).sequence());
    assertTrue(
        "about one per interval over 10 s: " + sent.size(), sent.size() >= 40 && sent.size() <= 42);
    assertEquals("the last line is reported", "at 9996", sent.get(sent.size() - 1).message());
  }

  @Test
  public void linesThatAreNoProgressAreNeitherSentNorThrottled() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "hello\nprogress: 101 out of range\nprogress: soon\n");
    writeAndRead(t, 100, stdout, "progress: 10 first real one\n");

    assertEquals(List.of(sent(1, 10, "first real one", 100)), sent);
  }

  @Test
  public void progressFileStdoutAndStderrShareOneSequenceAndOneThrottle() throws Exception {
    ProgressTracker t = tracker(SECOND, progressFile, stdout, stderr);
    writeAndRead(t, 0, progressFile, "progress: 10 from the progress file\n");
    writeAndRead(t, 100, stderr, "progress: 20 from stderr\n");
    writeAndRead(t, 200, stdout, "progress: 30 from stdout\n");
    at(1000);
    writeAndRead(t, 2500, stderr, "progress: 40 from stderr again\n");

    assertEquals(
        List.of(
            sent(1, 10, "from the progress file", 0),
            sent(2, 30, "from stdout", 1000),
            sent(3, 40, "from stderr again", 2500)),
        sent);
  }

  @Test
  public void aFileNamedTwiceIsReadOnce() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout, stdout, stderr);

    writeAndRead(t, 0, stdout, "progress: 10 once\n");
    at(5000);

    assertEquals(List.of(sent(1, 10, "once", 0)), sent);
  }

  @Test
  public void startedTrackerPicksUpALateProgressFileWithinHalfASecond() throws Exception {
    ProgressTracker t = tracker(SECOND, progressFile, stdout, stderr);
    t.start();
    at(10_000); // a long quiet start: polls slow down, to at most every 500 ms

    append(progressFile, "progress: 15 the file appeared\n");
    at(10_500);

    assertEquals(1, sent.size());
    Sent first = sent.get(0);
    assertEquals(15, first.percent());
    assertTrue("read within 500 ms: " + first, first.atMillis() <= 10_500);
    t.close();
  }

  @Test
  public void startedTrackerFollowsStdoutAsTheTaskWrites() throws Exception {
    ProgressTracker t = tracker(Duration.ofMillis(100), stdout, stderr);
    t.start();

    for (int i = 1; i <= 5; i++) {
      append(stdout, "progress: " + (i * 20) + " step " + i + "\n");
      at(i * 1000L);
    }
    t.close();

    assertEquals(
        List.of("step 1", "step 2", "step 3", "step 4", "step 5"),
        sent.stream().map(Sent::message).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sent.stream().map(Sent::sequence).toList());
  }

  @Test
  public void finishSendsOnlyTheLastMatchOfWhatWasLeftUnread() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout, stderr);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    at(200);
    append(stdout, "progress: 20 b\nprogress: 30 c\n");
    append(stderr, "progress: 40 d\nnot progress\n");

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 40, "d", 200)), sent);
  }

  @Test
  public void finishSendsTheHeldBackProgressAtOnceWhenNothingNewWasLeft() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");
    at(400);

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 400)), sent);
  }

  @Test
  public void finishPrefersWhatWasLeftUnreadToTheHeldBackProgress() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");
    append(stdout, "progress: 30 c\n");

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 30, "c", 300)), sent);
  }

  @Test
  public void finishSendsNothingWhenTheNewestProgressWasAlreadySent() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    append(stdout, "done, no more progress\n");

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0)), sent);
  }

  @Test
  public void finishReadsAnUnfinishedLastLine() throws Exception {
    ProgressTracker t = tracker(SECOND, progressFile, stdout);
    append(stdout, "progress: 99 no newline before the exit");

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 99, "no newline before the exit", 0)), sent);
  }

  @Test
  public void finishReadsEverythingLeftWithinItsBound() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    StringBuilder million = new StringBuilder();
    for (int i = 1; i <= 1_000_000; i++) {
      million.append("progress: ").append(i % 101).append(" line ").append(i).append('\n');
    }
    append(stdout, million.toString());

    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 100, "line 1000000", 0)), sent);
  }

  @Test
  public void finishStopsReadingOnceItsBoundIsUsedUp() throws Exception {
    StringBuilder text = new StringBuilder();
    while (text.length() < 3 * BUDGET) {
      text.append("progress: 10 early\n");
    }
    text.append("progress: 100 the end\n");
    append(stdout, text.toString()); // 12 MiB, the last line far past two polls
    List<Progress> reports = new ArrayList<>();
    ProgressTracker t =
        new ProgressTracker(
            Path.of("/"),
            List.of(stdout),
            new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512),
            4096,
            SECOND,
            new SecondPerReading(),
            Runnable::run,
            (sequence, p) -> reports.add(p));

    t.finish(Duration.ofSeconds(2)); // time for two polls of at most 4 MiB each

    assertEquals("one last report " + reports, 1, reports.size());
    assertTrue(
        "from the early part, not the end: " + reports,
        reports.get(0).percent() <= 10 && !reports.get(0).message().equals("the end"));
  }

  @Test
  public void nothingIsSentAfterFinish() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    t.start();
    append(stdout, "progress: 10 a\n");
    at(0); // the first poll
    append(stdout, "progress: 20 b\n");
    at(300); // read by a poll, held back until 1000 ms

    t.finish(Duration.ofSeconds(3));
    append(stdout, "progress: 30 after the end\n");
    at(60_000);
    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 300)), sent);
    assertEquals("no timer left behind", 0, clock.pending());
  }

  @Test
  public void finishStoppedByItsBoundDoesNotReportALineItCutInTwo() throws Exception {
    String line = "progress: 100 all done\n"; // every line says 100%
    long twoPolls = 2 * BUDGET;
    // A first line long enough that the cut after two polls falls right after "progress: 1".
    int pad = (int) Math.floorMod(twoPolls - "progress: 1".length(), (long) line.length());
    pad = pad < 1 ? pad + line.length() : pad;
    StringBuilder text = new StringBuilder("#".repeat(pad - 1)).append('\n');
    while (text.length() < 3 * BUDGET) {
      text.append(line);
    }
    append(stdout, text.toString());
    assertEquals(
        "the cut",
        "progress: 1",
        text.substring((int) twoPolls - "progress: 1".length(), (int) twoPolls));
    List<Progress> reports = new ArrayList<>();
    ProgressTracker t =
        new ProgressTracker(
            Path.of("/"),
            List.of(stdout),
            new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512),
            4096,
            SECOND,
            new SecondPerReading(),
            Runnable::run,
            (sequence, p) -> reports.add(p));

    t.finish(Duration.ofSeconds(2)); // time for two polls of at most 4 MiB each

    assertEquals(List.of(new Progress(100, "all done")), reports);
  }

  @Test
  public void closeDropsTheHeldBackProgressAndSendsNothingMore() throws Exception {
    ProgressTracker t = tracker(SECOND, stdout);
    t.start();
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 300, stdout, "progress: 20 b\n");

    t.close();
    append(stdout, "progress: 30 c\n");
    at(60_000);
    t.finish(Duration.ofSeconds(3));

    assertEquals(List.of(sent(1, 10, "a", 0)), sent);
    assertEquals("no timer left behind", 0, clock.pending());
  }

  @Test
  public void aFlushDelayedBehindALongPollStillKeepsOneReportPerInterval() throws Exception {
    // The worker pool runs the flush only when the test says: in the executor the flush timer
    // hands it to a worker, where it waits for the tracker's lock while a poll of a chatty task
    // holds it and reads past the end of the interval.
    List<Runnable> queued = new ArrayList<>();
    ProgressTracker t = tracker(SECOND, queued::add, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 500, stdout, "progress: 20 b\n");
    at(1000); // the flush is due and handed to a worker, which waits for the poll below
    append(stdout, "progress: 30 c\nprogress: 40 d\n");
    t.poll(BUDGET);
    queued.forEach(Runnable::run);
    queued.clear();
    at(1999);
    assertEquals(
        "one report in [1000 ms, 2000 ms), the newest read",
        List.of(sent(1, 10, "a", 0), sent(2, 40, "d", 1000)),
        sent);

    at(2000);
    queued.forEach(Runnable::run);

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 40, "d", 1000)), sent);
  }

  @Test
  public void aHeldBackReportIsSentUnderTheTrackersOneLock() throws Exception {
    List<Runnable> queued = new ArrayList<>();
    ProgressTracker t = tracker(SECOND, queued::add, stdout);
    writeAndRead(t, 0, stdout, "progress: 10 a\n");
    writeAndRead(t, 500, stdout, "progress: 20 b\n");
    at(1000); // the flush is due and handed to a worker
    Thread worker = new Thread(queued.get(0));
    synchronized (t) { // as a poll under way holds it
      worker.start();
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (worker.getState() != Thread.State.BLOCKED && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      assertEquals("the flush waits for the lock", Thread.State.BLOCKED, worker.getState());
      assertEquals(List.of(sent(1, 10, "a", 0)), sent);
    }
    worker.join();

    assertEquals(List.of(sent(1, 10, "a", 0), sent(2, 20, "b", 1000)), sent);
  }

  /** A clock that moves one second each time it is read, so a bounded loop runs out quickly. */
  private static final class SecondPerReading implements Scheduler {
    private long now;

    @Override
    public long nanoTime() {
      now += SECOND.toNanos();
      return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      return () -> {};
    }
  }

  private ProgressTracker rotating(Rotation rotation) {
    return new ProgressTracker(
        tmp.getRoot().toPath(),
        List.of(stdout),
        List.of(rotation),
        new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512),
        4096,
        SECOND,
        clock,
        Runnable::run,
        (sequence, p) -> {});
  }

  @Test
  public void aRotatedStreamThatMayPassItsCapBeforeTheNextLookIsLookedAtAgainAtOnce()
      throws IOException {
    long cap = RotationLimits.MIN_SIZE;
    Rotation rotation =
        Rotation.open(tmp.getRoot().toPath(), stdout, cap, 3, SandboxFiles.shared()).orElseThrow();
    ProgressTracker t = rotating(rotation);
    t.start();
    at(0);
    append(stdout, "x".repeat(29_999) + "\n");
    at(20); // the second look: under the cap, at 1.5 KB a millisecond
    assertEquals(0, rotation.rotations());
    append(stdout, "x".repeat(39_999) + "\n");
    at(30); // 4 KB a millisecond: a cap in less than the next 20 ms
    assertEquals(1, rotation.rotations());
    assertEquals(1 + ProgressTracker.QUICK_LOOKS, clock.timesSet(Duration.ZERO));
    List<Duration> delays = clock.delays();
    assertEquals(ProgressTracker.MIN_ROTATION_POLL, delays.get(delays.size() - 1));
    t.close();
  }

  @Test
  public void aSlowRotatedStreamIsLookedAtAtTheRegularPace() throws IOException {
    Rotation rotation =
        Rotation.open(
                tmp.getRoot().toPath(), stdout, RotationLimits.MIN_SIZE, 3, SandboxFiles.shared())
            .orElseThrow();
    ProgressTracker t = rotating(rotation);
    t.start();
    for (int ms = 0; ms <= 200; ms += 10) {
      append(stdout, "y".repeat(99) + "\n");
      at(ms);
    }
    assertEquals(1, clock.timesSet(Duration.ZERO)); // the first look only
    assertEquals(0, rotation.rotations());
    t.close();
  }

  @Test
  public void aStreamThatKeepsBeingRotatedIsLookedAtWithoutAPauseWhileItWrites()
      throws IOException {
    long cap = RotationLimits.MIN_SIZE;
    Rotation rotation =
        Rotation.open(tmp.getRoot().toPath(), stdout, cap, 3, SandboxFiles.shared()).orElseThrow();
    long[] written = {0};
    // For each line the follower reads, the task writes two more, up to 8 MB: over 120 caps.
    OutputLines writer =
        new OutputLines() {
          @Override
          public void line(String stream, String text, int part) {
            if (written[0] < (8L << 20)) {
              String two = "y".repeat(99) + "\n" + "y".repeat(99) + "\n";
              written[0] += two.length();
              try {
                append(stdout, two);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }

          @Override
          public void polled() {}

          @Override
          public void ended() {}
        };
    ProgressTracker t =
        new ProgressTracker(
            new ProgressTracker.Followed(
                tmp.getRoot().toPath(),
                List.of(),
                List.of(rotation),
                java.util.Optional.empty(),
                java.util.Map.of(stdout, "stdout"),
                java.util.Optional.of(writer),
                4096),
            SECOND,
            clock,
            Runnable::run,
            (sequence, p) -> {});
    t.start();
    at(0);
    append(stdout, "x".repeat(29_999) + "\n");
    at(20);
    append(stdout, "x".repeat(39_999) + "\n");
    at(30); // 4 KB a millisecond: rotated, and the task writes on at every look from then on
    assertTrue("written: " + written[0], written[0] >= 8L << 20);
    // More looks at once than QUICK_LOOKS, and no regular delay: the clock has not moved.
    assertTrue(
        "rotations: " + rotation.rotations(),
        rotation.rotations() > 1 + ProgressTracker.QUICK_LOOKS);
    assertTrue(Files.size(stdout) < cap);
    t.close();
  }
}
