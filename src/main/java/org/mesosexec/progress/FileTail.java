package org.mesosexec.progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;

/**
 * Follows a file by name, as {@code tail -F}: a file that appears late is read from its start, a
 * truncated one from its start again, a replaced one (another inode under the name) from the start
 * of the new file once the old one has been read to its end.
 * Anything that is not a regular file ({@code /dev/null}, a FIFO, a directory) is never read, so
 * it can neither block nor stream forever.
 */
final class FileTail implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private final Path path;
  private final Path root;
  private final Lines lines;
  private boolean warnedOutside;
  private FileChannel channel;
  private Object fileKey;
  private long position;

  /**
   * @param root the directory the file must really be in: a symbolic link out of it (a task
   *     that links its progress file to {@code /etc/shadow}) is never read
   */
  FileTail(Path path, Path root, Lines lines) {
    this.path = Objects.requireNonNull(path);
    this.root = Objects.requireNonNull(root);
    this.lines = Objects.requireNonNull(lines);
  }

  Path path() {
    return path;
  }

  Lines lines() {
    return lines;
  }

  /**
   * Reads what has been written since the last call, at most {@code budget} bytes.
   *
   * @return how many bytes were read
   */
  long poll(long budget) throws IOException {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException notYet) {
      return channel == null ? 0 : readOld(budget);
    }
    if (!now.isRegularFile()) {
      return 0;
    }
    if (channel != null && !Objects.equals(now.fileKey(), fileKey)) {
      long read = readOld(budget); // replaced: finish the old file first
      if (channel != null) {
        return read;
      }
    }
    if (channel == null) {
      try {
        if (!inside()) {
          return 0;
        }
        channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException goneAgain) {
        return 0;
      }
      fileKey = now.fileKey();
      position = 0;
    }
    long size = channel.size();
    if (size < position) {
      position = 0; // truncated: what is there now is new
      lines.reset();
    }
    return read(budget);
  }

  /** Whether the file, links followed, is inside the root; says so in the log once if not. */
  private boolean inside() throws IOException {
    Path real = path.toRealPath();
    if (real.startsWith(root.toRealPath())) {
      return true;
    }
    if (!warnedOutside) {
      warnedOutside = true;
      LogManager.getLogger(FileTail.class).warn("{} leads to {}, outside {}: not read for progress",
          path, real, root);
    }
    return false;
  }

  /** Reads what is left of a file that has been replaced or removed, then lets it go. */
  private long readOld(long budget) throws IOException {
    long read = read(budget);
    if (read < budget) {
      lines.flush();
      close();
    }
    return read;
  }

  private long read(long budget) throws IOException {
    byte[] buf = BUFFERS.get();
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long total = 0;
    while (total < budget) {
      bb.clear();
      bb.limit((int) Math.min(buf.length, budget - total));
      int n = channel.read(bb, position);
      if (n <= 0) {
        break;
      }
      position += n;
      total += n;
      lines.feed(buf, 0, n);
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      fileKey = null;
    }
  }
}
