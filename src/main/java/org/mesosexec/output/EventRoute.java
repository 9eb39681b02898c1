package org.mesosexec.output;

import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * One run of one task as the event shipper sees it: how its lines become events, where they are
 * counted, the context its events carry ({@value EventShipper#ROUTE}, unique to the run, and
 * {@value EventShipper#FILE}, its events file), and what is done once its last event has been
 * written. Its maker is used by the shipper's thread only; the rest never changes.
 */
final class EventRoute {
  private final String key;
  private final EventMaker maker;
  private final EventCounts counts;
  private final boolean refused;
  private final SortedArrayStringMap context = new SortedArrayStringMap(2);
  private final Runnable end;

  /**
   * @param file where Log4j opens the task's events file; empty when the file could not be made,
   *     and then every event of the run is counted as failed
   * @param end run once, after the run's last event has been written and flushed
   */
  EventRoute(
      String key, EventMaker maker, EventCounts counts, Optional<String> file, Runnable end) {
    this.key = Objects.requireNonNull(key);
    this.maker = Objects.requireNonNull(maker);
    this.counts = Objects.requireNonNull(counts);
    this.refused = file.isEmpty();
    this.end = Objects.requireNonNull(end);
    context.putValue(EventShipper.ROUTE, key);
    context.putValue(EventShipper.FILE, file.orElse(""));
    context.freeze();
  }

  String key() {
    return key;
  }

  EventMaker maker() {
    return maker;
  }

  EventCounts counts() {
    return counts;
  }

  /** Whether the run has no events file to write to (see the constructor). */
  boolean refused() {
    return refused;
  }

  StringMap context() {
    return context;
  }

  void end() {
    end.run();
  }
}
