package org.mesosexec.progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;

/**
 * Follows a file by name, as {@code tail -F}: a file that appears late is read from its start, a
 * truncated one from its start again, a replaced one (another inode under the name) from the start
 * of the new file once the old one has been read to its end. The file is reached from the root
 * without following any link, and opened without blocking; what was opened is then checked:
 * anything that is not a regular file ({@code /dev/null}, a FIFO, a directory, a link) is never
 * read, so it can neither block nor stream forever, and a file swapped under the name between a
 * check and the open cannot slip through.
 *
 * <p>A stream with a {@link Rotation} is rotated here, by its {@link StreamRotator}, which also
 * bounds the time a look spends reading it.
 */
final class FileTail implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  /** What a look reads of a rotated stream between two questions whether to stop. */
  private static final int SLICE = 4096;

  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private final Path path;
  private final Path root;
  private final Lines lines;
  private final SandboxFiles files;
  private Optional<StreamRotator> rotator = Optional.empty();
  private FileChannel channel;
  private Object fileKey;
  private long position;
  private Urgency urgency = Urgency.REGULAR;

  /**
   * @param root the directory the file is reached from: no link below it is followed (a task that
   *     links its progress file to {@code /etc/shadow} gets nothing read)
   */
  FileTail(Path path, Path root, Lines lines) {
    this(path, root, lines, SandboxFiles.shared());
  }

  FileTail(Path path, Path root, Lines lines, SandboxFiles files) {
    this.path = Objects.requireNonNull(path);
    this.root = Objects.requireNonNull(root);
    this.lines = Objects.requireNonNull(lines);
    this.files = Objects.requireNonNull(files);
  }

  /**
   * Rotates the followed file with {@code rotation} from now on; closed with this tail.
   *
   * @param ticker the time within a look, in nanoseconds, that bounds its reading
   */
  void rotateWith(Rotation rotation, LongSupplier ticker) {
    this.rotator = Optional.of(new StreamRotator(rotation, ticker));
  }

  Path path() {
    return path;
  }

  Lines lines() {
    return lines;
  }

  /** As {@link #poll(long, long)}, at the JVM's time: for callers without the executor's clock. */
  long poll(long budget) throws IOException {
    return poll(budget, System.nanoTime());
  }

  /**
   * Reads what has been written since the last call, at most {@code budget} bytes, and rotates the
   * stream if it is due; {@code now} is the time of the look, in nanoseconds.
   *
   * @return how many bytes were read
   */
  long poll(long budget, long now) throws IOException {
    urgency = Urgency.REGULAR;
    if (channel != null && !stillNamed()) {
      long read = readOld(budget); // replaced or removed: finish the old file first
      if (channel != null) {
        return read;
      }
    }
    if (channel == null && !open()) {
      return 0;
    }
    long size = channel.size();
    if (size < position) {
      position = 0; // truncated: what is there now is new
      lines.reset();
    }
    if (rotator.isEmpty()) {
      return read(budget, false);
    }
    // The rotation reads on from where this read stops and hands what it reads to the lines, so
    // every byte is read once, and the reading goes on from the start of the truncated file.
    StreamRotator r = rotator.get();
    r.looked(fileKey, size, now);
    long read = read(budget, true);
    position = r.rotateIfDue(position, size, lines);
    urgency = r.urgency();
    return read;
  }

  /** How soon the file wants its next look, after the last poll. */
  Urgency urgency() {
    return urgency;
  }

  /**
   * Whether the name still leads to the open file. Only a look at the name (no open, no link
   * followed at its end): what it finds decides nothing but when to let the old file go.
   */
  private boolean stillNamed() throws IOException {
    try {
      return Objects.equals(
          fileKey,
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey());
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  /** Opens the file under the name now, if it is a regular file reached without links. */
  private boolean open() throws IOException {
    Optional<OpenFile> opened = files.openRegular(root, path);
    if (opened.isEmpty()) {
      return false;
    }
    try (OpenFile file = opened.get()) {
      fileKey = file.attributes().fileKey();
      channel = FileChannel.open(file.path(), StandardOpenOption.READ); // the same inode
    }
    position = 0;
    return true;
  }

  /** Reads what is left of a file that has been replaced or removed, then lets it go. */
  private long readOld(long budget) throws IOException {
    long read = read(budget, false);
    if (read < budget) {
      lines.flush();
      letGo();
    }
    return read;
  }

  /**
   * Reads on, at most {@code budget} bytes; {@code rotated}: in slices, until the rotator stops it.
   */
  private long read(long budget, boolean rotated) throws IOException {
    byte[] buf = BUFFERS.get();
    ByteBuffer bb = ByteBuffer.wrap(buf);
    int chunk = rotated ? SLICE : buf.length;
    long total = 0;
    while (total < budget) {
      bb.clear();
      bb.limit((int) Math.min(chunk, budget - total));
      int n = channel.read(bb, position);
      if (n <= 0) {
        break;
      }
      position += n;
      total += n;
      lines.feed(buf, 0, n);
      if (rotated && rotator.get().stopReading()) {
        break;
      }
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (rotator.isPresent()) {
      rotator.get().close();
    }
    letGo();
  }

  private void letGo() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      fileKey = null;
    }
  }
}
