package org.mesosexec.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;

/**
 * The rotated files one rotation writes: what it moves out of the stream is cut into pieces of at
 * most the cap each, oldest first, each piece a new {@code stdout.1} after the older files have
 * been shifted up one ({@code stdout.N}, the oldest kept, is dropped by the shift). A piece ends at
 * the last line end within the cap; a line that does not end within the last {@code lineMax} bytes
 * before the cap is longer than the follower's line cap, so the follower hands it on in parts
 * anyway, and it is cut at the cap. Not thread-safe: used by one rotation at a time, under its
 * follower's owner's lock.
 */
final class Pieces implements AutoCloseable {
  private static final int SCAN = 64 * 1024;

  private final Path file;
  private final Path root;
  private final long cap;
  private final int keep;
  private final int lineMax;
  private final SandboxFiles files;
  private FileChannel piece;
  private long size;
  private int count;

  /**
   * @param lineMax the longest line the follower hands on whole: a line no longer than it is never
   *     cut between two pieces it could fit in
   */
  Pieces(Path file, Path root, long cap, int keep, int lineMax, SandboxFiles files) {
    this.file = Objects.requireNonNull(file);
    this.root = Objects.requireNonNull(root);
    this.cap = cap;
    this.keep = keep;
    this.lineMax = (int) Math.max(1, Math.min(lineMax, cap));
    this.files = Objects.requireNonNull(files);
  }

  /** How many pieces have been started. */
  int count() {
    return count;
  }

  /** Moves {@code [from, to)} of {@code source} into the pieces, after what was moved before. */
  void copy(FileChannel source, long from, long to) throws IOException {
    move(new FileSource(source), from, to);
  }

  /** Moves {@code n} bytes of {@code buf} from {@code off} into the pieces. */
  void write(byte[] buf, int off, int n) throws IOException {
    move(new MemorySource(buf), off, off + (long) n);
  }

  private void move(Source source, long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      if (piece == null || size == cap) {
        next();
      }
      long room = cap - size;
      long n = Math.min(room, to - at);
      if (n < to - at) {
        long cut = lastLineEnd(source, Math.max(at, at + room - lineMax), at + room);
        n = cut >= 0 ? cut - at : room >= lineMax ? room : 0; // 0: the line starts the next piece
      }
      source.transfer(at, n, piece);
      at += n;
      size += n;
      if (at < to) {
        size = cap; // full: what is left goes into the next piece
      }
    }
  }

  /** Where the last line within {@code [from, to)} of {@code source} ends, or -1 if none does. */
  private static long lastLineEnd(Source source, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(SCAN, to - from));
    for (long end = to; end > from; ) {
      long start = Math.max(from, end - buf.capacity());
      buf.clear().limit((int) (end - start));
      source.read(start, buf);
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return -1;
  }

  /** Shifts the kept files up one and opens a new, empty {@code .1}. */
  private void next() throws IOException {
    closePiece();
    for (int i = keep - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
        // rename(2) moves the entry itself, whatever it is: no link is followed.
        Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (OpenFile out = files.replace(root, rotated(1))) {
      piece = FileChannel.open(out.path(), StandardOpenOption.WRITE);
    }
    size = 0;
    count++;
  }

  private Path rotated(int n) {
    return rotated(file, n);
  }

  /** {@code stdout.n}, next to the stream {@code file}. */
  static Path rotated(Path file, int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  private void closePiece() throws IOException {
    if (piece != null) {
      piece.close();
      piece = null;
    }
  }

  @Override
  public void close() throws IOException {
    closePiece();
  }

  /** The bytes being moved: a region of the stream, or its tail read into memory. */
  private interface Source {
    /** Fills {@code into} from {@code at}, to its limit or the end of the source. */
    void read(long at, ByteBuffer into) throws IOException;

    /** Appends {@code n} bytes from {@code at} to {@code to}; fewer if the source was cut. */
    void transfer(long at, long n, FileChannel to) throws IOException;
  }

  private record FileSource(FileChannel channel) implements Source {
    @Override
    public void read(long at, ByteBuffer into) throws IOException {
      while (into.hasRemaining() && channel.read(into, at + into.position()) > 0) {
        // reads on to the limit
      }
    }

    @Override
    public void transfer(long at, long n, FileChannel to) throws IOException {
      for (long done = 0; done < n; ) {
        long moved = channel.transferTo(at + done, n - done, to);
        if (moved <= 0) {
          return; // the stream was cut under us: what is gone is gone
        }
        done += moved;
      }
    }
  }

  private static final class MemorySource implements Source {
    private final byte[] buf;

    MemorySource(byte[] buf) {
      this.buf = buf;
    }

    @Override
    public void read(long at, ByteBuffer into) {
      into.put(buf, (int) at, into.remaining());
    }

    @Override
    public void transfer(long at, long n, FileChannel to) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap(buf, (int) at, (int) n);
      while (bytes.hasRemaining()) {
        to.write(bytes);
      }
    }
  }
}
