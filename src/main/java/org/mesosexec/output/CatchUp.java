package org.mesosexec.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The end of one rotation: what the task wrote while the stream was being copied is read into
 * memory, the size looked at again and read again while it grew, and the stream truncated right
 * after a look that found nothing new; only then is the tail moved into the rotated files and
 * handed to the follower. The window in which a line is lost is the one between that look and the
 * truncate: two system calls. The truncate waits for a line end (see {@link #LINE_WAIT_NANOS}).
 *
 * <p>Nothing is handed to the follower before the truncate, so the time to the truncate does not
 * grow with the follower's cost per line, and a rotation that fails before it has handed nothing
 * on. A tail longer than {@link #MEMORY}, or still growing after {@link #ROUNDS} looks, is kept in
 * the rotated files without being read, and counted; so is what the follower does not take after
 * the truncate (it stops taking when the stream must be rotated again). Not thread-safe: one
 * rotation's, under its follower's owner's lock.
 */
final class CatchUp {
  private static final Logger LOG = LogManager.getLogger(CatchUp.class);

  /**
   * The most read for the follower in one rotation: the tail held in memory until the truncate. A
   * longer tail is copied into the rotated files up to the size last seen, and the stream truncated
   * at once, even inside a line: a writer that outruns the follower may outrun a copy too, and
   * looking again after each copy would let the stream grow by as much as each copy moves. What it
   * writes during that copy is lost, as what is written in the window before any truncate.
   */
  static final int MEMORY = 1 << 20;

  /**
   * Looks at the size before giving up on a writer faster than the reads: each read takes what
   * arrived during the one before, far less than it, so a few are enough for any writer a disk
   * keeps up with.
   */
  static final int ROUNDS = 16;

  /**
   * How much of the tail is handed to the follower at a time: it may stop taking between two (see
   * {@link Rotation.Tail}).
   */
  static final int SLICE = 4096;

  /**
   * How long a look that finds the stream ending inside a line looks again before the truncate. A
   * single write of whole lines can be seen in part: the kernel grows the file's size page by page
   * while it copies, and the truncate then waits for the write and cuts its rest, so the line would
   * run into the next one. Such a write ends within microseconds unless its writer is taken off the
   * CPU; a line a writer left open on purpose costs this once per rotation.
   */
  static final long LINE_WAIT_NANOS = 2_000_000;

  private final FileChannel live;
  private final Pieces pieces;
  private final Rotation.Tail tail;
  private final Runnable pause;
  private byte[] held = new byte[64 * 1024];
  private int length;

  /** How much of what is held has been moved into the rotated files already. */
  private int moved;

  /** The last byte read or kept: the stream is truncated only at a line end, if one comes. */
  private byte last;

  CatchUp(FileChannel live, Pieces pieces, Rotation.Tail tail) {
    this(live, pieces, tail, Thread::yield);
  }

  /**
   * @param pause what a look that found a line still open does before the next one
   */
  CatchUp(FileChannel live, Pieces pieces, Rotation.Tail tail, Runnable pause) {
    this.live = Objects.requireNonNull(live);
    this.pieces = Objects.requireNonNull(pieces);
    this.tail = Objects.requireNonNull(tail);
    this.pause = Objects.requireNonNull(pause);
  }

  /**
   * Reads the stream on from {@code readTo}, truncates it and moves what was read.
   *
   * @return what the rotation moved, and how much of it the follower did not read
   * @throws IOException if the rotation failed before the truncate: then nothing was handed on
   */
  Rotation.Moved upAndTruncate(long readTo) throws IOException {
    last = readTo == 0 ? (byte) '\n' : byteAt(readTo - 1);
    long end = readTo;
    long unread = 0;
    long waitUntil = 0;
    for (int round = 0; ; ) {
      long size = live.size();
      if (size <= end) {
        if (last == '\n') {
          break;
        }
        long now = System.nanoTime();
        if (waitUntil == 0) {
          waitUntil = now + LINE_WAIT_NANOS;
        } else if (now - waitUntil >= 0) {
          break; // a line left open (a prompt, a block-buffered writer): its end comes after
        }
        pause.run();
        continue;
      }
      if (round++ == ROUNDS) {
        unread += keepUnread(end, size); // a writer faster than a copy: kept, not read
        end = size;
        break;
      }
      long wanted = Math.min(size - end, MEMORY - length);
      long got = readOn(end, end + wanted);
      end += got;
      if (got < wanted) {
        break; // cut under us: there is no more to read
      }
      if (end < size) { // more than the follower is given in one rotation: kept, not read
        unread += keepUnread(end, size);
        end = size;
        break; // see MEMORY: no chase after a writer that outruns the follower
      }
    }
    live.truncate(0);
    moveHeld();
    unread += handOn();
    return new Rotation.Moved(end, pieces.count(), unread);
  }

  /**
   * Moves {@code [from, to)} into the rotated files, after what is held, without reading it. The
   * catch-up reads nothing after it: what follows could not join what is held.
   */
  private long keepUnread(long from, long to) throws IOException {
    pieces.write(held, moved, length - moved);
    moved = length;
    pieces.copy(live, from, to);
    last = byteAt(to - 1);
    return to - from;
  }

  /**
   * Moves what is held, and not moved yet, into the rotated files. After the truncate: a failure (a
   * full disk) loses it from the files, but not from the follower.
   */
  private void moveHeld() {
    try {
      pieces.write(held, moved, length - moved);
    } catch (IOException e) {
      LOG.warn(
          "Rotating: the last {} bytes could not be written to the rotated files: {}",
          length - moved,
          e.toString());
    }
    moved = length;
  }

  /** Hands what is held to the follower while it takes it; returns how much it did not take. */
  private long handOn() {
    for (int at = 0; at < length; ) {
      int n = Math.min(SLICE, length - at);
      boolean more = tail.feed(held, at, n);
      at += n;
      if (!more) {
        return (long) length - at;
      }
    }
    return 0;
  }

  private byte byteAt(long at) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return live.read(one, at) == 1 ? one.get(0) : (byte) '\n';
  }

  /** Reads {@code [from, to)} into memory; returns how much was there. */
  private long readOn(long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      if (length == held.length) {
        held = Arrays.copyOf(held, Math.min(MEMORY, held.length * 2)); // callers stay within it
      }
      int n =
          live.read(
              ByteBuffer.wrap(held, length, (int) Math.min(held.length - length, to - at)), at);
      if (n <= 0) {
        break;
      }
      length += n;
      at += n;
      last = held[length - 1];
    }
    return at - from;
  }
}
