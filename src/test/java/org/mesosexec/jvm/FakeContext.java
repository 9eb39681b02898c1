package org.mesosexec.jvm;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mesosexec.api.TaskContext;

/** A task context that records the progress reports it is given. */
final class FakeContext implements TaskContext {
  final List<String> progress = new CopyOnWriteArrayList<>();
  private final String argsJson;

  FakeContext(String argsJson) {
    this.argsJson = argsJson;
  }

  @Override
  public String taskId() {
    return "task-1";
  }

  @Override
  public Path directory() {
    return Path.of("tasks", "task-1");
  }

  @Override
  public String argsJson() {
    return argsJson;
  }

  @Override
  public void progress(int percent, String message) {
    progress.add(percent + " " + message);
  }

  @Override
  public boolean killRequested() {
    return false;
  }
}
