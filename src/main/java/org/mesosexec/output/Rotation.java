package org.mesosexec.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;

/**
 * Rotates one output stream of a running task as Mesos' {@code LogrotateContainerLogger} names its
 * files: {@code stdout.1} is the newest, {@code stdout.N} the oldest kept. The task keeps writing
 * to the same file, opened with {@code O_APPEND}: a rotation copies the file's content into new
 * rotated files of at most the cap each and truncates the file, and the writer's next write lands
 * at the new end. Lines written between the last look at the file's size and the truncate are lost:
 * see {@link CatchUp} for how short that window is. Holds no lock of its own: driven by the file
 * follower that reads the stream, under its owner's lock.
 */
public final class Rotation implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Rotation.class);
  private final FileChannel live;
  private final Object fileKey;
  private final Path file;
  private final Path root;
  private final long maxSize;
  private final int keep;
  private final SandboxFiles files;
  private long rotations;
  private long unread;

  Rotation(
      FileChannel live,
      Object fileKey,
      Path file,
      Path root,
      long maxSize,
      int keep,
      SandboxFiles files) {
    this.live = Objects.requireNonNull(live);
    this.fileKey = fileKey;
    this.file = Objects.requireNonNull(file);
    this.root = Objects.requireNonNull(root);
    this.maxSize = maxSize;
    this.keep = RotationLimits.keep(keep);
    this.files = Objects.requireNonNull(files);
  }

  /**
   * Opens the stream {@code file} for rotation: the regular file under that name, reached without
   * links from {@code root}; empty if there is none.
   */
  public static Optional<Rotation> open(
      Path root, Path file, long maxSize, int keep, SandboxFiles files) throws IOException {
    Optional<OpenFile> opened = files.openRegular(root, file);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (OpenFile f = opened.get()) {
      // The same inode, written through the open file: never whatever the name leads to later.
      FileChannel live =
          FileChannel.open(f.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
      return Optional.of(
          new Rotation(live, f.attributes().fileKey(), file, root, maxSize, keep, files));
    }
  }

  /** The stream's name in the task directory. */
  public Path file() {
    return file;
  }

  /** How many rotations have been made. */
  public long rotations() {
    return rotations;
  }

  /** The cap: no rotated file is larger. */
  public long maxSize() {
    return maxSize;
  }

  /**
   * Whether the stream is due, and {@code followed} (the key of the file the follower reads) is
   * still the stream: a task that replaced its stdout by name is not rotated. It is due {@code
   * lead} bytes before its cap (what it grows by between two looks, so that the next look finds it
   * under the cap), but no earlier than half of it.
   */
  public boolean due(Object followed, long lead) throws IOException {
    return Objects.equals(fileKey, followed)
        && live.size() >= maxSize - Math.min(Math.max(0, lead), maxSize / 2);
  }

  /**
   * Rotates: moves the stream into new rotated files of at most the cap each (see {@link Pieces})
   * and truncates it. What the task wrote after {@code readTo} is read into memory and handed to
   * {@code tail} after the truncate (see {@link CatchUp}), so that the truncate follows the last
   * look at the stream's size at once: a line is lost only if it is written between that look and
   * the truncate.
   *
   * @param readTo where the follower has read the stream to
   * @param lineMax the longest line the follower hands on whole
   * @param tail takes the bytes past {@code readTo}, in order, each once
   * @throws IOException if the rotation failed before the truncate: then {@code tail} was handed
   *     nothing, the follower goes on from {@code readTo}, and the rotated files it made are
   *     removed (see {@link Pieces#abandon})
   */
  public Moved rotate(long readTo, int lineMax, Tail tail) throws IOException {
    try (Pieces pieces = new Pieces(file, root, maxSize, keep, lineMax, files)) {
      Moved moved;
      try {
        pieces.copy(live, 0, readTo); // the slow part, before the catch-up
        moved = new CatchUp(live, pieces, tail).upAndTruncate(readTo);
      } catch (IOException e) {
        abandon(pieces, e);
        throw e;
      }
      rotations++;
      unread += moved.unread();
      LOG.debug(
          "Rotated {}: {} bytes into {} files ({} of them rotated out at once, not copied), {}"
              + " not read for progress and events (what was written during the truncate itself"
              + " is lost and not counted)",
          file,
          moved.bytes(),
          moved.pieces(),
          pieces.skipped(),
          moved.unread());
      return moved;
    }
  }

  private static void abandon(Pieces pieces, IOException failure) {
    try {
      pieces.abandon();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The stream's size now, if {@code followed} (the key of the file the follower reads) is still
   * the stream; empty if not.
   */
  public OptionalLong size(Object followed) throws IOException {
    return Objects.equals(fileKey, followed) ? OptionalLong.of(live.size()) : OptionalLong.empty();
  }

  /**
   * The bytes past where the follower read a stream, read during its rotation: the follower's
   * lines, which must see each byte once and in order. They are handed on after the truncate, a few
   * kilobytes at a time.
   */
  @FunctionalInterface
  public interface Tail {
    /**
     * Takes {@code n} bytes; returns whether it takes more in this rotation. Once it does not, the
     * rest is kept in the rotated files without being read, and counted.
     */
    boolean feed(byte[] buf, int off, int n);
  }

  /**
   * What one rotation did.
   *
   * @param bytes the stream's size at its truncate, as far as the rotation looked: what it moved
   *     into rotated files, or rotated out without copying as the shift would have dropped it
   * @param pieces how many rotated files it made
   * @param unread how many of them the follower did not read: what a writer faster than the
   *     follower left past its budget, or it did not take (see {@link CatchUp}); what is written
   *     between the last look at the size and the truncate itself is lost from the files too, and
   *     cannot be counted
   */
  public record Moved(long bytes, int pieces, long unread) {}

  /** {@code stdout.n}, next to the stream. */
  public Path rotated(int n) {
    return Pieces.rotated(file, n);
  }

  @Override
  public void close() throws IOException {
    if (rotations > 0) {
      LOG.info(
          "{} was rotated {} times; {} bytes were not read for progress and events (what was"
              + " written during a truncate itself is lost and not counted)",
          file,
          rotations,
          unread);
    }
    live.close();
  }
}
