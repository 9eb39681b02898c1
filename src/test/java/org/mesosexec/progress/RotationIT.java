package org.mesosexec.progress;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;
import org.mesosexec.output.RotationLimits;
import org.mesosexec.time.SystemScheduler;

/**
 * A real shell loop writes numbered lines as fast as it can, one write per line, into its stdout
 * (O_APPEND, as the executor starts tasks) while a progress tracker, on a real timer and workers as
 * a task's, follows and rotates it at the smallest cap, and the task directory is sampled.
 */
public class RotationIT {
  private static final long CAP = RotationLimits.MIN_SIZE;
  private static final int KEEP = 3;
  private static final int LINES = 200_000;

  /** The longest line the loop writes: "200000\n". */
  private static final long LINE = String.valueOf(LINES).length() + 1L;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(120, TimeUnit.SECONDS);

  private final List<Long> seen = new ArrayList<>();
  private final SystemScheduler scheduler = new SystemScheduler();
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  @After
  public void stop() {
    workers.shutdownNow();
    scheduler.close();
  }

  /** The size of the directory's files, and the largest rotated one, at one look. */
  private record Use(long total, long largestRotated) {}

  private static Use use(Path dir) throws IOException {
    long total = 0;
    long largest = 0;
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        try {
          long size = Files.size(p);
          total += size;
          if (!p.getFileName().toString().equals("stdout")) {
            largest = Math.max(largest, size);
          }
        } catch (NoSuchFileException shifted) {
          // renamed between the listing and the look: counted under its new name
        }
      }
    }
    return new Use(total, largest);
  }

  @Test
  public void capsHoldFilesAreInOrderAndEveryLineOutsideARotationIsReadOnce() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path stdout = dir.resolve("stdout");
    Files.createFile(stdout);
    Rotation rotation = Rotation.open(dir, stdout, CAP, KEEP, SandboxFiles.shared()).orElseThrow();
    ProgressTracker tracker = tracker(dir, stdout, rotation);
    tracker.start();
    Process task =
        new ProcessBuilder(
                "sh", "-c", "i=0; while [ $i -lt " + LINES + " ]; do i=$((i+1)); echo $i; done")
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(new File("/dev/null"))
            .start();
    long worstUse = 0;
    long worstRotated = 0;
    int samples = 0;
    while (task.isAlive()) {
      Use use = use(dir);
      worstUse = Math.max(worstUse, use.total());
      worstRotated = Math.max(worstRotated, use.largestRotated());
      samples++;
      Thread.sleep(1); // the sampling interval
    }
    tracker.finish(Duration.ofSeconds(30));
    assertTrue("rotated: " + rotation.rotations(), rotation.rotations() > KEEP);
    long bound = (KEEP + 1) * CAP + LINE;
    System.out.printf(
        "RotationIT: at most %d bytes in the task directory over %d samples (bound %d, %.3fx),"
            + " largest rotated file %d%n",
        worstUse, samples, bound, (double) worstUse / bound, worstRotated);
    assertTrue(worstUse + " > " + bound + " in " + samples + " samples", worstUse <= bound);
    assertTrue(worstRotated + " > " + (CAP + LINE), worstRotated <= CAP + LINE);
    long lastRead;
    synchronized (seen) {
      lastRead = assertReadOnceInOrder(rotation.rotations());
    }
    assertRotatedFilesInOrder(dir, lastRead);
    assertFalse(Files.exists(dir.resolve("stdout." + (KEEP + 1))));
  }

  private ProgressTracker tracker(Path dir, Path stdout, Rotation rotation) {
    OutputLines numbers =
        new OutputLines() {
          @Override
          public void line(String stream, String text, int part) {
            synchronized (seen) {
              seen.add(Long.parseLong(text));
            }
          }

          @Override
          public void polled() {}

          @Override
          public void ended() {}
        };
    return new ProgressTracker(
        new ProgressTracker.Followed(
            dir,
            List.of(),
            List.of(rotation),
            Optional.empty(),
            Map.of(stdout, "stdout"),
            Optional.of(numbers),
            4096),
        Duration.ofSeconds(1),
        scheduler,
        workers,
        (sequence, p) -> {});
  }

  /**
   * Strictly increasing: nothing twice; a gap only where a rotation cut, at most one each. The last
   * lines too can be cut by a rotation, when the loop ends inside one: that is a gap as well.
   */
  private long assertReadOnceInOrder(long rotations) {
    long gaps = 0;
    long lost = 0;
    for (int i = 1; i < seen.size(); i++) {
      long step = seen.get(i) - seen.get(i - 1);
      assertTrue("line " + seen.get(i) + " after " + seen.get(i - 1), step >= 1);
      if (step > 1) {
        gaps++;
        lost += step - 1;
      }
    }
    long last = seen.get(seen.size() - 1);
    if (last < LINES) {
      gaps++;
      lost += LINES - last;
    }
    assertTrue(gaps + " gaps in " + rotations + " rotations", gaps <= rotations);
    System.out.printf(
        "RotationIT: %d lines, %d rotations, %d lines lost in %d of them%n",
        LINES, rotations, lost, gaps);
    return last;
  }

  /**
   * In order across the files, up to at least the last line read (lines lost are lost there too).
   */
  private static void assertRotatedFilesInOrder(Path dir, long lastRead) throws IOException {
    long last = 0;
    for (String name : List.of("stdout.3", "stdout.2", "stdout.1", "stdout")) {
      List<String> lines = Files.readAllLines(dir.resolve(name));
      assertTrue(
          name + ": " + Files.size(dir.resolve(name)), Files.size(dir.resolve(name)) <= CAP + LINE);
      for (String line : lines) {
        long n = Long.parseLong(line);
        assertTrue(name + ": " + n + " after " + last, n > last);
        last = n;
      }
    }
    assertTrue(last + " < " + lastRead, last >= lastRead);
  }
}
