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
 * anyway, and it is cut at the cap. What more than {@code keep} pieces would be made of, and
 * dropped at once by the shift, is not copied: it is rotated out as the oldest file would be. Not
 * thread-safe: used by one rotation at a time, under its follower's owner's lock.
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
  private long skipped;

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

  /** How many bytes were rotated out without being copied, as the shift would have dropped them. */
  long skipped() {
    return skipped;
  }

  /** Moves {@code [from, to)} of {@code source} into the pieces, after what was moved before. */
  void copy(FileChannel source, long from, long to) throws IOException {
    move(new PieceSource.OfFile(source), from, to);
  }

  /** Moves {@code n} bytes of {@code buf} from {@code off} into the pieces. */
  void write(byte[] buf, int off, int n) throws IOException {
    move(new PieceSource.OfMemory(buf), off, off + (long) n);
  }

  private void move(PieceSource source, long from, long to) throws IOException {
    long at = skipDropped(source, from, to);
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

  /**
   * Where moving {@code [from, to)} starts: past what at least {@code keep} newer pieces follow, so
   * that the shift would drop it before the rotation ends (it and what was moved before). The start
   * is a line start within {@code lineMax} bytes before that, if there is one.
   */
  private long skipDropped(PieceSource source, long from, long to) throws IOException {
    long start = to - (long) keep * cap;
    if (start <= from) {
      return from;
    }
    long lineStart = lastLineEnd(source, Math.max(from, start - lineMax), start);
    long begin = lineStart > from ? lineStart : start;
    if (piece != null) {
      size = cap; // what it holds is older than what is skipped: the next byte starts a piece
    }
    skipped += begin - from;
    return begin;
  }

  /** Where the last line within {@code [from, to)} of {@code source} ends, or -1 if none does. */
  private static long lastLineEnd(PieceSource source, long from, long to) throws IOException {
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

  /**
   * Shifts the kept files up one, as far as the first name that is free, and opens a new, empty
   * {@code .1}. A rotation that failed after its shift left {@code .1} free: the next one does not
   * shift the kept files again.
   */
  private void next() throws IOException {
    closePiece();
    int free = 1;
    while (free < keep && Files.exists(rotated(free), LinkOption.NOFOLLOW_LINKS)) {
      free++;
    }
    for (int i = free - 1; i >= 1; i--) {
      // rename(2) moves the entry itself, whatever it is: no link is followed.
      Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
    }
    size = 0;
    try (OpenFile out = files.replace(root, rotated(1))) {
      count++; // made: abandon removes it
      piece = FileChannel.open(out.path(), StandardOpenOption.WRITE);
    }
  }

  /**
   * Removes the rotated files this rotation made, which failed before its truncate (a full disk
   * fails a write more often than the making of a file): the stream still holds what they held, and
   * the next rotation finds their names free and fills them without shifting the kept files again.
   * A kept file that a shift of this rotation dropped stays lost.
   */
  void abandon() throws IOException {
    closePiece();
    for (int i = Math.min(count, keep); i >= 1; i--) {
      Files.deleteIfExists(rotated(i));
    }
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
}
