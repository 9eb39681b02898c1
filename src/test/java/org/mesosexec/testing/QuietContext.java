package org.mesosexec.testing;

import java.nio.file.Path;
import org.mesosexec.api.TaskContext;

/**
 * A {@link TaskContext} for running a task outside the executor: a fixed id and arguments, the
 * working directory as its directory, progress dropped, never killed.
 *
 * @param taskId the task's id
 * @param argsJson its arguments as JSON text
 */
public record QuietContext(String taskId, String argsJson) implements TaskContext {
  @Override
  public Path directory() {
    return Path.of(".");
  }

  @Override
  public void progress(int percent, String message) {}

  @Override
  public boolean killRequested() {
    return false;
  }
}
