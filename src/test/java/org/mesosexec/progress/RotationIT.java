package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;
import org.mesosexec.output.RotationLimits;

/**
 * A real shell loop writes numbered lines as fast as it can, one write per line, into its stdout
 * (O_APPEND, as the executor starts tasks) while the file follower reads and rotates it at the
 * smallest cap, polled as a rotating task's follower is.
 */
public class RotationIT {
  private static final long CAP = RotationLimits.MIN_SIZE;
  private static final int KEEP = 3;
  private static final int LINES = 200_000;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(120, TimeUnit.SECONDS);

  private final List<Long> seen = new ArrayList<>();

  private long diskUse(Path dir) throws IOException {
    long total = 0;
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        total += Files.size(p);
      }
    }
    return total;
  }

  @Test
  public void capsHoldFilesAreInOrderAndEveryLineOutsideARotationIsReadOnce() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path stdout = dir.resolve("stdout");
    Files.createFile(stdout);
    Rotation rotation = Rotation.open(dir, stdout, CAP, KEEP, SandboxFiles.shared()).orElseThrow();
    FileTail tail =
        new FileTail(stdout, dir, new LineReader(4096, l -> seen.add(Long.parseLong(l))));
    tail.rotateWith(rotation);
    Process task =
        new ProcessBuilder(
                "sh", "-c", "i=0; while [ $i -lt " + LINES + " ]; do i=$((i+1)); echo $i; done")
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(new File("/dev/null"))
            .start();
    long worstUse = 0;
    long worstPoll = 0;
    int samples = 0;
    while (task.isAlive()) {
      long read = tail.poll(ProgressTracker.POLL_BUDGET);
      worstPoll = Math.max(worstPoll, read);
      worstUse = Math.max(worstUse, diskUse(dir));
      samples++;
      Thread.sleep(ProgressTracker.MIN_ROTATION_POLL.toMillis()); // the follower's own cadence
    }
    while (tail.poll(ProgressTracker.POLL_BUDGET) > 0) {
      worstUse = Math.max(worstUse, diskUse(dir));
    }
    tail.lines().flush();
    tail.close();
    assertTrue("rotated: " + rotation.rotations(), rotation.rotations() > KEEP);
    // The design's bound: (keep + 1) caps, each passed by at most what one poll found.
    long bound = (KEEP + 1) * (CAP + worstPoll);
    assertTrue(worstUse + " > " + bound + " in " + samples + " samples", worstUse <= bound);
    assertReadOnceInOrder(rotation.rotations());
    assertRotatedFilesInOrder(dir);
    assertFalse(Files.exists(dir.resolve("stdout." + (KEEP + 1))));
  }

  /** Strictly increasing: nothing twice; a gap only where a rotation cut, at most one each. */
  private void assertReadOnceInOrder(long rotations) {
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
    assertEquals(LINES, (long) seen.get(seen.size() - 1));
    assertTrue(gaps + " gaps in " + rotations + " rotations", gaps <= rotations);
    System.out.printf(
        "RotationIT: %d lines, %d rotations, %d lines lost in %d of them%n",
        LINES, rotations, lost, gaps);
  }

  private static void assertRotatedFilesInOrder(Path dir) throws IOException {
    long last = 0;
    for (String name : List.of("stdout.3", "stdout.2", "stdout.1", "stdout")) {
      for (String line : Files.readAllLines(dir.resolve(name))) {
        long n = Long.parseLong(line);
        assertTrue(name + ": " + n + " after " + last, n > last);
        last = n;
      }
    }
    assertEquals(LINES, last);
  }
}
