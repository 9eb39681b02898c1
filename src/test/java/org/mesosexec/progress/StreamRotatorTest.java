package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.OpenFiles;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.output.Rotation;

/**
 * A rotated stream followed by its tail, on real files written through an O_APPEND descriptor as a
 * task's are: rotations that fail, and a writer faster than the follower.
 */
public class StreamRotatorTest {
  private static final long MS = 1_000_000;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(60, TimeUnit.SECONDS);

  private Path dir;
  private Path stdout;
  private FileOutputStream writer;
  private long written;
  private final List<Long> seen = new ArrayList<>();

  @Before
  public void open() throws IOException {
    dir = tmp.getRoot().toPath();
    stdout = Files.createFile(dir.resolve("stdout"));
    writer = new FileOutputStream(stdout.toFile(), true);
  }

  @After
  public void close() throws IOException {
    writer.close();
  }

  /** Appends the next {@code lines} numbered lines, as the task would. */
  private void write(long lines) {
    StringBuilder s = new StringBuilder();
    for (long i = 0; i < lines; i++) {
      s.append(++written).append('\n');
    }
    try {
      writer.write(s.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
  }

  private FileTail tail(long cap, int keep, SandboxFiles files, Lines lines, long msPerTick)
      throws IOException {
    Rotation rotation = Rotation.open(dir, stdout, cap, keep, files).orElseThrow();
    FileTail tail = new FileTail(stdout, dir, lines, files);
    long[] ticks = {0};
    tail.rotateWith(rotation, () -> (ticks[0] += msPerTick) * MS);
    return tail;
  }

  private Lines numbers() {
    return new LineReader(4096, line -> seen.add(Long.parseLong(line)));
  }

  /** Nothing twice, in order, and every line written up to {@code last} if {@code all}. */
  private void assertSeenOnceInOrder(boolean all) {
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) + " after " + seen.get(i - 1), seen.get(i) > seen.get(i - 1));
    }
    if (all) {
      assertEquals(written, seen.size());
    }
  }

  @Test
  public void aRotationThatFailsAfterReadingOnHandsNothingOnTwice() throws Exception {
    // The shift of stdout.1 fails: a directory that is not empty is planted as stdout.2.
    Files.createDirectories(dir.resolve("stdout.2/planted"));
    write(400_000); // about 2.7 MB of lines, past a cap of 2 MB
    long size = Files.size(stdout);
    try (FileTail t = tail(2L << 20, 2, SandboxFiles.shared(), numbers(), 0)) {
      t.poll(1000, 0); // reads a little, then the rotation reads on past a megabyte and fails
      assertEquals("not truncated", size, Files.size(stdout));
      while (t.poll(1L << 20, 10 * MS) > 0) {
        // reads on from where the failed rotation left the follower
      }
      t.lines().flush();
    }
    assertSeenOnceInOrder(true);
  }

  /**
   * What a rotation that fails (after the two kept files {@code older} and {@code newer} were made)
   * left: tries of it counted by the sandbox, the kept files after the failure, and after the retry
   * that succeeds.
   */
  private record Retry(
      String older,
      String newer,
      int triesAtFailure,
      int triesWithinBackOff,
      int triesAfterBackOff,
      String dot3AfterFailure,
      String dot2AfterFailure,
      boolean dot1AfterFailure,
      long stdoutAfterRetry,
      String dot4AfterRetry,
      String dot3AfterRetry,
      String dot1AfterRetry) {

    /** Tried once more after the back-off, the kept files shifted once, no stdout.1 left over. */
    Retry asExpected() {
      int tries = triesAtFailure;
      return new Retry(
          older,
          newer,
          tries,
          tries,
          tries + 1,
          older,
          newer,
          false,
          0,
          older,
          newer,
          dot1AfterRetry);
    }
  }

  @Test
  public void aFailedRotationIsRetriedAfterABackOffWithoutShiftingTheKeptFilesAgain()
      throws Exception {
    Retry retry = failThenRetry(new Full(false));
    assertEquals(retry.asExpected(), retry);
    assertTrue(retry.dot1AfterRetry().endsWith(written + "\n"));
    assertSeenOnceInOrder(true);
  }

  @Test
  public void aRotationWhoseWritesFailOnAFullDiskLeavesNoPartOfARotatedFile() throws Exception {
    Retry retry = failThenRetry(new Full(true));
    assertEquals(retry.asExpected(), retry);
    assertTrue(retry.dot1AfterRetry().endsWith(written + "\n"));
    assertSeenOnceInOrder(true);
  }

  /**
   * Makes two kept files, fails the third rotation, looks through the back-off and after it, then
   * lets the disk take writes again.
   */
  private Retry failThenRetry(Full files) throws Exception {
    long cap = 64 * 1024;
    try (FileTail t = tail(cap, 4, files, numbers(), 0)) {
      for (int i = 0; i < 2; i++) {
        write(15_000); // 78,894 bytes, then 90,000: each past the cap
        t.poll(1L << 20, i * 10L * MS);
      }
      String older = read("stdout.2");
      String newer = read("stdout.1");
      files.full = true;
      write(15_000);
      t.poll(1L << 20, 20 * MS); // shifts the two up, then fails to make stdout.1
      int atFailure = files.tries;
      for (long ms = 30; ms < 1_000; ms += 10) {
        t.poll(1L << 20, ms * MS);
      }
      int within = files.tries;
      t.poll(1L << 20, 1_100 * MS);
      int after = files.tries;
      String dot3 = read("stdout.3");
      String dot2 = read("stdout.2");
      boolean dot1 = Files.exists(dir.resolve("stdout.1"));
      files.full = false;
      t.poll(1L << 20, 4_000 * MS); // 90,000 bytes into two pieces: one shift, as always
      Retry retry =
          new Retry(
              older,
              newer,
              atFailure,
              within,
              after,
              dot3,
              dot2,
              dot1,
              Files.size(stdout),
              read("stdout.4"),
              read("stdout.3"),
              read("stdout.1"));
      t.lines().flush();
      return retry;
    }
  }

  @Test
  public void aWriterFasterThanTheFollowerIsRotatedWithinItsCapAndTheRestKeptUnread()
      throws Exception {
    long cap = 64 * 1024;
    long[] largest = {0};
    // Each line the follower hands on, the task writes two more: faster than it is read.
    Lines lines =
        new LineReader(
            4096,
            line -> {
              seen.add(Long.parseLong(line));
              if (written < 150_000) {
                write(2);
              }
              largest[0] = Math.max(largest[0], stdout.toFile().length());
            });
    write(8_000);
    try (FileTail t = tail(cap, 100, SandboxFiles.shared(), lines, 1)) {
      for (long ms = 0; written < 150_000; ms += 10) {
        t.poll(4L << 20, ms * MS);
      }
    }
    // Looked at after every slice of 4 KB read, during which the task writes twice as much.
    assertTrue(largest[0] + " bytes in stdout", largest[0] <= cap + 8 * 4096);
    assertSeenOnceInOrder(false);
    assertTrue("some lines kept unread: " + seen.size(), seen.size() < written);
    StringBuilder kept = new StringBuilder();
    for (int n = 100; n >= 1; n--) {
      Path rotated = dir.resolve("stdout." + n);
      if (Files.exists(rotated)) {
        kept.append(read("stdout." + n));
      }
    }
    kept.append(read("stdout"));
    String[] all = kept.toString().split("\n");
    assertEquals(written, all.length);
    for (int i = 0; i < all.length; i++) {
      assertEquals("every line in the files, in order", i + 1, Long.parseLong(all[i]));
    }
  }

  @Test
  public void aHandOffStoppedForTheNewStreamNearsItsCapAsksForTheNextLookAtOnce() throws Exception {
    long cap = 64 * 1024;
    boolean[] echo = {false};
    // While echo is on, each line the follower hands on, the task writes ten more.
    Lines lines =
        new LineReader(
            4096,
            line -> {
              seen.add(Long.parseLong(line));
              if (echo[0]) {
                write(10);
              }
            });
    try (FileTail t = tail(cap, 4, SandboxFiles.shared(), lines, 1)) {
      t.poll(1L << 20, 0);
      write(3_500); // about 2 KB a millisecond: due 32 KB before the cap, but not at once after
      t.poll(1L << 20, 10 * MS);
      assertEquals(Urgency.REGULAR, t.urgency());
      write(6_000);
      echo[0] = true;
      t.poll(1L << 20, 20 * MS); // rotates; the hand-off stops when the new stream nears its cap
      echo[0] = false;
      assertTrue("some lines kept unread", seen.size() < written);
      assertTrue(Files.size(stdout) > cap / 2);
      assertEquals(Urgency.ROTATED, t.urgency());
    }
  }

  /**
   * The sandbox's files on a disk that fills: while it is full, no rotated file can be made, or one
   * can be made but not written (as on a real full disk, which has an inode left for it).
   */
  private static final class Full implements SandboxFiles {
    private final SandboxFiles real = SandboxFiles.shared();
    private final boolean madeUnwritable;
    boolean full;
    int tries;

    Full(boolean madeUnwritable) {
      this.madeUnwritable = madeUnwritable;
    }

    @Override
    public Optional<OpenFile> openRegular(Path root, Path file) throws IOException {
      return real.openRegular(root, file);
    }

    @Override
    public OpenFile replace(Path root, Path file) throws IOException {
      if (full) {
        tries++;
        if (madeUnwritable) {
          real.replace(root, file).close();
          return OpenFiles.byName(Path.of("/dev/full")); // every write fails with ENOSPC
        }
        throw new IOException("No space left on device");
      }
      return real.replace(root, file);
    }

    @Override
    public TaskFiles makeTaskDirectory(Path sandbox, String taskId, Optional<UserPrincipal> owner)
        throws IOException {
      return real.makeTaskDirectory(sandbox, taskId, owner);
    }
  }
}
