package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * Following a task's progress file by name, as {@code tail -F} does, with real files: it may appear
 * late, be truncated, replaced or removed, not be a regular file at all, or hold binary garbage;
 * none of that is an error or a stall.
 */
public class FileTailTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  // A read that blocks (a FIFO, a device) fails the test instead of hanging the build.
  @Rule public Timeout timeout = new Timeout(60, TimeUnit.SECONDS);

  private final List<String> lines = new ArrayList<>();

  private FileTail tail(Path file) {
    return new FileTail(file, file.getParent(), new LineReader(4096, lines::add));
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Polls until nothing more is read, as the tracker does while the task runs. */
  private static long pollAll(FileTail t) throws IOException {
    long total = 0;
    for (long n; (n = t.poll(4L * 1024 * 1024)) > 0; ) {
      total += n;
    }
    return total;
  }

  @Test
  public void aFileThatDoesNotExistYetIsReadFromItsStartOnceItAppears() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("progress.log");
    try (FileTail t = tail(file)) {
      assertEquals(0, t.poll(1024));
      assertEquals(0, t.poll(1024));

      append(file, "progress: 10 early\nprogress: 20 later\n");
      pollAll(t);

      assertEquals(List.of("progress: 10 early", "progress: 20 later"), lines);
    }
  }

  @Test
  public void onlyWhatWasAppendedSinceTheLastPollIsRead() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    try (FileTail t = tail(file)) {
      append(file, "progress: 10 a\nprogress: 2");
      pollAll(t);
      assertEquals(List.of("progress: 10 a"), lines);

      append(file, "0 b\n");
      pollAll(t);
      pollAll(t);

      assertEquals(List.of("progress: 10 a", "progress: 20 b"), lines);
    }
  }

  @Test
  public void pollReadsNoMoreThanItsBudget() throws Exception {
    Path file = tmp.newFile("big.log").toPath();
    append(file, "progress: 1 x\n".repeat(10_000)); // 140,000 bytes
    try (FileTail t = tail(file)) {
      assertEquals(1000, t.poll(1000));
      assertEquals(71, lines.size());

      assertEquals(139_000, pollAll(t));
      assertEquals(10_000, lines.size());
    }
  }

  @Test
  public void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    try (FileTail t = tail(file)) {
      append(file, "progress: 10 first run\nprogress: 20 first run\n");
      pollAll(t);

      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(0);
      }
      append(file, "progress: 5 again\n");
      pollAll(t);

      assertEquals(
          List.of("progress: 10 first run", "progress: 20 first run", "progress: 5 again"), lines);
    }
  }

  @Test
  public void aFileTruncatedToEmptyIsFollowedAsItGrowsAgain() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    try (FileTail t = tail(file)) {
      append(file, "progress: 90 old\n");
      pollAll(t);
      Files.write(file, new byte[0]); // truncates
      pollAll(t);

      append(file, "progress: 1 a much longer line than the one that was there before\n");
      pollAll(t);

      assertEquals(
          List.of(
              "progress: 90 old",
              "progress: 1 a much longer line than the one that was there before"),
          lines);
    }
  }

  @Test
  public void aFileReplacedByRenameIsFollowedByNameAfterTheRestOfTheOldOne() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    Path next = tmp.getRoot().toPath().resolve("progress.log.tmp");
    try (FileTail t = tail(file)) {
      append(file, "progress: 10 old file\n");
      pollAll(t);
      append(file, "progress: 20 old file, unread\nprogress: 30 old file, no newline");
      Files.writeString(next, "progress: 40 new file\n");
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

      pollAll(t);
      append(file, "progress: 50 new file, appended\n");
      pollAll(t);

      assertEquals(
          List.of(
              "progress: 10 old file",
              "progress: 20 old file, unread",
              "progress: 30 old file, no newline",
              "progress: 40 new file",
              "progress: 50 new file, appended"),
          lines);
    }
  }

  @Test
  public void aRemovedFileIsReadToItsEndAndARecreatedOneFromItsStart() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    try (FileTail t = tail(file)) {
      append(file, "progress: 10 a\n");
      pollAll(t);
      append(file, "progress: 20 written just before rm\n");
      Files.delete(file);

      pollAll(t);
      assertEquals(0, t.poll(1024));
      append(file, "progress: 30 recreated\n");
      pollAll(t);

      assertEquals(
          List.of(
              "progress: 10 a", "progress: 20 written just before rm", "progress: 30 recreated"),
          lines);
    }
  }

  @Test
  public void devNullIsNeverRead() throws Exception {
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull));
    try (FileTail t = tail(devNull)) {
      for (int i = 0; i < 5; i++) {
        assertEquals(0, t.poll(1024));
      }
      t.lines().flush();
    }
    assertEquals(List.of(), lines);
  }

  @Test
  public void anEndlessDeviceIsNeverRead() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    try (FileTail t = tail(zero)) {
      assertEquals(0, t.poll(Long.MAX_VALUE));
    }
    assertEquals(List.of(), lines);
  }

  @Test
  public void aFifoWithNoWriterDoesNotBlock() throws Exception {
    Path fifo = tmp.getRoot().toPath().resolve("progress.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assumeTrue("mkfifo works here", mkfifo.waitFor() == 0);
    try (FileTail t = tail(fifo)) {
      assertEquals(0, t.poll(1024));
    }
    assertEquals(List.of(), lines);
  }

  @Test
  public void aDirectoryInPlaceOfTheFileIsNeverRead() throws Exception {
    Path dir = tmp.newFolder("progress.log").toPath();
    try (FileTail t = tail(dir)) {
      assertEquals(0, t.poll(1024));
    }
    assertEquals(List.of(), lines);
  }

  @Test
  public void binaryGarbageIsReadWithoutErrorAndProgressAfterItIsFound() throws Exception {
    Path file = tmp.newFile("stdout").toPath();
    byte[] garbage = new byte[1024 * 1024];
    new Random(42).nextBytes(garbage);
    Files.write(file, garbage);
    append(file, "\nprogress: 42 after the garbage\n");
    try (FileTail t = tail(file)) {
      assertEquals(garbage.length + 32, pollAll(t));
    }

    assertEquals("progress: 42 after the garbage", lines.get(lines.size() - 1));
    // 4096 bytes decode to at most 4096 characters, bad bytes becoming U+FFFD.
    assertTrue(
        "every piece comes from at most 4096 bytes",
        lines.stream().allMatch(l -> l.length() <= 4096));
    assertTrue("bad bytes became U+FFFD", lines.stream().anyMatch(l -> l.contains("\uFFFD")));
  }

  @Test
  public void aQuarterMillionLinesAreReadInOrder() throws Exception {
    Path file = tmp.newFile("stdout").toPath();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 250_000; i++) {
      text.append("progress: ").append(i % 101).append(" line ").append(i).append('\n');
    }
    Files.writeString(file, text);
    try (FileTail t = tail(file)) {
      pollAll(t);
    }

    assertEquals(250_000, lines.size());
    for (int i = 0; i < 250_000; i++) {
      assertEquals("progress: " + (i % 101) + " line " + i, lines.get(i));
    }
  }

  @Test
  public void longLinesComeInPiecesOfTheMax() throws Exception {
    Path file = tmp.newFile("stdout").toPath();
    append(file, "progress: 10 " + "w".repeat(10_000 - 13) + "\nprogress: 20 short\n");
    try (FileTail t = tail(file)) {
      pollAll(t);
    }

    assertEquals(List.of(4096, 4096, 1808, 18), lines.stream().map(String::length).toList());
    assertTrue(lines.get(0).startsWith("progress: 10 www"));
    assertEquals("progress: 20 short", lines.get(3));
  }

  @Test
  public void aLinkIsNeverFollowedEvenInsideTheRoot() throws Exception {
    Path real = tmp.newFile("real.log").toPath();
    append(real, "progress: 10 through a link\n");
    Path link = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("progress.log"), real);
    Path dir = tmp.newFolder("dir").toPath();
    append(dir.resolve("p.log"), "progress: 20 through a linked directory\n");
    Path dirLink = Files.createSymbolicLink(tmp.getRoot().toPath().resolve("linked"), dir);
    try (FileTail viaFile = tail(link);
        FileTail viaDir =
            new FileTail(
                dirLink.resolve("p.log"),
                tmp.getRoot().toPath(),
                new LineReader(4096, lines::add))) {
      assertEquals(0, pollAll(viaFile));
      assertEquals(0, pollAll(viaDir));
    }
    assertEquals(List.of(), lines);
  }

  @Test
  public void aFileSwappedForAFifoAndBackIsReadWithoutBlocking() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    Path fifo = tmp.getRoot().toPath().resolve("f.tmp");
    Path next = tmp.getRoot().toPath().resolve("p.tmp");
    try (FileTail t = tail(file)) {
      for (int i = 0; i < 50; i++) {
        Files.writeString(next, "progress: " + i + " x\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        pollAll(t);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue("mkfifo works here", mkfifo.waitFor() == 0);
        Files.move(fifo, file, StandardCopyOption.REPLACE_EXISTING);
        pollAll(t);
      }
    }
    assertEquals(50, lines.size());
  }

  @Test
  public void closingLetsTheFileGoAndAClosedTailCanBeClosedAgain() throws Exception {
    Path file = tmp.newFile("progress.log").toPath();
    FileTail t = tail(file);
    append(file, "progress: 10 a\n");
    pollAll(t);

    t.close();
    t.close();
    Files.delete(file);

    assertEquals(List.of("progress: 10 a"), lines);
  }
}
