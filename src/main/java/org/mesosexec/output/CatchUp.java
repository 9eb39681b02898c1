package org.mesosexec.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * The end of one rotation: what the task wrote while the stream was being copied is read into
 * memory, the size looked at again and read again while it grew, and the stream truncated right
 * after a look that found nothing new; only then is the tail moved into the rotated files and
 * handed to the follower. The window in which a line is lost is the one between that look and the
 * truncate: two system calls. A writer faster than the follower's reads is kept in the rotated
 * files past {@link #READ_BUDGET} without being read, and counted. Not thread-safe: one rotation's,
 * under its follower's owner's lock.
 */
final class CatchUp {
  /** The tail held in memory until the truncate; a longer one is moved before it. */
  static final int MEMORY = 1 << 20;

  /**
   * Looks at the size before giving up on a writer faster than the reads: each read takes what
   * arrived during the one before, far less than it, so a few are enough for any writer a disk
   * keeps up with.
   */
  static final int ROUNDS = 16;

  /**
   * The most read for the follower in one rotation: lines are handed on as they are read, under the
   * follower's owner's lock, so a writer faster than the follower must not hold it without a bound.
   */
  static final long READ_BUDGET = 4L * 1024 * 1024;

  private final FileChannel live;
  private final Pieces pieces;
  private final Rotation.Tail tail;
  private byte[] held = new byte[64 * 1024];
  private int length;

  CatchUp(FileChannel live, Pieces pieces, Rotation.Tail tail) {
    this.live = Objects.requireNonNull(live);
    this.pieces = Objects.requireNonNull(pieces);
    this.tail = Objects.requireNonNull(tail);
  }

  /**
   * Reads the stream on from {@code readTo}, truncates it and moves what was read.
   *
   * @return what the rotation moved, and how much of it the follower did not read
   */
  Rotation.Moved upAndTruncate(long readTo) throws IOException {
    long end = readTo;
    long unread = 0;
    long readLeft = READ_BUDGET;
    for (int round = 0; ; round++) {
      long size = live.size();
      if (size <= end) {
        break;
      }
      if (round == ROUNDS) {
        unread += size - end; // neither read nor kept: a writer faster than a copy
        break;
      }
      long wanted = Math.min(size - end, readLeft);
      long got = readOn(end, end + wanted);
      end += got;
      readLeft -= got;
      if (got < wanted) {
        break; // cut under us: there is no more to read
      }
      if (end < size) { // a writer faster than the follower: kept in the files, not read
        pass();
        pieces.copy(live, end, size);
        unread += size - end;
        end = size;
      }
    }
    live.truncate(0);
    pass();
    return new Rotation.Moved(end, pieces.count(), unread);
  }

  /** Reads {@code [from, to)} into memory; returns how much was there. */
  private long readOn(long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      if (length == held.length) {
        if (held.length < MEMORY) {
          held = Arrays.copyOf(held, Math.min(MEMORY, held.length * 2));
        } else {
          pass(); // before the truncate: this part is not lost either way
        }
      }
      int n =
          live.read(
              ByteBuffer.wrap(held, length, (int) Math.min(held.length - length, to - at)), at);
      if (n <= 0) {
        break;
      }
      length += n;
      at += n;
    }
    return at - from;
  }

  /** Moves what is held into the rotated files and hands it to the follower. */
  private void pass() throws IOException {
    pieces.write(held, 0, length);
    tail.feed(held, 0, length);
    length = 0;
  }
}
