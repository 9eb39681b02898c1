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
   * once when none can be waiting.
   */
  void end(EventRoute route) {
    synchronized (this) {
      if (thread != null && !closed) {
        buffer.add(new End(route));
        return;
      }
    }
    route.end();
  }

  private void run() {
    EventWriter writer = new EventWriter(events.get());
    if (!writer.hasDestination()) {
      LOG.warn(
          "Logger '{}' has no appender that started: every event will be counted as failed; see"
              + " Log4j's status messages on stderr (a Socket host that does not resolve?)",
          LOGGER);
    }
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Item item = buffer.take();
        if (item instanceof Stop) {
          return;
        }
        if (item instanceof End end) {
          ended(writer, end.route());
        } else {
          Line line = (Line) item;
          ship(writer, line, !(buffer.peek() instanceof Line next && next.route() == line.route()));
        }
      }
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets go of the route's appender, then runs its end; the thread goes on whatever happens. */
  private static void ended(EventWriter writer, EventRoute route) {
    try {
      writer.release(route);
    } catch (RuntimeException e) {
      LOG.debug("Could not let go of the appender of {}: {}", route.key(), e.toString());
    } finally {
      route.end();
    }
  }

  private static void ship(EventWriter writer, Line line, boolean endOfBatch) {
    EventRoute route = line.route();
    try {
      if (route.refused() || !writer.hasDestination()) {
        route.counts().failed();
        return;
      }
      writer.write(
          route.maker().event(line.stream(), line.text(), line.part(), line.time()),
          route,
          endOfBatch);
      route.counts().sent();
    } catch (RuntimeException e) { // an appender configured not to ignore exceptions
      route.counts().failed();
      LOG.debug("An event failed at its destination: {}", e.toString());
    }
  }

  /**
   * Writes what is still buffered for at most two seconds, then stops the thread; lines left then
   * (a destination that does not read) are counted as dropped, and the ends of their tasks run.
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.interrupt();
    }
    for (Item left : buffer.drain()) {
      if (left instanceof Line line) {
        line.route().counts().stopped();
      } else if (left instanceof End end) {
        end.route().end();
      }
    }
  }
}
