package org.mesosexec.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mesosexec.hooks.TaskMetadata;

/**
 * What one task's events are made with.
 *
 * @param taskId the task's id, for the executor's own log
 * @param format what its lines are parsed as (never {@link EventFormat#OFF}: no events then)
 * @param dropKeys keys removed from a line's own fields
 * @param metadata the fields every event of the task carries, in order
 */
public record EventTask(
    String taskId, EventFormat format, List<String> dropKeys, Map<String, Object> metadata) {
  public EventTask {
    Objects.requireNonNull(taskId);
    if (format == EventFormat.OFF) {
      throw new IllegalArgumentException("a task with events off has no events");
    }
    dropKeys = List.copyOf(dropKeys);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A task's events, enriched with its ids, name and labels and this machine's name. */
  public static EventTask of(TaskMetadata meta, EventFormat format, List<String> dropKeys) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", meta.taskId());
    m.put("task_name", meta.taskName());
    m.put("executor_id", meta.executorId());
    m.put("framework_id", meta.frameworkId());
    m.put("agent_id", meta.agentId());
    m.put("host", Host.NAME);
    m.put("labels", meta.labels());
    return new EventTask(meta.taskId(), format, dropKeys, m);
  }

  /** The machine's name, read once: the kernel's, with no DNS lookup that could stall a task. */
  private static final class Host {
    static final String NAME = read();

    private static String read() {
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
            .strip();
      } catch (IOException | RuntimeException e) {
        return System.getenv().getOrDefault("HOSTNAME", "localhost");
      }
    }
  }
}
