package org.mesosexec.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;

/**
 * Rotates one output stream of a running task as Mesos' {@code LogrotateContainerLogger} names its
 * files: {@code stdout.1} is the newest, {@code stdout.N} the oldest kept. The task keeps writing
 * to the same file, opened with {@code O_APPEND}: a rotation copies the file's content into a new
 * {@code stdout.1} and truncates the file, and the writer's next write lands at the new end. Lines
 * written between the last look at the file's end and the truncate are lost; the caller reads up to
 * that end just before, so the window is one copy of what arrived since, not one of the file. Holds
 * no lock of its own: driven by the file follower that reads the stream, under its owner's lock.
 */
public final class Rotation implements AutoCloseable {
  private final FileChannel live;
  private final Object fileKey;
  private final Path file;
  private final Path root;
  private final long maxSize;
  private final int keep;
  private final SandboxFiles files;
  private long rotations;

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

  /**
   * Whether the stream has reached its cap, and {@code followed} (the key of the file the follower
   * reads) is still the stream: a task that replaced its stdout by name is not rotated.
   */
  public boolean due(Object followed) throws IOException {
    return Objects.equals(fileKey, followed) && live.size() >= maxSize;
  }

  /**
   * Rotates: shifts the kept files, copies the stream into a new {@code .1} and truncates it.
   *
   * @param readTo where the follower has read the stream to
   * @param catchUp reads the stream on to its end right before the truncate; returns where it
   *     ended: what is written after that is lost
   * @return how many bytes the new {@code .1} holds
   */
  public long rotate(long readTo, LongSupplier catchUp) throws IOException {
    shift();
    Path newest = rotated(1);
    try (OpenFile out = files.replace(root, newest);
        FileChannel copy = FileChannel.open(out.path(), StandardOpenOption.WRITE)) {
      long copied = copy(copy, 0, readTo); // the slow part, before the catch-up
      long end = catchUp.getAsLong();
      copied += copy(copy, readTo, end);
      live.truncate(0);
      rotations++;
      return copied;
    }
  }

  private long copy(FileChannel to, long from, long end) throws IOException {
    long position = from;
    while (position < end) {
      long n = live.transferTo(position, end - position, to);
      if (n <= 0) {
        break; // the file was cut under us: what is gone is gone
      }
      position += n;
    }
    return position - from;
  }

  /** {@code .keep-1} becomes {@code .keep} (the oldest is replaced), down to {@code .1}. */
  private void shift() throws IOException {
    for (int i = keep - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        // rename(2) moves the entry itself, whatever it is: no link is followed.
        Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** {@code stdout.n}, next to the stream. */
  public Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public void close() throws IOException {
    live.close();
  }
}
