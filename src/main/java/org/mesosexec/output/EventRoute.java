package org.mesosexec.output;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * One run of one task as the event shipper sees it: how its lines become events, where they are
 * counted, the context its events carry ({@value EventShipper#ROUTE}, unique to the run, and
 * {@value EventShipper#FILE}, its events file), and what is done once its last event has been
 * written. Its maker and {@link #end} are used by one thread at a time; the rest never changes.
 */
final class EventRoute {
  private final String key;
  private final EventMaker maker;
  private final EventCounts counts;
  private final Optional<String> file;
  private final SortedArrayStringMap context = new SortedArrayStringMap(2);
  private final Consumer<Boolean> end;

  /**
   * @param file where Log4j opens the task's events file; empty when the file could not be made,
   *     and then every event of the run is counted as failed
   * @param end run once, after the run's last event has been written and flushed; given whether
   *     Log4j has let go of the file, and its descriptor may be closed (its number, once closed,
   *     may name a later task's file, and a file manager of Log4j still open under that name would
   *     write there)
   */
  EventRoute(
      String key,
      EventMaker maker,
      EventCounts counts,
      Optional<String> file,
      Consumer<Boolean> end) {
    this.key = Objects.requireNonNull(key);
    this.maker = Objects.requireNonNull(maker);
    this.counts = Objects.requireNonNull(counts);
    this.file = Objects.requireNonNull(file);
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
    return file.isEmpty();
  }

  /** Where Log4j opens the run's events file, if it has one. */
  Optional<String> file() {
    return file;
  }

  StringMap context() {
    return context;
  }

  /** Runs the end of the run; {@code released}: Log4j holds its file no longer. */
  void end(boolean released) {
    end.accept(released);
  }
}
