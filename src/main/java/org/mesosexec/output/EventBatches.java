package org.mesosexec.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.output.EventBuffer.End;
import org.mesosexec.output.EventBuffer.Item;
import org.mesosexec.output.EventBuffer.Line;

/**
 * What the shipper's thread does with each item it takes: writes a line's event in a batch that
 * counts as sent once flushed, or ends a task by letting go of its appender. Used by that thread
 * only.
 */
final class EventBatches {
  /** The shipper's: these are its messages. */
  private static final Logger LOG = LogManager.getLogger(EventShipper.class);

  private final EventWriter writer;
  private final EventBuffer buffer;

  /** Whose events were written since the appender last flushed, one a event. */
  private final List<EventCounts> pending = new ArrayList<>();

  /**
   * @param buffer what the items come from, looked at to learn whether a batch goes on
   */
  EventBatches(EventWriter writer, EventBuffer buffer) {
    this.writer = Objects.requireNonNull(writer);
    this.buffer = Objects.requireNonNull(buffer);
  }

  /** Ships a line or ends a task; whatever one of them throws, the thread goes on with the next. */
  void take(Item item) {
    try {
      if (item instanceof End end) {
        ended(end.route());
      } else {
        Line line = (Line) item;
        ship(line, !(buffer.peek() instanceof Line next && sameBatch(line, next)));
      }
    } catch (Throwable e) { // an Error too: every later task would lose its end, and its file
      LOG.warn("The event thread goes on after a failure: {}", e.toString());
    }
  }

  /** Lets go of the route's appender, then runs its end, closing its file if Log4j let go of it. */
  void ended(EventRoute route) {
    try {
      writer.release(route);
    } catch (RuntimeException e) {
      LOG.warn("Could not let go of the appender of {}: {}", route.key(), e.toString());
    }
    route.end(EventWriter.released(route));
  }

  /** Counts the batch not flushed yet as failed: its write failed, or the thread stops. */
  void failBatch() {
    pending.forEach(EventCounts::failed);
    pending.clear();
  }

  /** Whether {@code next} may follow {@code line} in the appender's buffer without a flush. */
  private boolean sameBatch(Line line, Line next) {
    return next.route() == line.route() || !writer.toFiles();
  }

  /**
   * Writes a line's event. Events written without a flush wait in the appender's buffer, and are
   * counted sent only once the last of their batch has been flushed; all failed if that throws.
   * With the tasks' own files, a batch is one task's; else it may mix tasks, which one flush ends.
   */
  private void ship(Line line, boolean endOfBatch) {
    EventRoute route = line.route();
    if ((route.refused() && writer.toFiles()) || !writer.hasDestination()) {
      route.counts().failed();
      return;
    }
    pending.add(route.counts());
    try {
      writer.write(
          route
              .maker()
              .event(line.stream(), line.text(), line.part(), line.sequence(), line.time()),
          route,
          endOfBatch);
      if (endOfBatch) {
        pending.forEach(c -> c.sent(1));
        pending.clear();
      }
    } catch (Throwable e) { // an appender configured not to ignore exceptions, or an Error
      failBatch();
      LOG.debug("Events failed at their destination: {}", e.toString());
    }
  }
}
