package org.mesosexec.output;

import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.routing.RoutingAppender;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.MapMessage;

/**
 * Writes events to the {@code events} logger as Log4j's asynchronous loggers do: each carries its
 * task's context as it is (no copy of a thread's context per event), and the last of a batch is
 * marked as such, which is when Log4j's stream appenders flush (the shipped configurations do not
 * flush after each event: one write to the file or socket per batch, not per event). Used by the
 * shipper's thread only.
 */
final class EventWriter {
  private final Logger logger;

  EventWriter(Logger logger) {
    this.logger = Objects.requireNonNull(logger);
  }

  /** Whether the logger has an appender to write to (see {@link Destinations}). */
  boolean hasDestination() {
    return Destinations.exist(logger);
  }

  /**
   * Whether the logger writes each task's events to its own file (see {@link Destinations}): a task
   * without one is refused then, and a batch is one task's.
   */
  boolean toFiles() {
    return Destinations.routed(logger);
  }

  /**
   * @param endOfBatch true when no event of the same route follows at once: its appender flushes
   */
  void write(Map<String, Object> event, EventRoute route, boolean endOfBatch) {
    MapMessage<?, Object> message = new MapMessage<>(event);
    if (!(logger instanceof org.apache.logging.log4j.core.Logger core)) {
      ThreadContext.putAll(route.context().toMap()); // another Log4j implementation
      logger.info(message);
      return;
    }
    if (!core.isEnabled(Level.INFO)) {
      return;
    }
    LogEvent e =
        Log4jLogEvent.newBuilder()
            .setLoggerName(core.getName())
            .setLoggerFqcn(EventWriter.class.getName())
            .setLevel(Level.INFO)
            .setMessage(message)
            .setContextData(route.context())
            .setEndOfBatch(endOfBatch)
            .setTimeMillis(System.currentTimeMillis())
            .build();
    core.get().getReliabilityStrategy().log(core, e);
  }

  /**
   * Lets go of the appender a Routing appender made for {@code route}, which closes its file: the
   * route's events file may be named by a descriptor number that a later task's file reuses.
   */
  void release(EventRoute route) {
    if (logger instanceof org.apache.logging.log4j.core.Logger core) {
      for (Appender a : core.getAppenders().values()) {
        if (a instanceof RoutingAppender routing) {
          routing.deleteAppender(route.key());
        }
      }
    }
  }

  /**
   * Whether Log4j has no file open under the route's file name (its managers are shared by name):
   * its descriptor may then be closed, and its number reused, without a stale manager writing a
   * later task's events into this task's file.
   */
  static boolean released(EventRoute route) {
    return route.file().map(f -> !AbstractManager.hasManager(f)).orElse(true);
  }
}
