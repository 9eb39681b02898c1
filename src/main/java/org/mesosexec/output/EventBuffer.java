package org.mesosexec.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event shipper's buffer, in order: lines waiting to become events, up to a number of them and
 * a number of bytes of their text (all tasks together), and the ends of tasks, which always find
 * room so that a task's end follows its last line. A line is kept as read (its event is made when
 * it is shipped): a waiting line costs its text and about a hundred bytes, where a made event cost
 * some two kilobytes. Thread-safe.
 */
final class EventBuffer {
  /** Something the shipper's thread takes in turn. */
  sealed interface Item permits Line, End, Stop {}

  /** One line of a task's output, the {@code sequence}th read, read at {@code time}. */
  record Line(EventRoute route, String stream, String text, int part, long sequence, Instant time)
      implements Item {}

  /** A task's lines end here. */
  record End(EventRoute route) implements Item {}

  /** The shipper stops here. */
  record Stop() implements Item {}

  /**
   * What a waiting line costs besides its text (two bytes a char: a string with a char beyond
   * Latin-1 holds them all in two): the line, its string, its time, its node.
   */
  private static final long OVERHEAD = 128;

  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final int maxLines;
  private final long maxBytes;
  private final AtomicInteger lines = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  EventBuffer(int maxLines, long maxBytes) {
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
  }

  /** Queues a line if there is room for it; false when the buffer is full. */
  boolean offer(Line line) {
    long size = size(line);
    boolean over = lines.incrementAndGet() > maxLines;
    over |= bytes.addAndGet(size) > maxBytes;
    if (over) {
      lines.decrementAndGet();
      bytes.addAndGet(-size);
      return false;
    }
    queue.add(line);
    return true;
  }

  /** Queues a task's end or the shipper's stop, which need no room. */
  void add(Item item) {
    queue.add(Objects.requireNonNull(item));
  }

  Item take() throws InterruptedException {
    return taken(queue.take());
  }

  /** What the next {@link #take} will give, if there is something now. */
  Item peek() {
    return queue.peek();
  }

  /** Takes everything waiting now. */
  List<Item> drain() {
    List<Item> all = new ArrayList<>();
    queue.drainTo(all);
    all.forEach(this::taken);
    return all;
  }

  private Item taken(Item item) {
    if (item instanceof Line line) {
      lines.decrementAndGet();
      bytes.addAndGet(-size(line));
    }
    return item;
  }

  private static long size(Line line) {
    return 2L * line.text().length() + OVERHEAD;
  }
}
