package org.mesosexec.progress;

/**
 * Cuts a byte stream into lines of at most a number of bytes (a longer line is handed on in pieces,
 * so memory stays bounded whatever the task writes) and hands on, decoded as UTF-8 with U+FFFD for
 * what is not UTF-8, the ones that may report progress.
 */
interface Lines {
  /** Feeds {@code n} bytes; every complete line (or full piece) that may matter is handed on. */
  void feed(byte[] buf, int off, int n);

  /** Hands on what is left of an unfinished last line (at the end of the output). */
  void flush();

  /** The longest line handed on whole; a longer one is handed on in pieces of this size. */
  int maxBytes();

  /** Forgets an unfinished line (the file was truncated or replaced). */
  void reset();
}
