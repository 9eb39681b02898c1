package org.mesosexec.output;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of one task's lines: read, sent, or dropped (over the rate limit, the buffer full,
 * the destination failing, or the shipper stopped before it could write them). Written by the
 * task's reads and by the shipper's thread, hence atomic.
 */
final class EventCounts {
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong overRate = new AtomicLong();
  private final AtomicLong bufferFull = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong stopped = new AtomicLong();

  /** Counts a line read; its number in the task's output, from 1, which its event carries. */
  long read() {
    return read.incrementAndGet();
  }

  void sent(long events) {
    sent.addAndGet(events);
  }

  void overRate() {
    overRate.incrementAndGet();
  }

  void bufferFull() {
    bufferFull.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void stopped() {
    stopped.incrementAndGet();
  }

  long linesRead() {
    return read.get();
  }

  long eventsSent() {
    return sent.get();
  }

  long dropped() {
    return overRate.get() + bufferFull.get() + failed.get() + stopped.get();
  }

  /** Events neither sent nor dropped yet: waiting in the buffer. */
  long waiting() {
    return Math.max(0, linesRead() - eventsSent() - dropped());
  }

  @Override
  public String toString() {
    return linesRead()
        + " lines read, "
        + eventsSent()
        + " events sent, "
        + dropped()
        + " dropped ("
        + overRate.get()
        + " over the rate limit, "
        + bufferFull.get()
        + " with the buffer full, "
        + failed.get()
        + " failed at the destination, "
        + stopped.get()
        + " with the executor stopping), "
        + waiting()
        + " waiting";
  }
}
