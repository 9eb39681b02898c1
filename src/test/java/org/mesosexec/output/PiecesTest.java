package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;

/** How a rotation cuts what it moves out of a stream into rotated files. */
public class PiecesTest {
  private static final int CAP = 100;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path stdout() {
    return tmp.getRoot().toPath().resolve("stdout");
  }

  private Pieces pieces(int keep, int lineMax) {
    return new Pieces(stdout(), tmp.getRoot().toPath(), CAP, keep, lineMax, SandboxFiles.shared());
  }

  private String read(int n) throws IOException {
    return Files.readString(Pieces.rotated(stdout(), n), StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  public void eachPieceEndsAtTheLastLineEndWithinTheCap() throws IOException {
    String line = "x".repeat(29) + "\n"; // three fit in a cap of 100, not four
    try (Pieces p = pieces(5, 50)) {
      p.write(ascii(line.repeat(7)), 0, 7 * 30);
      assertEquals(3, p.count());
    }
    assertEquals(line.repeat(3), read(3));
    assertEquals(line.repeat(3), read(2));
    assertEquals(line, read(1));
  }

  @Test
  public void aLineLongerThanTheFollowersLineCapIsCutAtTheCap() throws IOException {
    String longLine = "y".repeat(250) + "\n";
    try (Pieces p = pieces(5, 50)) {
      p.write(ascii("short\n" + longLine), 0, 6 + 251);
    }
    // the short line fits with the long one's first 94 bytes: no line end in the last 50 of them
    assertEquals("short\n" + "y".repeat(94), read(3));
    assertEquals("y".repeat(100), read(2));
    assertEquals("y".repeat(56) + "\n", read(1));
  }

  @Test
  public void aLineNoLongerThanTheLineCapStartsTheNextPieceWhole() throws IOException {
    try (Pieces p = pieces(5, 50)) {
      p.write(ascii("a".repeat(59) + "\n"), 0, 60);
      p.write(ascii("b".repeat(45) + "\n"), 0, 46); // passes the cap with no line end before it
    }
    assertEquals("a".repeat(59) + "\n", read(2));
    assertEquals("b".repeat(45) + "\n", read(1));
  }

  @Test
  public void aRegionOfTheStreamAndItsTailInMemoryAreOneSequence() throws IOException {
    Path stream = Files.writeString(tmp.newFile("live").toPath(), "1\n2\n".repeat(40));
    try (Pieces p = pieces(5, 50);
        FileChannel live = FileChannel.open(stream, StandardOpenOption.READ)) {
      p.copy(live, 0, live.size());
      p.write(ascii("3\n".repeat(20)), 0, 40);
    }
    assertEquals("1\n2\n".repeat(25), read(2));
    assertEquals("1\n2\n".repeat(15) + "3\n".repeat(20), read(1));
  }

  @Test
  public void piecesBeyondKeepExpireOldestFirst() throws IOException {
    try (Pieces p = pieces(2, 50)) {
      for (char c : "abcd".toCharArray()) {
        p.write(ascii(String.valueOf(c).repeat(99) + "\n"), 0, 100);
      }
      assertEquals(4, p.count());
    }
    assertEquals("c".repeat(99) + "\n", read(2));
    assertEquals("d".repeat(99) + "\n", read(1));
    assertFalse(Files.exists(Pieces.rotated(stdout(), 3)));
  }

  /** Twenty numbered lines of 30 bytes. */
  private Path numberedStream() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      all.append(String.format("%02d", i)).append("x".repeat(27)).append('\n');
    }
    return Files.writeString(tmp.newFile("live").toPath(), all);
  }

  @Test
  public void whatTheShiftWouldDropAtOnceIsNotCopied() throws IOException {
    Path stream = numberedStream(); // 600 bytes: six caps of 100, keep 2
    Files.writeString(Pieces.rotated(stdout(), 1), "older\n");
    try (Pieces p = pieces(2, 50);
        FileChannel live = FileChannel.open(stream, StandardOpenOption.READ)) {
      p.copy(live, 0, live.size());
      assertEquals("pieces made", 3, p.count()); // not 7: the first four would be dropped at once
      assertEquals(390, p.skipped()); // the last 200 bytes, from the line start before them
    }
    String kept = read(2) + read(1);
    assertEquals(Files.readString(stream).substring(480), kept);
    assertEquals("16", read(2).substring(0, 2));
    assertFalse(Files.exists(Pieces.rotated(stdout(), 3)));
  }

  @Test
  public void aMissingDotOneIsFilledWithoutShiftingTheKeptFiles() throws IOException {
    // What a rotation that failed after its shift leaves: .1 free, the kept files above it.
    Files.writeString(Pieces.rotated(stdout(), 2), "b\n");
    Files.writeString(Pieces.rotated(stdout(), 3), "a\n");
    try (Pieces p = pieces(3, 50)) {
      p.write(ascii("c\n"), 0, 2);
    }
    assertEquals("c\n", read(1));
    assertEquals("b\n", read(2));
    assertEquals("a\n", read(3));
  }
}
