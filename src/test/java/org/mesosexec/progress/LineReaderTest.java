package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * How a task's output bytes become the lines the progress regex sees (DESIGN §7): cut at newlines,
 * at most {@code EXECUTOR_MAX_BYTES_READ_PER_LINE} bytes each (longer lines come in pieces), UTF-8
 * with U+FFFD for what is not UTF-8.
 */
public class LineReaderTest {
  private final List<String> lines = new ArrayList<>();

  private LineReader reader(int maxBytes) {
    return new LineReader(maxBytes, lines::add);
  }

  private static void feed(LineReader r, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    r.feed(b, 0, b.length);
  }

  private static void feed(LineReader r, byte... bytes) {
    r.feed(bytes, 0, bytes.length);
  }

  @Test
  public void completeLinesAreHandedOnAndTheUnfinishedOneWaits() {
    LineReader r = reader(4096);

    feed(r, "progress: 10 a\nprogress: 20 b\nprogress: 3");

    assertEquals(List.of("progress: 10 a", "progress: 20 b"), lines);
  }

  @Test
  public void aLineSplitAcrossWritesIsJoined() {
    LineReader r = reader(4096);

    feed(r, "prog");
    feed(r, "ress: 5");
    feed(r, "0 half\n");

    assertEquals(List.of("progress: 50 half"), lines);
  }

  @Test
  public void onlyTheGivenRangeOfTheBufferIsRead() {
    LineReader r = reader(4096);
    byte[] buf = "XXXprogress: 1 a\nYYY".getBytes(StandardCharsets.UTF_8);

    r.feed(buf, 3, buf.length - 6);

    assertEquals(List.of("progress: 1 a"), lines);
  }

  @Test
  public void emptyLinesAreEmptyStrings() {
    feed(reader(4096), "\n\nx\n");

    assertEquals(List.of("", "", "x"), lines);
  }

  @Test
  public void flushHandsOnTheUnfinishedLastLineOnce() {
    LineReader r = reader(4096);
    feed(r, "done\nprogress: 99 no newline at the end");

    r.flush();
    r.flush();

    assertEquals(List.of("done", "progress: 99 no newline at the end"), lines);
  }

  @Test
  public void flushWithNothingUnfinishedHandsOnNothing() {
    LineReader r = reader(4096);
    feed(r, "complete\n");

    r.flush();

    assertEquals(List.of("complete"), lines);
  }

  @Test
  public void resetForgetsTheUnfinishedLine() {
    LineReader r = reader(4096);
    feed(r, "progress: 10 from the old fi");

    r.reset();
    feed(r, "progress: 20 new\n");

    assertEquals(List.of("progress: 20 new"), lines);
  }

  @Test
  public void aLineLongerThanTheMaxComesInPiecesOfTheMax() {
    LineReader r = reader(128);

    feed(r, "x".repeat(300) + "\nprogress: 7 next\n");

    assertEquals(
        List.of("x".repeat(128), "x".repeat(128), "x".repeat(44), "progress: 7 next"), lines);
  }

  @Test
  public void aLongLineWrittenInSmallPiecesIsCutAtTheSameMax() {
    LineReader r = reader(128);
    String line = "y".repeat(1000);

    for (int i = 0; i < line.length(); i += 7) {
      feed(r, line.substring(i, Math.min(line.length(), i + 7)));
    }
    feed(r, "\n");

    assertTrue("pieces " + lengths(), lines.stream().allMatch(l -> l.length() <= 128));
    assertEquals(line, String.join("", lines));
    assertEquals(128, lines.get(0).length());
  }

  @Test
  public void aLineOfExactlyTheMaxIsHandedOnWhole() {
    LineReader r = reader(128);

    feed(r, "z".repeat(128) + "\nprogress: 9 after\n");

    assertEquals("z".repeat(128), lines.get(0));
    assertEquals(
        List.of("z".repeat(128), "progress: 9 after"),
        lines.stream().filter(l -> !l.isEmpty()).toList());
  }

  @Test
  public void invalidUtf8BecomesReplacementCharacters() {
    LineReader r = reader(4096);
    byte[] prefix = "progress: 30 caf".getBytes(StandardCharsets.UTF_8);
    byte[] line = Arrays.copyOf(prefix, prefix.length + 4);
    line[prefix.length] = (byte) 0xE9; // Latin-1 é, not UTF-8
    line[prefix.length + 1] = (byte) 0xFF;
    line[prefix.length + 2] = (byte) 0xFE;
    line[prefix.length + 3] = '\n';

    feed(r, line);

    assertEquals(List.of("progress: 30 caf\uFFFD\uFFFD\uFFFD"), lines);
  }

  @Test
  public void aMultiByteCharacterSplitAcrossWritesIsDecodedWhole() {
    LineReader r = reader(4096);
    byte[] e = "é€\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 2 + 3 + 4 bytes

    for (byte b : e) {
      feed(r, b);
    }
    feed(r, (byte) '\n');

    assertEquals(List.of("é€\uD83D\uDE00"), lines);
  }

  @Test
  public void aCharacterCutByThePieceLimitBecomesReplacementCharactersNotAnError() {
    LineReader r = reader(128);
    // 127 ASCII bytes, then a 2-byte character whose first byte ends the first piece.
    feed(r, "a".repeat(127) + "é" + "b\n");

    assertEquals(List.of("a".repeat(127) + "\uFFFD", "\uFFFDb"), lines);
  }

  @Test
  public void a100MiBLineInChunksNeverBuffersMoreThanTheMax() throws Exception {
    int max = 4096;
    long[] pieces = {0};
    long[] chars = {0};
    int[] longest = {0};
    List<String> tail = new ArrayList<>();
    LineReader r =
        new LineReader(
            max,
            l -> {
              if (!l.isEmpty()) {
                pieces[0]++;
              }
              chars[0] += l.length();
              longest[0] = Math.max(longest[0], l.length());
              if (l.startsWith("progress")) {
                tail.add(l);
              }
            });
    byte[] chunk = new byte[64 * 1024 + 3]; // not a multiple of the max
    Arrays.fill(chunk, (byte) 'x');
    long total = 100L * 1024 * 1024;
    int largestBuffer = 0;

    for (long fed = 0; fed < total; fed += chunk.length) {
      int n = (int) Math.min(chunk.length, total - fed);
      r.feed(chunk, 0, n);
      largestBuffer = Math.max(largestBuffer, bufferedCapacity(r));
    }
    feed(r, "\nprogress: 77 after the long line\n");

    assertTrue("buffer grew to " + largestBuffer, largestBuffer <= max);
    assertEquals(max, longest[0]);
    assertEquals(total, chars[0] - "progress: 77 after the long line".length());
    assertEquals("pieces of the long line, then the progress line", total / max + 1, pieces[0]);
    assertEquals(List.of("progress: 77 after the long line"), tail);
  }

  /** The capacity of the reader's buffer for an unfinished line. */
  private static int bufferedCapacity(LineReader r) throws ReflectiveOperationException {
    Field partial = LineReader.class.getDeclaredField("partial");
    partial.setAccessible(true);
    return ((byte[]) partial.get(r)).length;
  }

  private List<Integer> lengths() {
    return lines.stream().map(String::length).toList();
  }
}
