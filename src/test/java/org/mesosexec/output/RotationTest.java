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
      assertTrue(r.due(key));
      long size = Files.size(stdout);
      assertEquals(CAP, r.rotate(size, () -> size));
      assertEquals(block('a'), read("stdout.1"));
      assertEquals(0, Files.size(stdout));
      assertFalse(r.due(key));
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
        r.rotate(size, () -> size);
      }
      assertEquals(block('c'), read("stdout.1"));
      assertEquals(block('b'), read("stdout.2"));
      assertFalse(Files.exists(stdout.resolveSibling("stdout.3")));
      assertEquals(3, r.rotations());
    }
  }

  @Test
  public void whatTheCatchUpReadIsCopiedToo() throws IOException {
    try (Rotation r = rotation(1);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      writer.write(block('a').getBytes(StandardCharsets.US_ASCII));
      long readTo = Files.size(stdout);
      long copied =
          r.rotate(
              readTo,
              () -> {
                try {
                  writer.write("late\n".getBytes(StandardCharsets.US_ASCII));
                  return Files.size(stdout);
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              });
      assertEquals(block('a') + "late\n", read("stdout.1"));
      assertEquals(CAP + 5, copied);
    }
  }

  @Test
  public void aStreamReplacedByNameIsNotRotated() throws IOException {
    try (Rotation r = rotation(1);
        FileOutputStream writer = new FileOutputStream(stdout.toFile(), true)) {
      writer.write(block('a').getBytes(StandardCharsets.US_ASCII));
      assertFalse(r.due(new Object()));
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
      r.rotate(size, () -> size);
      assertEquals("keep me", Files.readString(victim));
      assertEquals(block('a'), read("stdout.1"));
    }
  }
}
