package org.mesosexec.output;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.output.EventBuffer.End;
import org.mesosexec.output.EventBuffer.Item;
import org.mesosexec.output.EventBuffer.Line;
import org.mesosexec.output.EventBuffer.Stop;

/**
 * Hands every task's events to Log4j's {@code events} logger, from one bounded buffer and one
 * thread of its own (started with the first event): a slow, full or unreachable destination holds
 * that thread only, never a task's reads or the executor's callbacks; a line that finds the buffer
 * full is dropped and counted, and so is one that comes after {@link #close}. Lines become events
 * on that thread too. Each event carries two context entries that the default configuration routes
 * on: {@value #ROUTE}, unique to one run of one task, and {@value #FILE}, its events file.
 * Thread-safe.
 */
public final class EventShipper implements AutoCloseable {
  /** The logger every event goes to; its appenders are the destination (conf/log4j2.properties). */
  public static final String LOGGER = "events";

  static final String ROUTE = "eventsRoute";
  static final String FILE = "eventsFile";

  private static final Logger LOG = LogManager.getLogger(EventShipper.class);

  /** How long {@link #close} waits for what is still buffered. */
  private static final long CLOSE_MILLIS = 2_000;

  private final EventBuffer buffer;
  private final Supplier<Logger> events;
  private Thread thread;
  private boolean closed;

  /**
   * @param buffer how many events may wait for the destination, all tasks together; their lines may
   *     also take at most a quarter of the heap
   */
  public EventShipper(int buffer) {
    this(buffer, Runtime.getRuntime().maxMemory() / 4, () -> LogManager.getLogger(LOGGER));
  }

  /**
   * @param bytes how many bytes of text the waiting lines may hold, all tasks together
   * @param events the logger to write to, looked up when the first event comes
   */
  EventShipper(int buffer, long bytes, Supplier<Logger> events) {
    this.buffer = new EventBuffer(buffer, bytes);
    this.events = Objects.requireNonNull(events);
  }

  /**
   * Whether events go to each task's own file, as with the default configuration: a task's file is
   * made only then (a Socket destination needs none).
   */
  public boolean toFiles() {
    return Destinations.routed(events.get());
  }

  /** Queues one line of a task without waiting; false, and counted as dropped, when it cannot. */
  synchronized boolean offer(Line line) {
    EventCounts counts = line.route().counts();
    if (closed) {
      counts.stopped();
      return false;
    }
    if (thread == null) {
      thread = new Thread(this::run, "output-events");
      thread.setDaemon(true); // what is still buffered when the executor exits is lost
      thread.start();
    }
    if (buffer.offer(line)) {
      return true;
    }
    counts.bufferFull();
    return false;
  }

  /**
   * A task's lines have ended: its route's end runs once its events before this are written, at
   * once when none can be waiting. Its file is closed only when no thread of Log4j's may write
   * there.
   */
  void end(EventRoute route) {
    Thread running;
    synchronized (this) {
      if (thread != null && !closed) {
        buffer.add(new End(route));
        return;
      }
      running = thread;
    }
    route.end(done(running) && EventWriter.released(route));
  }

  private void run() {
    EventBatches batches = null;
    try {
      EventWriter writer = new EventWriter(events.get());
      if (!writer.hasDestination()) {
        LOG.warn(
            "Logger '{}' has no appender that started: every event will be counted as failed; see"
                + " Log4j's status messages on stderr (a Socket host that does not resolve?)",
            LOGGER);
      }
      batches = new EventBatches(writer, buffer);
      for (Item item = buffer.take(); !(item instanceof Stop); item = buffer.take()) {
        batches.take(item);
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    } finally {
      stopped(batches);
    }
  }

  /**
   * The thread stops, at a {@link Stop} or dying: nothing is shipped any more, a batch left
   * unflushed is counted as failed, lines still waiting as dropped, and waiting ends run.
   */
  private void stopped(EventBatches batches) {
    synchronized (this) {
      closed = true;
    }
    if (batches != null) {
      batches.failBatch();
    }
    for (Item left : buffer.drain()) {
      if (left instanceof End end && batches != null) {
        batches.ended(end.route());
      } else {
        settle(left, true);
      }
    }
  }

  private static void settle(Item left, boolean threadDone) {
    if (left instanceof Line line) {
      line.route().counts().stopped();
    } else if (left instanceof End end) {
      end.route().end(threadDone && EventWriter.released(end.route()));
    }
  }

  private static boolean done(Thread running) {
    return running == null || !running.isAlive();
  }

  /**
   * Writes what is still buffered for at most two seconds, then stops the thread; lines left then
   * (a destination that does not read) are counted as dropped, and the ends of their tasks run
   * (their files stay open if the thread is still writing).
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
    buffer.add(new Stop());
    try {
      running.join(CLOSE_MILLIS);
      running.interrupt();
      running.join(CLOSE_MILLIS / 20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.interrupt();
    }
    for (Item left : buffer.drain()) {
      settle(left, done(running));
    }
  }
}
