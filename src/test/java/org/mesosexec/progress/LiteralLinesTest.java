package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * The literal search finds exactly the lines (and pieces of long lines) that {@link LineReader}
 * cuts and that hold the literal, however the bytes arrive.
 */
public class LiteralLinesTest {
  private static final byte[] LITERAL = "progress:".getBytes(StandardCharsets.US_ASCII);

  @Test
  public void findsWhatTheLineReaderFindsWhateverTheChunks() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      int max = 16 + random.nextInt(64);
      byte[] data = randomOutput(random, 2000 + random.nextInt(4000));
      List<String> expected = new ArrayList<>();
      LineReader all =
          new LineReader(
              max,
              l -> {
                if (l.contains("progress:")) {
                  expected.add(l);
                }
              });
      List<String> found = new ArrayList<>();
      LiteralLines some = new LiteralLines(max, LITERAL, found::add);
      feedInChunks(all, data, random);
      feedInChunks(some, data, random);
      all.flush();
      some.flush();

      assertEquals("round " + round + ", max " + max, expected, found);
    }
  }

  @Test
  public void aLongLineIsHandedOnInPiecesAndOnlyPiecesWithTheLiteral() {
    List<String> found = new ArrayList<>();
    LiteralLines lines = new LiteralLines(16, LITERAL, found::add);
    byte[] line =
        ("x".repeat(20) + "progress: 5" + "y".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8);

    lines.feed(line, 0, line.length);

    assertEquals(List.of("xxxxprogress: 5y"), found);
  }

  @Test
  public void aLiteralCutByAPieceBoundaryIsNoMatch() {
    List<String> found = new ArrayList<>();
    LiteralLines lines = new LiteralLines(16, LITERAL, found::add);
    byte[] line = ("x".repeat(12) + "progress: 5\n").getBytes(StandardCharsets.UTF_8);

    lines.feed(line, 0, line.length);

    assertFalse(found.stream().anyMatch(l -> l.contains("progress:")));
  }

  private static void feedInChunks(Lines lines, byte[] data, Random random) {
    int off = 0;
    while (off < data.length) {
      int n = Math.min(data.length - off, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
      lines.feed(data, off, n);
      off += n;
    }
  }

  /** Log-like text with progress lines, long lines, near misses, newlines in a row. */
  private static byte[] randomOutput(Random random, int size) {
    String[] parts = {
      "progress: 42 ok",
      "progress:",
      "progres",
      "s: 1",
      "\n",
      "\n\n",
      "abc ",
      "é",
      "progress: 7.5 with a much longer message than the pieces",
      "x".repeat(90),
      "pro"
    };
    StringBuilder sb = new StringBuilder();
    while (sb.length() < size) {
      sb.append(parts[random.nextInt(parts.length)]);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
