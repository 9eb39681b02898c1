package org.mesosexec.output;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes one task's events from its lines: the line's own fields (or the line as {@code message}),
 * then the task's metadata, which a line cannot override. Used by the event shipper's thread only.
 */
final class EventMaker {
  private final EventFormat format;
  private final Set<String> dropKeys;
  private final Map<String, Object> metadata;

  /**
   * @param dropKeys keys removed from a line's own fields
   * @param metadata the task's fields added to each event, in order (task id and name, executor,
   *     framework and agent ids, host, labels)
   */
  EventMaker(EventFormat format, List<String> dropKeys, Map<String, Object> metadata) {
    this.format = Objects.requireNonNull(format);
    this.dropKeys = Set.copyOf(dropKeys);
    this.metadata = new LinkedHashMap<>(metadata);
  }

  /**
   * The event of one line.
   *
   * @param part 0 for a whole line; else which piece of a long line this is: a piece is never
   *     parsed, it is a {@code message} with its {@code part}
   * @param sequence the line's number in the task's output: given when it is read, so that a line
   *     dropped on its way leaves a gap
   */
  Map<String, Object> event(String stream, String text, int part, long sequence, Instant time) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("@timestamp", time.toString());
    Optional<Map<String, Object>> fields =
        part == 0 ? LineFields.of(format, text) : Optional.empty();
    if (fields.isPresent()) {
      event.putAll(fields.get());
      event.keySet().removeAll(dropKeys);
    } else {
      event.put("message", text);
    }
    event.putAll(metadata);
    event.put("stream", stream);
    event.put("sequence", sequence);
    event.put("@timestamp", time.toString());
    if (part > 0) {
      event.put("part", part);
    }
    return event;
  }
}
