package org.mesosexec.progress;

/**
 * Where every line of a task's stdout and stderr goes besides progress: its output events. The
 * lines come from the same read as progress, so a task's output is read once whatever follows it.
 * Called on a worker under the tracker's lock: an implementation returns at once, never blocks.
 */
public interface OutputLines {
  /**
   * One line the task wrote, without its newline.
   *
   * @param stream {@code stdout} or {@code stderr}
   * @param part 0 for a whole line; 1, 2, ... for the pieces of a line cut at the line cap
   */
  void line(String stream, String text, int part);

  /** A poll has ended: a chance to report what was done so far. */
  void polled();

  /** The output will not be read further (the task's end, or it never ran). */
  void ended();
}
