package org.mesosexec.progress;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@link Lines} for a regex that can only match a line holding a literal (the default's {@code
 * progress:}): the bytes are searched for that literal (Boyer-Moore-Horspool, skipping ahead by up
 * to its length), and only the lines, or pieces of long lines, that hold it are found, decoded and
 * handed on. The others are never looked at byte by byte, which is what makes scanning a task's
 * output nearly as cheap as {@code grep}. A line counts exactly as {@link LineReader} cuts it:
 * pieces of {@code maxBytes} bytes, the last piece of the output handed on by {@link #flush}.
 */
final class LiteralLines implements Lines {
  private final int maxBytes;
  private final Consumer<String> lines;
  private final byte[] literal;

  /**
   * How far to skip ahead by the byte under the literal's end: made at the first search, as a task
   * has one per stream it follows (1 KB) and a stream that stays empty needs none.
   */
  private int[] skip;

  /** The unfinished piece of the current line (starting at a piece start), then new input. */
  private byte[] buf = new byte[0];

  private int len;

  LiteralLines(int maxBytes, byte[] literal, Consumer<String> lines) {
    this.maxBytes = maxBytes;
    this.literal = literal.clone();
    this.lines = lines;
  }

  private static int[] skipTable(byte[] literal) {
    int[] skip = new int[256];
    java.util.Arrays.fill(skip, literal.length);
    for (int i = 0; i < literal.length - 1; i++) {
      skip[literal[i] & 0xff] = literal.length - 1 - i;
    }
    return skip;
  }

  @Override
  public void feed(byte[] data, int off, int n) {
    if (buf.length < len + n) {
      byte[] bigger = new byte[Math.max(len + n, Math.min(buf.length * 2, len + n + 65536))];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
    System.arraycopy(data, off, buf, len, n);
    len += n;
    scan(false);
  }

  @Override
  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public void flush() {
    scan(true);
    len = 0;
  }

  @Override
  public void reset() {
    len = 0;
  }

  /**
   * Hands on every complete piece that holds the literal and keeps the unfinished piece at the end
   * (or, with {@code last}, hands it on too). {@code buf[0]} always starts a piece.
   */
  private void scan(boolean last) {
    int start = 0; // a piece start: all before it is done with
    int from = 0;
    int keepFrom = -1;
    for (int hit = find(from, len); hit >= 0; hit = find(from, len)) {
      int pieceStart = pieceStart(hit, start);
      int limit = Math.min(len, pieceStart + maxBytes);
      int end = pieceEnd(hit, pieceStart, limit, last);
      if (end < 0) {
        keepFrom = pieceStart; // unfinished: its end comes with the next bytes
        break;
      }
      if (hit + literal.length <= end) {
        lines.accept(new String(buf, pieceStart, end - pieceStart, StandardCharsets.UTF_8));
        start = end < limit ? end + 1 : end; // past the newline, if the piece ended at one
        from = start;
      } else {
        start = pieceStart; // the literal runs across two pieces: look further on
        from = hit + 1;
      }
    }
    if (last) {
      len = 0;
      return;
    }
    keep(keepFrom >= 0 ? keepFrom : pieceStart(len, start));
  }

  /** Where the piece that holds position {@code pos} starts; {@code start} starts a piece. */
  private int pieceStart(int pos, int start) {
    int nl = lastNewline(pos - 1, start);
    int lineStart = nl >= 0 ? nl + 1 : start;
    return lineStart + ((pos - lineStart) / maxBytes) * maxBytes;
  }

  /**
   * Where the piece from {@code pieceStart} that holds {@code hit} ends: at its newline (before
   * {@code limit}), after {@code maxBytes}, or, with {@code last}, at the end of the output (both
   * {@code limit}); -1 when its end is still to come.
   */
  private int pieceEnd(int hit, int pieceStart, int limit, boolean last) {
    int nl = nextNewline(hit, limit);
    if (nl >= 0) {
      return nl;
    }
    return pieceStart + maxBytes <= len || last ? limit : -1;
  }

  /** Drops the bytes before {@code from}, a piece start. */
  private void keep(int from) {
    System.arraycopy(buf, from, buf, 0, len - from);
    len -= from;
  }

  /** The first position at or after {@code from} where the literal starts, or -1. */
  private int find(int from, int to) {
    if (skip == null) {
      skip = skipTable(literal);
    }
    int last = literal.length - 1;
    int i = from;
    while (i + last < to) {
      byte b = buf[i + last];
      if (b == literal[last]) {
        int j = last - 1;
        while (j >= 0 && buf[i + j] == literal[j]) {
          j--;
        }
        if (j < 0) {
          return i;
        }
      }
      i += skip[b & 0xff];
    }
    return -1;
  }

  private int lastNewline(int from, int downTo) {
    for (int i = from; i >= downTo; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private int nextNewline(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
