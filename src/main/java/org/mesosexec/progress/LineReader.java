package org.mesosexec.progress;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@link Lines} that hands on every line: for a regex with no literal text every line must be
 * tried, and every line is an output event. Lines are at most {@code maxBytes} bytes; a piece may
 * split a character, and then each side gets one U+FFFD.
 */
final class LineReader implements Lines {
  /** Takes each line, and which piece of a longer line it is. */
  @FunctionalInterface
  interface Sink {
    /** Takes {@code line}: whole if {@code part} is 0, else the part-th piece of a long one. */
    void line(String line, int part);
  }

  private final int maxBytes;
  private final Sink lines;
  private byte[] partial = new byte[0];
  private int partialLength;

  /** The pieces of the current line handed on so far. */
  private int parts;

  LineReader(int maxBytes, Consumer<String> lines) {
    this((line, part) -> lines.accept(line), maxBytes);
  }

  private LineReader(Sink lines, int maxBytes) {
    this.maxBytes = maxBytes;
    this.lines = lines;
  }

  /** A reader that tells its sink which piece of a long line each line is. */
  static LineReader withParts(int maxBytes, Sink lines) {
    return new LineReader(lines, maxBytes);
  }

  @Override
  public void feed(byte[] buf, int off, int n) {
    int start = off;
    int end = off + n;
    for (int i = off; i < end; i++) {
      if (buf[i] == '\n') {
        emit(buf, start, i - start, parts == 0 ? 0 : parts + 1);
        parts = 0;
        start = i + 1;
      } else if (partialLength + (i + 1 - start) >= maxBytes) {
        emit(buf, start, i + 1 - start, ++parts); // a full piece of a long line
        start = i + 1;
      }
    }
    keep(buf, start, end - start);
  }

  @Override
  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public void flush() {
    if (partialLength > 0) {
      emit(new byte[0], 0, 0, parts == 0 ? 0 : parts + 1);
    }
    parts = 0;
  }

  @Override
  public void reset() {
    partialLength = 0;
    parts = 0;
  }

  private void emit(byte[] buf, int off, int n, int part) {
    String line;
    if (partialLength == 0) {
      line = new String(buf, off, n, StandardCharsets.UTF_8);
    } else {
      keep(buf, off, n);
      line = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
      partialLength = 0;
    }
    lines.line(line, part);
  }

  private void keep(byte[] buf, int off, int n) {
    if (n == 0) {
      return;
    }
    if (partial.length < partialLength + n) {
      byte[] bigger = new byte[Math.min(maxBytes, Math.max(partialLength + n, partial.length * 2))];
      System.arraycopy(partial, 0, bigger, 0, partialLength);
      partial = bigger;
    }
    System.arraycopy(buf, off, partial, partialLength, n);
    partialLength += n;
  }
}
