package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;

/** The rotation steps on real files, written through an O_APPEND descriptor as a task's are. */
public class RotationTest {
  private static final int CAP = 64 * 1024;
  private static final int LINE = 4096;
  private static final Rotation.Tail NOTHING = (buf, off, n) -> true;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path stdout;
  private Object key;

  private Rotation rotation(int keep) throws IOException {
    stdout = tmp.getRoot().toPath().resolve("stdout");
    Files.createFile(stdout);
    key = Files.readAttributes(stdout, BasicFileAttributes.class).fileKey();
    return Rotation.open(tmp.getRoot().toPath(), stdout, CAP, keep, SandboxFiles.shared())
        .orElseThrow();
  }

  private static String block(char c) {
    return String.valueOf(c).repeat(CAP - 1) + "\n";
  }

  private String read(String name) throws IOException {
    return Files.readString(stdout.resolveSibling(name), StandardCharsets.UTF_8);
  }

  @Test
  public void rotatesIntoDotOneAndTruncatesTheStreamUnderItsWriter() throws IOException {
    try (Rotation r = rotation(3);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      writer.write(block('a').getBytes(StandardCharsets.US_ASCII));
      assertTrue(r.due(key, 0));
      long size = Files.size(stdout);
      assertEquals(CAP, r.rotate(size, LINE, NOTHING).bytes());
      assertEquals(block('a'), read("stdout.1"));
      assertEquals(0, Files.size(stdout));
      assertFalse(r.due(key, 0));
      writer.write("after\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("after\n", read("stdout")); // the writer's offset followed the truncate
    }
  }

  @Test
  public void dotOneIsTheNewestAndTheOldestBeyondKeepIsDropped() throws IOException {
    try (Rotation r = rotation(2);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      for (char c : new char[] {'a', 'b', 'c'}) {
        writer.write(block(c).getBytes(StandardCharsets.US_ASCII));
        long size = Files.size(stdout);
        r.rotate(size, LINE, NOTHING);
      }
      assertEquals(block('c'), read("stdout.1"));
      assertEquals(block('b'), read("stdout.2"));
      assertFalse(Files.exists(stdout.resolveSibling("stdout.3")));
      assertEquals(3, r.rotations());
    }
  }

  @Test
  public void whatTheCatchUpReadIsCopiedToo() throws IOException {
    String half = "a".repeat(CAP / 2 - 1) + "\n";
    try (Rotation r = rotation(1);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      writer.write(half.getBytes(StandardCharsets.US_ASCII));
      long readTo = Files.size(stdout);
      writer.write("late\n".getBytes(StandardCharsets.US_ASCII)); // after the follower's read
      StringBuilder tail = new StringBuilder();
      Rotation.Moved moved =
          r.rotate(
              readTo,
              LINE,
              (buf, off, n) -> {
                tail.append(new String(buf, off, n, StandardCharsets.US_ASCII));
                return true;
              });
      assertEquals(half + "late\n", read("stdout.1"));
      assertEquals(CAP / 2 + 5, moved.bytes());
      assertEquals("late\n", tail.toString());
      assertEquals(0, moved.unread());
      assertEquals(0, Files.size(stdout));
    }
  }

  @Test
  public void aStreamFarPastItsCapIsCutIntoPiecesOfAtMostTheCapOldestFirst() throws IOException {
    String line = "x".repeat(999) + "\n";
    try (Rotation r = rotation(3);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 200; i++) { // 200,000 bytes: more than three caps of 65,536
        String numbered = String.format("%03d", i) + line.substring(3);
        all.append(numbered);
        writer.write(numbered.getBytes(StandardCharsets.US_ASCII));
      }
      Rotation.Moved moved = r.rotate(Files.size(stdout), LINE, NOTHING);
      assertEquals(4, moved.pieces());
      String kept = read("stdout.3") + read("stdout.2") + read("stdout.1");
      assertTrue("the newest three pieces are kept", all.toString().endsWith(kept));
      for (String name : new String[] {"stdout.3", "stdout.2", "stdout.1"}) {
        String piece = read(name);
        assertTrue(name + ": " + piece.length(), piece.length() <= CAP);
        assertTrue(name + " ends at a line end", piece.endsWith("\n"));
      }
      assertEquals(65 * 1000, read("stdout.2").length()); // as many whole lines as fit the cap
      assertFalse(Files.exists(stdout.resolveSibling("stdout.4")));
    }
  }

  @Test
  public void aStreamReplacedByNameIsNotRotated() throws IOException {
    try (Rotation r = rotation(1);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      writer.write(block('a').getBytes(StandardCharsets.US_ASCII));
      assertFalse(r.due(new Object(), 0));
    }
  }

  @Test
  public void aLinkPlantedAsARotatedNameIsReplacedNotFollowed() throws IOException {
    Path victim = tmp.newFile("victim").toPath();
    Files.writeString(victim, "keep me");
    try (Rotation r = rotation(1);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      Files.createSymbolicLink(stdout.resolveSibling("stdout.1"), victim);
      writer.write(block('a').getBytes(StandardCharsets.US_ASCII));
      long size = Files.size(stdout);
      r.rotate(size, LINE, NOTHING);
      assertEquals("keep me", Files.readString(victim));
      assertEquals(block('a'), read("stdout.1"));
    }
  }
}
