package org.mesosexec.output;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * Hands every task's events to Log4j's {@code events} logger, from one bounded buffer and one
 * thread of its own (started with the first event): a slow, full or unreachable destination holds
 * that thread only, never a task's reads or the executor's callbacks; what finds the buffer full is
 * dropped and counted. Each event carries two context entries that the default configuration routes
 * on: {@value #ROUTE}, unique to one run of one task, and {@value #FILE}, its events file.
 * Thread-safe.
 */
public final class EventShipper implements AutoCloseable {
  /** The logger every event goes to; its appenders are the destination (conf/log4j2.properties). */
  public static final String LOGGER = "events";

  static final String ROUTE = "eventsRoute";
  static final String FILE = "eventsFile";

  private static final Logger LOG = LogManager.getLogger(EventShipper.class);

  private record Queued(Map<String, Object> event, EventCounts counts, String route, String file) {}

  /** Put last by {@link #close}: what was queued before it is written first. */
  private static final Queued END = new Queued(Map.of(), new EventCounts(), "", "");

  /** How long {@link #close} waits for what is still buffered. */
  private static final long CLOSE_MILLIS = 2_000;

  private final BlockingQueue<Queued> buffer;
  private final Supplier<Logger> events;
  private Thread thread;
  private boolean closed;

  /**
   * @param buffer how many events may wait for the destination, all tasks together
   */
  public EventShipper(int buffer) {
    this(buffer, () -> LogManager.getLogger(LOGGER));
  }

  /**
   * @param events the logger to write to, looked up when the first event comes
   */
  EventShipper(int buffer, Supplier<Logger> events) {
    this.buffer = new ArrayBlockingQueue<>(buffer);
    this.events = Objects.requireNonNull(events);
  }

  /**
   * Queues one event without waiting; false, and counted as dropped, when the buffer is full.
   *
   * @param route the task run's key (see {@link #ROUTE})
   * @param file the task run's events file
   */
  boolean offer(Map<String, Object> event, EventCounts counts, String route, String file) {
    start();
    if (buffer.offer(new Queued(event, counts, route, file))) {
      return true;
    }
    counts.bufferFull();
    return false;
  }

  private synchronized void start() {
    if (thread == null && !closed) {
      thread = new Thread(this::run, "output-events");
      thread.setDaemon(true); // what is still buffered when the executor exits is lost
      thread.start();
    }
  }

  private void run() {
    Logger events = this.events.get();
    if (!Destinations.exist(events)) {
      LOG.warn(
          "Logger '{}' has no appender that started: every event will be counted as failed; see"
              + " Log4j's status messages on stderr (a Socket host that does not resolve?)",
          LOGGER);
    }
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Queued q = buffer.take();
        @SuppressWarnings("ReferenceEquality") // the one instance: records compare by value
        boolean end = q == END;
        if (end) {
          return;
        }
        ship(events, q);
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    }
  }

  private static void ship(Logger events, Queued q) {
    if (!q.route().equals(ThreadContext.get(ROUTE))) {
      ThreadContext.put(ROUTE, q.route());
      ThreadContext.put(FILE, q.file());
    }
    try {
      if (!Destinations.exist(events)) {
        q.counts().failed();
        return;
      }
      events.info(new MapMessage<>(q.event()));
      q.counts().sent();
    } catch (RuntimeException e) { // an appender configured not to ignore exceptions
      q.counts().failed();
      LOG.debug("An event failed at its destination: {}", e.toString());
    }
  }

  /**
   * Writes what is still buffered for at most two seconds, then stops the thread; what is left then
   * (a destination that does not read) is lost.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    if (running == null) {
      return;
    }
    try {
      // A full buffer is when events wait most: the end marker waits for room within the budget.
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_MILLIS);
      if (buffer.offer(END, CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
        running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.interrupt();
    }
  }
}
